"""What a typed deadline becomes: the one calendar rule, said back to the user before saving.

A deadline on a day off moves to the next working day (Civil Code 2015 art. 148);
"N working days" counts from the day after assignment (art. 147). Both come from
WorkCalendar; this module only reports what it did, so forms can show it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.domain.calendar import WorkCalendar

__all__ = ["DueHint", "resolve_date", "resolve_working_days"]


@dataclass(frozen=True)
class DueHint:
    typed: date | None      # the date typed, or None for "N working days"
    due: date               # the deadline that will be saved
    day_off: str | None     # the holiday's name when the typed date is one
    weekday: int | None     # typed.weekday() when the typed date was a day off

    @property
    def moved(self) -> bool:
        return self.typed is not None and self.due != self.typed


def resolve_date(calendar: WorkCalendar, typed: date) -> DueHint:
    due = calendar.roll_forward(typed)
    if due == typed:
        return DueHint(typed, due, None, None)
    return DueHint(typed, due, calendar.holiday_name(typed), typed.weekday())


def resolve_working_days(calendar: WorkCalendar, start: date, n: int) -> DueHint:
    return DueHint(None, calendar.add_working_days(start, n), None, None)
