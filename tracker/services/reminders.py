"""The reminder sweep: find in the database what is due on a day and record it, once.

The domain gives the day's plan (``day_plan``: kind, step, deadline) for each policy;
it goes into a temporary table and a handful of INSERT ... SELECT ... ON CONFLICT DO
NOTHING statements join it against ``tasks.due_on`` and the recipients. No Python
loop over tasks, and running the sweep twice (a retry, a second beat) inserts nothing
new. Mails are then queued in the outbox in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select, text

from tracker.domain.calendar import WorkCalendar
from tracker.domain.roles import Role
from tracker.domain.reminders import (
    DEADLINE_STATUSES, DEFAULT_POLICY, ReminderKind, ReminderPolicy, day_plan, upcoming,
)
from tracker.domain.states import PENDING_REMINDER_STATES
from tracker.domain.workflow import TaskStatus
from tracker.models import OutboxMail, Reminder, ReminderPolicy as PolicyRow, SweepRun, Task, TaskEvent
from tracker.timeutil import LOCAL_TZ, utcnow

PENDING_STATES = PENDING_REMINDER_STATES
CATCH_UP_DAYS = 7

_DEADLINE_KINDS = tuple(k.value for k in ReminderKind if k is not ReminderKind.AWAITING_ACCEPTANCE)


@dataclass
class SweepResult:
    day: date
    planned: int = 0
    queued: int = 0
    digests: int = 0


# -- policies -------------------------------------------------------------------

def policy_from_row(row: PolicyRow | None) -> ReminderPolicy:
    if row is None:
        return DEFAULT_POLICY
    days = tuple(int(x) for x in row.before_days.split(",") if x.strip())
    return ReminderPolicy(days, row.overdue_every, row.escalate_after, row.acceptance_after)


def load_policies(session) -> dict[int, ReminderPolicy]:
    """Custom policies by assigning unit id; every other body uses ``DEFAULT_POLICY``."""
    return {r.assigning_unit_id: policy_from_row(r) for r in session.scalars(select(PolicyRow))}


def policy_for_unit(session, unit_id: int) -> ReminderPolicy:
    return policy_from_row(session.scalar(select(PolicyRow).where(PolicyRow.assigning_unit_id == unit_id)))


# -- the sweep --------------------------------------------------------------------

def save_policy(session, unit_id: int, policy: ReminderPolicy, *, actor_id: int | None) -> PolicyRow:
    """Store the reminder policy of one assigning body, and commit."""
    row = session.scalar(select(PolicyRow).where(PolicyRow.assigning_unit_id == unit_id))
    if row is None:
        row = PolicyRow(assigning_unit_id=unit_id)
        session.add(row)
    row.before_days = ",".join(str(n) for n in policy.before_days)
    row.overdue_every, row.escalate_after = policy.overdue_every, policy.escalate_after
    row.acceptance_after, row.updated_by_id = policy.acceptance_after, actor_id
    session.commit()
    return row


def set_mail_mode(session, user_id: int, mode: str) -> None:
    """How a user receives reminder mail (per task, daily digest, off), and commit."""
    from tracker.models import NotificationPref

    pref = session.get(NotificationPref, user_id)
    if pref is None:
        session.add(NotificationPref(user_id=user_id, mode=mode))
    else:
        pref.mode = mode
    session.commit()


def send_time(day: date, hour: str) -> datetime:
    """The configured local hour of ``day`` as naive UTC (what the outbox stores)."""
    hh, mm = (int(x) for x in hour.split(":"))
    local = datetime.combine(day, time(hh, mm), tzinfo=LOCAL_TZ)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _local_date_sql(dialect: str, expr: str) -> str:
    # Asia/Ho_Chi_Minh is UTC+7 all year (no DST), so a fixed offset is exact.
    if dialect == "postgresql":
        return f"CAST(({expr}) + INTERVAL '7 hours' AS DATE)"
    return f"date({expr}, '+7 hours')"


def _fill_triggers(session, day: date, calendar: WorkCalendar, policies: dict[int, ReminderPolicy]) -> bool:
    session.execute(text(
        "CREATE TEMPORARY TABLE IF NOT EXISTS reminder_triggers "
        "(policy_unit_id INTEGER NOT NULL, kind VARCHAR(30) NOT NULL, step INTEGER NOT NULL, ref_date DATE NOT NULL)"))
    session.execute(text("DELETE FROM reminder_triggers"))
    rows = [{"u": 0, "k": t.kind.value, "s": t.step, "d": t.ref_date} for t in day_plan(day, calendar, DEFAULT_POLICY)]
    for unit_id, policy in policies.items():
        rows += [{"u": unit_id, "k": t.kind.value, "s": t.step, "d": t.ref_date}
                 for t in day_plan(day, calendar, policy)]
    if rows:
        session.execute(text("INSERT INTO reminder_triggers (policy_unit_id, kind, step, ref_date) "
                             "VALUES (:u, :k, :s, :d)"), rows)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE reminder_triggers"))
    return bool(rows)


# Recipients of each audience, as (joins, recipient key, user id, unit id, email).
_USER_STATE = ("CASE COALESCE(np.mode, 'task') WHEN 'digest' THEN 'digest' WHEN 'off' THEN 'suppressed' "
               "ELSE 'planned' END")
_AUDIENCE_SQL = {
    # (kinds, unit column the users/address belong to, roles or None for the unit address)
    "lead_users": (("before", "due", "overdue"), "t.lead_unit_id", (Role.UNIT_HEAD, Role.UNIT_OFFICER)),
    "lead_address": (("before", "due", "overdue"), "t.lead_unit_id", None),
    "coord_users": (("before",), "tc.unit_id", (Role.UNIT_HEAD, Role.UNIT_OFFICER)),
    "coord_address": (("before",), "tc.unit_id", None),
    "lead_heads": (("escalate_head",), "t.lead_unit_id", (Role.UNIT_HEAD,)),
    "body_follow_up": (("escalate_body",), "t.assigned_by_unit_id", (Role.SECRETARIAT, Role.LEADER)),
    "body_secretariat": (("awaiting_acceptance",), "t.assigned_by_unit_id", (Role.SECRETARIAT,)),
}


def _insert_sql(dialect: str, audience: str, policy_filter: str) -> str:
    kinds, unit_col, roles = _AUDIENCE_SQL[audience]
    kinds_sql = ", ".join(f"'{k}'" for k in kinds)
    coord_join = "JOIN task_coordinators tc ON tc.task_id = t.id " if unit_col.startswith("tc.") else ""
    if kinds == ("awaiting_acceptance",):
        submitted = ("(SELECT MAX(e.at) FROM task_events e WHERE e.task_id = t.id "
                     "AND e.to_status = 'submitted')")
        task_join = (f"JOIN tasks t ON t.status = 'submitted' "
                     f"AND {_local_date_sql(dialect, submitted)} = tr.ref_date")
    else:
        statuses = ", ".join(f"'{s}'" for s in sorted(DEADLINE_STATUSES))
        task_join = f"JOIN tasks t ON t.due_on = tr.ref_date AND t.status IN ({statuses})"
    if roles is None:
        recipient = (f"JOIN units un ON un.id = {unit_col} AND un.email IS NOT NULL AND un.email <> '' "
                     f"AND un.is_active = :true")
        cols = "'unit:' || un.id, NULL, un.id, un.email, 'planned'"
    else:
        roles_sql = ", ".join(f"'{Role(r).value}'" for r in roles)
        recipient = (f"JOIN users u ON u.unit_id = {unit_col} AND u.role IN ({roles_sql}) AND u.is_active = :true "
                     f"LEFT JOIN notification_prefs np ON np.user_id = u.id")
        cols = f"'user:' || u.id, u.id, NULL, u.email, {_USER_STATE}"
    return (
        "INSERT INTO reminders (task_id, recipient, user_id, unit_id, email, state, kind, step, ref_date, "
        "planned_for, created_at) "
        f"SELECT t.id, {cols}, tr.kind, tr.step, tr.ref_date, :day, :now "
        f"FROM reminder_triggers tr {task_join} {coord_join}{recipient} "
        f"WHERE tr.kind IN ({kinds_sql}) AND {policy_filter} "
        "ON CONFLICT DO NOTHING"
    )


def sweep(session, day: date, calendar: WorkCalendar, *, hour: str = "07:30",
          now: datetime | None = None) -> SweepResult:
    """Record every reminder due on ``day`` and queue its mail; idempotent."""
    now = now or utcnow()
    result = SweepResult(day)
    dialect = session.get_bind().dialect.name
    policies = load_policies(session)
    if _fill_triggers(session, day, calendar, policies):
        custom = ", ".join(str(int(u)) for u in policies) or "0"
        filters = [f"tr.policy_unit_id = 0 AND t.assigned_by_unit_id NOT IN ({custom})"]
        if policies:
            filters.append("tr.policy_unit_id = t.assigned_by_unit_id")
        params = {"day": day, "now": now, "true": True}
        for audience in _AUDIENCE_SQL:
            for flt in filters:
                res = session.execute(text(_insert_sql(dialect, audience, flt)), params)
                result.planned += max(res.rowcount or 0, 0)
    at = send_time(day, hour)
    # One mail per reminder: the outbox's unique reminder_id makes this idempotent too.
    res = session.execute(text(
        "INSERT INTO outbox (dedupe_key, template, reminder_id, user_id, unit_id, to_addr, locale, state, "
        "attempts, not_before, created_at) "
        "SELECT 'r:' || r.id, 'reminder', r.id, r.user_id, r.unit_id, r.email, COALESCE(u.locale, 'vi'), "
        "'pending', 0, :at, :now FROM reminders r LEFT JOIN users u ON u.id = r.user_id "
        "WHERE r.state = 'planned' ON CONFLICT DO NOTHING"), {"at": at, "now": now})
    result.queued = max(res.rowcount or 0, 0)
    session.execute(text("UPDATE reminders SET state = 'queued' WHERE state = 'planned'"))
    # Users who chose the daily digest get one mail per day listing their reminders.
    res = session.execute(text(
        "INSERT INTO outbox (dedupe_key, template, user_id, to_addr, locale, state, attempts, not_before, created_at) "
        "SELECT 'd:' || u.id || ':' || :dkey, 'digest', u.id, u.email, u.locale, 'pending', 0, :at, :now "
        "FROM users u WHERE u.id IN (SELECT r.user_id FROM reminders r WHERE r.state = 'digest' "
        "AND r.planned_for = :day) ON CONFLICT DO NOTHING"),
        {"day": day, "dkey": day.isoformat(), "at": at, "now": now})
    result.digests = max(res.rowcount or 0, 0)
    session.execute(text(
        "INSERT INTO reminder_sweeps (day, finished_at, planned) VALUES (:day, :now, :n) "
        "ON CONFLICT (day) DO UPDATE SET finished_at = excluded.finished_at, "
        "planned = reminder_sweeps.planned + excluded.planned"), {"day": day, "now": now, "n": result.planned})
    session.commit()
    return result


def days_to_sweep(session, today: date, calendar: WorkCalendar) -> list[date]:
    """Today plus any working day of the last week the sweep missed (an outage, a deploy)."""
    last = session.scalar(select(func.max(SweepRun.day)).where(SweepRun.day < today))
    days = []
    if last is not None:
        d = max(last + timedelta(days=1), today - timedelta(days=CATCH_UP_DAYS))
        while d < today:
            if calendar.is_working_day(d):
                days.append(d)
            d += timedelta(days=1)
    return days + [today]


# -- stopping and showing -----------------------------------------------------------

def still_owed(task: Task, reminder: Reminder, submitted_on: date | None = None) -> bool:
    """Whether a recorded reminder still applies to the task as it is now."""
    if reminder.kind == ReminderKind.AWAITING_ACCEPTANCE.value:
        return task.status == TaskStatus.SUBMITTED.value and (submitted_on is None or submitted_on == reminder.ref_date)
    return task.status in DEADLINE_STATUSES and task.due_on == reminder.ref_date


def stop_stale_reminders(session, task: Task) -> int:
    """Cancel pending reminders the task no longer owes (accepted, cancelled, deadline moved)."""
    if task.status not in DEADLINE_STATUSES or task.due_on is None:
        clauses = ["kind <> 'awaiting_acceptance'"]
    else:
        clauses = ["(kind <> 'awaiting_acceptance' AND ref_date <> :due)"]
    if task.status != TaskStatus.SUBMITTED.value:
        clauses.append("kind = 'awaiting_acceptance'")
    pending = ", ".join(f"'{s}'" for s in PENDING_STATES)
    # A queued reminder whose own mail went out is sent (delivery marks the mail alone).
    where = (f"task_id = :tid AND state IN ({pending}) AND ({' OR '.join(clauses)}) AND NOT EXISTS "
             "(SELECT 1 FROM outbox o WHERE o.reminder_id = reminders.id AND o.state = 'sent')")
    params = {"tid": task.id, "due": task.due_on}
    session.execute(text(
        f"UPDATE outbox SET state = 'cancelled', last_error = 'task changed' WHERE state = 'pending' "
        f"AND reminder_id IN (SELECT id FROM reminders WHERE {where})"), params)
    res = session.execute(text(f"UPDATE reminders SET state = 'cancelled' WHERE {where}"), params)
    return max(res.rowcount or 0, 0)


def task_reminders(session, task: Task, *, today: date, calendar: WorkCalendar, limit: int = 50):
    """(upcoming, recorded) for the task page: what will go out and what went out."""
    policy = policy_for_unit(session, task.assigned_by_unit_id)
    submitted_on = None
    if task.status == TaskStatus.SUBMITTED.value:
        at = session.scalar(select(func.max(TaskEvent.at)).where(
            TaskEvent.task_id == task.id, TaskEvent.to_status == TaskStatus.SUBMITTED.value))
        if at is not None:
            submitted_on = at.replace(tzinfo=timezone.utc).astimezone(LOCAL_TZ).date()
    coming = upcoming(due_on=task.due_on, status=task.status, today=today, calendar=calendar,
                      policy=policy, submitted_on=submitted_on, limit=8)
    recorded = session.execute(
        select(Reminder, OutboxMail).outerjoin(OutboxMail, OutboxMail.reminder_id == Reminder.id)
        .where(Reminder.task_id == task.id).order_by(Reminder.planned_for.desc(), Reminder.id.desc()).limit(limit)
    ).all()
    return coming, recorded
