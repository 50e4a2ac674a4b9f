"""Creating, moving and renaming units; keeps materialised paths consistent."""
from sqlalchemy import String, func, literal, select, update

from tracker.cache import bump_data_version
from tracker.domain.units import UnitKind, path_for
from tracker.models import Unit
from tracker.domain.roles import Action
from tracker.services import ServiceError, require
from flask_babel import gettext as _


def create_unit(session, *, actor, name: str, code: str, kind: str, parent: Unit | None = None,
                email: str | None = None, short_name: str | None = None,
                officers_may_submit: bool = False) -> Unit:
    """Create a unit and commit."""
    require(actor, Action.MANAGE_UNITS)
    unit = add_unit(session, name=name, code=code, kind=kind, parent=parent, email=email, short_name=short_name)
    unit.officers_may_submit = officers_may_submit
    bump_data_version(session, structure=True)
    session.commit()
    return unit


def update_unit(session, unit: Unit, *, actor, name: str, code: str, kind: str, short_name: str | None,
                email: str | None, officers_may_submit: bool) -> None:
    """Save a unit's details; a unit that is no longer a committee keeps no member units."""
    require(actor, Action.MANAGE_UNITS, unit)
    unit.name = name.strip()
    unit.code = code
    unit.kind = kind
    unit.short_name = (short_name or "").strip() or None
    unit.email = email
    unit.officers_may_submit = officers_may_submit
    if not unit.is_committee and unit.members:
        unit.members = []  # only a steering committee has member units
    bump_data_version(session, structure=True)
    session.commit()


def set_unit_active(session, unit: Unit, active: bool, *, actor) -> None:
    require(actor, Action.MANAGE_UNITS, unit)
    unit.is_active = active
    bump_data_version(session, structure=True)
    session.commit()


def set_committee_members(session, committee: Unit, unit_ids: set[int], *, actor) -> None:
    require(actor, Action.MANAGE_UNITS, committee)
    committee.members = list(session.scalars(select(Unit).where(Unit.id.in_(unit_ids))).all()) if unit_ids else []
    bump_data_version(session, structure=True)
    session.commit()


def add_unit(session, *, name: str, code: str, kind: str, parent: Unit | None = None,
             email: str | None = None, short_name: str | None = None) -> Unit:
    """Validate and add a unit; the calling use case commits."""
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
    session.flush()
    return unit


def move_unit(session, unit: Unit, new_parent: Unit | None, *, actor) -> None:
    """Re-hang a unit and its subtree, and commit."""
    require(actor, Action.MANAGE_UNITS, unit)
    _move_subtree(session, unit, new_parent)
    bump_data_version(session, structure=True)
    session.commit()


def _move_subtree(session, unit: Unit, new_parent: Unit | None) -> None:
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
    # Who sees a task below it changed: the standing home tiles are rebuilt by their next reader.
    from tracker.services.home_counts import invalidate
    invalidate(session)


def merge_units(session, source: Unit, target: Unit | None, *, actor) -> dict:
    """Merge `source` into `target` (e.g. two residential groups become one).

    Users of `source` move to `target`; open tasks led or coordinated by `source` now name
    `target` (a "unit_merged" event on each); sub-units are re-hung under `target`; committee
    memberships follow; `source` is deactivated, never deleted, so closed tasks and past
    reports keep showing it as it was.
    """
    from tracker.domain.workflow import CLOSED_VALUES
    from tracker.models import Task, TaskEvent, User, committee_members, task_coordinators

    require(actor, Action.MANAGE_UNITS, source)
    if target is None or target.id == source.id:
        raise ServiceError({"target": _("Hãy chọn một đơn vị khác để sáp nhập vào.")})
    if target.is_within(source):
        raise ServiceError({"target": _("Không thể sáp nhập đơn vị vào đơn vị cấp dưới của chính nó.")})
    if not target.is_active:
        raise ServiceError({"target": _("Đơn vị nhận đã ngừng hoạt động.")})
    closed = CLOSED_VALUES

    users = list(session.scalars(select(User).where(User.unit_id == source.id)).all())
    for user in users:
        user.unit_id = target.id

    touched = {}
    for task in session.scalars(select(Task).where(Task.lead_unit_id == source.id, Task.status.not_in(closed))):
        task.lead_unit_id = target.id
        task.coordinators = [c for c in task.coordinators if c.id != target.id]
        touched[task.id] = task
    coord_ids = select(task_coordinators.c.task_id).where(task_coordinators.c.unit_id == source.id)
    for task in session.scalars(select(Task).where(Task.id.in_(coord_ids), Task.status.not_in(closed))):
        others = [c for c in task.coordinators if c.id not in (source.id, target.id)]
        if task.lead_unit_id != target.id:
            others.append(target)
        task.coordinators = others
        touched[task.id] = task
    for task in touched.values():
        session.add(TaskEvent(task=task, actor=actor, kind="unit_merged",
                              note=_("Đơn vị %(a)s được sáp nhập vào %(b)s.", a=source.name, b=target.name),
                              changes={"from_unit_id": source.id, "to_unit_id": target.id}))

    # Committees that had the merged unit as a member now have the receiving unit.
    committees = session.scalars(select(committee_members.c.committee_id)
                                 .where(committee_members.c.unit_id == source.id)).all()
    for committee in session.scalars(select(Unit).where(Unit.id.in_(committees))):
        committee.members = [m for m in committee.members if m.id != source.id] + \
            ([] if any(m.id == target.id for m in committee.members) or committee.id == target.id else [target])
    session.flush()

    for child in list(session.scalars(select(Unit).where(Unit.parent_id == source.id))):
        _move_subtree(session, child, session.get(Unit, target.id))
    source = session.get(Unit, source.id)
    source.is_active = False
    from tracker.services.report_counts import invalidate
    invalidate(session)  # tasks changed units in bulk: the standing counts are rebuilt by their next reader
    bump_data_version(session, structure=True)
    session.commit()
    return {"users": len(users), "tasks": len(touched)}
