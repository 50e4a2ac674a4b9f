"""Past counts: each unit's own figures of a past standard period, as of its last day.

The dashboard's trend shows the five periods before the current one, each as of its last day,
and its ranking compares with the previous period as of its last day. Those figures were a
scan of every task in scope (with the deadline in force then: past.due_then) on each read, a
national year's five points 1-1.6 s, a province's 0.3 s; cached, they were keyed by the one
counter of figures as of past days (services/past_figures.py), which any cancellation or
re-assignment in the country moves, so at national scale they were recomputed nearly always.

A figure as of a day before today depends only on the tasks' facts, never on the passing of
days (domain.past): once counted, it stays right until a write changes a task it counts. So
``past_counts`` keeps, per (period, role, unit, assigning body), the 13 counts the live query
gives, for each past period some reader asked for (``past_count_builds``, at most KEEP per kind):

- **built** by its first reader, in a transaction of its own, by one INSERT ... SELECT per role
  from the same SQL as the live report as of a past day (past.joined_count_columns);
- **kept exact** by the writers: ``services.report_counts.apply_pending`` adds after − before
  of every tracked task's contribution to each built period (``contributions``: the domain's
  ``classify`` with the deadline then, ``domain.past.deadline_then``), in the writer's
  transaction; a bulk change (``report_counts.invalidate``) drops every build.

Locks: a builder first updates the standing header row of its kind (report_count_builds),
which writers hold FOR SHARE before they read which periods are built: a build and a writer's
deltas never interleave (as for the standing counts, counts.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import and_, delete, func, literal, or_, select, tuple_, update

from tracker.domain.past import deadline_then
from tracker.domain.reports import COLUMNS, STANDARD_KINDS, Counts, Period, PeriodKind, classify
from tracker.models import PastCount, PastCountBuild, Task
from tracker.queries.visibility import in_ids, scope_key, subtree_ids
from tracker.timeutil import utcnow

from tracker.queries.reports.clauses import ROLES, role_source, subtree_unit_ids, _unit_scope
from tracker.queries.reports.counts import RB, _extra_visible, _lock, add_rows, today
from tracker.queries.reports.past import joined_count_columns

PC, PB = PastCount.__table__, PastCountBuild.__table__
KINDS = tuple(k.value for k in STANDARD_KINDS)
KEEP = 12   # built periods kept per kind (the trend reads 5, the ranking 1); older ones are dropped


def holds(period: Period, as_of: date, role: str, day: date | None = None) -> bool:
    """Is this report one the table may hold: a standard period that ended before ``day``
    (today), as of its last day?"""
    day = day or today()
    return (role in ROLES and period.kind is not PeriodKind.CUSTOM and as_of == period.end < day
            and period == Period.containing(period.kind, period.start))


def trend_periods(day: date, count: int = 5) -> list[Period]:
    """The past periods of every kind a dashboard opened on ``day`` reads: the ``count`` before
    the current one (queries.reports.trend shows six points)."""
    out = []
    for kind in KINDS:
        p = Period.containing(kind, day)
        for _ in range(count):
            p = p.previous()
            out.append(p)
    return out


def build_statements(period: Period) -> list:
    """The INSERT ... SELECT of each role for one past period as of its last day."""
    join, conds, cols = joined_count_columns(period, period.end)
    names = ["period_kind", "period_start", "role", "unit_id", "assigned_by_unit_id", *COLUMNS]
    out = []
    for role in ROLES:
        unit_col, frm = role_source(role)
        src = (select(literal(period.kind.value), literal(period.start), literal(role), unit_col,
                      Task.assigned_by_unit_id, *cols).select_from(join(frm))
               .where(conds["population"]).group_by(unit_col, Task.assigned_by_unit_id))
        out.append(PC.insert().from_select(names, src))
    return out


def is_built(conn, period: Period) -> bool:
    return conn.execute(select(PB.c.period_start).where(PB.c.period_kind == period.kind.value,
                                                        PB.c.period_start == period.start)).first() is not None


def build(conn, period: Period) -> bool:
    """Build ``period``'s rows in ``conn``'s transaction unless someone did; whether it built.

    The standing header row of the kind is updated first (a no-op change): that waits for
    writers holding it FOR SHARE (their deltas commit first, the SELECT below sees their tasks),
    and a later writer waits for this build to commit, then sees it built and adds its deltas."""
    _lock(conn)
    kind = period.kind.value
    if conn.execute(update(RB).where(RB.c.period_kind == kind).values(period_kind=RB.c.period_kind)).rowcount == 0:
        conn.execute(RB.insert().values(period_kind=kind))   # the kind's header, never built (a bare schema)
    if is_built(conn, period):
        return False
    conn.execute(PB.insert().values(period_kind=kind, period_start=period.start, period_end=period.end,
                                    built_at=utcnow()))
    for stmt in build_statements(period):
        conn.execute(stmt)
    old = [r[0] for r in conn.execute(select(PB.c.period_start).where(PB.c.period_kind == kind)
                                      .order_by(PB.c.period_start.desc()).offset(KEEP))]
    if old:
        conn.execute(delete(PC).where(PC.c.period_kind == kind, PC.c.period_start.in_(old)))
        conn.execute(delete(PB).where(PB.c.period_kind == kind, PB.c.period_start.in_(old)))
    return True


def drop_all(conn) -> None:
    """Every build dropped (a bulk change whose tasks are not known): rebuilt by next readers."""
    conn.execute(delete(PC))
    conn.execute(delete(PB))


def built_periods(conn) -> list[Period]:
    """The periods whose rows are held (read by writers after their FOR SHARE on the headers)."""
    return [Period(PeriodKind(k), s, e) for k, s, e in
            conn.execute(select(PB.c.period_kind, PB.c.period_start, PB.c.period_end)
                         .order_by(PB.c.period_kind, PB.c.period_start))]


def contributions(f, approved, periods: list[Period]) -> dict[tuple, list[int]]:
    """The rows a task (report_counts._Facts, None: counted nowhere) is counted in for each past
    period as of its end, and what it adds: ``classify`` with the deadline in force that day."""
    out: dict[tuple, list[int]] = {}
    if f is None:
        return out
    for p in periods:
        facts = replace(f.facts, due_on=deadline_then(f.facts.due_on, approved, p.end))
        c = classify(facts, p, p.end)
        if c is None:
            continue
        v = c.as_list()
        out[(p.kind.value, p.start, "lead", f.lead_unit_id, f.assigned_by_unit_id)] = v
        for uid in f.coordinators:
            out[(p.kind.value, p.start, "coordinating", uid, f.assigned_by_unit_id)] = v
    return out


def _rows_stmt(period: Period, role: str, where):
    sums = [func.sum(PC.c[c]) for c in COLUMNS]
    stmt = (select(PC.c.unit_id, *sums)
            .where(PC.c.period_kind == period.kind.value, PC.c.period_start == period.start, PC.c.role == role)
            .group_by(PC.c.unit_id).having(func.sum(PC.c.total) > 0))
    return stmt if where is None else stmt.where(where)


def unbuilt(conn, periods: list[Period]) -> list[Period]:
    """The periods among ``periods`` whose rows are not held, in one statement (a trend asks for five)."""
    if not periods:
        return []
    built = {(k, s) for k, s in conn.execute(select(PB.c.period_kind, PB.c.period_start).where(
        tuple_(PB.c.period_kind, PB.c.period_start).in_([(p.kind.value, p.start) for p in periods])))}
    return [p for p in periods if (p.kind.value, p.start) not in built]


def _with_built(session, periods: list[Period], read):
    """``read(conn)`` once every period is built: in the session's connection, or when some had to
    be built, in the transaction of their build (committed for every later reader) that read sees."""
    conn = session.connection()
    missing = unbuilt(conn, periods)
    if not missing:
        return read(conn)
    with session.get_bind().begin() as own:
        for p in missing:
            build(own, p)
        return read(own)


def _where(user, role: str, root_path: str | None, unit_ids):
    """(the rows of the table the user's scope counts, the per-period live query of what they see
    only through a unit of theirs taking part: None unless a committee's people above their unit,
    a function of the period), or None when the user sees nothing."""
    key = scope_key(user, root_path)
    if key[0] == "none":
        return None
    where = _unit_scope(root_path, PC.c.unit_id, ids=unit_ids) if root_path else None
    extra = None
    if key[0] == "unit":
        a_id, below = key[1], subtree_ids(user.unit)
        mine = or_(in_ids(PC.c.unit_id, below), PC.c.assigned_by_unit_id == a_id)
        where = mine if where is None else and_(where, mine)
        extra = lambda period: _extra_visible(period, period.end, role, a_id, below, root_path, unit_ids)  # noqa: E731
    return where, extra


def _ids(session, root_path, unit_ids):
    return unit_ids if unit_ids is not None else subtree_unit_ids(session, root_path)


def past_own_counts(session, *, period: Period, as_of: date, user, role: str = "lead",
                    root_path: str | None = None, unit_ids: list[int] | None = None,
                    day: date | None = None) -> dict[int, list[int]] | None:
    """``live.own_counts`` of a past period as of its last day, read from the table (built
    first if no one has), or None when the table does not hold this report. Visibility as
    counts.table_own_counts applies it: the table's rows of the scope, and for a committee's
    people above their unit the few tasks they see only through a unit of theirs taking part,
    counted live."""
    if not holds(period, as_of, role, day):
        return None
    unit_ids = _ids(session, root_path, unit_ids)
    scope = _where(user, role, root_path, unit_ids)
    if scope is None:
        return {}
    where, extra = scope
    sums = [func.sum(PC.c[c]) for c in COLUMNS]
    stmt = (select(PC.c.unit_id, *sums)
            .where(PC.c.period_kind == period.kind.value, PC.c.period_start == period.start, PC.c.role == role)
            .group_by(PC.c.unit_id).having(func.sum(PC.c.total) > 0))
    if where is not None:
        stmt = stmt.where(where)
    own = _with_built(session, [period], lambda conn: {r[0]: [int(v or 0) for v in r[1:]]
                                                       for r in conn.execute(stmt)})
    if extra is not None:
        add_rows(own, session.connection().execute(extra(period)).all())
    return own


def past_totals(session, periods: list[Period], *, user, role: str = "lead", root_path: str | None = None,
                unit_ids: list[int] | None = None) -> list[Counts]:
    """``live.total_counts`` of past periods of one kind, each as of its last day (all held:
    ``holds``), summed by the database: the trend's past points."""
    unit_ids = _ids(session, root_path, unit_ids)
    scope = _where(user, role, root_path, unit_ids)
    if scope is None:
        return [Counts() for _ in periods]
    where, extra = scope
    kinds = {p.kind.value for p in periods}
    assert len(kinds) == 1, kinds
    stmt = (select(PC.c.period_start, *[func.sum(PC.c[c]) for c in COLUMNS])
            .where(PC.c.period_kind == kinds.pop(), PC.c.period_start.in_([p.start for p in periods]),
                   PC.c.role == role).group_by(PC.c.period_start))
    if where is not None:
        stmt = stmt.where(where)
    sums = _with_built(session, periods, lambda conn: {r[0]: [int(v or 0) for v in r[1:]] for r in conn.execute(stmt)})
    out = []
    for p in periods:
        acc = sums.get(p.start, [0] * len(COLUMNS))
        if extra is not None:
            for r in session.connection().execute(extra(p)).all():
                acc = [a + int(v or 0) for a, v in zip(acc, r[1:])]
        out.append(Counts.from_seq(acc))
    return out
