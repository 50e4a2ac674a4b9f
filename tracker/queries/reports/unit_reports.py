"""A unit's report: its rows (own and rolled up), from live counts or the period's snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, or_, select

from tracker import timeutil
from tracker.cache import STRUCTURE, memo, memo_past
from tracker.domain.reports import COLUMNS, Counts, Period, ancestors, rollup_top
from tracker.domain.text import sort_key
from tracker.models import Task, Unit
from tracker.queries.visibility import scope_key

from tracker.queries.reports.clauses import COMMITTEE_ROLES, UnitInfo, units_under
from tracker.queries.reports.counts import cache_version, holds, table_own_counts
from tracker.queries.reports.past_counts import holds as past_holds, past_own_counts
from tracker.queries.reports.table_rollup import table_top_units
from tracker.queries.reports.live import own_counts, top_units_with_counts, units_with_counts
from tracker.queries.reports.snapshot import active_snapshot, snapshot_own_counts, snapshot_units


@dataclass
class ReportRow:
    unit: UnitInfo
    counts: Counts
    direct: bool = False       # the root's own tasks, beside its children's rolled-up rows
    has_children: bool = False


class SnapshotInfo(NamedTuple):
    """What a report shows of the snapshot it was read from (plain data: reports are cached)."""
    id: int
    closed_at: datetime
    as_of: date


@dataclass
class UnitReport:
    period: Period
    as_of: date
    role: str
    rolled_up: bool
    root: UnitInfo | None
    rows: list[ReportRow]
    total: Counts
    snapshot: SnapshotInfo | None = None
    breadcrumbs: list[UnitInfo] = field(default_factory=list)


def rows_by_rank(rep: UnitReport, ranking: list, order: str = "rank") -> list[tuple[ReportRow, object]]:
    """The report's rows with their ranking entry (None for the root's own row), in the
    order every page and export shows them: ranked units by rank, then the units not
    ranked ("chưa xếp hạng"), then the root's own tasks; within each, alphabetical.
    ``order="name"`` gives the alphabetical order alone."""
    rank_of = {r.key: r for r in ranking}
    pairs = [(row, None if row.direct else rank_of.get(row.unit.id)) for row in rep.rows]

    def key(pair):
        row, rk = pair
        name = sort_key(row.unit.label)
        if order == "name":
            return (0, 0, name, row.direct)
        if row.direct:
            return (3, 0, name, True)
        if rk is None or rk.rank is None:
            return (2, 0, name, False)
        return (1, rk.rank, name, False)
    return sorted(pairs, key=key)


def default_root(session, user) -> Unit | None:
    """Where a user's report starts (see _default_root_id), cached per data version."""
    if user.is_admin or user.unit is None:
        return None
    if user.role not in COMMITTEE_ROLES:
        return user.unit
    uid = memo("default_root", (user.unit.id,), lambda: _default_root_id(session, user), session=session,
               kind=STRUCTURE)
    return session.get(Unit, uid) if uid is not None else None


def _default_root_id(session, user) -> int | None:
    """Where a user's report starts: unit people at their unit; committee people at the
    lowest unit above everything their committee assigned (the city for a city committee)."""
    unit = user.unit
    lo, hi = session.execute(
        select(func.min(Unit.path), func.max(Unit.path)).select_from(Task)
        .join(Unit, Unit.id == Task.lead_unit_id).where(Task.assigned_by_unit_id == unit.id)
    ).one()
    paths = [p for p in (lo, hi) if p] + [unit.path]
    common = min(paths)
    for p in paths:
        while not p.startswith(common):
            common = common[:-1]
    common = common[: common.rfind("/") + 1]
    ids = ancestors(common)
    return ids[-1] if ids else None


def may_view_root(session, user, unit: Unit | UnitInfo) -> bool:
    """May the user open a report rooted at ``unit`` (their subtree, or their default root's)?"""
    if user.is_admin:
        return True
    if user.unit is None:
        return False
    start = default_root(session, user)
    return unit.path.startswith(user.unit.path) or (start is not None and unit.path.startswith(start.path))


def unit_report(session, user, *, period: Period, as_of: date, root: Unit | None = None,
                role: str = "lead", rolled_up: bool = True, use_snapshot: bool = True) -> UnitReport:
    """Per-unit figures under ``root`` (everything the user sees when None).

    Rolled up: one row per child of the root with its whole subtree added in, plus a
    row for the root's own tasks. Not rolled up: every unit's own tasks, by path.
    A closed period (snapshot in force) is read from its snapshot when ``as_of`` is
    its last day or later.
    """
    period.check_as_of(as_of)
    root_path = root.path if root is not None else None
    snap, as_of, units, above, own, parents = _counts(session, user, period, as_of, root, role, rolled_up,
                                                      use_snapshot)
    paths = {uid: u.path for uid, u in units.items()}
    root_info = units.get(root.id) if root is not None else None
    rows: list[ReportRow] = []
    total = Counts()
    if parents is None:
        parents = {u.parent_id for u in units.values()}  # has_children
    if rolled_up:
        tops, everything = rollup_top(own, paths, root_path or "/")
        if root is not None:
            if root.id in own:
                rows.append(ReportRow(root_info or _info(root), Counts.from_seq(own[root.id]), direct=True))
            top = [u for u in units.values() if u.parent_id == root.id]
            total = Counts.from_seq(everything)
        else:
            top = [u for u in units.values() if u.parent_id is None or u.parent_id not in units]
            for u in top:
                total.add(Counts.from_seq(tops.get(u.id, [0] * len(COLUMNS))))
        for u in sorted(top, key=lambda u: sort_key(u.label)):  # the name the page shows
            if u.id in tops:
                rows.append(ReportRow(u, Counts.from_seq(tops[u.id]), has_children=u.id in parents))
    else:
        for uid in sorted(own, key=lambda i: paths.get(i, "")):
            if uid in units:
                c = Counts.from_seq(own[uid])
                rows.append(ReportRow(units[uid], c, has_children=uid in parents))
                total.add(c)
    crumbs = []
    if root is not None:
        known = units if snap is not None else {**above, **units}
        for aid in ancestors(root.path):
            info = known.get(aid) or _info(session.get(Unit, aid))
            crumbs.append(info)
    return UnitReport(period, as_of, role, rolled_up, root_info or (_info(root) if root else None),
                      rows, total, SnapshotInfo(snap.id, snap.closed_at, snap.as_of) if snap else None, crumbs)


def _counts(session, user, period: Period, as_of: date, root: Unit | None, role: str, rolled_up: bool,
            use_snapshot: bool):
    """(the snapshot read or None, the day the figures are as of, the units under the root, its
    ancestors, the counts by unit, the units with child units or None: from the units) of a report."""
    root_path = root.path if root is not None else None
    snap = active_snapshot(session, period) if use_snapshot and as_of >= period.end else None
    if snap is not None:
        own = snapshot_own_counts(session, snap, user=user, role=role, root_path=root_path)
        return snap, snap.as_of, snapshot_units(snap, root_path), {}, own, None
    if rolled_up:
        # Whoever sees every task, the whole country or a province: the standing rows summed by the database.
        top = table_top_units(session, period=period, as_of=as_of, user=user, role=role, root=root)
        if top is not None:
            units, above, own, parents = top
            return None, as_of, units, above, own, parents
    if holds(period, as_of, role) or past_holds(period, as_of, role) or scope_key(user, root_path)[0] == "unit":
        # A committee's people above their unit: the rule's union of what they may see, which
        # PostgreSQL reads first (a few thousand tasks) when the subtree is a literal id list.
        # The unit tree changes only with the structure counter (10,000 rows for the country).
        units, above, whole_tree = memo("units_and_ancestors", (root_path,), lambda: _units_and_ancestors(session, root),
                                        session=session, kind=STRUCTURE)
        # The current month/quarter/half-year/year as of today: the standing counts (counts.py).
        own = table_own_counts(session, period=period, as_of=as_of, user=user, role=role, root_path=root_path,
                               unit_ids=list(units) if root_path else None)
        if own is None:   # a past standard period as of its last day: its standing rows (past_counts)
            own = past_own_counts(session, period=period, as_of=as_of, user=user, role=role, root_path=root_path,
                                  unit_ids=list(units) if root_path else None)
        if own is None:
            own = own_counts(session, period=period, as_of=as_of, user=user, role=role, root_path=root_path,
                             unit_ids=list(units) if root_path else None, whole_tree=whole_tree)
        return None, as_of, units, above, own, None
    if rolled_up and (root is None or root.parent_id is None):
        # Any other day or period, a whole tree (the national committee, the admin): the units and
        # their counts in one statement, rolled up to the root's children by the database (own:
        # their subtrees' sums, and the root's own counts). Below, a subtree's few hundred units
        # are rolled up here: the second GROUP BY cost a commune's report more (+0.3 ms of 1.4 ms
        # CPU) than rollup_top of its units.
        units, above, own, parents = top_units_with_counts(session, period=period, as_of=as_of, user=user,
                                                           role=role, root=root)
        return None, as_of, units, above, own, parents
    units, above, own = units_with_counts(session, period=period, as_of=as_of, user=user, role=role, root=root)
    return None, as_of, units, above, own, None


def _units_and_ancestors(session, root: Unit | None) -> tuple[dict[int, UnitInfo], dict[int, UnitInfo], bool]:
    """The units under ``root`` (units_under), the root's ancestors (its breadcrumbs) and
    whether the subtree is the whole tree, in one round trip.

    The whole tree (a root without parent, and no other root): every task's unit is in
    it, so the counts need no unit clause (a 10,000-id semi-join cost the national
    committee's report a third of its time)."""
    if root is None:
        return units_under(session, None), {}, False
    stmt = select(Unit.id, Unit.parent_id, Unit.path, Unit.name, Unit.short_name, Unit.depth)
    above_ids = ancestors(root.path)[:-1]
    if root.parent_id is not None:
        cond = Unit.path.startswith(root.path)
        stmt = stmt.where(or_(cond, Unit.id.in_(above_ids)) if above_ids else cond)
    units: dict[int, UnitInfo] = {}
    others: dict[int, UnitInfo] = {}
    make = UnitInfo._make
    for r in session.connection().execute(stmt).all():
        (units if r[2].startswith(root.path) else others)[r[0]] = make(r)
    return units, {i: others[i] for i in above_ids if i in others}, root.parent_id is None and not others


def _scope_key(user, root_path: str | None) -> tuple:
    """What a report's figures depend on about the user: the visibility rule's own key."""
    return scope_key(user, root_path)


def cached_unit_report(session, user, *, period: Period, as_of: date, root: Unit | None = None,
                       role: str = "lead", rolled_up: bool = True) -> UnitReport:
    """unit_report, computed once per data version for the same scope (tracker.cache).

    A current period as of today is read from the standing counts: it is keyed by that
    kind's own counter (moved only by changes to its rows) and the structure counter, so a
    step that changes no figure of the period (receive, progress, comment, a submission)
    leaves it cached. A closed period (snapshot in force) is keyed by its snapshot; a report
    as of a past day by the counter of past figures (tracker.cache.memo_past)."""
    root_path = root.path if root is not None else None
    key = (period.kind.value, period.start, period.end, as_of, root.id if root is not None else None, root_path,
           role, rolled_up, _scope_key(user, root_path))
    standing = cache_version(session, period, as_of)
    if standing is not None:
        return memo("unit_report_standing", key + (standing,),
                    lambda: unit_report(session, user, period=period, as_of=as_of, root=root, role=role,
                                        rolled_up=rolled_up), session=session, kind=STRUCTURE)
    # A closed period read from its snapshot: the snapshot never changes while in force (re-opening
    # takes it out of force, closing again makes a new one), so its id and the structure key it.
    snap = active_snapshot(session, period) if as_of >= period.end else None
    if snap is not None:
        return memo("unit_report_snapshot", key + (snap.id,),
                    lambda: unit_report(session, user, period=period, as_of=as_of, root=root, role=role,
                                        rolled_up=rolled_up), session=session, kind=STRUCTURE)
    if as_of < timeutil.local_today():
        # As of a past day (the previous period the dashboard ranks against, a past or custom
        # period): keyed by the counter of such figures, which a receipt or a progress report
        # leaves (services/past_figures.py).
        return memo_past("unit_report_past", key, lambda: unit_report(
            session, user, period=period, as_of=as_of, root=root, role=role, rolled_up=rolled_up), session=session)
    return memo("unit_report", key, lambda: unit_report(session, user, period=period, as_of=as_of, root=root,
                                                         role=role, rolled_up=rolled_up), session=session)


def _info(u: Unit) -> UnitInfo:
    return UnitInfo(u.id, u.parent_id, u.path, u.name, u.short_name, u.depth)

