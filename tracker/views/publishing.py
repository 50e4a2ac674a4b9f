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
from tracker.services.publication import directive_history, publish, unpublish

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
    return {"publication_of": publication_of}


def _directive(directive_id: int) -> Directive:
    d = db.get_or_404(Directive, directive_id)
    if not can_see_directive(current_user, d):
        abort(404)
    return d


@bp.route("/<int:directive_id>/publish", methods=["POST"])
@login_required
def publish_directive(directive_id):
    d = _directive(directive_id)
    if not PublishForm().validate_on_submit():
        abort(400)
    try:
        publish(db.session, current_user, d)
    except ServiceError as e:
        abort(e.status)
    flash(_("Đã công khai văn bản."), "success")
    return redirect(url_for("directives.detail", directive_id=d.id))


@bp.route("/<int:directive_id>/unpublish", methods=["POST"])
@login_required
def unpublish_directive(directive_id):
    d = _directive(directive_id)
    if not PublishForm().validate_on_submit():
        abort(400)
    try:
        unpublish(db.session, current_user, d)
    except ServiceError as e:
        abort(e.status)
    flash(_("Đã thôi công khai văn bản."), "info")
    return redirect(url_for("directives.detail", directive_id=d.id))
