"""Unit lists for pickers and pages."""
from sqlalchemy import or_, select

from tracker.models import Unit, committee_members


def assignable_units(session, assigning_unit: Unit | None, *, all_units: bool = False) -> list[Unit]:
    """Units a body may assign to: everything under its parent (a committee sits beside the
    units it steers), its own subtree, and its member units."""
    stmt = select(Unit).where(Unit.is_active.is_(True))
    if not all_units and assigning_unit is not None:
        scope = assigning_unit.parent if assigning_unit.parent is not None else assigning_unit
        members = select(committee_members.c.unit_id).where(committee_members.c.committee_id == assigning_unit.id)
        stmt = stmt.where(or_(Unit.path.startswith(scope.path, autoescape=True), Unit.id.in_(members)))
    return list(session.scalars(stmt.order_by(Unit.path)).all())


def tree_order(units: list[Unit]) -> list[Unit]:
    """Units in tree order (depth first, siblings in Vietnamese alphabetical order), whatever
    their stored order; a unit whose parent is not in the list starts a tree of its own."""
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.id for u in units}
    for u in units:
        by_parent.setdefault(u.parent_id if u.parent_id in ids else None, []).append(u)
    out: list[Unit] = []

    def walk(parent_id):
        for u in sorted(by_parent.get(parent_id, []), key=lambda x: x.sort_name):
            out.append(u)
            walk(u.id)

    walk(None)
    return out


def tree_choices(units: list[Unit]) -> list[tuple[int, str]]:
    """(id, label) with the tree shown by indentation, siblings in alphabetical order."""
    base = min((u.depth for u in units), default=0)
    return [(u.id, "\u2003" * (u.depth - base) + u.name) for u in tree_order(units)]


def subtree(session, unit: Unit) -> list[Unit]:
    return list(session.scalars(
        select(Unit).where(Unit.path.startswith(unit.path, autoescape=True)).order_by(Unit.path)).all())
