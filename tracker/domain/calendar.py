"""Working-day calendar for Vietnamese public administration.

Pure domain code: no clock reads, no database. Callers pass dates in and get
dates out, so reports and reminders can be recomputed for any day.

Rules (see docs DOMAIN.md, "Time"):
- the working week is Monday to Friday;
- statutory public holidays come from the ``holidays`` package (Labour Code
  2019, art. 112, plus the swaps the package knows about);
- the government's yearly civil-service schedule (e.g. Tết 2026: 14/2 to
  22/2) is not in the package, so admins add extra ``days_off`` and make-up
  ``working_days``; the admin's word always wins over the package.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

import holidays

__all__ = ["WorkCalendar", "DEFAULT_DAYS_OFF", "default_calendar", "DAY_OFF_LABEL", "lunar_new_year"]

# Shown for an admin-set day off that carries no name of its own.
DAY_OFF_LABEL = "Ngày nghỉ"

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def lunar_new_year(year: int) -> date | None:
    """The first day of Tết Nguyên đán in ``year`` (the package's lunar calendar), None outside its years."""
    lo, hi = _statutory_year_range()
    if not lo <= year <= hi:
        return None
    return next((d for d, name in _statutory_holidays(year).items() if name in ("Tết Nguyên Đán", "Lunar New Year")), None)


@lru_cache(maxsize=None)
def _statutory_holidays(year: int) -> Mapping[date, str]:
    """VN public holidays of one year, Vietnamese names when available.

    Cached per year and shared by every calendar: the statutory days do not
    depend on admin settings, and building them involves lunar arithmetic.
    """
    try:
        found = holidays.country_holidays("VN", years=year, language="vi")
    except (NotImplementedError, ValueError, KeyError):  # pragma: no cover - old package
        found = holidays.country_holidays("VN", years=year)
    return dict(found.items())


def _statutory_year_range() -> tuple[int, int]:
    """Years the package has VN holidays for (1901–2100 in 0.108); none outside.

    Counting over a long range asks only for these years, so a deadline in
    year 9999 costs no more than one in 2100.
    """
    try:
        from holidays.countries.vietnam import Vietnam

        return int(Vietnam.start_year), int(Vietnam.end_year)
    except Exception:  # pragma: no cover - defensive against package changes
        return 1901, 2100


@lru_cache(maxsize=None)
def _statutory_sorted(year: int) -> tuple[date, ...]:
    return tuple(sorted(_statutory_holidays(year)))


@lru_cache(maxsize=1)
def _package_makeup_days() -> frozenset[date]:
    return frozenset(_package_swaps())


@lru_cache(maxsize=1)
def _package_swaps() -> dict[date, date]:
    """Saturdays the package says were worked in exchange for a day off.

    The package lists swaps such as 2/5/2025 off "thay cho ngày 26/04/2025"
    but only exposes the day off; the worked Saturday lives in the country's
    static-holiday table. Without it the calendar would count the day off
    but not the make-up day. Read defensively: if a future release changes
    the table's shape we lose only these few Saturdays, not the calendar.
    """
    try:
        from holidays.countries.vietnam import VietnamStaticHolidays

        table = VietnamStaticHolidays.special_public_holidays
        days: dict[date, date] = {}
        for year, entries in table.items():
            if entries and not isinstance(entries[0], tuple):
                entries = (entries,)
            for entry in entries:
                # (off_month, off_day, worked_month, worked_day[, worked_year])
                if len(entry) not in (4, 5):
                    continue
                worked_year = entry[4] if len(entry) == 5 else year
                days[date(worked_year, entry[2], entry[3])] = date(year, entry[0], entry[1])
        return days
    except Exception:  # pragma: no cover - defensive against package changes
        return {}


@lru_cache(maxsize=1)
def _package_makeup_sorted() -> tuple[date, ...]:
    return tuple(sorted(_package_makeup_days()))


def _weekdays_between(start: date, end: date) -> int:
    """Mondays to Fridays in [start, end], both included; 0 if end < start."""
    n = (end - start).days + 1
    if n <= 0:
        return 0
    weeks, rest = divmod(n, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (first + i) % 7 < _SATURDAY)


class WorkCalendar:
    """Decides which days are working days and counts periods over them."""

    def __init__(
        self,
        days_off: Iterable[date] | Mapping[date, str] = (),
        working_days: Iterable[date] = (),
    ) -> None:
        # A mapping lets the admin name the day ("Nghỉ Tết Nguyên Đán");
        # a plain iterable of dates is enough for the rule itself.
        if isinstance(days_off, Mapping):
            self._days_off: dict[date, str] = {d: (n or DAY_OFF_LABEL) for d, n in days_off.items()}
        else:
            self._days_off = {d: DAY_OFF_LABEL for d in days_off}
        self._working_days = frozenset(working_days)
        # Sorted copies for range counting by bisection (O(exceptions), not O(days)).
        self._days_off_sorted = sorted(self._days_off)
        self._working_days_sorted = sorted(self._working_days)

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(days_off={len(self._days_off)} days, "
            f"working_days={len(self._working_days)} days)"
        )

    @property
    def days_off(self) -> frozenset[date]:
        return frozenset(self._days_off)

    @property
    def working_days(self) -> frozenset[date]:
        return self._working_days

    # -- single days ---------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        # Admin settings first: they encode the government's actual schedule.
        if d in self._working_days:
            return True
        if d in self._days_off:
            return False
        if d in _statutory_holidays(d.year):
            return False
        if d.weekday() >= _SATURDAY:
            return d in _package_makeup_days()
        return True

    def holiday_name(self, d: date) -> str | None:
        """Name of the holiday or day off on ``d``; None on working days and plain weekends."""
        if self.is_working_day(d):
            return None
        name = _statutory_holidays(d.year).get(d)
        if name is not None:
            return name
        return self._days_off.get(d)

    def makeup_days(self, year: int) -> list[tuple[date, date | None]]:
        """Weekend days worked in ``year`` by the statutory schedule, with the day off each
        one pays for: [(22/08/2026, 31/08/2026)]. Admin-set days are listed by the caller."""
        return sorted((w, off) for w, off in _package_swaps().items()
                      if w.year == year and w not in self._days_off and self.is_working_day(w))

    # -- periods ---------------------------------------------------------

    def roll_forward(self, d: date) -> date:
        """``d`` if it is a working day, else the next working day (Civil Code art. 148).

        Stops at ``date.max`` rather than overflow: a stored far-future date
        must still render.
        """
        while not self.is_working_day(d) and d < date.max:
            d += _ONE_DAY
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (Civil Code art. 147: counting starts the next day).

        ``n == 0`` means "no extra time": the deadline is ``start`` itself,
        moved to a working day if needed.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return self.roll_forward(start)
        d = start
        while n:
            d += _ONE_DAY
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b; the negated count when b < a.

        Half-open on the left so it is the inverse of ``add_working_days``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        if a == b:
            return 0
        return self._count_working_days(a + _ONE_DAY, b)

    def _exception_days(self, start: date, end: date) -> set[date]:
        """Days in [start, end] where the calendar may differ from "Monday to Friday".

        Admin days off and working days, statutory holidays and the package's
        make-up Saturdays: every other day is a working day iff it is a weekday.
        """
        found: set[date] = set()
        for days in (self._days_off_sorted, self._working_days_sorted, _package_makeup_sorted()):
            found.update(days[bisect_left(days, start):bisect_right(days, end)])
        first, last = _statutory_year_range()
        for year in range(max(start.year, first), min(end.year, last) + 1):
            days = _statutory_sorted(year)
            found.update(days[bisect_left(days, start):bisect_right(days, end)])
        return found

    def _count_working_days(self, start: date, end: date) -> int:
        """Working days in [start, end] (start <= end), in O(exceptions in range).

        Weekdays are counted arithmetically; then each exception day found by
        bisection corrects the count by its actual status.
        """
        count = _weekdays_between(start, end)
        for d in self._exception_days(start, end):
            count += int(self.is_working_day(d)) - int(d.weekday() < _SATURDAY)
        return count

    def working_days_in(self, start: date, end: date) -> list[date]:
        """Working days from ``start`` to ``end``, both included; empty if end < start."""
        days = []
        d = start
        while d <= end:
            if self.is_working_day(d):
                days.append(d)
            d += _ONE_DAY
        return days


# Tết Bính Ngọ 2026 for officials and civil servants: Saturday 14/2 to Sunday
# 22/2 inclusive. The package already has the five statutory days (16–20/2);
# the surrounding weekend days are listed too so the whole break is named.
DEFAULT_DAYS_OFF: tuple[date, ...] = tuple(date(2026, 2, 14) + timedelta(days=i) for i in range(9))

_TET_2026_LABEL = "Nghỉ Tết Nguyên Đán"


def default_calendar() -> WorkCalendar:
    """Calendar with the known civil-service schedule (``DEFAULT_DAYS_OFF``)."""
    return WorkCalendar(days_off={d: _TET_2026_LABEL for d in DEFAULT_DAYS_OFF})
