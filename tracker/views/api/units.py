"""Units a user may pick: the same scope as the pages' unit pickers."""
from dataclasses import dataclass

from flask import abort, request
from flask_login import current_user
from sqlalchemy import select

from tracker.domain.roles import Role
from tracker.domain.text import fold
from tracker.extensions import db
from tracker.models import Unit
from tracker.queries.units import assignable_units
from tracker.views.api import bp
from tracker.views.api import responses as r
from tracker.views.api import serialize as s
from tracker.views.api import schemas as sc
from tracker.views.api.inputs import MAX_ID, query_error_message, raise_if


@dataclass
class ListPage:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return (self.total + self.per_page - 1) // self.per_page if self.total else 0


def visible_units(user) -> list[Unit]:
    """Admins: every active unit. Assigning bodies (secretariat, leaders): what they may
    assign to. Everyone else: their own unit and the units below it."""
    if user.is_admin:
        return assignable_units(db.session, user.unit, all_units=True)
    if user.role in (Role.SECRETARIAT.value, Role.LEADER.value):
        return assignable_units(db.session, user.unit)
    if user.unit is None:
        return []
    return list(db.session.scalars(select(Unit).where(
        Unit.path.startswith(user.unit.path, autoescape=True), Unit.is_active.is_(True)
    ).order_by(Unit.path)).all())


@bp.get("/units")
def units_index():
    errors: dict[str, str] = {}
    args = sc.query(sc.UnitQuery, request.args, errors)
    raise_if(errors, query_error_message())
    page, per_page, q = args.page, args.per_page, (args.q or "").strip()
    units = visible_units(current_user)
    if q and fold(q):
        words = fold(q).split()
        units = [u for u in units if all(w in fold(f"{u.name} {u.short_name or ''} {u.code}") for w in words)]
    start = (page - 1) * per_page
    result = ListPage(units[start:start + per_page], page, per_page, len(units))
    return r.send(r.UnitPage, {"items": [s.unit(u) for u in result.items], **s.page_meta(result)})


@bp.get("/units/<int:unit_id>")
def units_detail(unit_id):
    if unit_id > MAX_ID or unit_id not in {u.id for u in visible_units(current_user)}:
        abort(404)
    return r.send(r.Unit, s.unit(db.session.get(Unit, unit_id)))
