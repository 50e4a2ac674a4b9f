"""Task list with filters, and a task's page with its source and history."""
from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from tracker.domain.deadlines import DeadlineCategory
from tracker.domain.workflow import TaskStatus
from tracker.extensions import db
from tracker.models import Directive, Task, Unit
from tracker.queries.tasks import TaskFilter, task_list
from tracker.queries.units import tree_choices
from tracker.queries.visibility import can_see_task, directive_clause
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today
from tracker.views.fields import parse_dmy
from sqlalchemy import select

bp = Blueprint("tasks", __name__, url_prefix="/tasks")


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _date(value):
    try:
        return parse_dmy(value)
    except ValueError:
        return None


def filter_from_args(args) -> tuple[TaskFilter, dict[str, str]]:
    """Build a filter from query arguments; unusable values are dropped and reported."""
    problems = {}
    f = TaskFilter(
        unit_id=_int(args.get("unit")), directive_id=_int(args.get("directive")),
        q=(args.get("q") or "").strip() or None, sort=args.get("sort") or "urgency",
        role=args.get("role") if args.get("role") in ("lead", "coordinating") else None,
        include_subunits=args.get("sub", "1") != "0",
    )
    status = args.get("status")
    if status:
        if status in {s.value for s in TaskStatus}:
            f.status = status
        else:
            problems["status"] = status
    category = args.get("category")
    if category:
        if category in {c.value for c in DeadlineCategory}:
            f.category = category
        else:
            problems["category"] = category
    for key in ("due_from", "due_to"):
        raw = args.get(key)
        if raw:
            value = _date(raw)
            if value is None:
                problems[key] = raw
            setattr(f, key, value)
    return f, problems


@bp.route("/")
@login_required
def index():
    f, problems = filter_from_args(request.args)
    stmt = task_list(current_user, f, today=local_today(), calendar=current_calendar())
    per_page = min(_int(request.args.get("per_page")) or 25, 100)
    page = db.paginate(stmt, per_page=per_page, error_out=False)
    if current_user.is_admin:
        units = db.session.scalars(select(Unit).order_by(Unit.path)).all()
    else:
        units = db.session.scalars(select(Unit).where(
            Unit.path.startswith(current_user.unit.path, autoescape=True)).order_by(Unit.path)).all()
        if current_user.unit.parent is not None and current_user.unit.is_committee:
            units = db.session.scalars(select(Unit).where(
                Unit.path.startswith(current_user.unit.parent.path, autoescape=True)).order_by(Unit.path)).all()
    directives = db.session.scalars(select(Directive).where(directive_clause(current_user))
                                    .order_by(Directive.issued_on.desc()).limit(200)).all()
    return render_template("tasks/index.html", page=page, f=f, problems=problems,
                           unit_choices=tree_choices(list(units)), directives=directives)


@bp.route("/<int:task_id>")
@login_required
def detail(task_id):
    task = db.get_or_404(Task, task_id)
    if not can_see_task(current_user, task):
        abort(404)
    return render_template("tasks/detail.html", task=task)
