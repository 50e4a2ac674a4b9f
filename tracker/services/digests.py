"""Digests: the daily one for users who chose it (queued by the sweep) and the Monday
one for every unit head: the unit's open, due-soon and overdue tasks.

"Open" here is the reminders' rule (domain.reminders.DEADLINE_STATUSES): the tasks the unit
still owes work on against their deadline. A paused, refused or submitted task is waiting
on the assigning body: it gets no reminder, so the digest does not list it as overdue either
(the reports still count it among the open tasks, as official reports do)."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, text

from tracker.domain.deadlines import DeadlineCategory, deadline_category
from tracker.domain.reminders import DEADLINE_STATUSES
from tracker.domain.roles import Role
from tracker.models import OutboxMail, Task, Unit, User
from tracker.services.reminders import send_time
from tracker.timeutil import fmt_date, utcnow

def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def enqueue_weekly(session, day: date, *, hour: str = "07:30", force: bool = False) -> int:
    """On Mondays, one weekly digest per active unit head (idempotent per ISO week)."""
    if day.weekday() != 0 and not force:
        return 0
    res = session.execute(text(
        "INSERT INTO outbox (dedupe_key, template, user_id, unit_id, to_addr, locale, state, attempts, "
        "not_before, created_at) "
        "SELECT 'w:' || u.id || ':' || :week, 'weekly', u.id, u.unit_id, u.email, u.locale, 'pending', 0, :at, :now "
        "FROM users u LEFT JOIN notification_prefs np ON np.user_id = u.id "
        "WHERE u.role = :head AND u.is_active = :true AND COALESCE(np.mode, 'task') <> 'off' "
        "ON CONFLICT DO NOTHING"),
        {"week": week_key(day), "at": send_time(day, hour), "now": utcnow(), "true": True,
         "head": Role.UNIT_HEAD.value})
    session.commit()
    return max(res.rowcount or 0, 0)


def weekly_context(session, row: OutboxMail, today: date) -> dict:
    from tracker.services.calendar import load_calendar

    unit = session.get(Unit, row.unit_id) if row.unit_id else session.get(User, row.user_id).unit
    cal = load_calendar(session)
    tasks = session.scalars(select(Task).where(Task.lead_unit_id == unit.id, Task.status.in_(sorted(DEADLINE_STATUSES)))
                            .order_by(Task.due_on.is_(None), Task.due_on, Task.id)).all()
    over, soon, other = [], [], []
    for t in tasks:
        cat = deadline_category(due_on=t.due_on, completed_on=None, today=today, calendar=cal)
        (over if cat is DeadlineCategory.OVERDUE else soon if cat is DeadlineCategory.DUE_SOON else other).append(t)
    week_start = today - timedelta(days=today.weekday())
    return {
        "unit": unit, "open_count": len(tasks), "overdue": over, "due_soon": soon,
        "sections": [(_("Quá hạn"), over), (_("Sắp đến hạn"), soon), (_("Đang thực hiện trong hạn, không thời hạn"), other)],
        "week_start": fmt_date(week_start),
    }
