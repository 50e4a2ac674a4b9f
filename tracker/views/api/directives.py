"""Directives: list, read, record one, assign tasks from one."""
import re

from flask import abort, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tracker.auth import can
from tracker.domain.deadlines import DeadlineKind
from tracker.domain.roles import Action, role_allows
from tracker.domain.workflow import DirectiveKind, Priority
from tracker.extensions import db
from tracker.limits import search_words
from tracker.models import Directive
from tracker.queries.visibility import can_see_task, directive_clause
from tracker.services import ServiceError
from tracker.services.calendar import current_calendar
from tracker.services.directives import DirectiveInput, load_directive_for, record_directive
from tracker.services.tasks import TaskInput, assign_tasks, check_tasks
from tracker.services.unit_groups import resolve_lead_choice
from tracker.timeutil import local_today
from tracker.views.api import bp
from tracker.views.api import inputs as i
from tracker.views.api import serialize as s
from tracker.views.api.errors import validation_error

MAX_TASKS_PER_REQUEST = 100


def get_visible_directive(directive_id: int) -> Directive:
    try:
        return load_directive_for(db.session, current_user, directive_id)
    except ServiceError as e:
        abort(e.status)  # 404: never confirm that another unit's record exists


def may_assign(user, directive: Directive) -> bool:
    """The page's rule: the right role, and the directive belongs to the user's body."""
    return can(user, Action.ASSIGN_TASK, directive)


@bp.get("/directives")
def directives_index():
    errors: dict[str, str] = {}
    page, per_page = i.pagination(request.args, errors)
    q = i.query_text(request.args, "q", errors)
    kind = request.args.get("kind") or None
    if kind is not None and kind not in {k.value for k in DirectiveKind}:
        errors["kind"] = _("Loại nguồn giao nhiệm vụ không hợp lệ.")
    i.raise_if(errors, i.query_error_message())
    stmt = select(Directive).where(directive_clause(current_user))
    if q:
        for word in search_words(q):
            stmt = stmt.where(Directive.search_text.contains(word, autoescape=True))
    if kind:
        stmt = stmt.where(Directive.kind == kind)
    stmt = stmt.options(selectinload(Directive.issuer), selectinload(Directive.owner))
    result = db.paginate(stmt.order_by(Directive.issued_on.desc(), Directive.id.desc()),
                         page=page, per_page=per_page, error_out=False)
    return jsonify({"items": [s.directive(d) for d in result.items], **s.page_meta(result)})


def _directive_json(directive: Directive) -> dict:
    task_ids = [t.id for t in directive.tasks if can_see_task(current_user, t)]
    return s.directive(directive, detail=True, task_ids=task_ids,
                       may_assign=may_assign(current_user, directive))


@bp.get("/directives/<int:directive_id>")
def directives_detail(directive_id):
    return jsonify(_directive_json(get_visible_directive(directive_id)))


@bp.post("/directives")
def directives_create():
    if not role_allows(current_user.role, Action.CREATE_DIRECTIVE):
        abort(403)
    data = i.json_body()
    errors: dict[str, str] = {}
    kind = i.string(data, "kind", errors, "kind", required=True, max_length=20)
    symbol = i.string(data, "symbol", errors, "symbol", max_length=100)
    issued_on = i.iso_date(data, "issued_on", errors, "issued_on", required=True)
    issuer_id = i.identifier(data, "issuer_unit_id", errors, "issuer_unit_id", required=True)
    signer = i.string(data, "signer", errors, "signer", max_length=255)
    title = i.string(data, "title", errors, "title", required=True, max_length=500)
    body = i.string(data, "body", errors, "body", max_length=200_000, default="")
    if errors:
        raise validation_error(errors)
    try:
        directive = record_directive(db.session, current_user, DirectiveInput(
            kind=kind, title=title, issued_on=issued_on, issuer_unit_id=issuer_id,
            symbol=symbol, signer=signer, body=body or ""))
    except IntegrityError:
        db.session.rollback()
        raise validation_error({"symbol": _("Số, ký hiệu này vừa được người khác sử dụng.")}, status=409)
    resp = jsonify(_directive_json(directive))
    resp.status_code = 201
    resp.headers["Location"] = url_for("api.directives_detail", directive_id=directive.id)
    return resp


# Service error keys ("items-2-lead") -> API paths ("tasks[2].lead_unit_id").
_SERVICE_FIELDS = {"content": "content", "coordinators": "coordinator_ids", "deadline": "deadline",
                   "priority": "priority", "lead": None}


def _api_key(key: str, lead_fields: list[str]) -> str:
    parts = key.split("-")
    if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit():
        idx = int(parts[1])
        name = _SERVICE_FIELDS.get(parts[2], parts[2])
        if name is None:
            name = lead_fields[idx] if idx < len(lead_fields) else "lead_unit_id"
        return f"tasks[{idx}].{name}"
    return "tasks" if key == "items" else key


def _parse_deadline(raw: dict | None, errors: dict, path: str) -> dict:
    out = {"deadline_kind": DeadlineKind.NONE.value, "due_on": None, "deadline_days": None, "recurrence": None}
    if raw is None:
        return out
    kind = i.string(raw, "kind", errors, f"{path}.kind", required=True, max_length=20)
    if kind is None:
        return out
    if kind not in {k.value for k in DeadlineKind}:
        errors[f"{path}.kind"] = _("Loại thời hạn không hợp lệ (date, working_days, none, recurring).")
        return out
    out["deadline_kind"] = kind
    # Only the fields of the chosen kind are kept, so the stored task says one thing.
    if kind == DeadlineKind.DATE.value:
        out["due_on"] = i.iso_date(raw, "due_on", errors, f"{path}.due_on")
    elif kind == DeadlineKind.WORKING_DAYS.value:
        out["deadline_days"] = i.integer(raw, "days", errors, f"{path}.days")
    elif kind == DeadlineKind.RECURRING.value:
        out["recurrence"] = i.string(raw, "recurrence", errors, f"{path}.recurrence", max_length=20) or None
    return out


@bp.post("/directives/<int:directive_id>/tasks")
def directives_assign(directive_id):
    directive = get_visible_directive(directive_id)
    if not may_assign(current_user, directive):
        abort(403)
    data = i.json_body()
    raw_items = data.get("tasks")
    if not isinstance(raw_items, list) or not raw_items:
        raise validation_error({"tasks": _("Hãy gửi danh sách “tasks” có ít nhất một nhiệm vụ.")})
    if len(raw_items) > MAX_TASKS_PER_REQUEST:
        raise validation_error({"tasks": _("Mỗi lần giao tối đa %(n)d nhiệm vụ.", n=MAX_TASKS_PER_REQUEST)})

    owner = directive.owner
    errors: dict[str, str] = {}
    items: list[TaskInput] = []
    lead_fields: list[str] = []
    for idx, raw in enumerate(raw_items):
        path = f"tasks[{idx}]"
        if not isinstance(raw, dict):
            errors[path] = _("Mỗi nhiệm vụ phải là một đối tượng JSON.")
            lead_fields.append("lead_unit_id")
            items.append(TaskInput(content="", lead_unit_ids=[]))
            continue
        content = i.string(raw, "content", errors, f"{path}.content", max_length=10_000) or ""
        lead_id = i.identifier(raw, "lead_unit_id", errors, f"{path}.lead_unit_id")
        lead_group = i.string(raw, "lead_group", errors, f"{path}.lead_group", max_length=100)
        lead_fields.append("lead_group" if raw.get("lead_group") is not None and raw.get("lead_unit_id") is None
                           else "lead_unit_id")
        lead_ids: list[int] = []
        if lead_id is not None and lead_group is not None:
            errors[f"{path}.lead_unit_id"] = _("Chỉ chọn một trong hai: lead_unit_id hoặc lead_group.")
        elif lead_id is not None or lead_group is not None:
            choice = str(lead_id) if lead_id is not None else lead_group
            # A group key names a group; a bare number there would silently mean one unit.
            lead_ids = (resolve_lead_choice(db.session, owner, choice) or []) if ":" in choice or lead_id else []
            if lead_group is not None and not lead_ids:
                errors[f"{path}.lead_group"] = _("Nhóm đơn vị không hợp lệ.")
        coordinator_ids = i.id_list(raw, "coordinator_ids", errors, f"{path}.coordinator_ids")
        deadline_raw = i.obj(raw, "deadline", errors, f"{path}.deadline", required=True)
        deadline = _parse_deadline(deadline_raw, errors, f"{path}.deadline")
        priority = i.string(raw, "priority", errors, f"{path}.priority", max_length=10) or Priority.NORMAL.value
        note = i.string(raw, "note", errors, f"{path}.note", max_length=10_000)
        items.append(TaskInput(content=content, lead_unit_ids=lead_ids, coordinator_ids=coordinator_ids,
                               priority=priority, note=note, **deadline))
    not_objects = {idx for idx, raw in enumerate(raw_items) if not isinstance(raw, dict)}
    try:
        if errors:
            # Run the service's checks too, so that one response lists every problem;
            # with parse errors nothing is written.
            raise ServiceError(check_tasks(db.session, current_user, directive, items, today=local_today(),
                                           calendar=current_calendar()))
        created = assign_tasks(db.session, current_user, directive, items, today=local_today(),
                               calendar=current_calendar())
    except ServiceError as e:
        if e.status in (403, 404):
            raise
        db.session.rollback()
        merged = dict(errors)
        for key, message in e.errors.items():
            api_key = _api_key(key, lead_fields)
            m = re.match(r"tasks\[(\d+)\]", api_key)
            if m and int(m.group(1)) in not_objects:
                continue
            merged.setdefault(api_key, message)
        # A parse error already said what is wrong with the deadline; keep the most precise one.
        for key in list(merged):
            if key.endswith(".deadline") and any(k.startswith(key + ".") for k in merged):
                del merged[key]
        raise validation_error(merged)
    today = local_today()
    resp = jsonify({"count": len(created), "tasks": [s.task(t, today=today) for t in created]})
    resp.status_code = 201
    return resp
