"""Publish a directive on the public pages, or withdraw it (logged-in, on the directive page)."""
from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from tracker.auth import can
from tracker.domain.roles import Action
from tracker.extensions import db
from tracker.models import Directive, DirectivePublication
from tracker.queries.visibility import can_see_directive
from tracker.services import ServiceError
from tracker.services.publication import (
    directive_history,
    mark_item_public,
    public_marks,
    publish,
    unmark_item_public,
    unpublish,
)

bp = Blueprint("publishing", __name__, url_prefix="/directives")


class PublishForm(FlaskForm):
    pass


@bp.app_context_processor
def _publication_helpers():
    def publication_of(directive):
        """What the directive page shows about its publication."""
        row = db.session.get(DirectivePublication, directive.id)
        return {
            "published_at": row.published_at if row else None,
            "may_publish": current_user.is_authenticated and can(current_user, Action.PUBLISH_DIRECTIVE, directive),
            "history": directive_history(db.session, directive.id),
            "form": PublishForm(),
        }
    def public_marks_of(task):
        """What the task page needs for the "Công khai mục này" buttons of its history."""
        if task.directive is None or task.parent_id is not None or not current_user.is_authenticated \
                or not can(current_user, Action.PUBLISH_DIRECTIVE, task.directive):
            return {"may_mark": False, "events": set(), "files": set()}
        events, files = public_marks(db.session, task.directive_id)
        return {"may_mark": True, "events": events, "files": files, "form": PublishForm(),
                "directive_id": task.directive_id}
    return {"publication_of": publication_of, "public_marks_of": public_marks_of}


def _directive(directive_id: int) -> Directive:
    d = db.get_or_404(Directive, directive_id)
    if not can_see_directive(current_user, d):
        abort(404)
    return d


def _publication_step(directive_id: int, use_case, message: str, category: str):
    """Publish or unpublish: the form, one use case, a message, back to the directive."""
    d = _directive(directive_id)
    if not PublishForm().validate_on_submit():
        abort(400)
    try:
        use_case(db.session, current_user, d)
    except ServiceError as e:
        abort(e.status)
    flash(message, category)
    return redirect(url_for("directives.detail", directive_id=d.id))


@bp.route("/<int:directive_id>/publish", methods=["POST"])
@login_required
def publish_directive(directive_id):
    return _publication_step(directive_id, publish, _("Đã công khai văn bản."), "success")


@bp.route("/<int:directive_id>/unpublish", methods=["POST"])
@login_required
def unpublish_directive(directive_id):
    return _publication_step(directive_id, unpublish, _("Đã thôi công khai văn bản."), "info")


_ITEM_KINDS = ("event", "file")


@bp.route("/<int:directive_id>/public-items/<kind>/<int:item_id>/<op>", methods=["POST"])
@login_required
def mark_item(directive_id, kind, item_id, op):
    """Mark one report/comment (kind "event") or one evidence file (kind "file") public, or
    take it off (op "mark" / "unmark"); back to the task page."""
    if kind not in _ITEM_KINDS or op not in ("mark", "unmark"):
        abort(404)
    d = _directive(directive_id)
    if not PublishForm().validate_on_submit():
        abort(400)
    ids = {"event_id": item_id} if kind == "event" else {"attachment_id": item_id}
    fn = mark_item_public if op == "mark" else unmark_item_public
    try:
        fn(db.session, current_user, d, **ids)
    except ServiceError as e:
        abort(e.status)
    if op == "mark":
        flash(_("Đã công khai mục này."), "success")
    else:
        flash(_("Đã thôi công khai mục này."), "info")
    task_id = _task_of(kind, item_id)
    return redirect(url_for("tasks.detail", task_id=task_id) + "#timeline" if task_id
                    else url_for("directives.detail", directive_id=d.id))


def _task_of(kind: str, item_id: int) -> int | None:
    from tracker.models import Attachment, TaskEvent
    row = db.session.get(TaskEvent if kind == "event" else Attachment, item_id)
    return row.task_id if row is not None else None
