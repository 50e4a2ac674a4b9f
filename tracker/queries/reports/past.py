"""Counts as of a past day in one scan: the deadlines then joined once, not looked up per condition.

A figure as of a past day counts a task by the deadline in force that day (clauses.due_on_as_of):
the earliest extension approved after it replaced a later deadline. As a correlated subquery that
lookup ran once per condition per task (nine times per row; a national year's trend point spent
2.4 of its 3 s there, even with no extension at all). Here the deadlines then are one derived table
per day (the earliest extension approved after it, per task), LEFT JOINed once, and several past
points (the trend) are counted in the same scan of the tasks, one FILTER column per point and
category: the same rows and the same rules (tests/test_trend_one_scan.py compares the two).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, literal, or_, select, text
from sqlalchemy.orm import aliased

from tracker.domain.reports import COLUMNS, Counts, Period
from tracker.models import ExtensionRequest, Task
from tracker.queries.categories import counted_conditions, report_conditions, task_columns

from tracker.queries.reports.clauses import (role_source, _approved_after, _unit_scope, _visibility,
                                             subtree_unit_ids)


def due_then(points: list[tuple[Period, date]]):
    """Per task with an extension approved after the earliest day of ``points``: ``due_<i>``, the
    deadline in force on point i's day, where an extension approved after it replaced it (else NULL).

    The earliest such extension's ``current_due_on`` (clauses.due_on_as_of), looked up only for the
    few tasks with extensions, then joined to the tasks once. "Earliest" is an anti-join (no
    extension of the task approved after the day comes before it in (decided_at, id)), not a
    correlated LIMIT 1: PostgreSQL runs no part of a statement holding a correlated subquery in
    parallel, and the national year's report then scanned a million tasks in one process (0.46 s
    against its floor's 0.25 s with two workers)."""
    er = ExtensionRequest
    first = min(a for _p, a in points)
    ids = select(er.task_id).where(_approved_after(first)).distinct().subquery("extended_after")
    stmt = select(ids.c.task_id)
    for i, (_p, as_of) in enumerate(points):
        e, before = aliased(er, name=f"ext_{i}"), aliased(er, name=f"earlier_{i}")
        earlier = (select(before.id).where(before.task_id == e.task_id, _approved_after(as_of, before),
                                           or_(before.decided_at < e.decided_at,
                                               and_(before.decided_at == e.decided_at, before.id < e.id))))
        firsts = (select(e.task_id, e.current_due_on).where(_approved_after(as_of, e), ~earlier.exists())
                  .subquery(f"first_{i}"))
        stmt = stmt.outerjoin(firsts, firsts.c.task_id == ids.c.task_id).add_columns(
            firsts.c.current_due_on.label(f"due_{i}"))
    return stmt.subquery("due_then")


def past_conditions(period: Period, as_of: date, due) -> dict:
    """clauses.conditions(period, as_of) with the deadline then: ``due`` (a column of due_then)."""
    period.check_as_of(as_of)
    return report_conditions(period.start, period.end, as_of, _past_columns(due))


def _past_columns(due) -> dict:
    """The facts of the rules with the deadline then (``due``: NULL when no extension moved it since)."""
    return {**task_columns(Task), "due_on": func.coalesce(due, Task.due_on)}


def _mask(conds: dict):
    """-1 outside the population, else the sum of 2**k over the columns k (COLUMNS but total) it falls in."""
    bits = sum((case((conds[c], 1 << k), else_=0) for k, c in enumerate(_BITS)), literal(0))
    return case((conds["population"], bits), else_=-1)


_BITS = tuple(c for c in COLUMNS if c != "total")


def totals_at(session, points: list[tuple[Period, date]], *, user, role: str = "lead",
              root_path: str | None = None, unit_ids: list[int] | None = None) -> list[Counts]:
    """total_counts for each (period, as_of) of ``points`` (days before today), in one query.

    Each task gets one small integer per point (_mask), and the tasks are counted by those
    integers: a few dozen groups, summed into the columns here. Each condition is evaluated
    once per task and point (as FILTER columns each was evaluated with the population again)."""
    if not points:
        return []
    unit_col, frm = role_source(role)
    then = due_then(points)
    frm = frm.outerjoin(then, then.c.task_id == Task.id)
    masks, pops = [], []
    for i, (period, as_of) in enumerate(points):
        conds = past_conditions(period, as_of, then.c[f"due_{i}"])
        pops.append(conds["population"])
        masks.append(_mask(conds).label(f"m{i}"))
    if unit_ids is None:
        unit_ids = subtree_unit_ids(session, root_path)
    inner = (select(*masks).select_from(frm)
             .where(or_(*pops), _visibility(user, root_path), _unit_scope(root_path, unit_col, ids=unit_ids))
             .subquery("masks"))
    stmt = select(*inner.c, func.count()).group_by(*inner.c)
    jit_off(session)  # compiling these expressions took longer than evaluating them: 3 s of a 5 s query
    sums = [[0] * len(COLUMNS) for _ in points]
    total_at = COLUMNS.index("total")
    for *ms, n in session.execute(stmt).all():
        for i, m in enumerate(ms):
            if m < 0:
                continue
            sums[i][total_at] += n
            for k, c in enumerate(_BITS):
                if m & (1 << k):
                    sums[i][COLUMNS.index(c)] += n
    return [Counts.from_seq(v) for v in sums]


def jit_off(session) -> None:
    """For the rest of this transaction: no JIT compilation (PostgreSQL). The report counts'
    dozens of FILTER expressions cost more to compile than to evaluate over a million rows.
    The app's connections start with it off (tracker.PG_CONNECTION_OPTIONS): nothing to send."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from tracker import JIT_OFF_ENGINES

    if bind not in JIT_OFF_ENGINES:
        session.execute(text("SET LOCAL jit = off"))


def joined_count_columns(period: Period, as_of: date):
    """(FROM-clause joiner, conditions, count columns) of a count as of a day before today, the
    deadlines then joined once (due_then) instead of one lookup per condition."""
    then = due_then([(period, as_of)])
    conds = past_conditions(period, as_of, then.c.due_0)
    counted = counted_conditions(period.start, period.end, as_of, _past_columns(then.c.due_0))
    cols = [func.count().label(c) if c == "total" else func.count().filter(counted[c]).label(c) for c in COLUMNS]
    return (lambda frm: frm.outerjoin(then, then.c.task_id == Task.id)), conds, cols
