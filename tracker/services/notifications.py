"""In-app notifications (the bell): one row per user per task event that concerns them.

Rows are written by ``notify(session, event)``, which each use case that records a
task event calls in its own transaction (the workflow, add_tasks, the demo data), so
a rolled-back action notifies nobody and reading the use case shows who hears of it.
"""
from sqlalchemy import func, select, update

from tracker.cache import local_bumps
from tracker.domain.actions import ACTIONS, ASSIGNER, COORDINATORS, LEAD
from tracker.models import Notification, TaskEvent, User
from tracker.timeutil import utcnow

_LEAD, _ASSIGNER, _COORD = LEAD, ASSIGNER, COORDINATORS

# Who hears about which event kind: a new task here, every workflow step from its declaration.
AUDIENCE: dict[str, tuple[str, ...]] = {
    # Coordinating units have work to do too: they hear of a new task with the lead.
    "assigned": (_LEAD, _COORD),
    **{s.event_kind: s.audience for s in ACTIONS.values() if s.audience},
}


def _unit_ids(task, audience: tuple[str, ...]) -> set[int]:
    ids: set[int] = set()
    if _LEAD in audience:
        ids.add(task.lead_unit.id if task.lead_unit is not None else task.lead_unit_id)
    if _ASSIGNER in audience:
        ids.add(task.assigned_by_unit.id if task.assigned_by_unit is not None else task.assigned_by_unit_id)
    if _COORD in audience:
        ids.update(u.id for u in task.coordinators)
    ids.discard(None)
    return ids


def notify(session, ev: TaskEvent) -> int:
    """Add a notification for every active user of the units the event concerns (not the
    actor). Call once the task is as the event leaves it (new lead, coordinators); the
    caller commits."""
    task = ev.task
    if ev.kind not in AUDIENCE or task is None:
        return 0
    units = _unit_ids(task, AUDIENCE[ev.kind])
    if not units:
        return 0
    actor_id = ev.actor.id if ev.actor is not None else ev.actor_id
    with session.no_autoflush:
        users = session.execute(
            select(User.id).where(User.unit_id.in_(units), User.is_active_flag.is_(True))
        ).scalars().all()
    added = 0
    for uid in users:
        if uid != actor_id:
            session.add(Notification(user_id=uid, task=task, event=ev, kind=ev.kind))
            added += 1
    return added


def unread_count_of(user_id):
    """The count of a user's unread notices as a scalar subquery: the login session's one
    statement reads it with the user (services/sessions.py), so the bell costs no statement."""
    return (select(func.count(Notification.id))
            .where(Notification.user_id == user_id, Notification.read_at.is_(None)).scalar_subquery())


def unread_count(session, user) -> int:
    """The bell's count: the one read with the login session when this process has written
    nothing since (a notice read or sent in this request is counted again)."""
    loaded = getattr(user, "unread_at_load", None)
    if loaded is not None and loaded[0] == local_bumps():
        return loaded[1]
    return session.scalar(select(unread_count_of(user.id))) or 0


def recent(session, user, limit: int = 50) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.user_id == user.id)
                                .order_by(Notification.id.desc()).limit(limit)).all())


def mark_read(session, user, notification_id: int | None = None, *, task_id: int | None = None) -> int:
    """Mark one notice, those of one task, or all of the user's notices read; returns how many."""
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    if task_id is not None:
        stmt = stmt.where(Notification.task_id == task_id)
    n = session.execute(stmt.values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    session.commit()
    user.unread_at_load = None  # the bell of this request counts again
    return n or 0
