"""Units carry tasks out: one use case, apply_action, for every step of the workflow.

It loads the task, checks that the caller saw the current version, asks the
domain table whether the step is allowed, writes the change and its history, and
commits once. Two people acting on one task never overwrite each other: the
expected version is checked here, and the UPDATE itself carries the version
(SQLAlchemy version_id_col), so a race lost between the check and the write
fails too (StaleDataError) and nothing of the loser is kept.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from tracker.domain.actions import ACTIONS, BULK
from tracker.domain.calendar import WorkCalendar
from tracker.domain.workflow import (
    CLOSED_STATUSES,
    ActorRelation,
    TaskAction,
    TaskStatus,
    TransitionError,
    actor_relation,
    allowed_actions,
    transition,
)
from tracker.models import Task, TaskEvent, User
from tracker.queries.visibility import can_see_task
from tracker.domain.roles import Action as RoleAction
from tracker.services import ServiceError, require
from tracker.cache import bump_data_version
from tracker.services import report_counts
from tracker.services import notifications, reminders
from tracker.services.tasks import (TaskInput, record_event)
from tracker.services.uploads import attachment_path, save_upload
from tracker.services.workflow_steps import (  # noqa: F401  (re-exported: pages and API use them)
    EXTENSION_MESSAGES, MAX_NOTE, _EFFECTS, _split, _Step, _validate, extension_message, pending_extension)
from tracker.timeutil import to_local, utcnow


# The action in a sentence ("Bạn không có quyền %(action)s ..."), from its declaration.
ACTION_NAMES = {a: s.name for a, s in ACTIONS.items()}

@dataclass
class ActionInput:
    action: str
    version: int | None
    note: str = ""
    progress: int | str | None = None
    new_due_on: date | None = None
    override: bool = False          # head submits a parent with open sub-tasks
    lead_unit_id: int | None = None  # reassign
    approved_due_on: date | None = None  # approve_extension at another date (no later than requested)
    files: list = field(default_factory=list)
    subtasks: list[TaskInput] = field(default_factory=list)
    indicator_values: dict[int, str] = field(default_factory=dict)  # chỉ tiêu reported with this step


def relation_of(user: User, task: Task) -> ActorRelation:
    uid = user.unit_id
    return actor_relation(
        user.role, is_admin=user.is_admin,
        in_assigner=task.assigned_by_unit_id == uid,
        in_lead=task.lead_unit_id == uid,
        in_coordinator=any(c.id == uid for c in task.coordinators),
    )


def open_children(session, task: Task) -> int:
    closed = [s.value for s in CLOSED_STATUSES]
    return session.scalar(select(func.count(Task.id)).where(
        Task.parent_id == task.id, Task.status.notin_(closed))) or 0


def available_actions(session, user: User, task: Task) -> list[TaskAction]:
    """What the user may do now: the buttons of the task page, the API's `actions`."""
    rel = relation_of(user, task)
    acts = allowed_actions(task.status, rel, officers_may_submit=task.lead_unit.officers_may_submit)
    pending = None
    if TaskAction.REQUEST_EXTENSION in acts or TaskAction.APPROVE_EXTENSION in acts:
        pending = pending_extension(session, task)
    if pending is not None:
        acts = [a for a in acts if a is not TaskAction.REQUEST_EXTENSION]
    else:
        acts = [a for a in acts if a not in (TaskAction.APPROVE_EXTENSION, TaskAction.REJECT_EXTENSION)]
        if task.due_on is None:
            acts = [a for a in acts if a is not TaskAction.REQUEST_EXTENSION]
    return acts


def stale_message(session, task_id: int) -> str:
    last = session.scalar(select(TaskEvent).where(TaskEvent.task_id == task_id).order_by(TaskEvent.id.desc()).limit(1))
    if last is None:
        return _("Nhiệm vụ vừa được người khác thay đổi. Vui lòng tải lại trang.")
    return _("Nhiệm vụ vừa được %(name)s thay đổi lúc %(time)s. Vui lòng tải lại trang để xem thay đổi rồi thao tác lại.",
             name=last.actor.name if last.actor else _("hệ thống"), time=to_local(last.at).strftime("%H:%M %d/%m/%Y"))


def _transition_error(e: TransitionError, task: Task) -> ServiceError:
    from tracker import labels  # shared with pages and mails

    if e.code == "forbidden":
        return ServiceError(_("Bạn không có quyền %(action)s nhiệm vụ này.", action=ACTION_NAMES[e.action]), 403)
    if e.code == "head_must_submit":
        return ServiceError(_("Chỉ lãnh đạo đơn vị được gửi báo cáo kết quả; đơn vị chưa cho phép cán bộ gửi trực tiếp."),
                            403)
    if e.code == "children_open":
        return ServiceError({"override": _(
            "Còn nhiệm vụ con chưa hoàn thành. Chỉ lãnh đạo đơn vị được gửi kết quả khi đó, "
            "bằng cách chọn “Gửi dù còn nhiệm vụ con” và ghi rõ lý do.")}, 409)
    if task.status == TaskStatus.CANCELLED.value:
        return ServiceError(_("Nhiệm vụ đã bị hủy, không thể %(action)s.", action=ACTION_NAMES[e.action]), 409)
    return ServiceError(_("Không thể %(action)s khi nhiệm vụ đang ở trạng thái “%(status)s”.",
                          action=ACTION_NAMES[e.action], status=labels.STATUS[task.status]), 409)


def load_task_for(session, user: User, task_id: int) -> Task:
    """The task if the user may see it; another unit's task is simply not found."""
    task = session.get(Task, task_id, populate_existing=True)
    if task is None or not can_see_task(user, task):
        raise ServiceError(_("Không tìm thấy nhiệm vụ."), 404)
    require(user, RoleAction.VIEW_TASK, task)
    return task


def _parse_action(inp: ActionInput) -> TaskAction:
    try:
        return TaskAction(inp.action)
    except ValueError:
        raise ServiceError({"action": _("Thao tác không hợp lệ.")}) from None


def _check_actor_and_version(session, user: User, task: Task, action: TaskAction, inp: ActionInput) -> ActorRelation:
    rel = relation_of(user, task)
    if rel is ActorRelation.OTHER:
        raise ServiceError(_("Bạn không có quyền %(action)s nhiệm vụ này.", action=ACTION_NAMES[action]), 403)
    if inp.version is None:
        raise ServiceError({"version": _("Thiếu phiên bản của nhiệm vụ; hãy tải lại trang.")})
    if int(inp.version) != task.version:
        raise ServiceError(stale_message(session, task.id), 409)
    return rel


def _new_status(step: _Step, rel: ActorRelation) -> TaskStatus:
    """The domain table's answer, with the facts it needs read from the database."""
    session, task, action = step.session, step.task, step.action
    before_pause = None
    if action is TaskAction.RESUME:
        before_pause = session.scalar(select(TaskEvent.from_status).where(
            TaskEvent.task_id == task.id, TaskEvent.kind == ACTIONS[TaskAction.PAUSE].event_kind
        ).order_by(TaskEvent.id.desc()).limit(1))
    step.n_open = open_children(session, task) if action is TaskAction.SUBMIT else 0
    try:
        return transition(task.status, action, rel, officers_may_submit=task.lead_unit.officers_may_submit,
                          open_children=step.n_open, override=bool(step.inp.override),
                          status_before_pause=before_pause)
    except TransitionError as e:
        raise _transition_error(e, task) from None


def _snapshot(task: Task) -> dict:
    return {"status": task.status, "progress": task.progress,
            "due_on": task.due_on.isoformat() if task.due_on else None, "lead_unit": task.lead_unit.name}


def _write(step: _Step, new_status: TaskStatus, written: list[str]) -> TaskEvent:
    """Change the task, write its history line, files, sub-tasks and indicator values (no commit)."""
    session, task, user, inp = step.session, step.task, step.user, step.inp
    old = _snapshot(task)
    changes: dict = {}
    effect = _EFFECTS.get(step.action)
    if effect is not None:
        effect(step, changes)
    if step.progress is not None:
        task.progress = step.progress
    task.status = new_status.value
    task.updated_at = utcnow()  # every step bumps the version, even one that changes no column
    new = _snapshot(task)
    changes.update({k: [old[k], new[k]] for k in old if old[k] != new[k]})

    event = record_event(session, task, user, ACTIONS[step.action].event_kind, note=step.note or None,
                         from_status=old["status"], to_status=task.status, changes=changes or None)
    event.task_version = task.version + 1
    for storage in inp.files or []:
        if storage is not None and getattr(storage, "filename", None):
            att = save_upload(session, storage, user, task=task, event=event)
            written.append(att.stored_name)
    if step.action is TaskAction.SPLIT:
        _split(step, event)
    if inp.indicator_values:
        from tracker.services.indicators import add_action_values
        session.flush()
        add_action_values(session, user, task, inp.indicator_values, event, today=step.today)
    return event


def apply_action(session, user: User, task_id: int, inp: ActionInput, *, today: date,
                 calendar: WorkCalendar) -> TaskEvent:
    """Do one workflow step on one task, or raise ServiceError and change nothing.

    Load, check who acts and on which version, ask the domain table, validate the
    inputs the action's declaration names, then write everything and commit once.
    """
    action = _parse_action(inp)
    task = load_task_for(session, user, task_id)
    rel = _check_actor_and_version(session, user, task, action, inp)
    step = _Step(session, user, task, action, inp, (inp.note or "").strip(), today, calendar)
    new_status = _new_status(step, rel)
    _validate(step)

    written: list[str] = []
    try:
        report_counts.track(session, [task.id])  # the facts reports count, before the step
        event = _write(step, new_status, written)
        # Side effects of the step, in its transaction (the task is as the step leaves it).
        notifications.notify(session, event)
        reminders.stop_stale_reminders(session, step.task)
        # A step changes its task and what hangs from it: only the pages of those who may see the
        # task are recomputed (scoped); a move, a split or indicator values reach further.
        structure = action in (TaskAction.REASSIGN, TaskAction.SPLIT)
        bump_data_version(session, structure=structure, scoped=not structure and not inp.indicator_values)
        session.commit()
    except StaleDataError:
        session.rollback()
        _remove(written)
        raise ServiceError(stale_message(session, task_id), 409) from None
    except Exception:
        session.rollback()
        _remove(written)
        raise
    return event


def _remove(stored_names: list[str]) -> None:
    from tracker.models import Attachment

    for name in stored_names:
        try:
            os.remove(attachment_path(Attachment(stored_name=name)))
        except OSError:
            pass


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)


def apply_bulk(session, user: User, action: str, items: list[tuple[int, int | None]], *, note: str = "",
               today: date, calendar: WorkCalendar) -> BulkResult:
    """The same step on several tasks; each succeeds or fails on its own (its own commit)."""
    result = BulkResult()
    if action not in (a.value for a in BULK):
        raise ServiceError({"action": _("Thao tác không hợp lệ.")})
    if not items:
        raise ServiceError({"task_ids": _("Hãy chọn ít nhất một nhiệm vụ.")})
    if action == TaskAction.RETURN.value and not (note or "").strip():
        raise ServiceError({"note": _("Hãy nêu lý do trả lại.")})
    for task_id, version in items:
        try:
            apply_action(session, user, task_id, ActionInput(action=action, version=version, note=note),
                         today=today, calendar=calendar)
        except ServiceError as e:
            result.failed[task_id] = "; ".join(e.errors.values())
        else:
            result.done.append(task_id)
    return result
