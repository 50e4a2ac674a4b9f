"""Indicators (chỉ tiêu): define one with per-unit targets, report a value, correct a value.

Who: the assigning body's secretariat and leader define (Action.DEFINE_INDICATOR, own unit
only); the officers and heads of a unit with a target report for it or a unit below it
(Action.REPORT_INDICATOR, the directive or task visible). Every report is a new row; a
correction is a new row naming the one it replaces, with a reason. Each use case commits once.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.cache import bump_data_version
from tracker.auth import can
from tracker.domain import indicators as dom
from tracker.domain.roles import Action
from tracker.models import (
    Directive,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Task,
    Unit,
    User,
)
from tracker.services import ServiceError, require

NAME_MAX, LABEL_MAX, NOTE_MAX, MAX_TARGETS = 300, 100, 2000, 500
EARLIEST = date(2000, 1, 1)


def value_message(code: str) -> str:
    return {
        "empty": _("Vui lòng nhập giá trị."),
        "invalid": _("Giá trị không hợp lệ (ví dụ: 27, 96,5 hoặc 1.500.000)."),
        "negative": _("Giá trị không được âm."),
        "too_large": _("Giá trị quá lớn."),
        "percent_range": _("Tỷ lệ phải từ 0 đến 100%."),
    }.get(code, _("Giá trị không hợp lệ (ví dụ: 27, 96,5 hoặc 1.500.000)."))


def owner_of(indicator: Indicator) -> Directive | Task:
    return indicator.directive if indicator.directive_id is not None else indicator.task


@dataclass
class IndicatorInput:
    name: str
    measure: str
    direction: str
    aggregation: str
    unit_label: str = ""
    # Either per-unit targets, or one figure over units (split for a sum, repeated otherwise).
    targets: dict[int, object] = field(default_factory=dict)
    total: object = None
    unit_ids: list[int] = field(default_factory=list)


def _enum(cls, value, key, errors, message):
    try:
        return cls(value)
    except ValueError:
        errors[key] = message
        return None


def define_indicator(session, user: User, owner: Directive | Task, inp: IndicatorInput) -> Indicator:
    """Give a directive or a task an indicator with its per-unit targets (one use case)."""
    ind = add_indicator(session, user, owner, inp)
    bump_data_version(session)
    session.commit()
    return ind


def add_indicator(session, user: User, owner: Directive | Task, inp: IndicatorInput) -> Indicator:
    """Check and add an indicator (flushed, not committed): for use cases that also write other rows."""
    require(user, Action.DEFINE_INDICATOR, owner)
    errors: dict[str, str] = {}
    name = (inp.name or "").strip()
    if not name:
        errors["name"] = _("Vui lòng nhập tên chỉ tiêu.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Tên chỉ tiêu quá dài (tối đa 300 ký tự).")
    label = (inp.unit_label or "").strip()
    if len(label) > LABEL_MAX:
        errors["unit_label"] = _("Đơn vị tính quá dài (tối đa 100 ký tự).")
    measure = _enum(dom.Measure, inp.measure, "measure", errors, _("Loại chỉ tiêu không hợp lệ."))
    direction = _enum(dom.Direction, inp.direction, "direction", errors, _("Chiều đánh giá không hợp lệ."))
    aggregation = _enum(dom.Aggregation, inp.aggregation, "aggregation", errors, _("Cách tổng hợp không hợp lệ."))
    targets: dict[int, Decimal] = {}
    if measure is not None and aggregation is not None:
        try:
            if inp.targets:
                targets = {int(u): dom.parse_value(v, measure) for u, v in inp.targets.items()}
            elif inp.unit_ids:
                unit_ids = list(dict.fromkeys(int(u) for u in inp.unit_ids))
                targets = dom.targets_for(aggregation, dom.parse_value(inp.total, measure), unit_ids)
        except dom.BadValue as e:
            errors["total"] = value_message(e.code)
        except (TypeError, ValueError):
            errors["units"] = _("Đơn vị được giao không hợp lệ.")
    if not targets and "total" not in errors and "units" not in errors:
        errors["units"] = _("Vui lòng chọn ít nhất một đơn vị được giao chỉ tiêu.")
    elif len(targets) > MAX_TARGETS:
        errors["units"] = _("Quá nhiều đơn vị được giao (tối đa 500).")
    if targets and "units" not in errors:
        found = set(session.scalars(select(Unit.id).where(Unit.id.in_(list(targets)), Unit.is_active.is_(True))))
        if found != set(targets):
            errors["units"] = _("Đơn vị được giao không hợp lệ.")
    if errors:
        raise ServiceError(errors)
    ind = Indicator(name=name, measure=measure.value, unit_label=label, direction=direction.value,
                    aggregation=aggregation.value, created_by_id=user.id,
                    directive_id=owner.id if isinstance(owner, Directive) else None,
                    task_id=owner.id if isinstance(owner, Task) else None)
    ind.targets = [IndicatorTarget(unit_id=u, target=t) for u, t in targets.items()]
    session.add(ind)
    session.flush()
    return ind


def define_from_hint(session, user: User, directive: Directive, hint: dict, *, name: str,
                     unit_ids: list[int]) -> Indicator | None:
    """An indicator on the directive from a target a text stated (domain.indicators.TargetHint
    as JSON), split or repeated over the row's lead units; nothing when the user may not define
    one. Does not commit: the caller's import owns the transaction."""
    if not unit_ids or not can(user, Action.DEFINE_INDICATOR, directive):
        return None
    return add_indicator(session, user, directive, IndicatorInput(
        name=name[:NAME_MAX], measure=hint["measure"], direction=dom.Direction.HIGHER.value,
        aggregation=hint["aggregation"], unit_label=hint["unit_label"][:LABEL_MAX],
        total=Decimal(hint["target"]), unit_ids=unit_ids))


def assign_tasks_with_targets(session, user: User, directive: Directive, items: list, hints: list[dict | None], *,
                              today: date, calendar) -> list[Task]:
    """Assign the reviewed proposals' tasks and, for each row whose "Tạo chỉ tiêu" is on, an
    indicator on the directive from the target its text states, over the row's lead units:
    one use case, one commit (nothing written when any part is refused)."""
    from tracker.services.tasks import add_tasks

    require(user, Action.ASSIGN_TASK, directive)
    tasks = add_tasks(session, user, directive, items, today=today, calendar=calendar,
                      assigning_unit=directive.owner)
    for item, hint in zip(items, hints):
        if hint:
            define_from_hint(session, user, directive, hint, name=item.content,
                             unit_ids=list(item.lead_unit_ids))
    bump_data_version(session)
    session.commit()
    return tasks


def reportable_units(user: User, indicator: Indicator) -> list[Unit]:
    """The target units this user may report for: their own unit or one below it."""
    if not can(user, Action.REPORT_INDICATOR, owner_of(indicator)):
        return []
    units = [t.unit for t in indicator.targets]
    if user.is_admin:
        return units
    if user.unit is None:
        return []
    return [u for u in units if u.is_within(user.unit)]


def _check_report(user: User, indicator: Indicator, unit_id: int) -> None:
    if not any(u.id == unit_id for u in reportable_units(user, indicator)):
        raise ServiceError(_("Bạn không có quyền báo cáo chỉ tiêu này cho đơn vị đã chọn."), 403)


def _check_date(reported_on: date | None, today: date, errors: dict) -> None:
    if reported_on is None:
        errors["reported_on"] = _("Vui lòng nhập ngày báo cáo (dd/mm/yyyy).")
    elif reported_on > today:
        errors["reported_on"] = _("Ngày báo cáo không được sau hôm nay.")
    elif reported_on < EARLIEST:
        errors["reported_on"] = _("Ngày báo cáo không hợp lệ.")


def _note(note: str | None, errors: dict, key: str = "note") -> str | None:
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        errors[key] = _("Nội dung quá dài (tối đa 2000 ký tự).")
    return note


def report_value(session, user: User, indicator: Indicator, *, unit_id: int, value, reported_on: date | None,
                 today: date, note: str | None = None, evidence=None) -> IndicatorValue:
    """Record the achieved value of one unit on a date (history: a new row every time), with an
    evidence file when given (the upload checks of services/uploads.save_upload; stored on no
    directive or task, served only through the indicator: /indicators/values/<id>/evidence)."""
    from tracker.services.uploads import attachment_path, save_upload

    row = add_value(session, user, indicator, unit_id=unit_id, value=value, reported_on=reported_on, today=today,
                    note=note)
    att = None
    try:
        if evidence is not None and getattr(evidence, "filename", None):
            att = save_upload(session, evidence, user)
            session.flush()
            row.attachment_id = att.id
        bump_data_version(session)
        session.commit()
    except Exception:
        session.rollback()
        if att is not None:
            try:
                os.remove(attachment_path(att))
            except OSError:
                pass
        raise
    return row


def add_action_values(session, user: User, task: Task, values: dict[int, str], event, *,
                      today: date) -> None:
    """Values typed with a progress or completion report, written with that report's event (its
    first file as evidence) by the workflow use case, in its transaction."""
    evidence = event.attachments[0].id if event.attachments else None
    for ind_id, raw in values.items():
        indicator = session.get(Indicator, ind_id)
        if indicator is None or indicator.task_id != task.id and indicator.directive_id != task.directive_id:
            raise ServiceError(_("Chỉ tiêu không hợp lệ."), 400)
        add_value(session, user, indicator, unit_id=task.lead_unit_id, value=raw, reported_on=today, today=today,
                  note=event.note, attachment_id=evidence, task_event_id=event.id)


def add_value(session, user: User, indicator: Indicator, *, unit_id: int, value, reported_on: date | None,
              today: date, note: str | None = None, attachment_id: int | None = None,
              task_event_id: int | None = None) -> IndicatorValue:
    """Check and add one reported value (not committed)."""
    require(user, Action.REPORT_INDICATOR, owner_of(indicator))
    _check_report(user, indicator, unit_id)
    errors: dict[str, str] = {}
    amount = None
    try:
        amount = dom.parse_value(value, indicator.measure)
    except dom.BadValue as e:
        errors["value"] = value_message(e.code)
    _check_date(reported_on, today, errors)
    note = _note(note, errors)
    if errors:
        raise ServiceError(errors)
    row = IndicatorValue(indicator_id=indicator.id, unit_id=unit_id, value=amount, reported_on=reported_on,
                         reported_by_id=user.id, note=note, attachment_id=attachment_id,
                         task_event_id=task_event_id)
    session.add(row)
    session.flush()
    return row


def correct_value(session, user: User, row: IndicatorValue, *, value, reason: str | None,
                  today: date) -> IndicatorValue:
    """Replace a reported value with a corrected one, with a reason; both rows stay."""
    indicator = row.indicator
    allowed = can(user, Action.DEFINE_INDICATOR, owner_of(indicator)) or \
        any(u.id == row.unit_id for u in reportable_units(user, indicator))
    if not allowed:
        raise ServiceError(_("Bạn không có quyền điều chỉnh số liệu này."), 403)
    if session.scalar(select(IndicatorValue.id).where(IndicatorValue.corrects_id == row.id)) is not None:
        raise ServiceError(_("Số liệu này đã được điều chỉnh; hãy điều chỉnh số liệu mới nhất."), 409)
    errors: dict[str, str] = {}
    amount = None
    try:
        amount = dom.parse_value(value, indicator.measure)
    except dom.BadValue as e:
        errors["value"] = value_message(e.code)
    reason = _note(reason, errors, "reason")
    if not reason:
        errors["reason"] = _("Vui lòng nêu lý do điều chỉnh.")
    if errors:
        raise ServiceError(errors)
    fix = IndicatorValue(indicator_id=indicator.id, unit_id=row.unit_id, value=amount, reported_on=row.reported_on,
                         reported_by_id=user.id, note=row.note, attachment_id=row.attachment_id,
                         corrects_id=row.id, correction_reason=reason)
    session.add(fix)
    bump_data_version(session)
    session.commit()
    return fix
