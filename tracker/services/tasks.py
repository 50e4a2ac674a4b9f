"""Assigning tasks from a directive, and recording each step in the task's history."""
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.cache import bump_data_version
from tracker.services import report_counts
from tracker.domain.calendar import WorkCalendar
from tracker.domain.deadlines import (
    DEFAULT_HORIZON_YEARS,
    DeadlineError,
    DeadlineKind,
    Recurrence,
    compute_due_date,
    horizon_end,
)
from tracker.domain.roles import Action
from tracker.domain.text import fold, is_blank
from tracker.domain.workflow import Priority, TaskStatus
from tracker.models import Directive, Task, TaskEvent, Unit, User
from tracker.services import ServiceError, notifications, require

DEADLINE_MESSAGES = {
    "due_required": _l("Hãy nhập hạn hoàn thành (dd/mm/yyyy)."),
    "due_before_assigned": _l("Hạn hoàn thành không được trước ngày giao."),
    "days_required": _l("Hãy nhập số ngày làm việc."),
    "days_out_of_range": _l("Số ngày làm việc phải từ 1 đến 3650."),
    "recurrence_required": _l("Hãy chọn chu kỳ định kỳ."),
}


def horizon_years() -> int:
    """DEADLINE_HORIZON_YEARS of the running app (5 unless configured)."""
    return int(current_app.config.get("DEADLINE_HORIZON_YEARS", DEFAULT_HORIZON_YEARS))


def deadline_latest(start: date) -> date:
    """Latest deadline accepted for work assigned or extended on ``start``."""
    return horizon_end(start, horizon_years())


def deadline_message(code: str) -> str:
    """The Vietnamese message for a DeadlineError code."""
    if code == "due_beyond_horizon":
        return _("Hạn hoàn thành không được sau %(n)d năm kể từ ngày giao.", n=horizon_years())
    return str(DEADLINE_MESSAGES.get(code, _("Thời hạn không hợp lệ.")))


@dataclass
class TaskInput:
    content: str
    lead_unit_ids: list[int]
    coordinator_ids: list[int] = field(default_factory=list)
    deadline_kind: str = DeadlineKind.NONE.value
    due_on: date | None = None
    deadline_days: int | None = None
    recurrence: str | None = None
    priority: str = Priority.NORMAL.value
    note: str | None = None


def record_event(session, task: Task, actor: User | None, kind: str, *, note: str | None = None,
                 from_status: str | None = None, to_status: str | None = None,
                 changes: dict | None = None) -> TaskEvent:
    event = TaskEvent(task=task, actor=actor, kind=kind, note=note, from_status=from_status,
                      to_status=to_status, changes=changes)
    session.add(event)
    return event


def _validate(session, item: TaskInput, idx: int, today: date, calendar: WorkCalendar):
    errors, prefix = {}, f"items-{idx}-"
    content = (item.content or "").strip()
    if is_blank(content):
        errors[prefix + "content"] = _("Nội dung nhiệm vụ không được để trống.")
    leads = [session.get(Unit, i) for i in dict.fromkeys(item.lead_unit_ids or [])]
    if not leads or any(u is None or not u.is_active for u in leads):
        errors[prefix + "lead"] = _("Hãy chọn đúng một đơn vị chủ trì (hoặc một nhóm đơn vị).")
    coords = [session.get(Unit, i) for i in dict.fromkeys(item.coordinator_ids or [])]
    if any(u is None or not u.is_active for u in coords):
        errors[prefix + "coordinators"] = _("Đơn vị phối hợp không hợp lệ.")
    due_on = None
    try:
        kind = DeadlineKind(item.deadline_kind)
        recurrence = Recurrence(item.recurrence) if item.recurrence else None
        due_on = compute_due_date(kind, today, calendar, due_on=item.due_on,
                                  days=item.deadline_days, recurrence=recurrence,
                                  latest=deadline_latest(today))
    except DeadlineError as e:
        errors[prefix + "deadline"] = deadline_message(e.code)
    except ValueError:
        errors[prefix + "deadline"] = _("Thời hạn không hợp lệ.")
    try:
        Priority(item.priority)
    except ValueError:
        errors[prefix + "priority"] = _("Mức ưu tiên không hợp lệ.")
    return errors, content, leads, coords, due_on


def assign_scope(session, user: User, assigning_unit: Unit | None) -> set[int] | None:
    """Ids of the units `assigning_unit` may give tasks to; None when any active unit will do
    (an admin). The one place that applies this rule to a write."""
    from tracker.queries.units import assignable_units

    if assigning_unit is None or user.is_admin:
        return None
    return {u.id for u in assignable_units(session, assigning_unit)}


def _prepare(session, user: User, directive: Directive | None, items: list[TaskInput], *,
             today: date, calendar: WorkCalendar, assigning_unit: Unit | None):
    """Check every item; raise ServiceError with all problems, or return what to create."""
    if not items:
        raise ServiceError({"items": _("Hãy nhập ít nhất một nhiệm vụ.")})
    allowed = assign_scope(session, user, assigning_unit)
    errors, prepared = {}, []
    for idx, item in enumerate(items):
        item_errors, content, leads, coords, due_on = _validate(session, item, idx, today, calendar)
        if allowed is not None:
            if leads and any(u is not None and u.id not in allowed for u in leads):
                item_errors.setdefault(f"items-{idx}-lead",
                                       _("Hãy chọn đúng một đơn vị chủ trì (hoặc một nhóm đơn vị)."))
            if any(u is not None and u.id not in allowed for u in coords):
                item_errors.setdefault(f"items-{idx}-coordinators", _("Đơn vị phối hợp không hợp lệ."))
        if assigning_unit is not None and leads and all(u is not None for u in leads):
            # Nobody could ever receive a task the assigning body leads itself: a group
            # leaves it out, a single lead is refused.
            others = [u for u in leads if u.id != assigning_unit.id]
            if not others:
                item_errors.setdefault(f"items-{idx}-lead",
                                       _("Đơn vị chủ trì không được là chính đơn vị giao nhiệm vụ."))
            leads = others
        errors.update(item_errors)
        prepared.append((item, content, leads, coords, due_on))
    if errors:
        raise ServiceError(errors)
    return prepared


def check_tasks(session, user: User, directive: Directive | None, items: list[TaskInput], *,
                today: date, calendar: WorkCalendar) -> dict[str, str]:
    """Every problem `assign_tasks` would refuse these items for; writes nothing."""
    try:
        _prepare(session, user, directive, items, today=today, calendar=calendar,
                 assigning_unit=directive.owner if directive else user.unit)
    except ServiceError as e:
        return e.errors
    return {}


def add_tasks(session, user: User, directive: Directive | None, items: list[TaskInput], *,
              today: date, calendar: WorkCalendar, assigning_unit: Unit) -> list[Task]:
    """Create one task per item, or per unit when an item names a group, each lead and
    coordinating unit within `assigning_unit`'s scope. All or nothing; the calling use case
    has checked who may act and commits."""
    prepared = _prepare(session, user, directive, items, today=today, calendar=calendar,
                        assigning_unit=assigning_unit)
    created = []
    for item, content, leads, coords, due_on in prepared:
        for lead in leads:
            task = Task(
                directive=directive, content=content, search_text=fold(content),
                lead_unit=lead, coordinators=[c for c in coords if c.id != lead.id],
                assigned_by_unit=assigning_unit, assigned_by=user, assigned_on=today,
                deadline_kind=item.deadline_kind, deadline_days=item.deadline_days,
                recurrence=item.recurrence or None, due_on=due_on, original_due_on=due_on,
                priority=item.priority, status=TaskStatus.ASSIGNED.value, note=item.note or None,
            )
            session.add(task)
            report_counts.track_new(session, task)
            event = record_event(session, task, user, "assigned", to_status=TaskStatus.ASSIGNED.value, changes={
                "lead_unit": lead.name,
                "coordinators": [c.name for c in task.coordinators],
                "due_on": due_on.isoformat() if due_on else None,
                "deadline_kind": item.deadline_kind,
            })
            notifications.notify(session, event)  # the lead and coordinators hear of it
            created.append(task)
    return created


def assign_tasks(session, user: User, directive: Directive | None, items: list[TaskInput], *,
                 today: date, calendar: WorkCalendar) -> list[Task]:
    """Assign tasks from a directive on behalf of the body that owns it, and commit.

    Refused (403/404) unless the role table lets `user` assign from this directive;
    every lead and coordinating unit must be one that body may assign to.
    """
    if directive is not None:
        require(user, Action.ASSIGN_TASK, directive)
    else:
        require(user, Action.ASSIGN_TASK)
    created = add_tasks(session, user, directive, items, today=today, calendar=calendar,
                        assigning_unit=directive.owner if directive else user.unit)
    bump_data_version(session, structure=True)
    session.commit()
    return created
