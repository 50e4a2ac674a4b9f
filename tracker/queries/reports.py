"""Set-based report queries: the SQL twins of tracker.domain.reports.classify.

One GROUP BY over tasks gives each unit's own counts (13 FILTERed counts per
unit); rolling children into parents is then one pass in Python over at most one
row per unit (domain.reports.rollup), which at national scale (10,000 units) is
cheaper than any path-prefix join in SQL.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

from sqlalchemy import and_, func, literal, or_, select, true
from sqlalchemy.orm import selectinload

from tracker.cache import STRUCTURE, memo
from tracker.domain.reports import (
    COLUMNS, OVERDUE_THRESHOLDS, Counts, Period, TaskFacts, ancestors, classify, rollup,
)
from tracker.domain.roles import Role
from tracker.domain.states import ExtensionStatus
from tracker.domain.workflow import TaskStatus
from tracker.domain.text import sort_key
from tracker.models import (ExtensionRequest, ReportSnapshot, ReportSnapshotRow, ReportSnapshotTask, Task, Unit,
                            task_coordinators)
from tracker.queries.paging import rows_and_total
from tracker.queries.visibility import MAX_LITERAL_IDS, frozen_task_clause, scope_key, scoped_task_clause
from tracker.timeutil import LOCAL_TZ, local_today

ROLES = ("lead", "coordinating")
COMMITTEE_ROLES = (Role.LEADER.value, Role.SECRETARIAT.value, Role.VIEWER.value)
# The visibility clause has its own EXISTS over task_coordinators: an alias keeps
# the two from correlating.
_TC = task_coordinators.alias("report_tc")


def end_of_day_utc(day: date) -> datetime:
    """The first instant after ``day`` in local time, as the naive UTC the database stores."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL_TZ).astimezone(timezone.utc) \
        .replace(tzinfo=None)


def _approved_after(as_of: date):
    return and_(ExtensionRequest.status == ExtensionStatus.APPROVED.value, ExtensionRequest.decided_at >= end_of_day_utc(as_of))


def due_on_as_of(as_of: date, t=Task):
    """The deadline in force on ``as_of``: a deadline an extension moved after that day
    counts as it was before (the extension's current_due_on). As of today or later
    nothing was decided afterwards, and the column itself is used."""
    if as_of >= local_today():
        return t.due_on
    replaced = (select(ExtensionRequest.current_due_on)
                .where(ExtensionRequest.task_id == t.id, _approved_after(as_of))
                .order_by(ExtensionRequest.decided_at).limit(1).scalar_subquery())
    return func.coalesce(replaced, t.due_on)


def due_dates_as_of(session, task_ids: list[int], as_of: date) -> dict[int, date]:
    """due_on_as_of for a page of tasks, as {task id: deadline then} where it differs."""
    if as_of >= local_today() or not task_ids:
        return {}
    out: dict[int, date] = {}
    for task_id, due in session.execute(
            select(ExtensionRequest.task_id, ExtensionRequest.current_due_on)
            .where(ExtensionRequest.task_id.in_(task_ids), _approved_after(as_of))
            .order_by(ExtensionRequest.decided_at.desc())):
        out[task_id] = due  # the earliest decision wins: ordered last
    return out


def conditions(period: Period, as_of: date, t=Task) -> dict:
    """WHERE fragments for the population and each column, for tasks ``t`` (a class or alias).

    Deadlines are those in force on ``as_of`` (due_on_as_of)."""
    period.check_as_of(as_of)
    due_on = due_on_as_of(as_of, t)
    last_assigned = min(period.end, as_of)
    DONE = TaskStatus.DONE.value
    done = and_(t.status == DONE, t.completed_on.isnot(None))
    completed = and_(done, t.completed_on <= as_of)
    is_open = or_(t.status != DONE, t.completed_on.is_(None), t.completed_on > as_of)
    in_period = and_(t.assigned_on >= period.start, t.assigned_on <= last_assigned)
    carried = and_(t.assigned_on < period.start,
                   or_(t.status != DONE, t.completed_on.is_(None), t.completed_on >= period.start))
    population = and_(t.status != TaskStatus.CANCELLED.value, t.assigned_on <= last_assigned,
                      or_(t.assigned_on >= period.start, carried))
    overdue = and_(is_open, due_on < as_of)
    cols = {
        "assigned": t.assigned_on >= period.start,
        "carried": t.assigned_on < period.start,
        "total": true(),
        "on_time": and_(completed, or_(due_on.is_(None), t.completed_on <= due_on)),
        "late": and_(completed, t.completed_on > due_on),
        "within": and_(is_open, due_on >= as_of),
        "overdue": overdue,
        "no_deadline": and_(is_open, due_on.is_(None)),
        "extended": and_(t.original_due_on.isnot(None), due_on.isnot(None), t.original_due_on != due_on),
        "carried_open": and_(t.assigned_on < period.start, is_open),
    }
    for n in OVERDUE_THRESHOLDS:
        cols[f"overdue_{n}"] = and_(is_open, due_on < as_of - timedelta(days=n))
    assert set(cols) == set(COLUMNS) and in_period is not None
    return {"population": population, **cols}


def count_columns(period: Period, as_of: date, t=Task) -> list:
    conds = conditions(period, as_of, t)
    return [func.count().label(c) if c == "total" else func.count().filter(conds[c]).label(c) for c in COLUMNS]


class UnitInfo(NamedTuple):
    id: int
    parent_id: int | None
    path: str
    name: str
    short_name: str | None
    depth: int

    @property
    def label(self) -> str:
        return self.short_name or self.name


def units_under(session, root_path: str | None) -> dict[int, UnitInfo]:
    stmt = select(Unit.id, Unit.parent_id, Unit.path, Unit.name, Unit.short_name, Unit.depth)
    if root_path:
        stmt = stmt.where(Unit.path.startswith(root_path))
    # Core rows, not ORM entities: 10,000 of them are read for a national report.
    make = UnitInfo._make
    return {r[0]: make(r) for r in session.connection().execute(stmt).all()}


def _visibility(user, root_path: str | None):
    """task_clause, or nothing when the scope already implies it.

    A task whose lead (or coordinating) unit is in the user's own subtree is
    visible to the user by the visibility rule, so a report rooted inside that
    subtree needs no OR/EXISTS clause and can use the index on the unit column.
    (visibility.scoped_task_clause: the rule and its cache key live there.)
    """
    return scoped_task_clause(user, root_path)


def _unit_scope(root_path: str | None, unit_col, *, ids: list[int] | None = None):
    if not root_path:
        return true()
    if ids is not None and len(ids) <= MAX_LITERAL_IDS:
        return unit_col.in_(ids)
    return unit_col.in_(select(Unit.id).where(Unit.path.startswith(root_path)))


def subtree_unit_ids(session, root_path: str | None) -> list[int] | None:
    if not root_path:
        return None
    return list(session.scalars(select(Unit.id).where(Unit.path.startswith(root_path))))


def own_counts(session, *, period: Period, as_of: date, user, role: str = "lead",
               root_path: str | None = None, directive_id: int | None = None,
               unit_ids: list[int] | None = None) -> dict[int, list[int]]:
    """Counts of each unit's own tasks (as lead, or as coordinator), visible to ``user``."""
    conds = conditions(period, as_of)
    if role == "lead":
        unit_col = Task.lead_unit_id
        stmt = select(unit_col, *count_columns(period, as_of)).select_from(Task)
    else:
        unit_col = _TC.c.unit_id
        stmt = (select(unit_col, *count_columns(period, as_of))
                .select_from(_TC).join(Task, Task.id == _TC.c.task_id))
    if unit_ids is None:
        unit_ids = subtree_unit_ids(session, root_path)
    stmt = stmt.where(conds["population"], _visibility(user, root_path),
                      _unit_scope(root_path, unit_col, ids=unit_ids))
    if directive_id is not None:
        stmt = stmt.where(Task.directive_id == directive_id)
    return {r[0]: list(r[1:]) for r in session.connection().execute(stmt.group_by(unit_col)).all()}


def total_counts(session, *, period: Period, as_of: date, user, role: str = "lead",
                 root_path: str | None = None) -> Counts:
    """The whole scope in one row (trend lines): no grouping, no rollup."""
    conds = conditions(period, as_of)
    if role == "lead":
        unit_col = Task.lead_unit_id
        stmt = select(*count_columns(period, as_of)).select_from(Task)
    else:
        unit_col = _TC.c.unit_id
        stmt = select(*count_columns(period, as_of)).select_from(_TC).join(Task, Task.id == _TC.c.task_id)
    stmt = stmt.where(conds["population"], _visibility(user, root_path),
                      _unit_scope(root_path, unit_col, ids=subtree_unit_ids(session, root_path)))
    return Counts.from_seq(session.execute(stmt).one())


# --- snapshots -------------------------------------------------------------------

def active_snapshot(session, period: Period) -> ReportSnapshot | None:
    return session.scalar(select(ReportSnapshot).where(ReportSnapshot.active_key == period.key))


def has_frozen_tasks(session, snap: ReportSnapshot) -> bool:
    """Snapshots closed since the tasks were frozen with them (all but the oldest) have task rows."""
    return session.scalar(select(ReportSnapshotTask.task_id)
                          .where(ReportSnapshotTask.snapshot_id == snap.id).limit(1)) is not None


def frozen_conditions(snap: ReportSnapshot) -> dict:
    """For each report column (and None: every row), the WHERE over a snapshot's frozen task rows."""
    R = ReportSnapshotTask
    open_cols = ("within", "overdue", "no_deadline")
    return {
        None: true(), "total": true(), "assigned": R.carried.is_(False), "carried": R.carried.is_(True),
        "extended": R.extended.is_(True), "carried_open": and_(R.carried.is_(True), R.category.in_(open_cols)),
        **{c: R.category == c for c in CATEGORY_COLUMNS},
        **{f"overdue_{n}": and_(R.category == "overdue", R.due_on < snap.as_of - timedelta(days=n))
           for n in OVERDUE_THRESHOLDS},
    }


def snapshot_own_counts(session, snap: ReportSnapshot, *, user, role: str = "lead",
                        root_path: str | None = None) -> dict[int, list[int]]:
    """Own counts from a closed period, of the tasks the visibility rule lets the user see.

    When the rule lets every task in scope through (scope_key "all": an admin, or a report
    rooted in the user's own subtree) the per-unit sums are read, as cheap at national scale
    as the live query; otherwise the frozen task rows, which keep what the rule needs. Snapshots
    older than those rows only have the sums, read with the closest rule they allow."""
    if scope_key(user, root_path)[0] == "unit" and has_frozen_tasks(session, snap):
        R = ReportSnapshotTask
        paths = {int(k): v[0] for k, v in (snap.units or {}).items()}
        where = frozen_conditions(snap)
        stmt = (select(R.unit_id, *[func.count().filter(where[c]) for c in COLUMNS])
                .where(R.snapshot_id == snap.id, R.role == role,
                       frozen_task_clause(user, R.task_id, snap.id, paths, root_path))
                .group_by(R.unit_id))
        if root_path:
            stmt = stmt.where(R.unit_id.in_([uid for uid, p in paths.items() if p.startswith(root_path)]))
        return {r[0]: [int(v or 0) for v in r[1:]] for r in session.execute(stmt)}
    cols = [func.sum(getattr(ReportSnapshotRow, c)) for c in COLUMNS]
    stmt = (select(ReportSnapshotRow.unit_id, *cols)
            .where(ReportSnapshotRow.snapshot_id == snap.id, ReportSnapshotRow.role == role)
            .group_by(ReportSnapshotRow.unit_id))
    units = {int(k): v for k, v in (snap.units or {}).items()}
    if not user.is_admin:
        if user.unit is None:
            return {}
        stmt = stmt.where(or_(ReportSnapshotRow.assigned_by_unit_id == user.unit_id,
                              ReportSnapshotRow.unit_id.in_(
                                  [uid for uid, u in units.items() if u[0].startswith(user.unit.path)])))
    out = {}
    for r in session.execute(stmt):
        path = units.get(r[0], [None])[0]
        if root_path and (path is None or not path.startswith(root_path)):
            continue
        out[r[0]] = [int(v or 0) for v in r[1:]]
    return out


def snapshot_units(snap: ReportSnapshot, root_path: str | None) -> dict[int, UnitInfo]:
    out = {}
    for k, (path, name, short) in (snap.units or {}).items():
        if root_path and not path.startswith(root_path):
            continue
        chain = ancestors(path)
        out[int(k)] = UnitInfo(int(k), chain[-2] if len(chain) > 1 else None, path, name, short, len(chain) - 1)
    return out


# --- the per-unit report ---------------------------------------------------------

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
    snap = active_snapshot(session, period) if use_snapshot and as_of >= period.end else None
    if snap is not None:
        own = snapshot_own_counts(session, snap, user=user, role=role, root_path=root_path)
        units = snapshot_units(snap, root_path)
        as_of = snap.as_of
    else:
        units = units_under(session, root_path)
        own = own_counts(session, period=period, as_of=as_of, user=user, role=role, root_path=root_path,
                         unit_ids=list(units) if root_path else None)
    paths = {uid: u.path for uid, u in units.items()}
    root_info = units.get(root.id) if root is not None else None
    rows: list[ReportRow] = []
    total = Counts()
    children_of: dict[int | None, list[UnitInfo]] = {}
    for u in units.values():
        children_of.setdefault(u.parent_id, []).append(u)
    if rolled_up:
        rolled = rollup(own, paths, root_path or "/")
        if root is not None:
            if root.id in own:
                rows.append(ReportRow(root_info or _info(root), Counts.from_seq(own[root.id]), direct=True))
            top = children_of.get(root.id, [])
            total = Counts.from_seq(rolled.get(root.id, [0] * len(COLUMNS)))
        else:
            top = [u for u in units.values() if u.parent_id is None or u.parent_id not in units]
            for u in top:
                total.add(Counts.from_seq(rolled.get(u.id, [0] * len(COLUMNS))))
        for u in sorted(top, key=lambda u: sort_key(u.label)):  # the name the page shows
            if u.id in rolled:
                rows.append(ReportRow(u, Counts.from_seq(rolled[u.id]), has_children=bool(children_of.get(u.id))))
    else:
        for uid in sorted(own, key=lambda i: paths.get(i, "")):
            if uid in units:
                c = Counts.from_seq(own[uid])
                rows.append(ReportRow(units[uid], c, has_children=bool(children_of.get(uid))))
                total.add(c)
    crumbs = []
    if root is not None:
        all_units = units if snap is not None else None
        for aid in ancestors(root.path):
            info = (all_units or {}).get(aid) or _info(session.get(Unit, aid))
            crumbs.append(info)
    return UnitReport(period, as_of, role, rolled_up, root_info or (_info(root) if root else None),
                      rows, total, SnapshotInfo(snap.id, snap.closed_at, snap.as_of) if snap else None, crumbs)


def _scope_key(user, root_path: str | None) -> tuple:
    """What a report's figures depend on about the user: the visibility rule's own key."""
    return scope_key(user, root_path)


def cached_unit_report(session, user, *, period: Period, as_of: date, root: Unit | None = None,
                       role: str = "lead", rolled_up: bool = True) -> UnitReport:
    """unit_report, computed once per data version for the same scope (tracker.cache)."""
    root_path = root.path if root is not None else None
    key = (period.kind.value, period.start, period.end, as_of, root.id if root is not None else None, root_path,
           role, rolled_up, _scope_key(user, root_path))
    return memo("unit_report", key, lambda: unit_report(session, user, period=period, as_of=as_of, root=root,
                                                         role=role, rolled_up=rolled_up), session=session)


def _info(u: Unit) -> UnitInfo:
    return UnitInfo(u.id, u.parent_id, u.path, u.name, u.short_name, u.depth)


# --- tasks behind a figure (drill-down, exports) --------------------------------------

def report_tasks(user, *, period: Period, as_of: date, unit: Unit | None = None, subtree: bool = True,
                 role: str = "lead", column: str | None = None, directive_id: int | None = None):
    """Select of the Task rows counted in a report cell (column None: the whole population)."""
    conds = conditions(period, as_of)
    stmt = select(Task).where(conds["population"], _visibility(user, unit.path if unit is not None else None))
    if column:
        stmt = stmt.where(conds[column])
    if unit is not None:
        units = (select(Unit.id).where(Unit.path.startswith(unit.path)) if subtree else select(literal(unit.id)))
        if role == "lead":
            stmt = stmt.where(Task.lead_unit_id.in_(units))
        else:
            stmt = stmt.where(Task.id.in_(select(_TC.c.task_id).where(_TC.c.unit_id.in_(units))))
    elif role != "lead":  # the whole scope's coordinating figures count only tasks with a coordinator
        stmt = stmt.where(Task.id.in_(select(_TC.c.task_id)))
    if directive_id is not None:
        stmt = stmt.where(Task.directive_id == directive_id)
    return stmt


class TaskLine(NamedTuple):
    """One task of a report's list, with the category and dates the report counted."""
    task: Task
    column: str | None      # on_time | late | within | overdue | no_deadline
    unit_name: str          # the lead unit (as it was, for a closed period)
    due_on: date | None
    original_due_on: date | None
    completed_on: date | None
    overdue_days: int | None


CATEGORY_COLUMNS = ("on_time", "late", "within", "overdue", "no_deadline")


def report_task_lines(session, user, *, period: Period, as_of: date, unit: Unit | None = None,
                      subtree: bool = True, role: str = "lead", column: str | None = None,
                      limit: int = 50, offset: int = 0) -> tuple[int, list[TaskLine]]:
    """(total, lines) of the tasks behind a report cell, ordered by deadline.

    A closed period read from its snapshot lists the tasks frozen with it, with the
    category and dates they had at closing; otherwise the tasks as they are now.
    """
    snap = active_snapshot(session, period) if as_of >= period.end else None
    if snap is not None and has_frozen_tasks(session, snap):
        return _snapshot_task_lines(session, user, snap, unit=unit, subtree=subtree, role=role, column=column,
                                    limit=limit, offset=offset)
    stmt = report_tasks(user, period=period, as_of=as_of, unit=unit, subtree=subtree, role=role, column=column)
    rows, total = rows_and_total(session, stmt.options(selectinload(Task.lead_unit))
                                 .order_by(Task.due_on.is_(None), Task.due_on, Task.id), limit=limit, offset=offset)
    lines = []
    then = due_dates_as_of(session, [t.id for t, in rows], as_of)
    for t, in rows:
        due = then.get(t.id, t.due_on)
        col = task_column(t, period, as_of, due)
        lines.append(TaskLine(t, col, t.lead_unit.name, due, t.original_due_on,
                              t.completed_on if col in ("on_time", "late") else None,
                              (as_of - due).days if col == "overdue" else None))
    return total, lines


def _snapshot_task_lines(session, user, snap: ReportSnapshot, *, unit, subtree, role, column, limit, offset):
    R = ReportSnapshotTask
    units = snapshot_units(snap, None)
    stmt = (select(Task, R).join(R, R.task_id == Task.id)
            .where(R.snapshot_id == snap.id, R.role == role))
    if unit is not None:
        ids = [uid for uid, u in units.items() if u.path.startswith(unit.path)] if subtree else [unit.id]
        stmt = stmt.where(R.unit_id.in_(ids))
    stmt = stmt.where(frozen_task_clause(user, R.task_id, snap.id, {uid: u.path for uid, u in units.items()},
                                         unit.path if unit is not None else None),
                      frozen_conditions(snap)[column])
    rows, total = rows_and_total(session, stmt.options(selectinload(Task.lead_unit))
                                 .order_by(R.due_on.is_(None), R.due_on, Task.id), limit=limit, offset=offset)
    lines = []
    for t, r in rows:
        frozen = units.get(r.unit_id) if role == "lead" else None
        lines.append(TaskLine(t, r.category, frozen.name if frozen else t.lead_unit.name, r.due_on,
                              r.original_due_on, r.completed_on,
                              (snap.as_of - r.due_on).days if r.category == "overdue" else None))
    return total, lines


def facts(task: Task, due_on: date | None = None) -> TaskFacts:
    return TaskFacts(task.status, task.assigned_on, due_on or task.due_on, task.original_due_on, task.completed_on)


def task_column(task: Task, period: Period, as_of: date, due_on: date | None = None) -> str | None:
    """The one category column of a task in a report: on_time, late, within, overdue, no_deadline.

    ``due_on``: the deadline in force on ``as_of`` when it differs (due_dates_as_of)."""
    c = classify(facts(task, due_on), period, as_of)
    if c is None:
        return None
    for col in CATEGORY_COLUMNS:
        if getattr(c, col):
            return col
    return None


def trend(session, user, *, period: Period, today: date, root: Unit | None, role: str = "lead",
          count: int = 6) -> list[tuple[Period, Counts]]:
    """The last ``count`` periods of the same kind, ending with ``period``, each as of its end (or today)."""
    periods = [period]
    for _ in range(count - 1):
        periods.insert(0, periods[0].previous())
    out = []
    for p in periods:
        as_of = p.default_as_of(today)
        if as_of < p.start:
            continue
        snap = active_snapshot(session, p) if as_of >= p.end else None
        if snap is not None:
            own = snapshot_own_counts(session, snap, user=user, role=role,
                                      root_path=root.path if root else None)
            c = Counts()
            for v in own.values():
                c.add(Counts.from_seq(v))
        else:
            c = total_counts(session, period=p, as_of=as_of, user=user, role=role,
                             root_path=root.path if root else None)
        out.append((p, c))
    return out
