"""The bell: the user's notices about tasks, and marking them read."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.extensions import db
from tracker.queries.visibility import can_see_task
from tracker.services.notifications import mark_read, recent, unread_count

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def inject_bell():
    if not current_user or not current_user.is_authenticated:
        return {}
    return {"bell_unread": lambda: unread_count(db.session, current_user)}


@bp.route("/")
@login_required
def index():
    items = recent(db.session, current_user, 100)
    # A notice keeps its place, but a task that has since left the user's sight (reassigned
    # to another unit, say) shows neither its content nor the note of the step.
    visible = {n.task_id for n in items if n.task is not None and can_see_task(current_user, n.task)}
    return render_template("notifications/index.html", items=items, visible=visible)


@bp.route("/read", methods=["POST"])
@login_required
def read():
    task_raw = request.form.get("task_id", "")
    if task_raw.isdigit() and len(task_raw) < 12:
        # Opening a notice from the list: its task's notices are read, then the task opens.
        mark_read(db.session, current_user, task_id=int(task_raw))
        return redirect(url_for("tasks.detail", task_id=int(task_raw)))
    raw = request.form.get("id", "")
    n = mark_read(db.session, current_user, int(raw) if raw.isdigit() and len(raw) < 12 else None)
    if n:
        flash(_("Đã đánh dấu %(n)d thông báo là đã đọc.", n=n), "info")
    return redirect(url_for("notifications.index"))
