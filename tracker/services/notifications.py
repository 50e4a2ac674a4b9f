"""In-app notifications (the bell): one row per user per task event that concerns them.

Rows are written in the same flush as the event they announce, by one listener,
so every path that records history (the workflow, assign_tasks, imports) notifies
the same way and a rolled-back action notifies nobody.
"""
from sqlalchemy import event as sa_event
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

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


def _before_flush(session, flush_context, instances) -> None:
    events = [obj for obj in session.new if isinstance(obj, TaskEvent) and obj.kind in AUDIENCE]
    if not events:
        return
    with session.no_autoflush:
        for ev in events:
            task = ev.task
            if task is None:
                continue
            units = _unit_ids(task, AUDIENCE[ev.kind])
            if not units:
                continue
            actor_id = ev.actor.id if ev.actor is not None else ev.actor_id
            users = session.execute(
                select(User.id).where(User.unit_id.in_(units), User.is_active_flag.is_(True))
            ).scalars().all()
            for uid in users:
                if uid != actor_id:
                    session.add(Notification(user_id=uid, task=task, event=ev, kind=ev.kind))


sa_event.listen(Session, "before_flush", _before_flush)


def unread_count(session, user) -> int:
    return session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


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
    return n or 0
