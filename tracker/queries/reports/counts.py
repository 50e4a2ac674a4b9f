"""Standing counts: each unit's own report figures for the periods that contain today.

The reports everyone opens are the standard periods (month, quarter, half-year, year)
containing today, as of today. For those, ``report_counts`` keeps exactly the rows
``live.own_counts`` would compute, per (period kind, role, unit, assigning body), so a
report is the domain ``rollup`` over at most a few rows per unit instead of a GROUP BY
over every task:

- **built** for a day D (``report_count_builds.built_for_day``) by one INSERT ... SELECT
  per (period, role), from the same SQL conditions as the live report (``count_columns``);
  lazily by the first reader of a day, and by the beat job just after midnight (categories
  that move with the days, within -> overdue -> overdue > 30/90/120, are then right every
  morning without touching a task);
- **kept exact** during the day by the use cases: every task change adds ``after - before``
  of that task's contribution (``domain.reports.classify``, the one rule) to the rows it is
  counted in, in the writer's transaction (tracker/services/report_counts.py);
- **read** only when the request is such a period, as of today, with no snapshot in force;
  everything else (history, custom periods, closed periods) stays on the live/snapshot path.

Locks: a builder takes ``pg_advisory_xact_lock`` (SQLite: the database write lock), then
updates the header rows; writers read the header rows FOR SHARE before applying deltas, so
a build and a writer's deltas never interleave (docs/reports.md, "Standing counts").
"""

from __future__ import annotations

import zlib
from datetime import date

from sqlalchemy import and_, func, literal, not_, or_, select, text, update
from sqlalchemy.engine import Connection

from tracker.domain.reports import COLUMNS, STANDARD_KINDS, Period, PeriodKind
from tracker.models import ReportCount, ReportCountBuild, Task
from tracker.models import task_coordinators as task_coord
from tracker.queries.visibility import in_ids, scope_key, subtree_ids
from tracker.timeutil import utcnow

from tracker.queries.reports.clauses import ROLES, role_source, _unit_scope, conditions, count_columns, subtree_unit_ids

RC, RB = ReportCount.__table__, ReportCountBuild.__table__
KINDS = tuple(k.value for k in STANDARD_KINDS)
# The rows of data_versions counting each kind's changes (tracker.cache keys on them).
VERSION_ID = {"month": 11, "quarter": 12, "half_year": 13, "year": 14}
_LOCK_KEY = zlib.crc32(b"tracker.report_counts")


def today() -> date:
    """The day the standing counts are for (read through the module, so tests can move it)."""
    from tracker import timeutil

    return timeutil.local_today()


def standing_period(period: Period, as_of: date, day: date) -> bool:
    """Is this report one the table holds: a standard period containing ``day``, as of ``day``?"""
    return (period.kind is not PeriodKind.CUSTOM and as_of == day
            and period == Period.containing(period.kind, day))


def holds(period: Period, as_of: date, role: str) -> bool:
    """Does the table hold this report (what table_own_counts reads instead of returning None)?"""
    return role in ROLES and standing_period(period, as_of, today())


def build_statements(kind: str, day: date) -> list:
    """The INSERT ... SELECT of each role for one period kind as of ``day``."""
    period = Period.containing(kind, day)
    conds = conditions(period, day)
    names = ["period_kind", "role", "unit_id", "assigned_by_unit_id", *COLUMNS]
    out = []
    for role in ROLES:
        unit_col, frm = role_source(role)
        src = select(literal(kind), literal(role), unit_col, Task.assigned_by_unit_id,
                     *count_columns(period, day)).select_from(frm)
        src = src.where(conds["population"]).group_by(unit_col, Task.assigned_by_unit_id)
        out.append(RC.insert().from_select(names, src))
    return out


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
    else:  # SQLite: take the database write lock now (a write statement), held to commit
        conn.execute(update(RB).where(literal(False)).values(built_at=None))


def build(conn: Connection, day: date, kinds=KINDS, *, force: bool = False) -> list[str]:
    """(Re)build the rows of ``kinds`` for ``day`` in ``conn``'s transaction; the kinds built.

    Under the lock, a kind already built for ``day`` by someone else is left alone unless
    ``force``. The header row is updated first: that waits for writers holding it FOR SHARE
    (their deltas commit first and the SELECT below sees them), and later writers wait for
    this build to commit, then add their deltas to the new rows."""
    _lock(conn)
    built = []
    for kind in kinds:
        period = Period.containing(kind, day)
        current = conn.execute(select(RB.c.built_for_day).where(RB.c.period_kind == kind)).scalar_one_or_none()
        if current == day and not force:
            continue
        values = dict(built_for_day=day, period_start=period.start, period_end=period.end, built_at=utcnow())
        if conn.execute(update(RB).where(RB.c.period_kind == kind).values(**values)).rowcount == 0:
            conn.execute(RB.insert().values(period_kind=kind, **values))
        conn.execute(RC.delete().where(RC.c.period_kind == kind))
        for stmt in build_statements(kind, day):
            conn.execute(stmt)
        built.append(kind)
    if built:
        bump_kinds(conn, built)
    if built and conn.dialect.name == "postgresql":
        conn.execute(text("ANALYZE report_counts"))  # fresh statistics: index scans by unit, not a full read
    return built


def bump_kinds(conn, kinds) -> None:
    """Raise the counters of these kinds (their rows changed), in ascending id order."""
    ids = sorted(VERSION_ID[k] for k in kinds)
    conn.execute(text("UPDATE data_versions SET value = value + 1 WHERE id IN (%s)" % ", ".join(map(str, ids))))


def cache_version(session, period: Period, as_of: date) -> int | None:
    """The counter a cached report of this period as of ``as_of`` may be keyed by instead of
    the global data version, or None. Only for a standing period strictly before its last day
    (on its last day a snapshot closed by hand could be in force: the global version then)."""
    from tracker.cache import data_version

    if not standing_period(period, as_of, today()) or as_of >= period.end:
        return None
    return data_version(session, VERSION_ID[period.kind.value])


def is_built(conn, kind: str, day: date) -> bool:
    return conn.execute(select(RB.c.built_for_day).where(RB.c.period_kind == kind)).scalar_one_or_none() == day


def _rows_stmt(kind: str, role: str, where=None):
    sums = [func.sum(RC.c[c]) for c in COLUMNS]
    stmt = (select(RC.c.unit_id, *sums).where(RC.c.period_kind == kind, RC.c.role == role)
            .group_by(RC.c.unit_id).having(func.sum(RC.c.total) > 0))
    if where is not None:
        stmt = stmt.where(where)
    return stmt


def _read(conn, kind: str, role: str, where) -> dict[int, list[int]]:
    return {r[0]: [int(v or 0) for v in r[1:]] for r in conn.execute(_rows_stmt(kind, role, where)).all()}


def table_own_counts(session, *, period: Period, as_of: date, user, role: str = "lead",
                     root_path: str | None = None, unit_ids: list[int] | None = None,
                     day: date | None = None) -> dict[int, list[int]] | None:
    """``live.own_counts`` read from the standing counts, or None when the table does not hold
    this report (not a current standard period as of today). Built first if it is stale.

    Visibility, exactly as the live query applies it (queries.visibility): scope "all" reads
    the units' rows; scope "unit" (a committee person above their unit, A) counts the rows of
    units in A's subtree or assigned by A from the table, and adds, live, the few tasks seen
    only because a unit of A's subtree takes part in them (lead or coordinator) while the
    counted unit is outside it and someone else assigned them."""
    found = _table_scope(session, period=period, as_of=as_of, user=user, role=role, root_path=root_path,
                         unit_ids=unit_ids, day=day)
    if found is None or found == "none":
        return None if found is None else {}
    kind, where, extra, day = found
    own = _built_read(session, kind, day, lambda conn: _read(conn, kind, role, where))
    if extra is not None:
        add_rows(own, session.connection().execute(extra).all())
    return own


def table_total_counts(session, *, period: Period, as_of: date, user, role: str = "lead",
                       root_path: str | None = None, day: date | None = None) -> list[int] | None:
    """The sum of ``table_own_counts`` over its units, summed by SQL: one row where the country's
    per-unit rows were 20,000 (a trend's current period). None when the table does not hold it."""
    found = _table_scope(session, period=period, as_of=as_of, user=user, role=role, root_path=root_path,
                         unit_ids=None, day=day)
    if found is None or found == "none":
        return None if found is None else [0] * len(COLUMNS)
    kind, where, extra, day = found
    stmt = select(*[func.coalesce(func.sum(RC.c[c]), 0) for c in COLUMNS]).where(
        RC.c.period_kind == kind, RC.c.role == role)
    stmt = stmt if where is None else stmt.where(where)
    total = [int(v) for v in _built_read(session, kind, day, lambda conn: conn.execute(stmt).one())]
    if extra is not None:   # summed by SQL too: one row per unit outside the subtree otherwise
        rows = extra.subquery()
        summed = session.connection().execute(select(*[func.coalesce(func.sum(c), 0) for c in list(rows.c)[1:]])).one()
        total = [a + int(v) for a, v in zip(total, summed)]
    return total


def _table_scope(session, *, period: Period, as_of: date, user, role: str, root_path: str | None,
                 unit_ids: list[int] | None, day: date | None):
    """(kind, the table's condition, the live statement of the extra rows or None, day) of a report
    the table holds; None when it does not; "none" when the user sees no unit of it."""
    day = day or today()
    if role not in ROLES or not standing_period(period, as_of, day):
        return None
    key = scope_key(user, root_path)
    if key[0] == "none":
        return "none"
    kind = period.kind.value
    scope = None
    if root_path:
        if unit_ids is None:
            unit_ids = subtree_unit_ids(session, root_path)
        scope = _unit_scope(root_path, RC.c.unit_id, ids=unit_ids)
    where = scope
    extra = None
    if key[0] == "unit":
        a_id = key[1]
        below = subtree_ids(user.unit)
        mine = or_(in_ids(RC.c.unit_id, below), RC.c.assigned_by_unit_id == a_id)
        where = mine if scope is None else and_(scope, mine)
        extra = _extra_visible(period, day, role, a_id, below, root_path, unit_ids)
    return kind, where, extra, day


def add_rows(own: dict[int, list[int]], rows) -> None:
    """Add per-unit rows (unit id, then the counts) into ``own``: the live part of a committee's scope."""
    for r in rows:
        acc = own.get(r[0])
        vals = [int(v or 0) for v in r[1:]]
        own[r[0]] = vals if acc is None else [a + b for a, b in zip(acc, vals)]


def _built_read(session, kind: str, day: date, read):
    """``read(conn)`` of the kind's rows for ``day``: in the session's connection when they are built,
    else built in a transaction of its own (committed for every later reader) and read there."""
    conn = session.connection()
    if is_built(conn, kind, day):
        return read(conn)
    with session.get_bind().begin() as own:
        build(own, day, [kind])  # this kind only (a few seconds at national scale); the beat job builds all
        return read(own)


def _extra_visible(period: Period, day: date, role: str, a_id: int, below, root_path, unit_ids):
    """Per unit, the counted rows the table part leaves out but the visibility rule lets
    through: unit outside A's subtree, not assigned by A, task led or coordinated by a unit
    of A's subtree."""
    conds = conditions(period, day)
    unit_col, frm = role_source(role)
    stmt = select(unit_col, *count_columns(period, day)).select_from(frm)
    coordinated_below = Task.id.in_(select(task_coord.c.task_id).where(in_ids(task_coord.c.unit_id, below)))
    involved = coordinated_below if role == "lead" else or_(in_ids(Task.lead_unit_id, below), coordinated_below)
    stmt = stmt.where(conds["population"], involved, Task.assigned_by_unit_id != a_id, not_(in_ids(unit_col, below)))
    if root_path:
        stmt = stmt.where(_unit_scope(root_path, unit_col, ids=unit_ids))
    return stmt.group_by(unit_col)
