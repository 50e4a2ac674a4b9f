"""The steps of one workflow action that differ by action: validating its inputs and its
effects besides the state change (split out of services/workflow.py, which orchestrates them).
Every function takes the step being applied; none commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from typing import TYPE_CHECKING

from tracker.domain.actions import ACTIONS
from tracker.domain.calendar import WorkCalendar
from tracker.domain.states import ExtensionStatus
from tracker.domain.workflow import ExtensionError, TaskAction, check_extension, clamp_progress
from tracker.limits import ACTION_NOTE_MAX
from tracker.models import ExtensionRequest, Task, TaskEvent, Unit, User
from tracker.services import ServiceError
from tracker.services.tasks import add_tasks, assign_scope, deadline_latest, deadline_message, horizon_years
from tracker.timeutil import to_local, utcnow

if TYPE_CHECKING:
    from tracker.services.workflow import ActionInput

MAX_NOTE = ACTION_NOTE_MAX

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


def pending_extension(session, task: Task) -> ExtensionRequest | None:
    return session.scalar(select(ExtensionRequest).where(
        ExtensionRequest.task_id == task.id, ExtensionRequest.status == ExtensionStatus.PENDING.value
    ).order_by(ExtensionRequest.id.desc()).limit(1))


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


