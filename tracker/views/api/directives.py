"""Directives: list, read, record one, assign tasks from one."""
from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tracker.auth import can
from tracker.domain.deadlines import DeadlineKind
from tracker.domain.roles import Action, role_allows
from tracker.domain.workflow import Priority
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
from tracker.views.api import responses as r
from tracker.views.api import schemas as sc
from tracker.views.api import serialize as s
from tracker.views.api.errors import from_service

def get_visible_directive(directive_id: int) -> Directive:
    """404 for another body's directive: never confirm that another unit's record exists."""
    return load_directive_for(db.session, current_user, directive_id)


def may_assign(user, directive: Directive) -> bool:
    """The page's rule: the right role, and the directive belongs to the user's body."""
    return can(user, Action.ASSIGN_TASK, directive)


@bp.get("/directives")
def directives_index():
    errors: dict[str, str] = {}
    args = sc.query(sc.DirectiveQuery, request.args, errors)
    i.raise_if(errors, i.query_error_message())
    page, per_page, q, kind = args.page, args.per_page, (args.q or "").strip(), args.kind
    stmt = select(Directive).where(directive_clause(current_user))
    if q:
        for word in search_words(q):
            stmt = stmt.where(Directive.search_text.contains(word, autoescape=True))
    if kind:
        stmt = stmt.where(Directive.kind == kind)
    stmt = stmt.options(selectinload(Directive.issuer), selectinload(Directive.owner))
    result = db.paginate(stmt.order_by(Directive.issued_on.desc(), Directive.id.desc()),
                         page=page, per_page=per_page, error_out=False)
    return r.send(r.DirectivePage, {"items": [s.directive(d) for d in result.items], **s.page_meta(result)})


def _directive_json(directive: Directive) -> dict:
    task_ids = [t.id for t in directive.tasks if can_see_task(current_user, t)]
    return s.directive(directive, detail=True, task_ids=task_ids,
                       may_assign=may_assign(current_user, directive))


@bp.get("/directives/<int:directive_id>")
def directives_detail(directive_id):
    return r.send(r.DirectiveDetail, _directive_json(get_visible_directive(directive_id)))


@bp.post("/directives")
def directives_create():
    if not role_allows(current_user.role, Action.CREATE_DIRECTIVE):
        abort(403)
    body = sc.parse(sc.DirectiveInput, i.json_body())
    try:
        directive = record_directive(db.session, current_user, DirectiveInput(
            kind=body.kind, title=body.title, issued_on=body.issued_on, issuer_unit_id=body.issuer_unit_id,
            symbol=body.symbol, signer=body.signer, body=body.body or ""))
    except IntegrityError:  # the same number recorded by someone else a moment ago
        raise ServiceError({"symbol": _("Số, ký hiệu này vừa được người khác sử dụng.")}, 409) from None
    return r.send(r.DirectiveDetail, _directive_json(directive), 201,
                  {"Location": url_for("api.directives_detail", directive_id=directive.id)})


# Service error keys ("items-2-lead") -> API paths ("tasks[2].lead_unit_id").
_SERVICE_FIELDS = {"content": "content", "coordinators": "coordinator_ids", "deadline": "deadline",
                   "priority": "priority", "lead": None}


def _api_key(key: str, lead_fields: list[str], not_objects: set[int]) -> str | None:
    """None for an item that was not an object (its parse error says enough)."""
    parts = key.split("-")
    if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit():
        idx = int(parts[1])
        if idx in not_objects:
            return None
        name = _SERVICE_FIELDS.get(parts[2], parts[2])
        if name is None:
            name = lead_fields[idx] if idx < len(lead_fields) else "lead_unit_id"
        return f"tasks[{idx}].{name}"
    return "tasks" if key == "items" else key


def _deadline(d: "sc.DeadlineInput | None") -> dict:
    out = {"deadline_kind": DeadlineKind.NONE.value, "due_on": None, "deadline_days": None, "recurrence": None}
    if d is None:
        return out
    out["deadline_kind"] = d.kind
    # Only the fields of the chosen kind are kept, so the stored task says one thing.
    if d.kind == DeadlineKind.DATE.value:
        out["due_on"] = d.due_on
    elif d.kind == DeadlineKind.WORKING_DAYS.value:
        out["deadline_days"] = d.days
    elif d.kind == DeadlineKind.RECURRING.value:
        out["recurrence"] = d.recurrence
    return out


def _item(raw: dict, errors: dict, path: str) -> "sc.TaskAssignment | None":
    """One item, its problems recorded under `path`; the fields that did parse are kept
    (a second pass without the bad ones) so the service can still check the rest."""
    try:
        return sc.TaskAssignment.model_validate(raw)
    except sc.ValidationError as e:
        for key, message in sc.field_errors(e, path).items():
            errors.setdefault(key, message)
        bad = {err["loc"][0] for err in e.errors() if err["loc"]}
        kept = {k: v for k, v in raw.items() if k not in bad}
        kept.setdefault("deadline", {"kind": DeadlineKind.NONE.value})
        try:
            return sc.TaskAssignment.model_validate(kept)
        except sc.ValidationError:
            return None


@bp.post("/directives/<int:directive_id>/tasks")
def directives_assign(directive_id):
    directive = get_visible_directive(directive_id)
    if not may_assign(current_user, directive):
        abort(403)
    raw_items = sc.parse(sc.AssignRequest, i.json_body()).tasks

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
        item = _item(raw, errors, path) or sc.TaskAssignment(deadline={"kind": DeadlineKind.NONE.value})
        lead_id, lead_group = item.lead_unit_id, item.lead_group
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
        coordinator_ids = item.coordinator_ids or []
        items.append(TaskInput(content=item.content, lead_unit_ids=lead_ids, coordinator_ids=coordinator_ids,
                               priority=item.priority or Priority.NORMAL.value, note=item.note,
                               **_deadline(item.deadline)))
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
        raise from_service(e, rename=lambda key: _api_key(key, lead_fields, not_objects), parsed=errors) from None
    today = local_today()
    return r.send(r.AssignResponse, {"count": len(created), "tasks": [s.task(t, today=today) for t in created]},
                  201)
