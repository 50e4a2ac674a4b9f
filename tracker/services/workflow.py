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
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from tracker.domain.actions import ACTIONS, BULK
from tracker.domain.calendar import WorkCalendar
from tracker.domain.states import ExtensionStatus
from tracker.domain.workflow import (
    CLOSED_STATUSES,
    ActorRelation,
    ExtensionError,
    TaskAction,
    TaskStatus,
    TransitionError,
    actor_relation,
    allowed_actions,
    check_extension,
    clamp_progress,
    transition,
)
from tracker.limits import ACTION_NOTE_MAX
from tracker.models import ExtensionRequest, Task, TaskEvent, Unit, User
from tracker.queries.visibility import can_see_task
from tracker.domain.roles import Action as RoleAction
from tracker.services import ServiceError, require
from tracker.cache import bump_data_version
from tracker.services import notifications, reminders
from tracker.services.tasks import (TaskInput, add_tasks, assign_scope, deadline_latest, deadline_message, horizon_years,
                                    record_event)
from tracker.services.uploads import attachment_path, save_upload
from tracker.timeutil import to_local, utcnow

MAX_NOTE = ACTION_NOTE_MAX

# The action in a sentence ("Bạn không có quyền %(action)s ..."), from its declaration.
ACTION_NAMES = {a: s.name for a, s in ACTIONS.items()}

EXTENSION_MESSAGES = {
    "date_required": _l("Hãy nhập thời hạn mới đề nghị (dd/mm/yyyy)."),
    "no_deadline": _l("Nhiệm vụ không có thời hạn nên không cần gia hạn."),
    "before_today": _l("Thời hạn mới không được trước ngày hôm nay."),
    "not_later": _l("Thời hạn mới phải sau thời hạn hiện tại."),
}


def extension_message(code: str) -> str:
    if code == "beyond_horizon":
        return _("Thời hạn mới không được sau %(n)d năm kể từ hôm nay.", n=horizon_years())
    return str(EXTENSION_MESSAGES[code])


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


def pending_extension(session, task: Task) -> ExtensionRequest | None:
    return session.scalar(select(ExtensionRequest).where(
        ExtensionRequest.task_id == task.id, ExtensionRequest.status == ExtensionStatus.PENDING.value
    ).order_by(ExtensionRequest.id.desc()).limit(1))


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


@dataclass
class _Step:
    """One call of apply_action: what it was asked, and what validation found on the way."""
    session: object
    user: User
    task: Task
    action: TaskAction
    inp: ActionInput
    note: str
    today: date
    calendar: WorkCalendar
    n_open: int = 0
    progress: int | None = None
    pending: ExtensionRequest | None = None
    granted: date | None = None
    new_lead: Unit | None = None


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


# --- validation: the note and progress of every action, then the action's own inputs ---

def _validate_note(step: _Step, errors: dict) -> None:
    decl, note = ACTIONS[step.action], step.note
    if decl.note_required and not note:
        errors["note"] = str(decl.note_missing)
    if step.action is TaskAction.SUBMIT and step.n_open and step.inp.override and not note:
        errors["note"] = _("Hãy nêu lý do gửi kết quả khi còn nhiệm vụ con chưa hoàn thành.")
    if len(note) > MAX_NOTE:
        errors["note"] = _("Nội dung quá dài (tối đa %(n)d ký tự).", n=MAX_NOTE)


def _validate_progress(step: _Step, errors: dict) -> None:
    if "progress" in ACTIONS[step.action].fields and step.inp.progress not in (None, ""):
        try:
            step.progress = clamp_progress(step.inp.progress)
        except (TypeError, ValueError):
            errors["progress"] = _("Tiến độ phải là số nguyên từ 0 đến 100.")
    elif step.action is TaskAction.REPORT:
        errors["progress"] = _("Hãy nhập tiến độ (%% hoàn thành).")


def _validate_request_extension(step: _Step, errors: dict) -> None:
    if pending_extension(step.session, step.task) is not None:
        errors["new_due_on"] = _("Đã có một đề nghị gia hạn đang chờ quyết định.")
        return
    today, new_due_on = step.today, step.inp.new_due_on
    try:
        check_extension(new_due_on, current_due_on=step.task.due_on, today=today, latest=deadline_latest(today))
        if step.calendar.roll_forward(new_due_on) > deadline_latest(today):
            raise ExtensionError("beyond_horizon")
    except ExtensionError as e:
        errors["new_due_on"] = extension_message(e.code)


def _validate_decision(step: _Step, errors: dict) -> None:
    """Approve or reject: there is a pending request (and an approval fits the horizon)."""
    step.pending = pending = pending_extension(step.session, step.task)
    if pending is None:
        errors["_"] = _("Không có đề nghị gia hạn nào đang chờ quyết định.")
    elif (step.action is TaskAction.APPROVE_EXTENSION and step.inp.approved_due_on is None
          and pending.new_due_on > deadline_latest(step.today)):
        # A request made before the horizon rule (or under a longer one) is not approved as is.
        errors["_"] = extension_message("beyond_horizon")


def _validate_approval(step: _Step, errors: dict) -> None:
    _validate_decision(step, errors)
    pending, task, today = step.pending, step.task, step.today
    if pending is None or step.inp.approved_due_on is None:
        return
    step.granted = granted = step.calendar.roll_forward(step.inp.approved_due_on)
    if granted > pending.new_due_on:
        errors["approved_due_on"] = _("Không được gia hạn quá thời hạn đơn vị đề nghị (%(d)s).",
                                      d=pending.new_due_on.strftime("%d/%m/%Y"))
    elif task.due_on is not None and granted <= task.due_on:
        errors["approved_due_on"] = str(EXTENSION_MESSAGES["not_later"])
    elif granted < today:
        errors["approved_due_on"] = str(EXTENSION_MESSAGES["before_today"])
    elif granted > deadline_latest(today):
        errors["approved_due_on"] = extension_message("beyond_horizon")
    elif granted != pending.new_due_on and not step.note:
        errors["note"] = _("Hãy nêu lý do gia hạn đến ngày khác ngày đề nghị.")


def _validate_reassign(step: _Step, errors: dict) -> None:
    session, task, lead_unit_id = step.session, step.task, step.inp.lead_unit_id
    step.new_lead = new_lead = session.get(Unit, lead_unit_id) if lead_unit_id else None
    allowed = assign_scope(session, step.user, task.assigned_by_unit)
    if new_lead is None or not new_lead.is_active or (allowed is not None and new_lead.id not in allowed):
        errors["lead_unit_id"] = _("Hãy chọn đơn vị chủ trì mới.")
    elif new_lead.id == task.assigned_by_unit_id:
        errors["lead_unit_id"] = _("Đơn vị chủ trì không được là chính đơn vị giao nhiệm vụ.")


def _validate_split(step: _Step, errors: dict) -> None:
    session, task, today = step.session, step.task, step.today
    if not step.inp.subtasks:
        errors["subtasks"] = _("Hãy nhập ít nhất một nhiệm vụ con.")
    for i, item in enumerate(step.inp.subtasks):
        for uid in item.lead_unit_ids:
            sub = session.get(Unit, uid)
            if sub is None or sub.id == task.lead_unit_id or not sub.is_within(task.lead_unit):
                errors[f"items-{i}-lead"] = _("Chỉ giao được cho đơn vị cấp dưới của %(unit)s.",
                                              unit=task.lead_unit.name)
        sub_due = step.calendar.roll_forward(item.due_on) if item.due_on is not None else None
        if sub_due is not None and sub_due > deadline_latest(today):
            errors[f"items-{i}-deadline"] = deadline_message("due_beyond_horizon")
        # A part cannot be due after the whole it belongs to.
        elif sub_due is not None and task.due_on is not None and sub_due > task.due_on:
            errors[f"items-{i}-deadline"] = _(
                "Hạn của nhiệm vụ con (%(sub)s) không được sau hạn của nhiệm vụ được giao (%(due)s).",
                sub=sub_due.strftime("%d/%m/%Y"), due=task.due_on.strftime("%d/%m/%Y"))


# The inputs an action takes beyond its note and progress (fields of ACTIONS[action]).
_VALIDATE = {
    TaskAction.REQUEST_EXTENSION: _validate_request_extension,
    TaskAction.APPROVE_EXTENSION: _validate_approval,
    TaskAction.REJECT_EXTENSION: _validate_decision,
    TaskAction.REASSIGN: _validate_reassign,
    TaskAction.SPLIT: _validate_split,
}


def _validate(step: _Step) -> None:
    errors: dict[str, str] = {}
    _validate_note(step, errors)
    _validate_progress(step, errors)
    own = _VALIDATE.get(step.action)
    if own is not None:
        own(step, errors)
    if errors:
        raise ServiceError(errors)


# --- effects: what an action changes besides the state, before its history line is written ---

def _request_extension(step: _Step, changes: dict) -> None:
    new_due = step.calendar.roll_forward(step.inp.new_due_on)
    step.session.add(ExtensionRequest(task=step.task, requested_by=step.user, current_due_on=step.task.due_on,
                                      new_due_on=new_due, reason=step.note))
    changes["requested_due_on"] = new_due.isoformat()


def _approve_extension(step: _Step, changes: dict) -> None:
    pending, task, granted = step.pending, step.task, step.granted
    pending.status, pending.decided_by, pending.decided_at = ExtensionStatus.APPROVED.value, step.user, utcnow()
    pending.decision_note = step.note or None
    if task.original_due_on is None:
        task.original_due_on = task.due_on  # reports keep the deadline first given
    if granted is not None and granted != pending.new_due_on:
        pending.approved_due_on = granted
        changes["requested_due_on"] = pending.new_due_on.isoformat()
    task.due_on = pending.approved_due_on or pending.new_due_on


def _reject_extension(step: _Step, changes: dict) -> None:
    pending = step.pending
    pending.status, pending.decided_by, pending.decided_at = ExtensionStatus.REJECTED.value, step.user, utcnow()
    pending.decision_note = step.note
    changes["requested_due_on"] = pending.new_due_on.isoformat()


def _accept(step: _Step, changes: dict) -> None:
    # Completed on the day the accepted report was submitted, not the day it was reviewed.
    task = step.task
    submitted_at = step.session.scalar(select(TaskEvent.at).where(
        TaskEvent.task_id == task.id, TaskEvent.kind == ACTIONS[TaskAction.SUBMIT].event_kind
    ).order_by(TaskEvent.id.desc()).limit(1))
    task.completed_on = to_local(submitted_at).date() if submitted_at else step.today
    task.progress = 100
    changes["completed_on"] = task.completed_on.isoformat()


def _return(step: _Step, changes: dict) -> None:
    step.task.completed_on = None


def _reassign(step: _Step, changes: dict) -> None:
    task, new_lead = step.task, step.new_lead
    task.lead_unit = new_lead
    task.coordinators = [c for c in task.coordinators if c.id != new_lead.id]


_EFFECTS = {
    TaskAction.REQUEST_EXTENSION: _request_extension,
    TaskAction.APPROVE_EXTENSION: _approve_extension,
    TaskAction.REJECT_EXTENSION: _reject_extension,
    TaskAction.ACCEPT: _accept,
    TaskAction.RETURN: _return,
    TaskAction.REASSIGN: _reassign,
}


def _split(step: _Step, event: TaskEvent) -> None:
    """After the history line: the sub-tasks, linked to the parent and named in the event."""
    task = step.task
    children = add_tasks(step.session, step.user, task.directive, step.inp.subtasks, today=step.today,
                         calendar=step.calendar, assigning_unit=task.lead_unit)
    for child in children:
        child.parent = task
    step.session.flush()
    event.changes = {"children": [c.id for c in children]}


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
        event = _write(step, new_status, written)
        # Side effects of the step, in its transaction (the task is as the step leaves it).
        notifications.notify(session, event)
        reminders.stop_stale_reminders(session, step.task)
        bump_data_version(session, structure=action in (TaskAction.REASSIGN, TaskAction.SPLIT))
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
