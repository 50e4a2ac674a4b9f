"""The statutory make-up working days the calendar page lists beside the days off they pay for."""
from datetime import date

from tracker.domain.calendar import WorkCalendar


def test_makeup_saturday_is_listed_with_its_day_off():
    cal = WorkCalendar()
    assert cal.makeup_days(2026) == [(date(2026, 8, 22), date(2026, 8, 31))]
    assert cal.is_working_day(date(2026, 8, 22)) and not cal.is_working_day(date(2026, 8, 31))
    assert cal.makeup_days(2025) == [(date(2025, 4, 26), date(2025, 5, 2))]


def test_an_admin_day_off_on_the_makeup_saturday_removes_it():
    cal = WorkCalendar(days_off={date(2026, 8, 22): "Nghỉ theo quyết định của tỉnh"})
    assert cal.makeup_days(2026) == []
