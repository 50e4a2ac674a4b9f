"""Working-day counting over ranges is O(days off in range), not O(days), and equals the
day-by-day count it replaced."""
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.calendar import WorkCalendar, default_calendar
from tracker.domain.deadlines import DeadlineError, compute_due_date, horizon_end


def _slow_count(cal: WorkCalendar, a: date, b: date) -> int:
    """The reference: look at every day."""
    if b < a:
        return -_slow_count(cal, b, a)
    return sum(1 for i in range(1, (b - a).days + 1) if cal.is_working_day(a + timedelta(days=i)))


class CountingCalendar(WorkCalendar):
    """Counts how many single days the range count looks at."""

    calls = 0

    def is_working_day(self, d):
        self.calls += 1
        return super().is_working_day(d)


days = st.dates(min_value=date(1895, 1, 1), max_value=date(2105, 12, 31))


@settings(max_examples=300, deadline=None)
@given(a=days, span=st.integers(-800, 800),
       off=st.lists(days, max_size=15), work=st.lists(days, max_size=15))
def test_fast_count_equals_day_by_day_count(a, span, off, work):
    cal = WorkCalendar(days_off=off, working_days=work)
    b = a + timedelta(days=span)
    assert cal.working_days_between(a, b) == _slow_count(cal, a, b)


@pytest.mark.parametrize("a,b", [(date(2024, 12, 20), date(2027, 2, 15)), (date(2026, 2, 1), date(2026, 3, 1)),
                                 (date(1900, 12, 1), date(1901, 3, 1)), (date(2100, 12, 1), date(2101, 2, 1))])
def test_fast_count_with_tet_schedule(a, b):
    cal = default_calendar()
    assert cal.working_days_between(a, b) == _slow_count(cal, a, b)


def test_counting_looks_only_at_exception_days_not_every_day():
    cal = CountingCalendar(days_off=[date(2026, 3, 2)], working_days=[date(2026, 3, 7)])
    # 7998 years: a day-by-day count would look at ~2.9 million days.
    n = cal.working_days_between(date(2001, 1, 1), date(9999, 12, 30))
    assert cal.calls < 4000  # only holidays (1901–2100), admin days and make-up Saturdays
    assert 2_000_000 < n < 2_100_000
    cal.calls = 0
    assert cal.working_days_between(date(3000, 1, 1), date(9999, 12, 31)) > 0
    assert cal.calls == 0  # no holidays known there: pure arithmetic


def test_roll_forward_does_not_overflow_at_the_end_of_the_calendar():
    cal = WorkCalendar(days_off=[date(9999, 12, 31)])
    assert cal.roll_forward(date(9999, 12, 31)) == date(9999, 12, 31)


def test_horizon_end_and_compute_due_date_limits():
    assert horizon_end(date(2026, 3, 1), 5) == date(2031, 3, 1)
    assert horizon_end(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert horizon_end(date(9998, 1, 1), 5) == date.max
    cal = WorkCalendar()
    latest = horizon_end(date(2026, 3, 2), 5)
    last_working = max(d for d in (latest - timedelta(days=i) for i in range(7)) if cal.is_working_day(d))
    assert compute_due_date("date", date(2026, 3, 2), cal, due_on=last_working, latest=latest) == last_working
    for kw in ({"due_on": date(9999, 12, 31)}, {"due_on": latest + timedelta(days=1)}):
        with pytest.raises(DeadlineError) as e:
            compute_due_date("date", date(2026, 3, 2), cal, latest=latest, **kw)
        assert e.value.code == "due_beyond_horizon"
    with pytest.raises(DeadlineError) as e:
        compute_due_date("working_days", date(2026, 3, 2), cal, days=3000, latest=latest)
    assert e.value.code == "due_beyond_horizon"
    # Saturday 1/3/2031 is the last day allowed; rolled to Monday 3/3 it is beyond.
    assert date(2031, 3, 1).weekday() == 5
    with pytest.raises(DeadlineError):
        compute_due_date("date", date(2026, 3, 1), cal, due_on=date(2031, 3, 1), latest=date(2031, 3, 1))
