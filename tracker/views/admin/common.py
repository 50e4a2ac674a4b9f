"""The admin blueprint, its guard (admins only) and the helpers its pages share."""


from flask import (Blueprint, abort, current_app, flash, request)
from flask_login import current_user
from sqlalchemy import select

from tracker.domain.workflow import OPEN_VALUES
from tracker.extensions import db
from tracker.models import Unit
from tracker.queries.units import tree_order
from tracker.services import ServiceError



bp = Blueprint("admin", __name__, url_prefix="/admin")


OPEN_STATUSES = list(OPEN_VALUES)


@bp.before_request
def _admins_only():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)


def _tree(units: list[Unit]) -> list[Unit]:
    """Units in tree order (depth first, siblings by name), whatever their stored order."""
    return tree_order(units)


def _unit_choices(*, active_only=True, exclude: Unit | None = None, top_label=None):
    stmt = select(Unit)
    if active_only:
        stmt = stmt.where(Unit.is_active.is_(True))
    units = _tree(list(db.session.scalars(stmt).all()))
    base = min((u.depth for u in units), default=0)
    choices = [(u.id, "\u2003" * (u.depth - base) + u.name) for u in units if exclude is None or u.id != exclude.id]
    if top_label is not None:
        choices = [(0, top_label)] + choices
    return choices


def _put_errors(form, err: ServiceError, aliases: dict | None = None) -> None:
    for key, message in err.errors.items():
        key = (aliases or {}).get(key, key)
        target = form._fields.get(key)
        if target is not None:
            target.errors = list(target.errors) + [message]
        else:
            flash(message, "danger")


def _status(form) -> int:
    return 400 if request.method == "POST" and form.errors else 200

