"""Standing home tiles: the wide scopes' open-task tiles without reading their tasks.

The home page counts, per deadline category as of today, the distinct tasks the user sees.
For the admin (every task) and for the people of a unit near the top of the tree (the
country, a province: depth <= ``HOME_COUNTS_DEPTH``) that was a scan of 16,000 to 1,000,000
tasks per view. ``home_counts`` holds, per such scope, how many of its tasks share each key:

- a task in a category that no longer moves with the days (``FIXED_CATEGORIES``: on time,
  late — rules that never read the day) is keyed by that category;
- any other by the facts the rules read, as they are (status, deadline, completion day).

Today's tiles are then the very rules (``task_category_case_of``, as the live statement)
applied to the scope's rows, weighted by their counts: a few thousand rows at national
scale (one per status and deadline of open tasks), exact on any day and with any working
calendar, since the rows do not depend on the day. Nothing is rebuilt at midnight.

- **Built** (``build``): per scope one INSERT ... SELECT ... GROUP BY over the union of
  that unit's visibility branches (``visibility.scope_branches``, the rule itself: a task
  reached by several branches is one row of the UNION, counted once); by the nightly job
  (``services.report_counts.build_for_today``) when the header says stale (never built,
  invalidated, or built for another depth). While stale, readers take the live statement:
  a build at national scale takes 10-25 s and holds the writers, not a reader's wait.
- **Kept exact** by the writers: tracker/services/home_counts.py adds after - before of
  each tracked task's key to the rows of the scopes that see it, in the writer's
  transaction (the same tracked facts as the standing report counts).
- **Locks**: as tracker/queries/reports/counts.py: a builder takes an advisory lock and
  updates the header row first; writers read it FOR SHARE before adding their deltas.
"""

from __future__ import annotations

import zlib
from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import Date, case, func, literal, select, text, union, update
from sqlalchemy.engine import Connection

from tracker.domain.categories import FIXED_CATEGORIES, TASK_RULES, task_params
from tracker.domain.deadlines import DeadlineCategory
from tracker.models import HomeCount, HomeCountBuild, Task, Unit
from tracker.models.home_count import NO_DATE
from tracker.queries.categories import task_category_case_of, to_sql
from tracker.queries.visibility import scope_branches, sees_every_task
from tracker.timeutil import utcnow

HC, HB = HomeCount.__table__, HomeCountBuild.__table__
EVERY_TASK = 0  # the admin's scope
DEFAULT_DEPTH = 1  # the country (0) and its provinces (1)
_LOCK_KEY = zlib.crc32(b"tracker.home_counts")
_FACTS = ("status", "due_on", "completed_on")


def configured_depth() -> int:
    """Units at this depth or above keep standing tiles (HOME_COUNTS_DEPTH; -1: the admin only)."""
    value = current_app.config.get("HOME_COUNTS_DEPTH") if has_app_context() else None
    return DEFAULT_DEPTH if value is None else int(value)


def depth_of(path: str) -> int:
    """"/1/" is 0, "/1/5/" is 1 (domain.units.path_for)."""
    return path.count("/") - 2


def _depth_sql(path_col):
    return func.length(path_col) - func.length(func.replace(path_col, "/", "")) - 2


def key_of(status: str, due_on: date | None, completed_on: date | None, category) -> tuple:
    """A task's row key: (fixed category or "", status, due_on, completed_on) with ``category``
    its category on any day (task_category); NULL dates as NO_DATE."""
    if category in FIXED_CATEGORIES:
        return (category.value, "", NO_DATE, NO_DATE)
    return ("", status, due_on or NO_DATE, completed_on or NO_DATE)


def _key_columns(cols: dict):
    """key_of in SQL over ``cols`` (the facts by name), from the same rules."""
    params = task_params(NO_DATE)  # any day: the fixed rules read no parameter of the day
    fixed = case(*[(to_sql(TASK_RULES[c], cols, params), literal(c.value)) for c in FIXED_CATEGORIES],
                 else_=literal(""))
    is_fixed = fixed != ""
    return (fixed.label("fixed"),
            case((is_fixed, literal("")), else_=cols["status"]).label("status"),
            case((is_fixed, literal(NO_DATE)), else_=func.coalesce(cols["due_on"], NO_DATE)).label("due_on"),
            case((is_fixed, literal(NO_DATE)), else_=func.coalesce(cols["completed_on"], NO_DATE))
            .label("completed_on"))


def scope_select(scope_id: int, unit: Unit | None):
    """The scope's rows from its tasks: every task (``unit`` None), or the union of the unit's
    visibility branches."""
    if unit is None:
        src = select(*[getattr(Task, f) for f in _FACTS]).subquery()
    else:
        src = union(*scope_branches(unit, Task.id, *[getattr(Task, f) for f in _FACTS])).subquery()
    keys = _key_columns({f: src.c[f] for f in _FACTS})
    return select(literal(scope_id), *keys, func.count()).select_from(src).group_by(*keys)


def wide_units(conn: Connection, depth: int) -> list[tuple[int, str]]:
    """(id, path) of the units whose people read standing tiles."""
    if depth < 0:
        return []
    return [tuple(r) for r in conn.execute(select(Unit.id, Unit.path).where(_depth_sql(Unit.path) <= depth)
                                           .order_by(Unit.id))]


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
    else:  # SQLite: the database write lock, taken by a write statement, held to commit
        conn.execute(update(HB).where(literal(False)).values(built_at=None))


def build(conn: Connection, depth: int, *, force: bool = False) -> bool:
    """(Re)build every scope's rows for ``depth`` in ``conn``'s transaction, unless someone
    built them meanwhile (under the lock); whether it built."""
    _lock(conn)
    if conn.execute(select(HB.c.depth).where(HB.c.id == 1)).scalar_one_or_none() == depth and not force:
        return False
    # The header first: waits for writers holding it FOR SHARE (their deltas commit, the
    # SELECTs below see their tasks); later writers wait for this build to commit.
    if conn.execute(update(HB).where(HB.c.id == 1).values(depth=depth, built_at=utcnow())).rowcount == 0:
        conn.execute(HB.insert().values(id=1, depth=depth, built_at=utcnow()))
    conn.execute(HC.delete())
    if conn.dialect.name == "postgresql":
        # Compiling the rules' CASE for a million rows took 1.4 s of the country's 8 s (JIT).
        conn.execute(text("SET LOCAL jit = off"))
    names = ["scope_id", "fixed", "status", "due_on", "completed_on", "n"]
    conn.execute(HC.insert().from_select(names, scope_select(EVERY_TASK, None)))
    for uid, path in wide_units(conn, depth):
        conn.execute(HC.insert().from_select(names, scope_select(uid, Unit(id=uid, path=path))))
    if conn.dialect.name == "postgresql":
        conn.execute(text("ANALYZE home_counts"))
    return True


def invalidate(conn: Connection) -> None:
    """Every scope stale (rebuilt by its next reader): the tree moved, or tasks changed in bulk."""
    conn.execute(update(HB).where(HB.c.id == 1).values(depth=None))


def scope_of(user, depth: int) -> int | None:
    """The user's standing scope, or None when their tiles stay on the live statement."""
    if sees_every_task(user):  # the admin, or a unit over the whole tree: the rule lets every task through
        return EVERY_TASK
    unit = getattr(user, "unit", None)
    if unit is None or depth < 0 or depth_of(unit.path) > depth:
        return None
    return unit.id


def _tiles_stmt(scope_id: int, today: date, calendar):
    """(depth the rows are built for, category, tasks) of the scope: the header read with the
    rows in one statement (a scope without rows still gives one row, with no category)."""
    cols = {"status": HC.c.status, "due_on": func.nullif(HC.c.due_on, NO_DATE, type_=Date),
            "completed_on": func.nullif(HC.c.completed_on, NO_DATE, type_=Date)}
    cat = case((HC.c.fixed != "", HC.c.fixed), else_=task_category_case_of(today, calendar, cols)).label("cat")
    return (select(HB.c.depth, cat, func.sum(HC.c.n)).select_from(HB.outerjoin(HC, HC.c.scope_id == scope_id))
            .where(HB.c.id == 1).group_by(HB.c.depth, cat))


def tiles(session, user, today: date, calendar) -> dict[str, int] | None:
    """The home tiles (category -> distinct visible tasks) from the standing rows, or None when
    the user's scope has none (a unit below HOME_COUNTS_DEPTH: the live statement is cheap there)
    or the rows are stale."""
    depth = configured_depth()
    scope_id = scope_of(user, depth)
    if scope_id is None:
        return None
    rows = session.connection().execute(_tiles_stmt(scope_id, today, calendar)).all()
    if not rows or rows[0][0] != depth:
        # Stale (never built, the tree moved, tasks written in bulk): the live statement until the
        # nightly job rebuilds. A build is 10-25 s at national scale and holds every writer meanwhile.
        return None
    counts = {c.value: 0 for c in DeadlineCategory}
    counts.update({k: int(n) for _d, k, n in rows if k and n is not None})
    return counts


def standing_total(session, user) -> int | None:
    """How many distinct tasks the user's standing scope holds (its rows' sum: every task the
    scope's visibility branches reach, whatever its status), or None as in ``tiles``."""
    depth = configured_depth()
    scope_id = scope_of(user, depth)
    if scope_id is None:
        return None
    row = session.connection().execute(
        select(HB.c.depth, select(func.coalesce(func.sum(HC.c.n), 0)).where(HC.c.scope_id == scope_id)
               .scalar_subquery()).where(HB.c.id == 1)).first()
    if row is None or row[0] != depth:
        return None
    return int(row[1])
