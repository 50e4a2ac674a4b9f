"""A whole tree's rolled-up report from the standing rows, summed by the database.

Whoever sees every task (the admin, a national committee's people: ``scope_key`` "all") opens
reports of the whole country or of a province: read from the standing rows (``report_counts``
for the periods containing today, ``past_counts`` for a past period as of its last day), they
were 10,000 rows of per-unit sums and 10,000 units sent to Python and rolled up there
(domain.reports.rollup_top): 40-60 ms of a worker's CPU per national page. Here the same sums
go through live._rolled_up, the second GROUP BY the live national report already uses (each unit
keyed by its path cut one level below the root): 64 rows. The same figures
(tests/test_table_rollup.py compares them with the live statement and with rollup_top).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from sqlalchemy import bindparam, func, select

from tracker.domain.reports import COLUMNS, Period, ancestors
from tracker.queries.visibility import scope_key

from tracker.queries.reports import counts as standing
from tracker.queries.reports import past_counts
from tracker.queries.reports.live import _rolled_up, collect


@lru_cache(maxsize=64)
def _statement(past: bool, role: str, rooted: bool, pg: bool):
    table = past_counts.PC if past else standing.RC
    own = (select(table.c.unit_id.label("unit_id"), *[func.sum(table.c[c]).label(c) for c in COLUMNS])
           .where(table.c.period_kind == bindparam("kind"), table.c.role == role)
           .group_by(table.c.unit_id).having(func.sum(table.c.total) > 0))
    if past:
        own = own.where(table.c.period_start == bindparam("start"))
    return _rolled_up(own.subquery("own"), rooted, pg)


def table_top_units(session, *, period: Period, as_of: date, user, role: str, root, day: date | None = None):
    """top_units_with_counts read from the standing rows, or None when they do not hold this
    report (built for it already: a stale table is left to the reader that rebuilds it), the user
    does not see every task of the scope, or the root has a parent (below a top unit the subtree's
    few hundred units are rolled up in Python, cheaper than a second GROUP BY)."""
    if root is not None and root.parent_id is not None:
        return None
    root_path = root.path if root is not None else None
    if scope_key(user, root_path)[0] != "all":
        return None
    day = day or standing.today()
    conn = session.connection()
    if standing.holds(period, as_of, role) and standing.is_built(conn, period.kind.value, day):
        past, params = False, {"kind": period.kind.value}
    elif past_counts.holds(period, as_of, role, day) and past_counts.is_built(conn, period):
        past, params = True, {"kind": period.kind.value, "start": period.start}
    else:
        return None
    params.update(cut=len(root_path or "/"), root_id=root.id if root is not None else None,
                  above=ancestors(root_path) if root is not None else [],
                  **({"root_like": root_path + "%"} if root is not None else {}))
    stmt = _statement(past, role, root is not None, conn.dialect.name == "postgresql")
    return collect(conn.execute(stmt, params).all(), root_path, True)
