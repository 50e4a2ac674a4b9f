"""Why a task was sent back: the latest "returned" event of each returned task."""
from sqlalchemy import func, select

from tracker.models import TaskEvent


def return_reasons(session, task_ids) -> dict[int, TaskEvent]:
    """The latest return event of each task id given (tasks never returned are absent)."""
    ids = list(task_ids)
    if not ids:
        return {}
    latest = (select(func.max(TaskEvent.id)).where(TaskEvent.task_id.in_(ids), TaskEvent.kind == "returned")
              .group_by(TaskEvent.task_id))
    events = session.scalars(select(TaskEvent).where(TaskEvent.id.in_(latest))).all()
    return {e.task_id: e for e in events}
