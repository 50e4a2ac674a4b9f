"""Deadlines (thời hạn) of tasks and the categories used in official reports.

Pure functions: ``today`` and the calendar are always arguments, so a report
for a closed period can be recomputed exactly.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum

from tracker.domain.calendar import WorkCalendar
from tracker.domain.workflow import TaskStatus

__all__ = [
    "DeadlineKind",
    "Recurrence",
    "DeadlineCategory",
    "DeadlineError",
    "DUE_SOON_WORKING_DAYS",
    "MAX_WORKING_DAYS",
    "DEFAULT_HORIZON_YEARS",
    "horizon_end",
    "check_due_in_horizon",
    "compute_due_date",
    "period_bounds",
    "next_period_due",
    "deadline_category",
    "days_overdue",
    "days_left",
]


class DeadlineKind(str, Enum):
    DATE = "date"  # a fixed date
    WORKING_DAYS = "working_days"  # N working days from assignment
    NONE = "none"  # ongoing work (nhiệm vụ thường xuyên)
    RECURRING = "recurring"  # periodic reporting (định kỳ)


class Recurrence(str, Enum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class DeadlineCategory(str, Enum):
    ON_TIME = "on_time"  # đã hoàn thành đúng hạn
    LATE = "late"  # đã hoàn thành quá hạn
    WITHIN = "within"  # đang thực hiện trong hạn
    DUE_SOON = "due_soon"  # sắp đến hạn
    OVERDUE = "overdue"  # đang thực hiện quá hạn
    NO_DEADLINE = "no_deadline"  # không có thời hạn / thường xuyên


# Reports commonly flag tasks due within 3 days as "sắp đến hạn".
DUE_SOON_WORKING_DAYS = 3
# Ten years of working days: anything longer is a typing error, not a plan.
MAX_WORKING_DAYS = 3650

# Deadlines further than this many years after the assignment day are refused
# (configurable as DEADLINE_HORIZON_YEARS): far-future dates are typing errors
# and, before this rule, year 9999 broke every page showing the task.
DEFAULT_HORIZON_YEARS = 5

_MONTHS_PER_PERIOD = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.HALF_YEARLY: 6,
    Recurrence.YEARLY: 12,
}


class DeadlineError(ValueError):
    """Invalid deadline input; ``code`` is stable for forms and translations."""

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(message or code)
        self.code = code


def _coerce(enum_cls, value, code: str):
    # Forms and the database hand us plain strings; accept them here once.
    try:
        return enum_cls(value)
    except ValueError:
        raise DeadlineError(code, f"unknown {enum_cls.__name__}: {value!r}") from None


def period_bounds(recurrence: Recurrence, d: date) -> tuple[date, date]:
    """First and last day of the month/quarter/half-year/year containing ``d``."""
    months = _MONTHS_PER_PERIOD[_coerce(Recurrence, recurrence, "bad_recurrence")]
    first_month = (d.month - 1) // months * months + 1
    start = date(d.year, first_month, 1)
    end = _add_months(start, months) - timedelta(days=1)
    return start, end


def _add_months(d: date, months: int) -> date:
    # Only called with day 1, so the day never overflows the month.
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, d.day)


def horizon_end(start: date, years: int = DEFAULT_HORIZON_YEARS) -> date:
    """Latest acceptable deadline for work assigned (or extended) on ``start``.

    Same day and month ``years`` later (29/2 becomes 28/2); ``date.max`` when
    that is beyond the calendar.
    """
    if years < 0:
        raise ValueError("years must be >= 0")
    year = start.year + years
    if year > date.max.year:
        return date.max
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February into a common year
        return start.replace(year=year, day=28)


def check_due_in_horizon(due_on: date, *, start: date, latest: date | None) -> None:
    """Refuse a deadline before ``start`` or after ``latest`` (None: no upper limit).

    Codes: ``due_before_assigned``, ``due_beyond_horizon``.
    """
    if due_on < start:
        raise DeadlineError("due_before_assigned")
    if latest is not None and due_on > latest:
        raise DeadlineError("due_beyond_horizon")


def compute_due_date(
    kind: DeadlineKind,
    assigned_on: date,
    calendar: WorkCalendar,
    *,
    due_on: date | None = None,
    days: int | None = None,
    recurrence: Recurrence | None = None,
    latest: date | None = None,
) -> date | None:
    """Effective due date of a task, always a working day (Civil Code art. 148).

    - DATE: ``due_on`` moved to the next working day if it is a day off;
      a ``due_on`` before ``assigned_on`` is rejected.
    - WORKING_DAYS: the ``days``-th working day after ``assigned_on``
      (art. 147: counting starts the day after assignment).
    - NONE: None.
    - RECURRING: end of the period containing ``assigned_on``, rolled forward.

    ``latest`` (see ``horizon_end``): the computed deadline may not be later.

    Raises DeadlineError with codes: bad_kind, due_required,
    due_before_assigned, due_beyond_horizon, days_required, days_out_of_range,
    recurrence_required, bad_recurrence.
    """
    kind = _coerce(DeadlineKind, kind, "bad_kind")
    if kind is DeadlineKind.NONE:
        return None
    if kind is DeadlineKind.DATE:
        if due_on is None:
            raise DeadlineError("due_required")
        check_due_in_horizon(due_on, start=assigned_on, latest=latest)
        due = calendar.roll_forward(due_on)
        check_due_in_horizon(due, start=assigned_on, latest=latest)
        return due
    if kind is DeadlineKind.WORKING_DAYS:
        # bool is an int subclass; True days is a bug upstream, not "1 day".
        if days is None or isinstance(days, bool) or not isinstance(days, int):
            raise DeadlineError("days_required")
        if not 1 <= days <= MAX_WORKING_DAYS:
            raise DeadlineError("days_out_of_range")
        due = calendar.add_working_days(assigned_on, days)
        check_due_in_horizon(due, start=assigned_on, latest=latest)
        return due
    # RECURRING
    if recurrence is None:
        raise DeadlineError("recurrence_required")
    _, end = period_bounds(recurrence, assigned_on)
    return calendar.roll_forward(end)


def next_period_due(recurrence: Recurrence, after: date, calendar: WorkCalendar) -> date:
    """Due date of the next occurrence of a recurring task.

    Pass the due date of the occurrence just finished (rolled forward or
    not). Returns the due date of the earliest period whose own due date is
    strictly later than ``after``. Working from due dates rather than the
    period containing ``after`` matters when a period end was rolled into
    the next period: 31/1/2026 (Saturday) rolls to 2/2/2026, and the next
    monthly due date must be end of February, not end of March.

    Note: passing a completion date instead gives the first period still
    due after it, which is the same occurrence if it was finished early.
    """
    _, end = period_bounds(recurrence, after)
    while True:
        due = calendar.roll_forward(end)
        if due > after:
            return due
        _, end = period_bounds(recurrence, end + timedelta(days=1))


def deadline_category(
    *,
    due_on: date | None,
    completed_on: date | None,
    today: date,
    calendar: WorkCalendar | None = None,
    soon_days: int = DUE_SOON_WORKING_DAYS,
) -> DeadlineCategory:
    """Report category of one task on ``today``.

    Completed tasks (``completed_on`` = day the accepted report was
    submitted): ON_TIME if finished on or before ``due_on``, else LATE. A
    completed task without a deadline counts as ON_TIME: official reports
    count finished ongoing tasks among the completed ones, and it cannot
    have been late.

    Open tasks: NO_DEADLINE without ``due_on``; OVERDUE once ``today`` is
    past ``due_on``; DUE_SOON when due today or within ``soon_days``
    working days after today (calendar days if no calendar is given);
    otherwise WITHIN.
    """
    # The rule itself is declared once, in tracker.domain.categories (imported here, not at
    # the top: it builds on DeadlineCategory above).
    from tracker.domain.categories import task_category, task_params

    status = TaskStatus.DONE.value if completed_on is not None else TaskStatus.IN_PROGRESS.value
    return task_category({"status": status, "due_on": due_on, "completed_on": completed_on},
                         task_params(today, calendar, soon_days))


def days_overdue(due_on: date | None, today: date) -> int:
    """Calendar days past the deadline; 0 if not overdue or no deadline.

    Calendar days because reports quote them that way ("quá hạn hơn 120 ngày").
    """
    if due_on is None or today <= due_on:
        return 0
    return (today - due_on).days


def days_left(due_on: date, today: date) -> int:
    """Calendar days until the deadline; negative once overdue, 0 on the day."""
    return (due_on - today).days
