"""Groups a task can be assigned to in one step: one task per unit of the group."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.domain.units import COMMUNE_LEVEL
from tracker.models import Unit


@dataclass(frozen=True)
class UnitGroup:
    key: str
    label: str
    unit_ids: tuple[int, ...]


def groups_for(session, assigning_unit: Unit) -> list[UnitGroup]:
    """Groups that make sense for a committee: its communes and wards, its members."""
    groups = []
    scope = assigning_unit.parent if assigning_unit.is_committee and assigning_unit.parent else assigning_unit
    communes = session.scalars(select(Unit).where(
        Unit.path.startswith(scope.path, autoescape=True),
        Unit.kind.in_([k.value for k in COMMUNE_LEVEL]),
        Unit.is_active.is_(True),
    ).order_by(Unit.sort_name)).all()
    if communes:
        groups.append(UnitGroup(
            f"communes:{scope.id}",
            _("Tất cả xã, phường thuộc %(name)s (%(n)d đơn vị)", name=scope.name, n=len(communes)),
            tuple(u.id for u in communes)))
    if assigning_unit.members:
        members = [u for u in assigning_unit.members if u.is_active]
        groups.append(UnitGroup(
            f"members:{assigning_unit.id}",
            _("Tất cả thành viên %(name)s (%(n)d đơn vị)", name=assigning_unit.name, n=len(members)),
            tuple(u.id for u in members)))
    return groups


def resolve_lead_choice(session, assigning_unit: Unit, choice: str) -> list[int] | None:
    """Turn a form value ("12" or "communes:3") into unit ids; None if not a valid choice."""
    choice = (choice or "").strip()
    if choice.isdigit():
        return [int(choice)]
    for group in groups_for(session, assigning_unit):
        if group.key == choice:
            return list(group.unit_ids)
    return None
