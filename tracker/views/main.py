"""Home: what needs attention in the user's scope, most urgent first."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select, union
from sqlalchemy.orm import joinedload

from tracker.domain.deadlines import DeadlineCategory
from tracker.domain.roles import Role
from tracker.domain.workflow import CLOSED_VALUES, OPEN_VALUES, TaskStatus
from tracker.extensions import db
from tracker.models import Task
from tracker.queries import home_counts
from tracker.queries.returned import return_reasons
from tracker.queries.tasks import category_expression, firsts_by_deadline
from tracker.queries.categories import task_category_case_of
from tracker.queries.visibility import own_tasks_clause, scope_branches, sees_every_task, task_clause
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today
from tracker.page_cache import cached_page

bp = Blueprint("main", __name__)

HOME_LIMIT = 50


def category_counts(user, today, calendar) -> dict[str, int]:
    # The admin, whoever sees every task, and the provinces' people: the standing rows of their
    # scope (queries/home_counts.py), a few thousand rows where the statements below read every task.
    standing = home_counts.tiles(db.session, user, today, calendar)
    if standing is not None:
        return standing
    return live_category_counts(user, today, calendar)


def live_category_counts(user, today, calendar) -> dict[str, int]:
    """The tiles counted from the tasks the user sees (the standing rows' reference)."""
    if sees_every_task(user) or user.unit is None:
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
    """Open tasks in the user's scope with their category, sorted by urgency then deadline.

    For an open task the category follows from its deadline alone (tracker.domain.categories:
    overdue before today, due soon up to the "soon" limit, within after it, no deadline when
    there is none), so "by urgency, then deadline, then id" is "by deadline (none last), then
    id". That order the (unit, status, due_on) indexes give: each branch of the visibility
    union keeps its first ``limit`` open tasks, and only those are merged, where the category of
    every open task in a province (1,800) was computed and sorted to show fifty."""
    key = (Task.due_on.asc().nulls_last(), Task.id.asc())
    if sees_every_task(user):   # the partial index ix_tasks_open_due, whose condition is written so
        ids = list(db.session.scalars(select(Task.id).where(Task.status.not_in(CLOSED_VALUES))
                                      .order_by(*key).limit(limit)))
    elif user.unit is None:
        ids = []
    else:
        # Each branch of the visibility union keeps its first open tasks by deadline, merged.
        ids = firsts_by_deadline(db.session, user.unit, OPEN_VALUES, limit)
    cat = category_expression(today, calendar)
    rows = db.session.execute(select(Task, cat.label("cat")).where(Task.id.in_(ids))
                              .options(joinedload(Task.lead_unit, innerjoin=True))).all()
    by_id = {t.id: (t, c) for t, c in rows}
    return [by_id[i] for i in ids if i in by_id]


def _by_status(user, status: TaskStatus, *, lead_only: bool = False, assigner_only: bool = False):
    """Up to 100 tasks in ``status`` the user sees (led, resp. assigned, by the user's unit unless
    admin), by deadline (none last), then id."""
    where = own_tasks_clause(user, Task.status == status.value, lead_only=lead_only, assigner_only=assigner_only)
    stmt = select(Task).where(where).options(joinedload(Task.lead_unit, innerjoin=True))
    return db.session.scalars(stmt.order_by(Task.due_on.asc().nulls_last(), Task.id.asc()).limit(100)).all()


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
@cached_page
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
