"""The deadline categories in SQL: compiled from the rules of tracker.domain.categories.

Nothing here says what a category is; ``to_sql`` turns a rule into a SQLAlchemy condition
over the columns given for each fact. SQL compares with NULL as unknown, the rules never
do (an unknown fact fails a comparison): where that can differ, under an odd number of
NOTs, each comparison of a nullable operand is guarded with IS NOT NULL. Elsewhere NULL
behaves as false (in WHERE, FILTER and CASE WHEN alike) and no guard is written, which
keeps the conditions the planner sees as simple as hand-written ones, except that a
comparison of two facts first checks the left one is known (see _compare).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import and_, case, false, literal, not_, or_, true

from tracker.domain.calendar import WorkCalendar
from tracker.domain.categories import (CATEGORY_COLUMNS, COUNTED_RULES, OPEN_CATEGORIES, POPULATION, REPORT_RULES,
                                       TASK_RULES, report_params, task_params)
from tracker.domain.deadlines import DeadlineCategory
from tracker.domain.rules import OPS, All, Any, Cmp, IsNull, Named, Not, Param, StatusIn, param_value

__all__ = ["to_sql", "task_columns", "report_conditions", "counted_conditions", "frozen_report_conditions", "category_case",
           "task_category_condition", "task_category_case"]


def to_sql(rule, columns: Mapping[str, object], params: Mapping[str, date | None],
           named: Mapping[str, object] | None = None, *, negated: bool = False):
    """The SQL condition of ``rule``; ``columns``: fact name -> column expression; ``named``:
    a rule name -> an expression to use instead of compiling that rule (a stored result)."""
    named = named or {}

    def sub(r, neg=negated):
        return to_sql(r, columns, params, named, negated=neg)

    if isinstance(rule, Named):
        return named[rule.name] if rule.name in named else sub(rule.rule)
    if isinstance(rule, All):
        return and_(true(), *[sub(r) for r in rule.items])
    if isinstance(rule, Any):
        return or_(false(), *[sub(r) for r in rule.items])
    if isinstance(rule, Not):
        return not_(sub(rule.item, not negated))
    if isinstance(rule, IsNull):
        return columns[rule.fact.name].is_(None)
    if isinstance(rule, StatusIn):
        col = columns[rule.fact.name]
        return col == rule.values[0] if len(rule.values) == 1 else col.in_(rule.values)
    if isinstance(rule, Cmp):
        return _compare(rule, columns, params, negated)
    raise TypeError(f"not a rule: {rule!r}")


def _compare(rule: Cmp, columns, params, negated: bool):
    left = columns[rule.left.name]
    known = [left.isnot(None)] if rule.left.nullable else []
    if isinstance(rule.right, Param):
        right = param_value(rule.right, params)
        if right is None:  # no bound: the fact only has to be known
            return and_(true(), *known)
    else:
        right = columns[rule.right.name]
        if not negated:
            # Left known first: the right side may be costly (the deadline as of D is a
            # subquery) and is then only evaluated for the rows that need it.
            return and_(*known, OPS[rule.op](left, right))
        known += [right.isnot(None)] if rule.right.nullable else []
    compared = OPS[rule.op](left, right)
    return and_(*known, compared) if negated and known else compared


def task_columns(t) -> dict:
    """The facts of the rules as the columns of a Task class or alias (its deadline as it is now)."""
    return {name: getattr(t, name) for name in ("status", "assigned_on", "due_on", "original_due_on", "completed_on")}


def report_conditions(start: date, end: date, as_of: date, columns: Mapping[str, object]) -> dict:
    """The population and each report column's condition; ``columns["due_on"]``: the deadline in force on D."""
    params = report_params(start, end, as_of)
    return {"population": to_sql(POPULATION, columns, params),
            **{c: to_sql(rule, columns, params) for c, rule in REPORT_RULES.items()}}


def counted_conditions(start: date, end: date, as_of: date, columns: Mapping[str, object]) -> dict:
    """Each report column's condition for the rows of the population only (COUNTED_RULES): the
    FILTER of a count whose WHERE is the population's condition, never a condition alone."""
    params = report_params(start, end, as_of)
    return {c: to_sql(rule, columns, params) for c, rule in COUNTED_RULES.items()}


def category_case(conds: Mapping[str, object]):
    """The one report category of a counted task, as a CASE over its conditions."""
    *first, last = CATEGORY_COLUMNS
    return case(*[(conds[c], literal(c)) for c in first], else_=literal(last))


def frozen_report_conditions(category, carried, extended, due_on, as_of: date) -> dict:
    """Each report column's condition over the rows a closed period froze: the category, the
    carried and extended flags are read as stored; the rest is compiled from the same rules."""
    named = {**{c: category == c for c in CATEGORY_COLUMNS}, "open": category.in_(OPEN_CATEGORIES),
             "in_period": carried.is_(False), "carried": carried.is_(True), "extended": extended.is_(True)}
    params = {"as_of": as_of}
    return {c: to_sql(rule, {"due_on": due_on}, params, named) for c, rule in REPORT_RULES.items()}


def task_category_condition(category: DeadlineCategory, today: date, calendar: WorkCalendar | None, t,
                            soon_days: int | None = None):
    """Tasks ``t`` (a class or alias) in a task's own ``category`` on ``today``."""
    params = task_params(today, calendar) if soon_days is None else task_params(today, calendar, soon_days)
    return to_sql(TASK_RULES[DeadlineCategory(category)], task_columns(t), params)


def task_category_case(today: date, calendar: WorkCalendar | None, t):
    """CASE giving each task's own category; NULL for cancelled tasks."""
    return task_category_case_of(today, calendar, task_columns(t))


def task_category_case_of(today: date, calendar: WorkCalendar | None, cols: Mapping[str, object]):
    """task_category_case over ``cols``: the facts the rules read, by name (a rule reading a fact
    missing from ``cols`` fails to compile rather than count wrong)."""
    params = task_params(today, calendar)
    return case(*[(to_sql(rule, cols, params), literal(c.value)) for c, rule in TASK_RULES.items()], else_=None)

