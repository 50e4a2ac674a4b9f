"""The deadline categories, declared once: what a task's badge says, what the task list's
category filter keeps and what each column of a report counts.

Each rule is data (tracker.domain.rules). ``task_category`` and ``report_columns`` here
evaluate it in Python; tracker.queries.categories compiles the very same rules into SQL
(the task list filter, the home page counts, the report counts, the category a closed
period freezes, and the counts read back from those frozen rows). tests/
test_categories_sql_parity.py checks on generated tasks that both forms agree.

The facts of a task: its status, assigned_on, due_on (the deadline in force on the day D:
an extension approved after D does not count yet), original_due_on, completed_on (the
day the accepted report was submitted). The parameters: D (``as_of``), the period's first
day (``start``), the last day a task may be assigned to count in the period
(``last_assigned`` = min(period end, D)), the day a completion must be on or before to
count (``completed_by``: D in a report; no bound on a task's badge, which does not change
once the task is done) and the last day still "due soon" (``soon_limit``).
"""

from __future__ import annotations

from datetime import date, timedelta

from tracker.domain.calendar import WorkCalendar
from tracker.domain.deadlines import DUE_SOON_WORKING_DAYS, DeadlineCategory
from tracker.domain.rules import (ALWAYS, All, Any, Cmp, Fact, IsNull, Named, Not, Param, StatusIn, assuming, holds,
                                  params_of)
from tracker.domain.workflow import TaskStatus

__all__ = [
    "OVERDUE_THRESHOLDS", "CATEGORY_COLUMNS", "OPEN_CATEGORIES", "REPORT_RULES", "POPULATION", "TASK_RULES",
    "COUNTED_RULES",
    "report_params", "task_params", "soon_limit", "report_columns", "task_category", "DAY_PARAMS",
    "FIXED_CATEGORIES",
]

# "quá hạn hơn 30/90/120 ngày": calendar days, strictly more than.
OVERDUE_THRESHOLDS = (30, 90, 120)

STATUS = Fact("status", nullable=False)
ASSIGNED_ON = Fact("assigned_on", nullable=False)
DUE_ON = Fact("due_on")
ORIGINAL_DUE_ON = Fact("original_due_on")
COMPLETED_ON = Fact("completed_on")

D = Param("as_of")
START = Param("start")
LAST_ASSIGNED = Param("last_assigned")
COMPLETED_BY = Param("completed_by")
SOON_LIMIT = Param("soon_limit")

CANCELLED = StatusIn((TaskStatus.CANCELLED.value,), STATUS)
DONE = StatusIn((TaskStatus.DONE.value,), STATUS)

# Completed: done, with a completion day (unknown never compares), on or before completed_by.
COMPLETED = Named("completed", All(DONE, Cmp(COMPLETED_ON, "<=", COMPLETED_BY)))
# Open: neither cancelled nor completed (a task finished after D is open as of D).
OPEN = Named("open", All(Not(CANCELLED), Not(COMPLETED)))

# The five categories of a report, one per task: a completed task without a deadline is on time.
ON_TIME = Named("on_time", All(COMPLETED, Any(IsNull(DUE_ON), Cmp(COMPLETED_ON, "<=", DUE_ON))))
LATE = Named("late", All(COMPLETED, Cmp(COMPLETED_ON, ">", DUE_ON)))
WITHIN = Named("within", All(OPEN, Cmp(DUE_ON, ">=", D)))  # due today is still within
OVERDUE = Named("overdue", All(OPEN, Cmp(DUE_ON, "<", D)))
NO_DEADLINE = Named("no_deadline", All(OPEN, IsNull(DUE_ON)))
CATEGORY_COLUMNS = ("on_time", "late", "within", "overdue", "no_deadline")
_CATEGORIES = dict(zip(CATEGORY_COLUMNS, (ON_TIME, LATE, WITHIN, OVERDUE, NO_DEADLINE)))
OPEN_CATEGORIES = tuple(c for c, rule in _CATEGORIES.items() if OPEN in rule.rule.items)

# The report's population: not cancelled (there is no cancellation day to tell when it
# stopped counting), and assigned in the period up to D, or carried over: assigned before
# the period and not completed before it started.
IN_PERIOD = Named("in_period", All(Cmp(ASSIGNED_ON, ">=", START), Cmp(ASSIGNED_ON, "<=", LAST_ASSIGNED)))
CARRIED = Named("carried", All(Cmp(ASSIGNED_ON, "<", START), Not(All(DONE, Cmp(COMPLETED_ON, "<", START)))))
POPULATION = Named("population", All(Not(CANCELLED), Cmp(ASSIGNED_ON, "<=", LAST_ASSIGNED),
                                     Any(Cmp(ASSIGNED_ON, ">=", START), CARRIED)))
EXTENDED = Named("extended", Cmp(ORIGINAL_DUE_ON, "!=", DUE_ON))


def _overdue_more_than(n: int) -> Named:
    """Overdue by more than n calendar days: open and D - due_on > n (overdue, since n > 0;
    written without OVERDUE's own due_on < D, which SQL would evaluate once more)."""
    assert n > 0
    return Named(f"overdue_{n}", All(OPEN, Cmp(DUE_ON, "<", Param("as_of", -n))))


# What each report column counts, among the population (tracker.domain.reports.COLUMNS).
REPORT_RULES = {
    "assigned": IN_PERIOD, "carried": CARRIED, "total": ALWAYS, **_CATEGORIES,
    **{f"overdue_{n}": _overdue_more_than(n) for n in OVERDUE_THRESHOLDS},
    "extended": EXTENDED, "carried_open": Named("carried_open", All(CARRIED, OPEN)),
}

# The same columns for a task of the population, which is what a report counts (a FILTER under
# the population's WHERE): a part of the population, e.g. "not cancelled", is no condition there.
COUNTED_RULES = {c: assuming(rule, POPULATION.rule.items) for c, rule in REPORT_RULES.items()}

# A task's own category (its badge, the task list filter, the home page): the report's
# categories as of today, the open tasks within their deadline split by "due soon".
TASK_RULES = {
    DeadlineCategory.ON_TIME: ON_TIME,
    DeadlineCategory.LATE: LATE,
    DeadlineCategory.WITHIN: All(WITHIN, Cmp(DUE_ON, ">", SOON_LIMIT)),
    DeadlineCategory.DUE_SOON: All(WITHIN, Cmp(DUE_ON, "<=", SOON_LIMIT)),
    DeadlineCategory.OVERDUE: OVERDUE,
    DeadlineCategory.NO_DEADLINE: NO_DEADLINE,
}

# The parameters of a task's own category that move with the day (and the working calendar).
DAY_PARAMS = frozenset(("as_of", "soon_limit"))


def _fixed_prefix() -> tuple[DeadlineCategory, ...]:
    """The categories a task, once in one, keeps on every later day until its facts change:
    the leading rules of TASK_RULES (taken in order, as ``task_category`` does) that read no
    parameter of the day. Each holds on every day or on none, so the first of them that holds
    wins on every day. (on time, late: their rules read the completion, never the day.)"""
    out = []
    for category, rule in TASK_RULES.items():
        if params_of(rule) & DAY_PARAMS:
            break
        out.append(category)
    return tuple(out)


FIXED_CATEGORIES = _fixed_prefix()


def report_params(start: date, end: date, as_of: date) -> dict:
    """The parameters of a report over the period [start, end] as of D."""
    return {"as_of": as_of, "start": start, "last_assigned": min(end, as_of), "completed_by": as_of,
            "soon_limit": None}


def soon_limit(today: date, calendar: WorkCalendar | None = None, soon_days: int = DUE_SOON_WORKING_DAYS) -> date:
    """Last day still "due soon": at most ``soon_days`` working days after today (calendar days
    without a calendar), i.e. the day before the (soon_days+1)-th working day after today."""
    if soon_days < 0:
        raise ValueError("soon_days must be >= 0")
    if calendar is None:
        return today + timedelta(days=soon_days)
    return calendar.add_working_days(today, soon_days + 1) - timedelta(days=1)


def task_params(today: date, calendar: WorkCalendar | None = None, soon_days: int = DUE_SOON_WORKING_DAYS) -> dict:
    """The parameters of a task's own category on ``today``."""
    return {"as_of": today, "start": None, "last_assigned": None, "completed_by": None,
            "soon_limit": soon_limit(today, calendar, soon_days)}


def report_columns(facts: dict, params: dict) -> dict[str, int] | None:
    """0/1 per report column for a task's ``facts``; None when the report does not count it."""
    if not holds(POPULATION, facts, params):
        return None
    return {c: int(holds(rule, facts, params)) for c, rule in REPORT_RULES.items()}


def task_category(facts: dict, params: dict) -> DeadlineCategory | None:
    """The task's own category (None when cancelled): the one rule of TASK_RULES that holds."""
    for category, rule in TASK_RULES.items():
        if holds(rule, facts, params):
            return category
    return None
