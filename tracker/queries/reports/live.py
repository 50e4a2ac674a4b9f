"""Live counts: one GROUP BY over today's tasks, per unit and in total."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, true

from tracker.domain.reports import Counts, Period
from tracker.models import Task

from tracker.queries.reports.past import jit_off, joined_count_columns
from tracker.timeutil import local_today
from tracker.queries.reports.clauses import role_source, conditions, count_columns, _visibility, _unit_scope, subtree_unit_ids


def own_counts(session, *, period: Period, as_of: date, user, role: str = "lead",
               root_path: str | None = None, directive_id: int | None = None,
               unit_ids: list[int] | None = None, whole_tree: bool = False) -> dict[int, list[int]]:
    """Counts of each unit's own tasks (as lead, or as coordinator), visible to ``user``.

    ``whole_tree``: the root's subtree holds every unit (no unit clause needed)."""
    if as_of < local_today():  # the deadlines then, joined once (past.py)
        period.check_as_of(as_of)
        join, conds, cols = joined_count_columns(period, as_of)
        jit_off(session)
    else:
        conds, cols, join = conditions(period, as_of), count_columns(period, as_of), None
    unit_col, frm = role_source(role)
    stmt = select(unit_col, *cols).select_from(join(frm) if join else frm)
    if unit_ids is None and not whole_tree:
        unit_ids = subtree_unit_ids(session, root_path)
    stmt = stmt.where(conds["population"], _visibility(user, root_path),
                      true() if whole_tree else _unit_scope(root_path, unit_col, ids=unit_ids))
    if directive_id is not None:
        stmt = stmt.where(Task.directive_id == directive_id)
    return {r[0]: list(r[1:]) for r in session.connection().execute(stmt.group_by(unit_col)).all()}


def total_counts(session, *, period: Period, as_of: date, user, role: str = "lead",
                 root_path: str | None = None, unit_ids: list[int] | None = None) -> Counts:
    """The whole scope in one row (trend lines): no grouping, no rollup.

    ``unit_ids``: the root's subtree, when the caller has it (the trend reads it once for
    its six periods, not once per period: 10,000 ids six times for the national trend)."""
    conds = conditions(period, as_of)
    unit_col, frm = role_source(role)
    stmt = select(*count_columns(period, as_of)).select_from(frm)
    if unit_ids is None:
        unit_ids = subtree_unit_ids(session, root_path)
    stmt = stmt.where(conds["population"], _visibility(user, root_path),
                      _unit_scope(root_path, unit_col, ids=unit_ids))
    return Counts.from_seq(session.execute(stmt).one())

