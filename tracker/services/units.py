"""Creating, moving and renaming units; keeps materialised paths consistent."""
from sqlalchemy import String, func, literal, select, update

from tracker.domain.units import UnitKind, path_for
from tracker.extensions import db
from tracker.models import Unit
from tracker.services import ServiceError
from flask_babel import gettext as _


def create_unit(session, *, name: str, code: str, kind: str, parent: Unit | None = None,
                email: str | None = None, short_name: str | None = None, commit: bool = True) -> Unit:
    name, code = (name or "").strip(), (code or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Tên đơn vị không được để trống.")
    if not code:
        errors["code"] = _("Mã đơn vị không được để trống.")
    elif session.scalar(select(Unit.id).where(Unit.code == code)):
        errors["code"] = _("Mã đơn vị %(code)s đã tồn tại.", code=code)
    try:
        kind = UnitKind(kind).value
    except ValueError:
        errors["kind"] = _("Loại đơn vị không hợp lệ.")
    if errors:
        raise ServiceError(errors)
    unit = Unit(name=name, code=code, kind=kind, parent=parent, email=(email or None),
                short_name=(short_name or None), depth=(parent.depth + 1) if parent else 0)
    session.add(unit)
    session.flush()  # the id is part of the path
    unit.path = path_for(parent.path if parent else None, unit.id)
    if commit:
        session.commit()
    return unit


def move_unit(session, unit: Unit, new_parent: Unit | None, *, commit: bool = True) -> None:
    """Re-hang a unit and its subtree; reports keep history through task rows, not paths."""
    if new_parent is not None and new_parent.is_within(unit):
        raise ServiceError({"parent_id": _("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")})
    old_path = unit.path
    new_path = path_for(new_parent.path if new_parent else None, unit.id)
    depth_delta = (new_parent.depth + 1 if new_parent else 0) - unit.depth
    # One UPDATE rewrites the prefix of the whole subtree.
    session.execute(
        update(Unit)
        .where(Unit.path.startswith(old_path, autoescape=True))
        .values(path=literal(new_path, String) + func.substr(Unit.path, len(old_path) + 1),
                depth=Unit.depth + depth_delta)
        .execution_options(synchronize_session=False)
    )
    unit.parent_id = new_parent.id if new_parent else None
    session.flush()
    session.expire_all()
    if commit:
        session.commit()
