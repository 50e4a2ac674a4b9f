"""The tasks behind a figure, one line each; a task's column; the trend over periods."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import literal, select
from sqlalchemy.orm import joinedload

from tracker.domain.reports import Counts, Period, TaskFacts, classify
from tracker.models import ReportSnapshot, ReportSnapshotTask, Task, Unit
from tracker.queries.paging import rows_and_total
from tracker.cache import STRUCTURE, memo, memo_past
from tracker.queries.visibility import frozen_task_clause, scope_key
from tracker import timeutil

from tracker.queries.reports.clauses import (_TC, ROLES, due_dates_as_of, conditions, _visibility, CATEGORY_COLUMNS,
                                             subtree_unit_ids)
from tracker.queries.reports.counts import cache_version, table_total_counts
from tracker.queries.reports.past_counts import holds as past_holds, past_totals
from tracker.queries.reports.live import total_counts
from tracker.queries.reports.past import totals_at
from tracker.queries.reports.snapshot import (active_snapshot, active_snapshots, has_frozen_tasks, frozen_conditions, snapshot_own_counts,
                                              snapshot_units)


def report_tasks(user, *, period: Period, as_of: date, unit: Unit | None = None, subtree: bool = True,
                 role: str = "lead", column: str | None = None, directive_id: int | None = None):
    """Select of the Task rows counted in a report cell (column None: the whole population)."""
    conds = conditions(period, as_of)
    stmt = select(Task).where(conds["population"], _visibility(user, unit.path if unit is not None else None))
    if column:
        stmt = stmt.where(conds[column])
    if role != "lead":
        # One line per coordinating unit in scope, as the figures count them (and as a closed
        # period's frozen lines list them): a task two units of the area coordinate is listed twice.
        stmt = stmt.join(_TC, _TC.c.task_id == Task.id)
    if unit is not None:
        units = (select(Unit.id).where(Unit.path.startswith(unit.path)) if subtree else select(literal(unit.id)))
        stmt = stmt.where((Task.lead_unit_id if role == "lead" else _TC.c.unit_id).in_(units))
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
    rows, total = rows_and_total(session, stmt.options(joinedload(Task.lead_unit, innerjoin=True))
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
    rows, total = rows_and_total(session, stmt.options(joinedload(Task.lead_unit, innerjoin=True))
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


def _sum(own: dict) -> Counts:
    c = Counts()
    for v in own.values():
        c.add(Counts.from_seq(v))
    return c


def trend(session, user, *, period: Period, today: date, root: Unit | None, role: str = "lead",
          count: int = 6) -> list[tuple[Period, Counts]]:
    """The last ``count`` periods of the same kind, ending with ``period``, each as of its end (or today)."""
    periods = [period]
    for _ in range(count - 1):
        periods.insert(0, periods[0].previous())
    root_path = root.path if root else None
    out: list = []
    past: list[tuple[int, Period, date]] = []  # (index in out, period, as_of) counted live
    snaps = active_snapshots(session, [p for p in periods if p.default_as_of(today) >= p.end])
    for p in periods:
        as_of = p.default_as_of(today)
        if as_of < p.start:
            continue
        snap = snaps.get(p.key) if as_of >= p.end else None
        if snap is not None:
            own = snapshot_own_counts(session, snap, user=user, role=role, root_path=root_path)
        elif role in ROLES and (standing := cache_version(session, p, as_of)) is not None:
            # The current period as of today, from the standing counts summed by SQL (one row, where
            # the country's per-unit rows were 20,000): keyed like cached_unit_report's, by the kind's
            # counter and the structure.
            key = (p.kind.value, p.start, p.end, as_of, role, root_path, scope_key(user, root_path), standing)
            out.append((p, Counts.from_seq(memo("trend_standing", key, lambda p=p, as_of=as_of: table_total_counts(
                session, period=p, as_of=as_of, user=user, role=role, root_path=root_path), session=session,
                kind=STRUCTURE))))
            continue
        else:
            # The current period on its last day, from the standing counts; None: not held there.
            total = table_total_counts(session, period=p, as_of=as_of, user=user, role=role, root_path=root_path)
            if total is not None:
                out.append((p, Counts.from_seq(total)))
                continue
            own = None
        if own is None:
            past.append((len(out), p, as_of))
            out.append((p, None))
            continue
        out.append((p, _sum(own)))  # a closed period's snapshot
    now = timeutil.local_today()  # once: the split and the cache key agree on the day
    live = [(i, p, a) for i, p, a in past if a >= now]
    before = [(i, p, a) for i, p, a in past if a < now]
    unit_ids = subtree_unit_ids(session, root_path) if len(live) > 1 else None
    for i, p, a in live:  # as of today without standing counts: the deadlines are the columns
        out[i] = (p, total_counts(session, period=p, as_of=a, user=user, role=role, root_path=root_path,
                                  unit_ids=unit_ids))
    held = [(i, p) for i, p, a in before if past_holds(p, a, role, now)]
    if held:
        # Past standard periods as of their last day: summed from their standing rows (past_counts).
        for (i, p), c in zip(held, past_totals(session, [p for _i, p in held], user=user, role=role,
                                               root_path=root_path)):
            out[i] = (p, c)
        before = [(i, p, a) for i, p, a in before if not past_holds(p, a, role, now)]
    if before:
        # Other days before today in one scan (past.totals_at), cached under the counter of figures as of
        # past days: only a write that can change one (a back-dated task, a cancellation, a late
        # acceptance: services/past_figures.py) moves it, not a receipt or a progress report.
        points = [(p, a) for _i, p, a in before]
        key = (tuple((p.kind.value, p.start, p.end, a) for p, a in points), role, root_path,
               scope_key(user, root_path))
        counts = memo_past("trend_past", key, lambda: [c.as_list() for c in totals_at(
            session, points, user=user, role=role, root_path=root_path)], session=session)
        for (i, p, _a), v in zip(before, counts):
            out[i] = (p, Counts.from_seq(v))
    return out
