"""What a user may see. List queries and per-object checks both live here so they agree.

Rule (issue 2): a unit's people see tasks where their unit, or a unit below it,
is lead or coordinating; an assigning body's people also see what it assigned.
Admins see everything.
"""
from flask import g, has_app_context, has_request_context
from sqlalchemy import Integer, and_, any_, bindparam, exists, false, or_, select, true, union
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import object_session

from tracker.cache import STRUCTURE, local_bumps, memo
from tracker.extensions import db
from tracker.domain.workflow import CLOSED_VALUES, OPEN_VALUES
from tracker.models import Directive, Task, Unit, task_coordinators


# Up to this many ids, a subtree goes to the database as a literal list (see subtree_ids).
MAX_LITERAL_IDS = 3000


def subtree_ids(unit: Unit):
    """The ids of `unit` and every unit below it, for an IN (...).

    A literal list when the subtree is small enough: the planner then knows it is one
    commune, where from a path LIKE it guessed a hundred units and scanned a million
    tasks in parallel. Read once per data version (tracker.cache). A select otherwise.
    """
    stmt = select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))
    session = object_session(unit)
    if session is not None:
        ids = memo("subtree_ids", (unit.path,),
                   lambda: list(session.scalars(stmt.order_by(Unit.id).limit(MAX_LITERAL_IDS + 1))), session=session,
                   kind=STRUCTURE)
        if len(ids) <= MAX_LITERAL_IDS:
            return ids
    return stmt


# From this many ids on, a list goes to PostgreSQL as one array (in_ids).
ARRAY_FROM = 8


def in_ids(column, ids):
    """``column IN ids``. On PostgreSQL a list of more than a few ids is sent as one array
    parameter (``= ANY(...)``): as an IN list each id was a parameter of its own, which
    SQLAlchemy rendered and cast and psycopg parsed again on every execution (a province's 166
    units in a three-branch union: 335 parameters, 10 kB of SQL, 2-3 ms of CPU per statement
    against 0.8 as an array; the plans are the same). Elsewhere (SQLite), a select or a short
    list: IN."""
    if isinstance(ids, (list, tuple)) and len(ids) >= ARRAY_FROM and _on_postgresql():
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(ids)


def _on_postgresql() -> bool:
    return has_app_context() and db.engine.dialect.name == "postgresql"


def covers_every_unit(unit: Unit) -> bool:
    """Whether every unit is `unit` or below it (a national committee at the root of the only
    tree): its people then see every task, since every task has a lead unit. Read once per
    structure version."""
    session = object_session(unit)
    if session is None or unit.parent_id is not None:
        return False  # a unit with a parent does not cover it: no query for every other user
    # A unit outside a root's subtree is below another root: one probe of ix_units_parent_id
    # rather than counting 10,000 paths (task_clause asks on every page).
    other_root = exists().where(Unit.parent_id.is_(None), Unit.id != unit.id)
    return not memo("other_roots", (unit.id,), lambda: bool(session.scalar(select(other_root))), session=session,
                    kind=STRUCTURE)


def sees_every_task(user) -> bool:
    """The admin, or a user whose unit covers every unit (covers_every_unit)."""
    return user.is_admin or (user.unit is not None and covers_every_unit(user.unit))


def scope_branches(unit: Unit, *columns):
    """Selects of `columns` (of Task) over the tasks `unit` assigned, or that a unit
    at or below it leads or coordinates. Kept as separate branches for a UNION: with an
    OR of them, PostgreSQL scanned a million tasks and filtered; as a union each branch
    uses its own index."""
    below = subtree_ids(unit)
    tc = task_coordinators
    return (
        select(*columns).where(Task.assigned_by_unit_id == unit.id),
        select(*columns).where(in_ids(Task.lead_unit_id, below)),
        select(*columns).select_from(Task).join(tc, tc.c.task_id == Task.id)
        .where(in_ids(tc.c.unit_id, below), led_outside(tc.c.lead_unit_id, below)),
    )


def led_outside(lead_column, below):
    """The coordinations' branch keeps a task led outside the subtree only: one led inside it is
    in the lead branch of the same union. The lead is read beside the coordination (copied by
    the database's triggers, migration a7d3f9c2e815), so that a province's 6,285 coordinations
    are filtered in ix_task_coordinators_unit_lead and its tasks' index is probed for the 11 led
    elsewhere, not for each of them (16 of a province's 40 ms task list)."""
    return or_(lead_column.is_(None), ~in_ids(lead_column, below))


def status_branches(unit: Unit, statuses):
    """scope_branches(unit, Task.id, Task.due_on) restricted to ``statuses``: rows (id, due_on). The coordinators' branch reads the status and deadline
    kept beside each coordination (the database's triggers copy them there), not the task: a
    province's open coordinated tasks are 710 entries of ix_task_coordinators_open_due, where
    probing the tasks' index for each of its 6,285 coordinations was most of its home's urgent
    list. Its open condition is written as that index's own predicate (NOT IN the closed
    statuses), which PostgreSQL then reads alone; an IN of the open ones sent it to the table."""
    tc, below = task_coordinators, subtree_ids(unit)
    coordinated = tc.c.status.not_in(CLOSED_VALUES) if set(statuses) == set(OPEN_VALUES) else tc.c.status.in_(statuses)
    return (select(Task.id, Task.due_on).where(Task.assigned_by_unit_id == unit.id, Task.status.in_(statuses)),
            select(Task.id, Task.due_on).where(in_ids(Task.lead_unit_id, below), Task.status.in_(statuses)),
            select(tc.c.task_id.label("id"), tc.c.due_on).where(in_ids(tc.c.unit_id, below), coordinated))


def task_clause(user):
    """WHERE clause limiting Task rows to those the user may see."""
    if sees_every_task(user):
        return true()
    if user.unit is None:
        return false()
    return Task.id.in_(union(*scope_branches(user.unit, Task.id)))


def task_clause_with(user, *conds):
    """task_clause(user) AND conds, with the conditions inside each branch of the union.

    The same rows as ``and_(task_clause(user), *conds)``; but a province sees 16,000 tasks
    and the union of them all was most of a home page's time, where its 1,800 open ones,
    filtered in each branch through the (unit, status) indexes, are a tenth of it."""
    if sees_every_task(user):
        return and_(true(), *conds)
    if user.unit is None:
        return false()
    return Task.id.in_(union(*(b.where(*conds).correlate(None) for b in scope_branches(user.unit, Task.id))))


def own_tasks_clause(user, *conds, lead_only: bool = False, assigner_only: bool = False):
    """``task_clause_with(user, *conds, own)``, where ``own`` is "led by the user's unit"
    (``lead_only``) and/or "assigned by it" (``assigner_only``); the admin takes neither.

    Without the union: by the rule a task the user's own unit leads (the unit is in its own
    subtree) or assigned (an assigning body sees what it assigned) is always visible, so the
    statement reads the (unit, status, due_on) indexes alone, in deadline order. For a province
    the union's literal list of its 166 units in three branches (500 parameters) cost more to
    send than the rows (tests/test_home_work_lists.py holds the two equal)."""
    if user.is_admin:
        return and_(true(), *conds)
    if user.unit is None:
        return false()
    own = ([Task.lead_unit_id == user.unit.id] if lead_only else []) + \
        ([Task.assigned_by_unit_id == user.unit.id] if assigner_only else [])
    if not own:
        return task_clause_with(user, *conds)
    return and_(*own, *conds)


def directive_clause(user):
    """A directive is visible to its owner (the assigning body) and to whoever sees one of its tasks."""
    if user.is_admin:
        return true()
    if user.unit is None:
        return false()
    if sees_every_task(user):   # every task is visible: a directive with any task is
        return or_(Directive.owner_unit_id == user.unit_id,
                   select(Task.id).where(Task.directive_id == Directive.id).exists())
    # scope_branches(user.unit, Task.directive_id), but the coordinations' branch reads the
    # directive kept beside each coordination (its index alone) rather than probing each task.
    tc, below = task_coordinators, subtree_ids(user.unit)
    return Directive.id.in_(union(
        select(Directive.id).where(Directive.owner_unit_id == user.unit_id),
        select(Task.directive_id).where(Task.assigned_by_unit_id == user.unit_id),
        select(Task.directive_id).where(in_ids(Task.lead_unit_id, below)),
        select(tc.c.directive_id).where(in_ids(tc.c.unit_id, below)),
    ))


def scope_key(user, root_path: str | None = None) -> tuple:
    """What the rule needs to know about the user, as a hashable key (the report cache's scope):
    ("all",) sees everything in scope, ("none",) nothing, ("unit", id, path) the unit rule.

    Inside a report rooted at or below the user's unit every counted task has its lead (or
    coordinating) unit in the user's subtree, so the rule lets all of them through."""
    if user.is_admin:
        return ("all",)
    unit = getattr(user, "unit", None)
    if unit is None:
        return ("none",)
    if root_path and root_path.startswith(unit.path):
        return ("all",)
    return ("unit", unit.id, unit.path)


def clause_key(user, root_path: str | None = None) -> tuple:
    """Everything ``scoped_task_clause(user, root_path)`` is built from, as a hashable key: two users
    with the same key get the same clause, so a statement built with it may be kept and reused
    (reports.live.own_counts). scope_key, and for the unit rule whether the unit covers every unit
    and its subtree's ids (a structure change gives a new key, never a stale clause)."""
    key = scope_key(user, root_path)
    if key[0] != "unit":
        return key
    if sees_every_task(user):
        return ("every",)
    ids = subtree_ids(user.unit)
    return key + (tuple(ids) if isinstance(ids, list) else None,)


def scoped_task_clause(user, root_path: str | None = None):
    """task_clause for a report rooted at ``root_path``: nothing to add when scope_key says all."""
    key = scope_key(user, root_path)
    if key[0] == "all":
        return true()
    if key[0] == "none":
        return false()
    return task_clause(user)


def frozen_task_clause(user, task_id_col, snapshot_id: int, unit_paths: dict[int, str],
                       root_path: str | None = None):
    """The same rule over the tasks frozen in a closed period's snapshot (ReportSnapshotTask).

    The snapshot keeps the facts the rule needs: each task's assigning body, and one row per
    involved unit (role "lead": the lead unit, role "coordinating": each coordinator); the
    subtree is taken from the unit paths frozen with it (``unit_paths``)."""
    from tracker.models import ReportSnapshotTask as R

    key = scope_key(user, root_path)
    if key[0] == "all":
        return true()
    if key[0] == "none":
        return false()
    _, unit_id, path = key
    below = [uid for uid, p in unit_paths.items() if p.startswith(path)]
    frozen = select(R.task_id).where(R.snapshot_id == snapshot_id)
    return task_id_col.in_(union(
        frozen.where(R.assigned_by_unit_id == unit_id),
        frozen.where(R.role.in_(("lead", "coordinating")), R.unit_id.in_(below)),
    ))


def visible_tasks(user):
    return select(Task).where(task_clause(user))


def visible_directives(user):
    return select(Directive).where(directive_clause(user))


def can_see_task(user, task: Task) -> bool:
    if user.is_admin:
        return True
    unit = user.unit
    if unit is None:
        return False
    if task.assigned_by_unit_id == unit.id:
        return True
    if task.lead_unit.is_within(unit):
        return True
    return any(c.is_within(unit) for c in task.coordinators)


def can_see_directive(user, directive: Directive) -> bool:
    if user.is_admin or directive.owner_unit_id == user.unit_id:
        return True
    session = object_session(directive)
    if session is None or "tasks" in directive.__dict__ or directive.id is None:
        return any(can_see_task(user, t) for t in directive.tasks)
    # One query over the directive's tasks rather than loading each with its units.
    if user.unit is None:
        return False
    # Asked again within a request (the directive page's guard, then its indicators panel):
    # answered once, until this process writes (a task assigned then may make it visible).
    seen = g.setdefault("_directive_seen", {}) if has_request_context() else {}
    key = (user.id, user.unit_id, directive.id, local_bumps())
    if key not in seen:
        seen[key] = session.scalar(select(Task.id).where(
            task_clause_with(user, Task.directive_id == directive.id)).limit(1)) is not None
    return seen[key]


def relation(user, obj) -> tuple[bool, bool]:
    """(visible, own unit) of an object for the authorization table."""
    if isinstance(obj, Task):
        return can_see_task(user, obj), obj.assigned_by_unit_id == user.unit_id
    if isinstance(obj, Directive):
        return can_see_directive(user, obj), obj.owner_unit_id == user.unit_id
    if isinstance(obj, Unit):
        return True, obj.is_within(user.unit) if user.unit else False
    raise TypeError(f"no visibility rule for {type(obj).__name__}")
