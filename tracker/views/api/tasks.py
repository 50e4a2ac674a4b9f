"""Tasks: the list with the page's filters, and one task with its history."""
from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from tracker.extensions import db
from tracker.models import Task
from tracker.queries.tasks import paginate_tasks
from tracker.queries.visibility import can_see_task
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today
from tracker.views.api import bp
from tracker.views.api import inputs as i
from tracker.views.api import responses as r
from tracker.views.api import schemas as sc
from tracker.views.api import serialize as s
from tracker.views.tasks import filter_from_args
from tracker.page_cache import cached_page

# Query parameters of GET /tasks (the page's names), declared once in schemas.TaskQuery.
FILTER_PARAMS = tuple(name for name in sc.TaskQuery.model_fields if name not in sc.PageQuery.model_fields)


def task_filter(args, errors: dict[str, str]):
    """The page's filter, with every unusable value reported instead of dropped."""
    sc.query(sc.TaskQuery, args, errors)
    f, problems = filter_from_args(args)
    messages = {
        "status": _("Trạng thái không hợp lệ."),
        "category": _("Nhóm thời hạn không hợp lệ."),
        "due_from": _("Ngày không hợp lệ; dùng dạng YYYY-MM-DD."),
        "due_to": _("Ngày không hợp lệ; dùng dạng YYYY-MM-DD."),
    }
    for key in problems:
        errors.setdefault(key, str(messages.get(key, _("Giá trị không hợp lệ."))))
    return f


@bp.get("/tasks")
@cached_page(form_token=False)
def tasks_index():
    errors: dict[str, str] = {}
    f = task_filter(request.args, errors)
    paging = sc.query(sc.PageQuery, request.args, errors)
    i.raise_if(errors, i.query_error_message())
    today = local_today()
    result = paginate_tasks(current_user, f, today=today, calendar=current_calendar(), page=paging.page,
                            per_page=paging.per_page, options=(contains_eager(Task.lead_unit),
                                                               selectinload(Task.coordinators),
                                                               joinedload(Task.assigned_by_unit, innerjoin=True)))
    return r.send(r.TaskPage, {"items": [s.task(t, today=today) for t in result.items], **s.page_meta(result)})


@bp.get("/tasks/<int:task_id>")
def tasks_detail(task_id):
    task = db.session.get(Task, task_id) if task_id <= i.MAX_ID else None
    if task is None or not can_see_task(current_user, task):
        abort(404)
    children = [c.id for c in task.children if can_see_task(current_user, c)]
    return r.send(r.TaskDetail, s.task(task, today=local_today(), detail=True, child_ids=children))
