from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.calendar import (
    DAY_OFF_LABEL,
    DEFAULT_DAYS_OFF,
    WorkCalendar,
    default_calendar,
)

D = date


@pytest.fixture
def cal():
    return WorkCalendar()


@pytest.fixture
def tet_cal():
    return default_calendar()


# -- statutory facts as the `holidays` package (0.108) knows them ------------

STATUTORY_DAYS_OFF = [
    # 2025
    D(2025, 1, 1),  # Tết Dương lịch (Wed)
    *[D(2025, 1, 27) + timedelta(days=i) for i in range(5)],  # Tết 27–31/1 (Mon–Fri)
    D(2025, 4, 7),  # Giỗ Tổ Hùng Vương
    D(2025, 4, 30),
    D(2025, 5, 1),
    D(2025, 5, 2),  # day off swapped with Saturday 26/4/2025
    D(2025, 9, 1),  # Quốc khánh, 2nd day before 2/9
    D(2025, 9, 2),
    # 2026
    D(2026, 1, 1),
    *[D(2026, 2, 16) + timedelta(days=i) for i in range(5)],  # Tết 16–20/2 (Mon–Fri)
    D(2026, 4, 27),  # Giỗ Tổ is Sunday 26/4; observed Monday 27/4
    D(2026, 4, 30),
    D(2026, 5, 1),
    D(2026, 8, 31),  # swapped with Saturday 22/8/2026
    D(2026, 9, 1),
    D(2026, 9, 2),
    D(2026, 11, 24),  # Ngày Văn hóa Việt Nam, new from 2026
    # 2027
    D(2027, 1, 1),
    D(2027, 2, 4),  # 29 Tết (Thu): Tết's Saturday moves to the day before
    D(2027, 2, 5),
    D(2027, 2, 8),
    D(2027, 2, 9),
    D(2027, 2, 10),  # Mùng năm: Tết's Sunday moves to the day after
    D(2027, 4, 16),
    D(2027, 4, 30),
    D(2027, 5, 3),  # 1/5/2027 is a Saturday; observed Monday
    D(2027, 9, 2),
    D(2027, 9, 3),
    D(2027, 11, 24),
]


@pytest.mark.parametrize("d", STATUTORY_DAYS_OFF, ids=str)
def test_statutory_holidays_are_days_off(cal, d):
    assert d.weekday() < 5, "test data: only weekdays prove the holiday rule"
    assert not cal.is_working_day(d)
    assert cal.holiday_name(d)


@pytest.mark.parametrize(
    "d, name",
    [
        (D(2026, 1, 1), "Tết Dương lịch"),
        (D(2026, 2, 16), "Giao thừa Tết Nguyên Đán"),
        (D(2026, 2, 17), "Tết Nguyên Đán"),
        (D(2026, 4, 26), "Ngày Giỗ Tổ Hùng Vương"),
        (D(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
        (D(2026, 4, 30), "Ngày Chiến thắng"),
        (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
        (D(2026, 9, 2), "Quốc khánh"),
        (D(2025, 5, 2), "Ngày nghỉ (thay cho ngày 26/04/2025)"),
    ],
)
def test_holiday_names_are_vietnamese(cal, d, name):
    assert cal.holiday_name(d) == name


def test_giao_thua_eve_2025_and_tet_2027_observed_days(cal):
    assert cal.holiday_name(D(2025, 1, 27)) == "29 Tết"
    assert cal.holiday_name(D(2027, 2, 10)) == "Mùng năm Tết Nguyên Đán"


def test_plain_weekdays_and_weekends(cal):
    assert cal.is_working_day(D(2026, 3, 2))  # Monday
    assert cal.is_working_day(D(2026, 3, 6))  # Friday
    assert not cal.is_working_day(D(2026, 3, 7))  # Saturday
    assert not cal.is_working_day(D(2026, 3, 8))  # Sunday
    assert cal.holiday_name(D(2026, 3, 7)) is None  # a weekend is not a holiday
    assert cal.holiday_name(D(2026, 3, 2)) is None


def test_package_swaps_make_the_saturday_a_working_day(cal):
    # The package lists 2/5/2025 off "thay cho ngày 26/04/2025": 26/4 was worked.
    assert cal.is_working_day(D(2025, 4, 26))
    assert cal.is_working_day(D(2026, 8, 22))
    assert cal.is_working_day(D(2024, 5, 4))
    # Swaps across a year end: 27/12/2014 worked for 2/1/2015.
    assert cal.is_working_day(D(2014, 12, 27))
    assert not cal.is_working_day(D(2015, 1, 2))


def test_holidays_of_any_year_are_computed_on_first_use_and_cached(cal):
    from tracker.domain import calendar as module

    module._statutory_holidays.cache_clear()
    assert not cal.is_working_day(D(2041, 1, 1))  # Tuesday
    assert module._statutory_holidays.cache_info().currsize == 1
    assert not cal.is_working_day(D(2041, 9, 2))  # Monday
    assert module._statutory_holidays.cache_info().hits >= 1


# -- admin overrides -----------------------------------------------------------


def test_default_days_off_is_tet_2026_schedule():
    assert DEFAULT_DAYS_OFF[0] == D(2026, 2, 14)
    assert DEFAULT_DAYS_OFF[-1] == D(2026, 2, 22)
    assert len(DEFAULT_DAYS_OFF) == 9
    assert list(DEFAULT_DAYS_OFF) == sorted(set(DEFAULT_DAYS_OFF))


def test_tet_2026_break_names(tet_cal):
    for d in DEFAULT_DAYS_OFF:
        assert not tet_cal.is_working_day(d)
        assert tet_cal.holiday_name(d)
    assert tet_cal.holiday_name(D(2026, 2, 14)) == "Nghỉ Tết Nguyên Đán"  # Saturday
    assert tet_cal.holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"  # statutory name wins
    assert tet_cal.is_working_day(D(2026, 2, 13))
    assert tet_cal.is_working_day(D(2026, 2, 23))


def test_five_working_days_from_12_feb_2026_cross_tet(tet_cal):
    assert tet_cal.add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 13)
    assert tet_cal.add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 23)
    assert tet_cal.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)
    assert tet_cal.working_days_in(D(2026, 2, 12), D(2026, 2, 26)) == [
        D(2026, 2, 12),
        D(2026, 2, 13),
        D(2026, 2, 23),
        D(2026, 2, 24),
        D(2026, 2, 25),
        D(2026, 2, 26),
    ]


def test_extra_day_off_and_default_label():
    d = D(2026, 3, 10)  # a Tuesday
    cal = WorkCalendar(days_off=[d])
    assert not cal.is_working_day(d)
    assert cal.holiday_name(d) == DAY_OFF_LABEL
    assert cal.days_off == frozenset({d})


def test_days_off_mapping_gives_names():
    d = D(2026, 3, 10)
    cal = WorkCalendar(days_off={d: "Nghỉ bầu cử"})
    assert cal.holiday_name(d) == "Nghỉ bầu cử"


def test_make_up_saturday_counts_as_working_day():
    sat = D(2026, 3, 14)
    cal = WorkCalendar(working_days=[sat])
    assert cal.is_working_day(sat)
    assert cal.holiday_name(sat) is None
    # Friday 13/3 + 1 working day is now Saturday, not Monday.
    assert cal.add_working_days(D(2026, 3, 13), 1) == sat
    assert cal.working_days_between(D(2026, 3, 13), D(2026, 3, 16)) == 2
    assert cal.working_days == frozenset({sat})


def test_working_day_override_beats_holiday_and_day_off():
    d = D(2026, 9, 2)
    assert WorkCalendar(working_days=[d]).is_working_day(d)
    assert WorkCalendar(days_off=[d], working_days=[d]).is_working_day(d)


def test_admin_day_off_beats_package_make_up_saturday():
    d = D(2025, 4, 26)
    assert not WorkCalendar(days_off=[d]).is_working_day(d)


def test_inputs_are_copied():
    days = [D(2026, 3, 10)]
    cal = WorkCalendar(days_off=days)
    days.append(D(2026, 3, 11))
    assert cal.is_working_day(D(2026, 3, 11))


def test_generators_are_accepted():
    cal = WorkCalendar(days_off=(D(2026, 3, 10) + timedelta(days=i) for i in range(2)))
    assert not cal.is_working_day(D(2026, 3, 11))


# -- roll_forward -------------------------------------------------------------


def test_roll_forward(cal, tet_cal):
    assert cal.roll_forward(D(2026, 3, 4)) == D(2026, 3, 4)  # working Wednesday
    assert cal.roll_forward(D(2026, 3, 7)) == D(2026, 3, 9)  # Saturday -> Monday
    assert cal.roll_forward(D(2026, 3, 8)) == D(2026, 3, 9)  # Sunday -> Monday
    # Giỗ Tổ Sunday 26/4 -> observed Monday 27/4 -> Tuesday 28/4.
    assert cal.roll_forward(D(2026, 4, 26)) == D(2026, 4, 28)
    # 30/4 (Thu), 1/5 (Fri), weekend -> Monday 4/5.
    assert cal.roll_forward(D(2026, 4, 30)) == D(2026, 5, 4)
    assert tet_cal.roll_forward(D(2026, 2, 14)) == D(2026, 2, 23)
    # Statutory Tết alone already covers Mon–Fri 16–20/2.
    assert cal.roll_forward(D(2026, 2, 16)) == D(2026, 2, 23)


def test_year_boundary(cal):
    # 31/12/2026 Thursday; 1/1/2027 Friday holiday; weekend -> Monday 4/1/2027.
    assert cal.is_working_day(D(2026, 12, 31))
    assert cal.roll_forward(D(2027, 1, 1)) == D(2027, 1, 4)
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)
    assert cal.working_days_between(D(2026, 12, 31), D(2027, 1, 4)) == 1
    assert cal.working_days_in(D(2026, 12, 31), D(2027, 1, 4)) == [D(2026, 12, 31), D(2027, 1, 4)]
    # 2025 -> 2026: Wednesday 31/12/2025, Thursday 1/1/2026 holiday, Friday works.
    assert cal.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)


# -- add_working_days / working_days_between ----------------------------------


def test_add_working_days_counts_from_the_next_day(cal):
    # Assigned Monday 2/3/2026: 1 working day -> Tuesday.
    assert cal.add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)
    assert cal.add_working_days(D(2026, 3, 2), 5) == D(2026, 3, 9)
    # Assigned on a Saturday: counting starts Sunday, first working day Monday.
    assert cal.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)


def test_add_zero_working_days_rolls_forward(cal):
    assert cal.add_working_days(D(2026, 3, 4), 0) == D(2026, 3, 4)
    assert cal.add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)


def test_add_negative_working_days_is_an_error(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(D(2026, 3, 4), -1)


def test_working_days_between(cal):
    a, b = D(2026, 3, 2), D(2026, 3, 9)  # Monday to next Monday
    assert cal.working_days_between(a, b) == 5
    assert cal.working_days_between(b, a) == -5
    assert cal.working_days_between(a, a) == 0
    # Saturday -> Sunday: no working day.
    assert cal.working_days_between(D(2026, 3, 7), D(2026, 3, 8)) == 0
    # Whole April 2026: 22 weekdays minus 27/4 and 30/4.
    assert cal.working_days_between(D(2026, 3, 31), D(2026, 4, 30)) == 20


def test_working_days_in(cal):
    assert cal.working_days_in(D(2026, 3, 6), D(2026, 3, 9)) == [D(2026, 3, 6), D(2026, 3, 9)]
    assert cal.working_days_in(D(2026, 3, 9), D(2026, 3, 6)) == []
    assert cal.working_days_in(D(2026, 3, 7), D(2026, 3, 7)) == []


def test_working_days_in_a_year(cal):
    # 2026: 261 weekdays; weekday holidays: 1/1, 16–20/2, 27/4, 30/4, 1/5,
    # 31/8, 1/9, 2/9, 24/11 = 13; Saturday 22/8 worked = +1.
    days = cal.working_days_in(D(2026, 1, 1), D(2026, 12, 31))
    assert len(days) == 261 - 13 + 1
    assert cal.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == len(days)


dates = st.dates(min_value=D(1996, 1, 1), max_value=D(2095, 12, 31))
calendars = st.sampled_from(
    [
        WorkCalendar(),
        default_calendar(),
        WorkCalendar(days_off=[D(2026, 3, 10)], working_days=[D(2026, 3, 14), D(2026, 2, 17)]),
    ]
)


@settings(deadline=None, max_examples=200)
@given(cal=calendars, start=dates, n=st.integers(min_value=1, max_value=60))
def test_add_and_between_are_inverse(cal, start, n):
    end = cal.add_working_days(start, n)
    assert cal.is_working_day(end)
    assert end > start
    assert cal.working_days_between(start, end) == n
    assert cal.working_days_between(end, start) == -n
    # Nothing earlier would do: the day before has one working day fewer.
    assert cal.working_days_between(start, end - timedelta(days=1)) == n - 1


@settings(deadline=None, max_examples=200)
@given(cal=calendars, d=dates)
def test_roll_forward_properties(cal, d):
    r = cal.roll_forward(d)
    assert r >= d
    assert cal.is_working_day(r)
    assert cal.working_days_in(d, r) == [r]
    assert cal.roll_forward(r) == r
    assert cal.add_working_days(d, 0) == r


@settings(deadline=None, max_examples=100)
@given(cal=calendars, a=dates, span=st.integers(min_value=0, max_value=90))
def test_between_matches_working_days_in(cal, a, span):
    b = a + timedelta(days=span)
    assert cal.working_days_between(a, b) == len(cal.working_days_in(a + timedelta(days=1), b))
