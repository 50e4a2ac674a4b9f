"""Tasks: the list with the page's filters, and one task with its history."""
from flask import abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import Task
from tracker.queries.paging import paginate
from tracker.queries.tasks import SORTS, task_list
from tracker.queries.visibility import can_see_task
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today
from tracker.views.api import bp
from tracker.views.api import inputs as i
from tracker.views.api import serialize as s
from tracker.views.tasks import filter_from_args

# Query parameters of GET /tasks (the page's names), for validation and the OpenAPI document.
FILTER_PARAMS = ("unit", "sub", "role", "directive", "status", "category", "due_from", "due_to", "q", "sort")


def task_filter(args):
    """The page's filter, with every unusable value reported instead of dropped."""
    errors: dict[str, str] = {}
    i.query_int(args, "unit", errors)
    i.query_int(args, "directive", errors)
    i.query_text(args, "q", errors)
    role = args.get("role")
    if role not in (None, "", "lead", "coordinating"):
        errors["role"] = _("Giá trị hợp lệ: lead, coordinating.")
    if args.get("sub") not in (None, "", "0", "1"):
        errors["sub"] = _("Giá trị hợp lệ: 0, 1.")
    if args.get("sort") not in (None, "") and args.get("sort") not in SORTS:
        errors["sort"] = _("Giá trị hợp lệ: %(values)s.", values=", ".join(SORTS))
    f, problems = filter_from_args(args)
    messages = {
        "status": _("Trạng thái không hợp lệ."),
        "category": _("Nhóm thời hạn không hợp lệ."),
        "due_from": _("Ngày không hợp lệ; dùng dạng YYYY-MM-DD."),
        "due_to": _("Ngày không hợp lệ; dùng dạng YYYY-MM-DD."),
    }
    for key in problems:
        errors[key] = str(messages.get(key, _("Giá trị không hợp lệ.")))
    return f, errors


@bp.get("/tasks")
def tasks_index():
    f, errors = task_filter(request.args)
    page, per_page = i.pagination(request.args, errors)
    i.raise_if(errors, i.query_error_message())
    today = local_today()
    stmt = task_list(current_user, f, today=today, calendar=current_calendar()).options(
        selectinload(Task.lead_unit), selectinload(Task.coordinators), selectinload(Task.assigned_by_unit))
    result = paginate(db.session, stmt, page=page, per_page=per_page)
    return jsonify({"items": [s.task(t, today=today) for t in result.items], **s.page_meta(result)})


@bp.get("/tasks/<int:task_id>")
def tasks_detail(task_id):
    task = db.session.get(Task, task_id) if task_id <= i.MAX_ID else None
    if task is None or not can_see_task(current_user, task):
        abort(404)
    children = [c.id for c in task.children if can_see_task(current_user, c)]
    return jsonify(s.task(task, today=local_today(), detail=True, child_ids=children))
