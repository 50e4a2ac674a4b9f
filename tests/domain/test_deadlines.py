from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.calendar import WorkCalendar, default_calendar
from tracker.domain.deadlines import (
    DUE_SOON_WORKING_DAYS,
    MAX_WORKING_DAYS,
    DeadlineCategory,
    DeadlineError,
    DeadlineKind,
    Recurrence,
    compute_due_date,
    days_left,
    days_overdue,
    deadline_category,
    next_period_due,
    period_bounds,
)

D = date
C = DeadlineCategory


@pytest.fixture
def cal():
    return default_calendar()


def test_enum_values_are_stable():
    # Stored in the database and sent by forms.
    assert [k.value for k in DeadlineKind] == ["date", "working_days", "none", "recurring"]
    assert [r.value for r in Recurrence] == ["monthly", "quarterly", "half_yearly", "yearly"]
    assert [c.value for c in DeadlineCategory] == [
        "on_time",
        "late",
        "within",
        "due_soon",
        "overdue",
        "no_deadline",
    ]
    assert DUE_SOON_WORKING_DAYS == 3
    assert DeadlineKind("date") is DeadlineKind.DATE
    assert DeadlineKind.DATE == "date"


# -- compute_due_date ------------------------------------------------------------


def test_date_kind_keeps_a_working_day(cal):
    assert compute_due_date(DeadlineKind.DATE, D(2026, 3, 2), cal, due_on=D(2026, 3, 20)) == D(2026, 3, 20)


def test_date_kind_rolls_a_day_off_forward(cal):
    # Saturday 28/3/2026 -> Monday 30/3 (Civil Code art. 148).
    assert compute_due_date(DeadlineKind.DATE, D(2026, 3, 2), cal, due_on=D(2026, 3, 28)) == D(2026, 3, 30)
    # Inside the Tết break -> first day back.
    assert compute_due_date(DeadlineKind.DATE, D(2026, 2, 2), cal, due_on=D(2026, 2, 17)) == D(2026, 2, 23)


def test_date_kind_due_on_assignment_day_is_allowed(cal):
    assert compute_due_date(DeadlineKind.DATE, D(2026, 3, 2), cal, due_on=D(2026, 3, 2)) == D(2026, 3, 2)


@pytest.mark.parametrize(
    "kwargs, code",
    [
        (dict(kind=DeadlineKind.DATE), "due_required"),
        (dict(kind=DeadlineKind.DATE, due_on=D(2026, 3, 1)), "due_before_assigned"),
        (dict(kind=DeadlineKind.WORKING_DAYS), "days_required"),
        (dict(kind=DeadlineKind.WORKING_DAYS, days=True), "days_required"),
        (dict(kind=DeadlineKind.WORKING_DAYS, days=2.5), "days_required"),
        (dict(kind=DeadlineKind.WORKING_DAYS, days="5"), "days_required"),
        (dict(kind=DeadlineKind.WORKING_DAYS, days=0), "days_out_of_range"),
        (dict(kind=DeadlineKind.WORKING_DAYS, days=-3), "days_out_of_range"),
        (dict(kind=DeadlineKind.WORKING_DAYS, days=MAX_WORKING_DAYS + 1), "days_out_of_range"),
        (dict(kind=DeadlineKind.RECURRING), "recurrence_required"),
        (dict(kind=DeadlineKind.RECURRING, recurrence="weekly"), "bad_recurrence"),
        (dict(kind="sometimes"), "bad_kind"),
    ],
)
def test_bad_input(cal, kwargs, code):
    kind = kwargs.pop("kind")
    with pytest.raises(DeadlineError) as exc:
        compute_due_date(kind, D(2026, 3, 2), cal, **kwargs)
    assert exc.value.code == code
    assert isinstance(exc.value, ValueError)


def test_working_days_kind(cal):
    assert compute_due_date(DeadlineKind.WORKING_DAYS, D(2026, 2, 12), cal, days=5) == D(2026, 2, 26)
    assert compute_due_date(DeadlineKind.WORKING_DAYS, D(2026, 3, 2), cal, days=1) == D(2026, 3, 3)
    far = compute_due_date(DeadlineKind.WORKING_DAYS, D(2026, 3, 2), cal, days=MAX_WORKING_DAYS)
    assert cal.working_days_between(D(2026, 3, 2), far) == MAX_WORKING_DAYS


def test_none_kind(cal):
    assert compute_due_date(DeadlineKind.NONE, D(2026, 3, 2), cal) is None
    # Leftover fields from a form do not matter.
    assert compute_due_date(DeadlineKind.NONE, D(2026, 3, 2), cal, due_on=D(2020, 1, 1), days=0) is None


def test_kind_and_recurrence_accept_plain_strings(cal):
    assert compute_due_date("working_days", D(2026, 3, 2), cal, days=1) == D(2026, 3, 3)
    assert compute_due_date("recurring", D(2026, 3, 2), cal, recurrence="monthly") == D(2026, 3, 31)


@pytest.mark.parametrize(
    "recurrence, assigned, due",
    [
        (Recurrence.MONTHLY, D(2026, 3, 2), D(2026, 3, 31)),  # Tuesday
        (Recurrence.MONTHLY, D(2026, 1, 15), D(2026, 1, 31)),
        (Recurrence.MONTHLY, D(2026, 2, 1), D(2026, 2, 28)),
        (Recurrence.MONTHLY, D(2028, 2, 10), D(2028, 2, 29)),  # leap year
        (Recurrence.MONTHLY, D(2026, 12, 31), D(2026, 12, 31)),
        (Recurrence.QUARTERLY, D(2026, 1, 1), D(2026, 3, 31)),
        (Recurrence.QUARTERLY, D(2026, 5, 20), D(2026, 6, 30)),
        (Recurrence.QUARTERLY, D(2026, 8, 1), D(2026, 9, 30)),
        (Recurrence.QUARTERLY, D(2026, 11, 30), D(2026, 12, 31)),
        (Recurrence.HALF_YEARLY, D(2026, 6, 30), D(2026, 6, 30)),
        (Recurrence.HALF_YEARLY, D(2026, 7, 1), D(2026, 12, 31)),
        (Recurrence.YEARLY, D(2026, 3, 2), D(2026, 12, 31)),
        (Recurrence.YEARLY, D(2027, 3, 2), D(2027, 12, 31)),
    ],
)
def test_recurring_kind(cal, recurrence, assigned, due):
    # `due` is the period end; the deadline is that day moved to a working day.
    expected = cal.roll_forward(due)
    assert compute_due_date(DeadlineKind.RECURRING, assigned, cal, recurrence=recurrence) == expected


def test_recurring_rolls_forward_across_period_end(cal):
    # Explicit facts, independent of roll_forward: 31/1/2026 is a Saturday.
    assert compute_due_date(DeadlineKind.RECURRING, D(2026, 1, 5), cal, recurrence=Recurrence.MONTHLY) == D(2026, 2, 2)
    # 28/2/2026 is a Saturday -> Monday 2/3/2026.
    assert compute_due_date(DeadlineKind.RECURRING, D(2026, 2, 5), cal, recurrence=Recurrence.MONTHLY) == D(2026, 3, 2)
    # 31/1/2025 is Tết (Mùng ba), then the weekend -> Monday 3/2/2025.
    assert compute_due_date(DeadlineKind.RECURRING, D(2025, 1, 2), cal, recurrence=Recurrence.MONTHLY) == D(2025, 2, 3)
    # 31/12/2027 is a Friday.
    assert compute_due_date(DeadlineKind.RECURRING, D(2027, 3, 2), cal, recurrence=Recurrence.YEARLY) == D(2027, 12, 31)


@pytest.mark.parametrize(
    "recurrence, d, bounds",
    [
        (Recurrence.MONTHLY, D(2026, 2, 14), (D(2026, 2, 1), D(2026, 2, 28))),
        (Recurrence.QUARTERLY, D(2026, 4, 1), (D(2026, 4, 1), D(2026, 6, 30))),
        (Recurrence.HALF_YEARLY, D(2026, 12, 31), (D(2026, 7, 1), D(2026, 12, 31))),
        (Recurrence.YEARLY, D(2026, 1, 1), (D(2026, 1, 1), D(2026, 12, 31))),
    ],
)
def test_period_bounds(recurrence, d, bounds):
    assert period_bounds(recurrence, d) == bounds


# -- next_period_due -------------------------------------------------------------


def test_next_period_due_from_a_plain_due_date(cal):
    # 30/4 and 1/5 are holidays, then a weekend: April's report is due 4/5.
    assert next_period_due(Recurrence.MONTHLY, D(2026, 3, 31), cal) == D(2026, 5, 4)
    # ... and May's is not skipped: 31/5/2026 Sunday -> Monday 1/6.
    assert next_period_due(Recurrence.MONTHLY, D(2026, 5, 4), cal) == D(2026, 6, 1)
    assert next_period_due(Recurrence.QUARTERLY, D(2026, 3, 31), cal) == D(2026, 6, 30)
    assert next_period_due(Recurrence.HALF_YEARLY, D(2026, 6, 30), cal) == D(2026, 12, 31)
    assert next_period_due(Recurrence.YEARLY, D(2026, 12, 31), cal) == D(2027, 12, 31)
    assert next_period_due(Recurrence.MONTHLY, D(2026, 12, 31), cal) == D(2027, 2, 1)  # 31/1/2027 Sunday


def test_next_period_due_after_a_rolled_due_date_does_not_skip_a_period(cal):
    # January 2026's due date rolled to Monday 2/2: the next is end of February
    # (28/2 Saturday -> Monday 2/3), not end of March.
    assert next_period_due(Recurrence.MONTHLY, D(2026, 2, 2), cal) == D(2026, 3, 2)
    # And from there, end of March.
    assert next_period_due(Recurrence.MONTHLY, D(2026, 3, 2), cal) == D(2026, 3, 31)


def test_next_period_due_from_a_date_inside_a_period_gives_that_period(cal):
    assert next_period_due(Recurrence.QUARTERLY, D(2026, 5, 20), cal) == D(2026, 6, 30)


@settings(deadline=None, max_examples=150)
@given(
    recurrence=st.sampled_from(list(Recurrence)),
    assigned=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
)
def test_occurrences_march_through_consecutive_periods(recurrence, assigned):
    cal = default_calendar()
    first = compute_due_date(DeadlineKind.RECURRING, assigned, cal, recurrence=recurrence)
    second = next_period_due(recurrence, first, cal)
    third = next_period_due(recurrence, second, cal)
    start1, end1 = period_bounds(recurrence, assigned)
    _, end2 = period_bounds(recurrence, end1 + timedelta(days=1))
    _, end3 = period_bounds(recurrence, end2 + timedelta(days=1))
    assert first == cal.roll_forward(end1)
    assert second == cal.roll_forward(end2)
    assert third == cal.roll_forward(end3)
    assert cal.is_working_day(second)


# -- deadline_category --------------------------------------------------------------


@pytest.mark.parametrize(
    "due_on, completed_on, expected",
    [
        (D(2026, 3, 10), D(2026, 3, 9), C.ON_TIME),
        (D(2026, 3, 10), D(2026, 3, 10), C.ON_TIME),  # on the day is on time
        (D(2026, 3, 10), D(2026, 3, 11), C.LATE),
        (None, D(2026, 3, 11), C.ON_TIME),  # finished ongoing task
    ],
)
def test_completed_categories(due_on, completed_on, expected):
    # `today` does not matter once the task is done.
    for today in (D(2026, 1, 1), D(2026, 3, 10), D(2030, 1, 1)):
        assert deadline_category(due_on=due_on, completed_on=completed_on, today=today) == expected
        assert (
            deadline_category(due_on=due_on, completed_on=completed_on, today=today, calendar=default_calendar())
            == expected
        )


def test_open_without_deadline():
    assert deadline_category(due_on=None, completed_on=None, today=D(2026, 3, 10)) == C.NO_DEADLINE


def test_open_overdue():
    assert deadline_category(due_on=D(2026, 3, 10), completed_on=None, today=D(2026, 3, 11)) == C.OVERDUE


@pytest.mark.parametrize(
    "today, expected",
    [
        (D(2026, 3, 13), C.DUE_SOON),  # due today (Friday)
        (D(2026, 3, 12), C.DUE_SOON),  # 1 working day left
        (D(2026, 3, 10), C.DUE_SOON),  # Tue -> Fri: 3 working days
        (D(2026, 3, 9), C.WITHIN),  # Mon -> Fri: 4 working days
        (D(2026, 3, 6), C.WITHIN),  # Fri -> next Fri: 5 working days
        (D(2026, 3, 14), C.OVERDUE),
    ],
)
def test_open_with_calendar(cal, today, expected):
    assert deadline_category(due_on=D(2026, 3, 13), completed_on=None, today=today, calendar=cal) == expected


def test_due_soon_counts_working_days_over_a_weekend(cal):
    # Due Tuesday 17/3/2026; on Thursday 12/3 that is Fri, Mon, Tue = 3 working days.
    due = D(2026, 3, 17)
    assert deadline_category(due_on=due, completed_on=None, today=D(2026, 3, 12), calendar=cal) == C.DUE_SOON
    # Without a calendar it is 5 calendar days: still within.
    assert deadline_category(due_on=due, completed_on=None, today=D(2026, 3, 12)) == C.WITHIN


def test_due_soon_across_tet(cal):
    # Due Tuesday 24/2/2026; on Thursday 12/2 only 13/2, 23/2, 24/2 are working days.
    assert deadline_category(due_on=D(2026, 2, 24), completed_on=None, today=D(2026, 2, 12), calendar=cal) == C.DUE_SOON


@pytest.mark.parametrize(
    "today, expected",
    [
        (D(2026, 3, 13), C.DUE_SOON),
        (D(2026, 3, 10), C.DUE_SOON),  # 3 calendar days
        (D(2026, 3, 9), C.WITHIN),
    ],
)
def test_open_without_calendar_uses_calendar_days(today, expected):
    assert deadline_category(due_on=D(2026, 3, 13), completed_on=None, today=today) == expected


def test_soon_days_is_configurable(cal):
    due = D(2026, 3, 13)
    assert deadline_category(due_on=due, completed_on=None, today=D(2026, 3, 12), soon_days=0, calendar=cal) == C.WITHIN
    assert deadline_category(due_on=due, completed_on=None, today=due, soon_days=0, calendar=cal) == C.DUE_SOON
    assert deadline_category(due_on=due, completed_on=None, today=D(2026, 3, 2), soon_days=10, calendar=cal) == C.DUE_SOON
    with pytest.raises(ValueError):
        deadline_category(due_on=due, completed_on=None, today=due, soon_days=-1)


def test_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        deadline_category(D(2026, 3, 13), None, D(2026, 3, 13))  # type: ignore[misc]


# -- days_overdue / days_left --------------------------------------------------------


def test_days_overdue():
    assert days_overdue(D(2026, 3, 10), D(2026, 3, 10)) == 0
    assert days_overdue(D(2026, 3, 10), D(2026, 3, 1)) == 0
    assert days_overdue(D(2026, 3, 10), D(2026, 3, 11)) == 1
    assert days_overdue(D(2025, 11, 1), D(2026, 3, 2)) == 121  # "quá hạn hơn 120 ngày"
    assert days_overdue(None, D(2026, 3, 11)) == 0


def test_days_left():
    assert days_left(D(2026, 3, 10), D(2026, 3, 10)) == 0
    assert days_left(D(2026, 3, 10), D(2026, 3, 1)) == 9
    assert days_left(D(2026, 3, 10), D(2026, 3, 12)) == -2


@settings(deadline=None, max_examples=200)
@given(
    due=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    today=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    use_calendar=st.booleans(),
)
def test_open_category_agrees_with_day_counts(due, today, use_calendar):
    calendar = WorkCalendar() if use_calendar else None
    category = deadline_category(due_on=due, completed_on=None, today=today, calendar=calendar)
    assert (category is C.OVERDUE) == (days_overdue(due, today) > 0)
    assert (category is C.OVERDUE) == (days_left(due, today) < 0)
    if category is C.DUE_SOON and calendar is None:
        assert 0 <= days_left(due, today) <= DUE_SOON_WORKING_DAYS
