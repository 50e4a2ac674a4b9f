"""Turning reviewed rows into tasks: each row checked, the errors shown on their rows."""

from __future__ import annotations


from flask_babel import gettext as _
from flask_login import current_user

from tracker.domain.deadlines import DeadlineKind
from tracker.extensions import db
from tracker.services import ServiceError
from tracker.services.calendar import current_calendar
from tracker.services.tasks import TaskInput, assign_tasks, check_tasks
from tracker.services.unit_groups import resolve_lead_choice
from tracker.timeutil import local_today
from tracker.views.fields import parse_dmy

from tracker.views.proposals.common import Choices
from tracker.views.proposals.rows import Row


def _lead_ids(row: Row, owner, choices: Choices) -> list[int]:
    value = row.lead.strip()
    if value.startswith("ids:"):
        ids = [int(x) for x in value[4:].split(",") if x.strip().isdigit()]
    elif value:
        ids = resolve_lead_choice(db.session, owner, value) or []
    else:
        ids = []
    return list(dict.fromkeys(ids))


def _row_input(row: Row, owner, choices: Choices) -> tuple[TaskInput, dict[str, str]]:
    """One reviewed row as the service's input, with the problems the form itself can see."""
    errs: dict[str, str] = {}
    lead_ids = _lead_ids(row, owner, choices)
    if not lead_ids:
        if row.phrase:
            errs["lead"] = _("“%(name)s” chưa có trong danh mục: hãy chọn đơn vị tương ứng "
                             "(hoặc thêm đơn vị vào danh mục trước).", name=row.phrase)
        else:
            errs["lead"] = _("Hãy chọn đúng một đơn vị chủ trì (hoặc một nhóm đơn vị).")
    coords = []
    for value in row.coordinators:
        if value.isdigit():
            coords.append(int(value))
        else:
            errs["coordinators"] = _("Đơn vị phối hợp không hợp lệ.")
            coords.append(-1)  # makes the service refuse the row too
    due_on, days = None, None
    if row.deadline_kind == DeadlineKind.DATE.value:
        try:
            due_on = parse_dmy(row.due_on)
        except ValueError:
            errs["deadline"] = _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")
    elif row.deadline_kind == DeadlineKind.WORKING_DAYS.value:
        if row.deadline_days.strip().isdigit():
            days = int(row.deadline_days.strip())
        elif row.deadline_days.strip():
            errs["deadline"] = _("Số ngày làm việc phải từ 1 đến 3650.")
    item = TaskInput(
        content=row.content, lead_unit_ids=lead_ids, coordinator_ids=coords,
        deadline_kind=row.deadline_kind,
        due_on=due_on, deadline_days=days,
        recurrence=(row.recurrence or None) if row.deadline_kind == DeadlineKind.RECURRING.value else None)
    return item, errs


def _errors_by_row(service_errors: dict[str, str]) -> dict[int, dict[str, str]]:
    """The service's ``items-<i>-<field>`` keys as {row index: {field: message}}; others under -1."""
    errors: dict[int, dict[str, str]] = {}
    for key, message in service_errors.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit():
            errors.setdefault(int(parts[1]), {})[parts[2]] = message
        else:
            errors.setdefault(-1, {})[key] = message
    return errors


def confirm_rows(directive, rows: list[Row], choices: Choices) -> list:
    """Create every row's tasks in one transaction; on any problem, errors on the rows and nothing created."""
    if not rows:
        raise ServiceError({"items": _("Không còn dòng nào để giao.")})
    own_errors: dict[int, dict[str, str]] = {}
    items = []
    for idx, row in enumerate(rows):
        item, own_errors[idx] = _row_input(row, directive.owner, choices)
        items.append(item)
    try:
        if any(own_errors.values()):
            # Nothing is written; the service's checks still run so each row shows every problem.
            raise ServiceError(check_tasks(db.session, current_user, directive, items, today=local_today(),
                                           calendar=current_calendar()))
        hints = [row.target_hint.to_json() if row.make_indicator and row.target_hint is not None else None
                 for row in rows]
        if any(hints):
            from tracker.services.indicators import assign_tasks_with_targets
            created = assign_tasks_with_targets(db.session, current_user, directive, items, hints,
                                                today=local_today(), calendar=current_calendar())
        else:
            created = assign_tasks(db.session, current_user, directive, items, today=local_today(),
                                   calendar=current_calendar())
    except ServiceError as e:
        db.session.rollback()
        errors = _errors_by_row(e.errors)
        for idx, errs in own_errors.items():
            errors.setdefault(idx, {}).update(errs)  # ours are the more precise
        raise RowErrors(errors)
    return created


class RowErrors(Exception):
    def __init__(self, errors: dict[int, dict[str, str]]):
        super().__init__("row errors")
        self.errors = errors


def _task_total(rows: list[Row], owner, choices: Choices) -> int:
    group_sizes = {g.key: len(g.unit_ids) for g in choices.groups}
    total = 0
    for r in rows:
        if r.lead.startswith("ids:"):
            total += len(r.lead_set_ids) or 1
        else:
            total += group_sizes.get(r.lead, 1)
    return total

