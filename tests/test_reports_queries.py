"""The SQL rollup agrees with a brute-force count in Python (domain.reports.classify + can_see_task)."""
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tracker.domain.reports import COLUMNS, Counts, Period, ancestors
from tracker.extensions import db
from tracker.models import Task, Unit, User
from tracker.queries import reports as q
from tracker.queries.visibility import can_see_task
from tracker.timeutil import local_today


def brute(session, user, period, as_of, role):
    own: dict[int, Counts] = {}
    for t in session.scalars(select(Task)).all():
        if not can_see_task(user, t):
            continue
        c = q.classify(q.facts(t), period, as_of)
        if c is None:
            continue
        unit_ids = [t.lead_unit_id] if role == "lead" else [u.id for u in t.coordinators]
        for uid in unit_ids:
            own.setdefault(uid, Counts()).add(c)
    return own


def brute_rollup(session, own, root):
    units = {u.id: u for u in session.scalars(select(Unit)).all()}
    out: dict[int, Counts] = {}
    for uid, c in own.items():
        for aid in ancestors(units[uid].path):
            if root is None or units[aid].path.startswith(root.path):
                out.setdefault(aid, Counts()).add(c)
    return out


def check(session, user, period, as_of, role, root=None):
    expect_own = brute(session, user, period, as_of, role)
    got_own = q.own_counts(session, period=period, as_of=as_of, user=user, role=role)
    assert {k: Counts.from_seq(v) for k, v in got_own.items()} == expect_own
    rep = q.unit_report(session, user, period=period, as_of=as_of, root=root, role=role, rolled_up=True)
    expect = brute_rollup(session, expect_own, root)
    for row in rep.rows:
        if row.direct:
            assert row.counts == expect_own[row.unit.id]
        else:
            assert row.counts == expect[row.unit.id], row.unit.name
    if root is not None:
        assert rep.total == expect.get(root.id, Counts())
    flat = q.unit_report(session, user, period=period, as_of=as_of, root=root, role=role, rolled_up=False)
    assert sum((r.counts.total for r in flat.rows), 0) == flat.total.total == rep.total.total
    return expect_own


def _users(session):
    return {u.email.split("@")[0]: u for u in session.scalars(select(User)).all()}


@pytest.mark.parametrize("who", ["admin", "thuky", "congan.lanhdao", "tinh.thuky"])
def test_demo_data_matches_brute_force(app, who):
    with app.app_context():
        s = db.session
        user = _users(s)[who]
        today = local_today()
        root = q.default_root(s, user)
        seen_any = False
        for period in [Period.containing("year", today), Period.containing("year", date(2023, 6, 1)),
                       Period.containing("quarter", today), Period.containing("month", today),
                       Period.custom(date(2022, 1, 1), today)]:
            for as_of in {period.default_as_of(today), period.end, period.start}:
                for role in q.ROLES:
                    own = check(s, user, period, as_of, role, root)
                    seen_any = seen_any or bool(own)
        assert seen_any


def test_committee_root_is_the_city(app):
    with app.app_context():
        users = _users(db.session)
        assert q.default_root(db.session, users["thuky"]).code == "TP"
        assert q.default_root(db.session, users["congan.lanhdao"]).code == "TP-CA"
        assert q.default_root(db.session, users["admin"]) is None


def test_random_tasks_match_brute_force(app):
    rng = random.Random(20260315)
    with app.app_context():
        s = db.session
        units = s.scalars(select(Unit)).all()
        admin = _users(s)["admin"]
        base = date(2025, 1, 1)
        for i in range(300):
            assigned = base + timedelta(days=rng.randrange(0, 600))
            due = None if rng.random() < 0.15 else assigned + timedelta(days=rng.randrange(0, 120))
            status = rng.choice(["assigned", "received", "in_progress", "submitted", "done", "done", "done",
                                 "returned", "paused", "cancelled"])
            completed = (assigned + timedelta(days=rng.randrange(0, 200))) if status == "done" else None
            original = None
            if due and rng.random() < 0.2:
                original, due = due, due + timedelta(days=rng.randrange(1, 60))
            lead, assigner = rng.choice(units), rng.choice(units)
            t = Task(content=f"Nhiệm vụ ngẫu nhiên {i}", lead_unit_id=lead.id, assigned_by_unit_id=assigner.id,
                     assigned_by_id=admin.id, assigned_on=assigned, deadline_kind="date" if due else "none",
                     due_on=due, original_due_on=original, status=status, completed_on=completed)
            t.coordinators = rng.sample(units, rng.choice([0, 0, 1, 2]))
            s.add(t)
        s.commit()
        users = _users(s)
        for who in ["admin", "thuky", "congan.lanhdao"]:
            user = users[who]
            for period in [Period.containing("year", date(2025, 5, 1)), Period.containing("quarter", date(2025, 8, 1)),
                           Period.containing("half_year", date(2026, 1, 1))]:
                for as_of in [period.end, period.start + timedelta(days=40), period.end + timedelta(days=90)]:
                    for role in q.ROLES:
                        check(s, user, period, as_of, role, q.default_root(s, user))


def test_columns_order_is_the_domain_order():
    assert [c.name for c in q.count_columns(Period.containing("year", date(2025, 1, 1)), date(2025, 6, 1))] == list(COLUMNS)
