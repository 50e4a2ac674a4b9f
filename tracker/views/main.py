"""Home: what needs attention in the user's scope."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from tracker.domain.deadlines import DeadlineCategory
from tracker.extensions import db
from tracker.models import Task
from tracker.queries.tasks import category_expression, category_condition
from tracker.queries.visibility import task_clause
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today

bp = Blueprint("main", __name__)


def category_counts(user, today, calendar) -> dict[str, int]:
    cat = category_expression(today, calendar).label("cat")
    rows = db.session.execute(
        select(cat, func.count()).select_from(Task).where(task_clause(user)).group_by(cat)
    ).all()
    counts = {c.value: 0 for c in DeadlineCategory}
    counts.update({k: n for k, n in rows if k})
    return counts


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return redirect(url_for("auth.login"))


@bp.route("/home")
@login_required
def home():
    today, calendar = local_today(), current_calendar()
    counts = category_counts(current_user, today, calendar)
    urgent_cats = [DeadlineCategory.OVERDUE, DeadlineCategory.DUE_SOON]
    urgent = db.session.scalars(
        select(Task).where(task_clause(current_user))
        .where(category_condition(urgent_cats[0], today, calendar) | category_condition(urgent_cats[1], today, calendar))
        .order_by(Task.due_on.asc(), Task.id.asc()).limit(15)
    ).all()
    return render_template("main/home.html", counts=counts, urgent=urgent, total=sum(counts.values()))
