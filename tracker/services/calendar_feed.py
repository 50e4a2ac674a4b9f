"""Calendar feeds: each user's task deadlines as iCalendar (RFC 5545) at a secret URL.

The URL carries a random token; only its SHA-256 is stored (like API tokens). A user has
at most one live token: making a new one revokes the old, and the events that revoke API
tokens (password change, admin reset, deactivation) revoke it too
(tracker/services/sessions.end_user_sessions). The feed lists exactly the open tasks with a
deadline that the user's task list shows (queries/visibility.py, the one rule), as all-day
events on the deadline in force (after extensions), with a UID per task so calendar apps
update an event instead of adding another.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlparse

from sqlalchemy import select, update

from tracker.domain.calendar import WorkCalendar
from tracker.domain.reminders import DEADLINE_STATUSES, DEFAULT_POLICY, ReminderPolicy
from tracker.domain.workflow import OPEN_STATUSES
from tracker.models import CalendarToken, Task, User
from tracker.queries.visibility import visible_tasks
from tracker.timeutil import utcnow

TOKEN_PREFIX = "cal_"
MAX_TOKEN_LENGTH = 100
# At most this many events in one feed (the nearest deadlines first).
MAX_EVENTS = 2000


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def live_token(session, user: User) -> CalendarToken | None:
    return session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id,
                                                      CalendarToken.revoked_at.is_(None))
                          .order_by(CalendarToken.id.desc()).limit(1))


def revoke_calendar_tokens(session, user: User, *, now: datetime | None = None) -> int:
    """Revoke the user's feed URL(s); the caller commits. Returns how many were live."""
    res = session.execute(update(CalendarToken).where(CalendarToken.user_id == user.id,
                                                      CalendarToken.revoked_at.is_(None))
                          .values(revoked_at=now or utcnow()))
    return res.rowcount or 0


def revoke_calendar_feed(session, user: User) -> int:
    """The user withdraws their feed URL: revoke it and commit. Returns how many were live."""
    n = revoke_calendar_tokens(session, user)
    session.commit()
    return n


def regenerate_calendar_token(session, user: User) -> str:
    """A new secret for the user's feed (the old URL stops working); shown once. Commits."""
    revoke_calendar_tokens(session, user)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(CalendarToken(user_id=user.id, prefix=raw[:10], token_hash=_digest(raw)))
    session.commit()
    return raw


def user_for_calendar_token(session, raw: str) -> User | None:
    if not raw or len(raw) > MAX_TOKEN_LENGTH or not raw.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(select(CalendarToken).where(CalendarToken.token_hash == _digest(raw)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        token.last_used_at = now
        session.commit()
    return token.user


def feed_tasks(session, user: User) -> list[Task]:
    """Open tasks with a deadline, as the user's task list scopes them."""
    open_values = sorted(s.value for s in OPEN_STATUSES)
    return list(session.scalars(visible_tasks(user).where(Task.status.in_(open_values), Task.due_on.is_not(None))
                                .order_by(Task.due_on, Task.id).limit(MAX_EVENTS)))


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def before_reminder_days(due_on: date, calendar: WorkCalendar, policy: ReminderPolicy) -> list[date]:
    """The working days the "n working days before the deadline" reminders go out on:
    the n-th working day before the deadline (moved to a working day), for each n of the
    policy — the days on which domain.reminders.reminders_due gives a BEFORE trigger."""
    effective = calendar.roll_forward(due_on)
    out = []
    for n in policy.before_days:
        d, seen = effective, 0
        while seen < n:
            d -= timedelta(days=1)
            if calendar.is_working_day(d):
                seen += 1
        out.append(d)
    return sorted(out)


def build_ics(session, user: User, *, base_url: str, calendar_name: str, task_url, today: date,
              calendar: WorkCalendar, reminder_hour: str = "07:30") -> bytes:
    """The feed, made with the icalendar library. `task_url(id)` gives a task's path.

    Reminder dates: while the unit still owes work (domain DEADLINE_STATUSES), each
    upcoming "before the deadline" reminder of the assigning body's policy is a VALARM
    at the reminder hour of its day."""
    from icalendar import Alarm, Calendar, Event

    from tracker.services.reminders import load_policies, send_time

    base = base_url.rstrip("/")
    host = urlparse(base).hostname or "localhost"
    cal = Calendar()
    cal.add("prodid", "-//Directive Tracker//Theo doi nhiem vu//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    policies, default_policy = load_policies(session), DEFAULT_POLICY
    for t in feed_tasks(session, user):
        ev = Event()
        ev.add("uid", f"task-{t.id}@{host}")
        changed = _utc(t.updated_at or t.created_at)
        ev.add("dtstamp", changed)
        ev.add("last-modified", changed)
        ev.add("sequence", int(t.version or 1))
        ev.add("dtstart", t.due_on)                       # DATE: an all-day event
        ev.add("dtend", t.due_on + timedelta(days=1))
        ev.add("summary", " ".join(t.content.split()))
        url = base + task_url(t.id)
        ev.add("url", url)
        ev.add("description", url)
        ev.add("transp", "TRANSPARENT")
        if t.status in DEADLINE_STATUSES:
            policy = policies.get(t.assigned_by_unit_id, default_policy)
            for day in before_reminder_days(t.due_on, calendar, policy):
                if day < today:
                    continue
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", ev["summary"])
                alarm.add("trigger", _utc(send_time(day, reminder_hour)))
                ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()
