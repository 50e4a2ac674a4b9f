"""Home: what needs attention in the user's scope, most urgent first."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import case, func, select, union
from sqlalchemy.orm import selectinload

from tracker.domain.deadlines import DeadlineCategory
from tracker.domain.roles import Role
from tracker.domain.workflow import OPEN_STATUSES, TaskStatus
from tracker.extensions import db
from tracker.models import Task
from tracker.queries import home_counts
from tracker.queries.returned import return_reasons
from tracker.queries.tasks import category_expression
from tracker.queries.categories import task_category_case_of
from tracker.queries.visibility import scope_branches, task_clause, task_clause_with
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today

bp = Blueprint("main", __name__)

# Order of the home page list: what is late, then what is due soon, then the rest.
URGENCY = [DeadlineCategory.OVERDUE, DeadlineCategory.DUE_SOON, DeadlineCategory.WITHIN, DeadlineCategory.NO_DEADLINE]
HOME_LIMIT = 50


def category_counts(user, today, calendar) -> dict[str, int]:
    # The admin and the country's and provinces' people: the standing rows of their scope
    # (queries/home_counts.py), a few thousand rows where the statements below read every task.
    standing = home_counts.tiles(db.session, user, today, calendar)
    if standing is not None:
        return standing
    return live_category_counts(user, today, calendar)


def live_category_counts(user, today, calendar) -> dict[str, int]:
    """The tiles counted from the tasks the user sees (the standing rows' reference)."""
    if user.is_admin or user.unit is None:
        cat = category_expression(today, calendar).label("cat")
        stmt = select(cat, func.count()).select_from(Task).where(task_clause(user)).group_by(cat)
    else:
        # The facts the rules read, taken inside each branch of the visibility union from the
        # covering (unit, status, due_on) indexes: a province's 16,000 tasks joined back to the
        # million-row table cost a sequential scan (300 ms); this reads only its index entries.
        # A task reached by two branches gives the same row twice, which UNION keeps once.
        seen = union(*scope_branches(user.unit, Task.id, Task.status, Task.due_on, Task.completed_on)).subquery()
        cat = task_category_case_of(today, calendar, {"status": seen.c.status, "due_on": seen.c.due_on,
                                                        "completed_on": seen.c.completed_on}).label("cat")
        stmt = select(cat, func.count()).select_from(seen).group_by(cat)
    rows = db.session.execute(stmt).all()
    counts = {c.value: 0 for c in DeadlineCategory}
    counts.update({k: n for k, n in rows if k})
    return counts


def urgent_tasks(user, today, calendar, limit: int = HOME_LIMIT):
    """Open tasks in the user's scope with their category, sorted by urgency then deadline."""
    cat = category_expression(today, calendar)
    rank = case(*[(cat == c.value, i) for i, c in enumerate(URGENCY)], else_=len(URGENCY))
    # Open tasks, named by their statuses so that each branch of the visibility union reads
    # them through the (unit, status) indexes; each row shows its lead unit.
    open_values = sorted(s.value for s in OPEN_STATUSES)
    stmt = (select(Task, cat.label("cat")).where(task_clause_with(user, Task.status.in_(open_values)))
            .order_by(rank, Task.due_on.is_(None), Task.due_on.asc(), Task.id.asc()).limit(limit)
            .options(selectinload(Task.lead_unit)))
    return db.session.execute(stmt).all()


def _by_status(user, status: TaskStatus, *, lead_only: bool = False, assigner_only: bool = False):
    conds = [Task.status == status.value]
    if lead_only and not user.is_admin:
        conds.append(Task.lead_unit_id == user.unit_id)
    if assigner_only and not user.is_admin:
        conds.append(Task.assigned_by_unit_id == user.unit_id)
    stmt = select(Task).where(task_clause_with(user, *conds)).options(selectinload(Task.lead_unit))
    return db.session.scalars(stmt.order_by(Task.due_on.is_(None), Task.due_on.asc(), Task.id.asc()).limit(100)).all()


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return redirect(url_for("auth.login"))


def year_to_date(user, today):
    """The year-to-date report figures the completion tiles show: the same rollup as the
    report page for year ``today.year`` (lead role, the user's default scope)."""
    from tracker.domain.reports import Period
    from tracker.queries import reports as rq

    period = Period.containing("year", today)
    root = rq.default_root(db.session, user)
    rep = rq.cached_unit_report(db.session, user, period=period, as_of=today, root=root, role="lead", rolled_up=True)
    return period, root, rep.total


# Roles whose home lists work to receive, review or redo (a viewer only reads).
UNIT_AND_COMMITTEE = (Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.LEADER, Role.SECRETARIAT)


@bp.route("/home")
@login_required
def home():
    today, calendar = local_today(), current_calendar()
    counts = category_counts(current_user, today, calendar)
    year, year_root, year_total = year_to_date(current_user, today)
    role = current_user.role
    # New tasks a unit can receive at once; submitted ones the assigning body can review at once.
    new_tasks = _by_status(current_user, TaskStatus.ASSIGNED, lead_only=True) \
        if role in UNIT_AND_COMMITTEE else []
    to_review = _by_status(current_user, TaskStatus.SUBMITTED, assigner_only=True) \
        if role in UNIT_AND_COMMITTEE + (Role.ADMIN,) else []
    # Work the assigning body sent back, with its reason, so the unit does not miss it.
    returned = _by_status(current_user, TaskStatus.RETURNED, lead_only=True) \
        if role in UNIT_AND_COMMITTEE else []
    return render_template("main/home.html", counts=counts, urgent=urgent_tasks(current_user, today, calendar),
                           total=sum(counts.values()), new_tasks=new_tasks, to_review=to_review,
                           returned=returned, return_events=return_reasons(db.session, [t.id for t in returned]),
                           today=today, year=year, year_root=year_root, year_total=year_total)
