"""The working calendar in force: statutory holidays, the default schedule and admin edits."""
from flask import g, has_app_context
from sqlalchemy import select

from tracker.cache import bump_data_version
from tracker.cache import STRUCTURE, memo
from tracker.domain.calendar import DEFAULT_DAYS_OFF, WorkCalendar
from tracker.domain.roles import Action
from tracker.extensions import db
from tracker.models import CalendarDay
from tracker.services import require


def load_calendar(session=None) -> WorkCalendar:
    session = session or db.session
    rows = session.execute(select(CalendarDay)).scalars().all()
    working = {r.day for r in rows if r.is_working}
    off = {r.day for r in rows if not r.is_working} | (set(DEFAULT_DAYS_OFF) - working)
    return WorkCalendar(days_off=off, working_days=working)


def current_calendar() -> WorkCalendar:
    """One calendar per request or task run, read from the database once per data version
    (calendar edits raise it); admin edits show up on the next request."""
    if has_app_context():
        cal = g.get("_work_calendar")
        if cal is None:
            cal = g._work_calendar = memo("calendar", (), load_calendar, kind=STRUCTURE)
        return cal
    return load_calendar()


def set_calendar_day(session, day, *, actor, is_working: bool, note: str | None) -> CalendarDay:
    """Mark one day as a day off or a working day in lieu, and commit."""
    require(actor, Action.MANAGE_CALENDAR)
    row = session.get(CalendarDay, day)
    if row is None:
        row = CalendarDay(day=day)
        session.add(row)
    row.is_working = is_working
    row.note = (note or "").strip()
    bump_data_version(session, structure=True)
    session.commit()
    return row


def delete_calendar_day(session, day, *, actor) -> bool:
    """Drop an adjustment; False when the day had none."""
    require(actor, Action.MANAGE_CALENDAR)
    row = session.get(CalendarDay, day)
    if row is None:
        return False
    session.delete(row)
    bump_data_version(session, structure=True)
    session.commit()
    return True
