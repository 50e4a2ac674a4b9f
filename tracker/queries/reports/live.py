"""Live counts: one GROUP BY over today's tasks, per unit and in total; a report's units with them."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from functools import lru_cache

from sqlalchemy import BigInteger, Integer, any_, bindparam, cast, false, func, or_, select, true

from tracker.domain.reports import COLUMNS, Counts, Period, ancestors
from tracker.models import Task, Unit
from tracker.queries import literal_sql
from tracker.queries.visibility import clause_key, scope_key

from tracker.queries.reports.past import jit_off, joined_count_columns
from tracker.timeutil import local_today
from tracker.queries.reports.clauses import (UnitInfo, role_source, conditions, count_columns, _visibility, _unit_scope,
                                             subtree_unit_ids)


def own_counts(session, *, period: Period, as_of: date, user, role: str = "lead",
               root_path: str | None = None, directive_id: int | None = None,
               unit_ids: list[int] | None = None, whole_tree: bool = False) -> dict[int, list[int]]:
    """Counts of each unit's own tasks (as lead, or as coordinator), visible to ``user``.

    ``whole_tree``: the root's subtree holds every unit (no unit clause needed).

    The statement is kept, by everything it is built from, and sent with its values written in
    (literal_sql): a committee member's report (the visibility union over the committee's units,
    the subtree's ids) was built, keyed and planned again on every call, 3-6 ms above the 17 ms
    PostgreSQL takes to run it (bench/rollup.py, session 28)."""
    live = as_of >= local_today()
    if not live:  # the deadlines then, joined once (past.py)
        period.check_as_of(as_of)
        jit_off(session)
    if unit_ids is None and not whole_tree:
        unit_ids = subtree_unit_ids(session, root_path)
    key = (period, as_of, live, role, root_path, None if unit_ids is None else tuple(unit_ids), directive_id,
           whole_tree, clause_key(user, root_path), session.get_bind().dialect.name)
    with _OWN_LOCK:  # threaded servers (the embedded default): an eviction between get and move_to_end
        stmt = _OWN_STATEMENTS.get(key)
        if stmt is not None:
            _OWN_STATEMENTS.move_to_end(key)
    if stmt is None:
        stmt = _own_statement(period, as_of, live, user, role, root_path, directive_id, unit_ids, whole_tree)
        with _OWN_LOCK:
            _OWN_STATEMENTS[key] = stmt
            while len(_OWN_STATEMENTS) > _OWN_STATEMENTS_MAX:
                _OWN_STATEMENTS.popitem(last=False)
    return {r[0]: list(r[1:]) for r in literal_sql.rows(session, stmt)}


_OWN_STATEMENTS: OrderedDict = OrderedDict()   # own_counts' statements, least recently used first
_OWN_STATEMENTS_MAX = 256
_OWN_LOCK = threading.Lock()


def _own_statement(period, as_of, live, user, role, root_path, directive_id, unit_ids, whole_tree):
    if live:
        conds, cols, join = conditions(period, as_of), count_columns(period, as_of), None
    else:
        join, conds, cols = joined_count_columns(period, as_of)
    unit_col, frm = role_source(role)
    stmt = select(unit_col, *cols).select_from(join(frm) if join else frm)
    stmt = stmt.where(conds["population"], _visibility(user, root_path),
                      true() if whole_tree else _unit_scope(root_path, unit_col, ids=unit_ids))
    if directive_id is not None:
        stmt = stmt.where(Task.directive_id == directive_id)
    return stmt.group_by(unit_col)


def total_counts(session, *, period: Period, as_of: date, user, role: str = "lead",
                 root_path: str | None = None, unit_ids: list[int] | None = None) -> Counts:
    """The whole scope in one row (trend lines): no grouping, no rollup.

    ``unit_ids``: the root's subtree, when the caller has it (the trend reads it once for
    its six periods, not once per period: 10,000 ids six times for the national trend)."""
    conds = conditions(period, as_of)
    unit_col, frm = role_source(role)
    stmt = select(*count_columns(period, as_of)).select_from(frm)
    if unit_ids is None:
        unit_ids = subtree_unit_ids(session, root_path)
    stmt = stmt.where(conds["population"], _visibility(user, root_path),
                      _unit_scope(root_path, unit_col, ids=unit_ids))
    return Counts.from_seq(session.execute(stmt).one())



def units_with_counts(session, *, period: Period, as_of: date, user, role: str = "lead",
                      root=None) -> tuple[dict[int, UnitInfo], dict[int, UnitInfo], dict[int, list[int]]]:
    """(the units under ``root`` (every unit when None), the root's ancestors (its breadcrumbs),
    each unit's own counts as own_counts gives them), in one statement: the units LEFT JOIN the
    GROUP BY of their tasks. For a user who sees every task under the root, or none
    (``scope_key`` "all" or "none"): everyone but a committee's people above their own unit.

    A report of a commune counts 70 tasks in half a millisecond; reading its unit tree first
    (a second round trip) and building the statement anew (SQLAlchemy's cache key of 14
    FILTERed counts) cost three times that. Here the statement is built once per period, day,
    role and kind of scope (``_cached_statement``), and the root is rendered into it as a literal:
    with a bound path PostgreSQL's prepared plan could not use the path index for the LIKE."""
    units, above, own, _ = _read(session, period, as_of, user, role, root, rolled_up=False)
    return units, above, own


def top_units_with_counts(session, *, period: Period, as_of: date, user, role: str = "lead", root=None
                          ) -> tuple[dict[int, UnitInfo], dict[int, UnitInfo], dict[int, list[int]], set[int]]:
    """What a rolled-up report shows, summed by the database: (the root and the units one level
    below it (the top units when None), the root's ancestors, {such a unit: the counts of its
    whole subtree; the root: its own}, the ids among them that have child units).

    The same figures as units_with_counts followed by domain.reports.rollup_top (tests/
    test_reports_rollup.py), in the same one statement with a second GROUP BY: each unit of the
    scope goes to the unit on its path one level below the root (its path cut after the next
    "/"). The national report then reads 64 rows instead of 10,000 units with their names,
    which were a tenth of its time above the bare GROUP BY of the tasks (issue #14)."""
    return _read(session, period, as_of, user, role, root, rolled_up=True)


def _read(session, period: Period, as_of: date, user, role: str, root, *, rolled_up: bool):
    period.check_as_of(as_of)
    live = as_of >= local_today()
    if not live:
        jit_off(session)
    root_path = root.path if root is not None else None
    key = scope_key(user, root_path)
    if key[0] == "unit":
        raise ValueError("units_with_counts: the visibility rule lets every task of the scope through, or none")
    pg = session.get_bind().dialect.name == "postgresql"
    # Below a parent the tasks are read through the subtree's units; from a top unit (or for
    # everything) all of them are grouped, as the admin's report always did, and the join keeps
    # the root's units (no 10,000-id semi-join for the national committee).
    shape = (live, role, root is not None, root is not None and root.parent_id is not None, pg, rolled_up)
    stmt = _cached_statement(period, as_of, key[0], *shape)
    params = {"root_like": root_path + "%", "above": ancestors(root_path)[:-1]} if root is not None else {}
    if rolled_up:
        params.update(cut=len(root_path or "/"), root_id=root.id if root is not None else None,
                      above=ancestors(root_path) if root is not None else [])
    return collect(literal_sql.rows(session, stmt, params), root_path, rolled_up)


def collect(rows, root_path: str | None, rolled_up: bool):
    """(units, above, own, parents) from the rows of units_with_counts' or _rolled_up's statement."""
    units: dict[int, UnitInfo] = {}
    above: dict[int, UnitInfo] = {}
    own: dict[int, list[int]] = {}
    parents: set[int] = set()
    make = UnitInfo._make
    for r in rows:
        info = make(r[:6])
        if root_path is None or info.path.startswith(root_path):
            units[info.id] = info
            if r[6]:  # rolled up: how many units of its subtree have counted tasks; else its id
                own[info.id] = list(r[8:] if rolled_up else r[7:])
            if rolled_up and (r[7] or 0) > 1:  # the unit and at least one below it
                parents.add(info.id)
        else:
            above[info.id] = info
    return units, above, own, parents


@lru_cache(maxsize=128)
def _cached_statement(period: Period, as_of: date, scope: str, live: bool, role: str, rooted: bool,
                      below_parent: bool, pg: bool, rolled_up: bool = False):
    """The statement of units_with_counts. Reused, its SQLAlchemy cache key is computed once."""
    visible = true() if scope == "all" else false()
    if live:
        conds, cols, join = conditions(period, as_of), count_columns(period, as_of), None
    else:
        join, conds, cols = joined_count_columns(period, as_of)
    unit_col, frm = role_source(role)
    like = bindparam("root_like", literal_execute=True)
    counts = select(unit_col.label("unit_id"), *cols).select_from(join(frm) if join else frm)
    counts = counts.where(conds["population"], visible)
    if below_parent:
        ids = select(Unit.id).where(Unit.path.like(like))
        # PostgreSQL: the subtree's ids as one array (an InitPlan), read through the unit index
        # like a literal id list; as a semi-join it was planned from a guess of the LIKE's rows.
        counts = counts.where(unit_col == any_(func.array(ids.scalar_subquery())) if pg else unit_col.in_(ids))
    own = counts.group_by(unit_col).subquery("own")
    if rolled_up:
        return _rolled_up(own, rooted, pg)
    stmt = (select(Unit.id, Unit.parent_id, Unit.path, Unit.name, Unit.short_name, Unit.depth, own.c.unit_id,
                   *(own.c[c] for c in COLUMNS))
            .select_from(Unit.__table__.outerjoin(own, own.c.unit_id == Unit.id)))
    if rooted:
        stmt = stmt.where(or_(Unit.path.like(like), Unit.id.in_(bindparam("above", expanding=True,
                                                                           literal_execute=True))))
    return stmt


def _rolled_up(own, rooted: bool, pg: bool):
    """The statement of top_units_with_counts over ``own`` (the per-unit GROUP BY).

    Each unit x of the scope is keyed by its path cut after the first "/" past the root's
    path ("/1/3/" for "/1/3/76/7699/" below "/1/"; the root's own path for the root), and the
    units LEFT JOIN own are summed per key: the sums of the unit of that path's subtree, how
    many of its units have counted tasks (0: no row, as rollup_top) and how many units it has
    (more than one: it has child units)."""
    x = Unit.__table__.alias("x")
    cut = bindparam("cut", type_=Integer, literal_execute=True)
    pos = func.strpos if pg else func.instr  # (string, substring) in both
    keyed = select(x.c.id, func.substr(x.c.path, 1, cut + pos(func.substr(x.c.path, cut + 1), "/")).label("top_path"))
    if rooted:
        keyed = keyed.where(x.c.path.like(bindparam("root_like", literal_execute=True)))
    keyed = keyed.subquery("keyed")  # grouped by its column: the expression is written once
    sums = [cast(func.sum(own.c[c]), BigInteger).label(c) for c in COLUMNS]
    grouped = (select(keyed.c.top_path, func.count(own.c.unit_id).label("counted"), func.count().label("units"), *sums)
               .select_from(keyed.outerjoin(own, own.c.unit_id == keyed.c.id))
               .group_by(keyed.c.top_path).subquery("tops"))
    stmt = (select(Unit.id, Unit.parent_id, Unit.path, Unit.name, Unit.short_name, Unit.depth, grouped.c.counted,
                   grouped.c.units, *(grouped.c[c] for c in COLUMNS))
            .select_from(Unit.__table__.outerjoin(grouped, grouped.c.top_path == Unit.path)))
    if rooted:  # the root's children, the root and its ancestors (its breadcrumbs)
        return stmt.where(or_(Unit.parent_id == bindparam("root_id", type_=Integer, literal_execute=True),
                              Unit.id.in_(bindparam("above", expanding=True, literal_execute=True))))
    return stmt.where(Unit.parent_id.is_(None))
