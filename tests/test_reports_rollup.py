"""A rolled-up report: each unit's row holds its whole subtree, whatever unit the report opens at.

The report adds each unit's own tasks straight into the row of the unit one level below the
root on its path (domain.reports.rollup_top), and reads the root's units with their counts in
one statement (queries.reports.live.units_with_counts); both are checked here against the
plain bottom-up rollup and a brute-force count, for a report opened at every unit of the demo
tree, and with a second tree beside it (a unit without parent and tasks of its own).
"""
import random
from datetime import date, timedelta

from sqlalchemy import select

from tracker.domain.reports import COLUMNS, Counts, Period, ancestors, rollup, rollup_top
from tracker.domain.text import sort_key
from tracker.extensions import db
from tracker.models import Task, Unit, User
from tracker.queries import reports as q
from tracker.services.units import add_unit
from tracker.timeutil import local_today
from tests.test_reports_queries import brute, brute_rollup


def _random_tree(rng: random.Random, n: int) -> dict[int, str]:
    paths: dict[int, str] = {}
    for uid in range(1, n + 1):
        parents = [p for p in paths if paths[p].count("/") <= 4]
        parent = rng.choice(parents) if parents and rng.random() > 0.03 else None
        paths[uid] = (paths[parent] if parent else "/") + f"{uid}/"
    return paths


def test_rollup_top_is_the_rollup_of_the_units_below_the_root():
    rng = random.Random(20261202)
    paths = _random_tree(rng, 400)
    own = {uid: [rng.randrange(0, 9) for _ in COLUMNS] for uid in paths if rng.random() < 0.6}
    assert sum(1 for p in paths.values() if p.count("/") == 2) > 1  # several trees
    for root_path in ["/", *paths.values()]:
        tops, total = rollup_top(own, paths, root_path)
        full = rollup(own, paths, root_path)
        level = root_path.count("/") + 1
        below = {uid for uid, p in paths.items() if p.startswith(root_path) and p.count("/") == level}
        assert tops == {uid: full[uid] for uid in below if uid in full}, root_path
        if root_path == "/":
            assert total == [sum(c) for c in zip(*tops.values())]
        else:
            assert total == full.get(ancestors(root_path)[-1], [0] * len(COLUMNS)), root_path


def _task(unit: Unit, assigner: Unit, admin: User, assigned: date, **kw) -> Task:
    return Task(content="Nhiệm vụ của cây bên cạnh", lead_unit_id=unit.id, assigned_by_unit_id=assigner.id,
                assigned_by_id=admin.id, assigned_on=assigned, deadline_kind="date",
                due_on=assigned + timedelta(days=30), status="in_progress", **kw)


def test_report_at_every_unit_matches_brute_force(app):
    with app.app_context():
        s = db.session
        admin = s.scalar(select(User).where(User.role == "admin").order_by(User.id))
        today = local_today()
        # A second tree beside the demo's: its tasks are in no report opened in the first tree.
        other = add_unit(s, name="Ban Chỉ đạo riêng", code="BCD-RIENG", kind="committee")
        child = add_unit(s, name="Tổ giúp việc", code="BCD-RIENG-TO", kind="department", parent=other)
        s.add_all([_task(other, other, admin, today - timedelta(days=3)),
                   _task(child, other, admin, today - timedelta(days=40)),
                   _task(child, child, admin, today)])
        s.commit()
        units = s.scalars(select(Unit).order_by(Unit.path)).all()
        assert sum(1 for u in units if u.parent_id is None) >= 2
        year, past = Period.containing("year", today), today - timedelta(days=1)
        # A custom period and a past day: the live statement (the standing counts hold neither).
        cases = [(Period.custom(year.start, year.end), today), (Period.containing("year", past), past)]
        for period, as_of in cases:
            for role in q.ROLES:
                own = brute(s, admin, period, as_of, role)
                for root in [None, *units]:
                    expect = brute_rollup(s, own, root)
                    rep = q.unit_report(s, admin, period=period, as_of=as_of, root=root, role=role,
                                        use_snapshot=False)
                    label = (root.code if root else None, role, as_of)
                    got = {(r.unit.id, r.direct): r.counts for r in rep.rows}
                    want = {(u.id, False): expect[u.id] for u in units
                            if u.id in expect and (u.parent_id == root.id if root else u.parent_id is None)}
                    if root is not None and root.id in own:
                        want[(root.id, True)] = own[root.id]
                    assert got == want, label
                    total = Counts()
                    for u in units if root is None else [root]:
                        if root is not None or u.parent_id is None:
                            total.add(expect.get(u.id, Counts()))
                    assert rep.total == total, label
                    assert [c.id for c in rep.breadcrumbs] == (ancestors(root.path) if root else []), label
                    flat = q.unit_report(s, admin, period=period, as_of=as_of, root=root, role=role,
                                         rolled_up=False, use_snapshot=False)
                    assert {r.unit.id: r.counts for r in flat.rows} == {
                        uid: c for uid, c in own.items()
                        if root is None or s.get(Unit, uid).path.startswith(root.path)}, label


def test_rolled_up_rows_name_each_unit_and_tell_which_open_further(app):
    """The rows of a rolled-up report as the page shows them: the unit (its name, the link to open
    it), whether it has units below it (the row opens a report of its own), in the name order
    (the root's own row before them); for the admin and for the leader of the top unit (who sees every
    task), at every unit, with a leaf unit that leads tasks and a branch none of whose units does."""
    with app.app_context():
        s = db.session
        admin = s.scalar(select(User).where(User.role == "admin").order_by(User.id))
        today = local_today()
        top = s.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
        empty = add_unit(s, name="Ban chưa có nhiệm vụ", code="BAN-TRONG", kind="department", parent=top)
        add_unit(s, name="Tổ chưa có nhiệm vụ", code="BAN-TRONG-TO", kind="department", parent=empty)
        leaf = add_unit(s, name="Tổ một mình", code="TO-LA", kind="department", parent=top, short_name="Tổ lá")
        s.add(_task(leaf, top, admin, today - timedelta(days=2)))
        s.commit()
        leader = User(email="lanhdao.top@example.vn", name="Lãnh đạo BCĐ", password_hash="x", role="leader",
                      unit_id=top.id, locale="vi", session_nonce="")
        s.add(leader)
        s.commit()
        units = s.scalars(select(Unit).order_by(Unit.path)).all()
        with_children = {u.parent_id for u in units}
        period = Period.custom(date(today.year, 1, 1), date(today.year, 12, 31))
        for user, roots in ((admin, [None, *units]), (leader, [u for u in units if u.path.startswith(top.path)])):
            for root in roots:
                rep = q.unit_report(s, user, period=period, as_of=today, root=root, use_snapshot=False)
                flat = q.unit_report(s, user, period=period, as_of=today, root=root, rolled_up=False,
                                     use_snapshot=False)
                label = (user.role, root.code if root else None)
                counted = {s.get(Unit, r.unit.id).path for r in flat.rows}
                shown = [u for u in units if (u.parent_id == root.id if root else u.parent_id is None)
                         and any(p.startswith(u.path) for p in counted)]
                rows = [r for r in rep.rows if not r.direct]
                assert sorted(r.unit.id for r in rows) == sorted(u.id for u in shown), label
                assert [r.unit.label for r in rows] == sorted((r.unit.label for r in rows), key=sort_key), label
                for r in rows:
                    u = s.get(Unit, r.unit.id)
                    assert tuple(r.unit) == (u.id, u.parent_id, u.path, u.name, u.short_name, u.depth), label
                    assert r.has_children == (u.id in with_children), (label, u.code)
                assert [r.direct for r in rep.rows] == [True] * (len(rep.rows) - len(rows)) + [False] * len(rows)
                if root is not None:
                    assert rep.root.id == root.id and rep.root.name == root.name, label
        rep = q.unit_report(s, leader, period=period, as_of=today, root=top, use_snapshot=False)
        assert {r.unit.id: r.has_children for r in rep.rows if r.unit.id in (leaf.id, empty.id)} == {
            leaf.id: False}  # the empty branch has no row; the leaf's row does not open further
        assert rep.total == q.unit_report(s, admin, period=period, as_of=today, root=top, use_snapshot=False).total
