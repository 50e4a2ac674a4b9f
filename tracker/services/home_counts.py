"""Keeping the standing home tiles exact: each tracked task change adds its own difference.

The tasks are the ones the standing report counts track (services/report_counts.py: ``track``
before a change, ``track_new`` for a creation; the facts before and after are read there). For
each, the scopes that see it — every task's (0), and each wide unit (depth <= the depth the
rows were built for) that assigned it or is the lead unit or a coordinator or above one of
them (queries.visibility's rule, on the units' paths) — lose one at its old key and gain one
at its new key, with one upsert per changed row in sorted order (no deadlock between writers),
in the writer's transaction. A task seen through several branches is in the set once.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from tracker.extensions import upsert
from tracker.domain.categories import task_category, task_params
from tracker.queries import home_counts as standing


def scopes(f, depth: int) -> set[int]:
    """The standing scopes whose people see a task with these facts (report_counts._Facts)."""
    paths = f.paths
    out = {standing.EVERY_TASK}
    by = paths.get(f.assigned_by_unit_id)
    if by is not None and standing.depth_of(by) <= depth:
        out.add(f.assigned_by_unit_id)
    for uid in (f.lead_unit_id, *f.coordinators):
        path = paths.get(uid)
        if path is None:
            continue
        # The units at or above uid are the ids of its path, the first depth + 1 of them wide.
        out.update(int(a) for a in path.strip("/").split("/")[:depth + 1])
    return out


def key(f, day) -> tuple:
    t = f.facts
    category = task_category(dict(status=t.status, assigned_on=t.assigned_on, due_on=t.due_on,
                                  original_due_on=t.original_due_on, completed_on=t.completed_on), task_params(day))
    return standing.key_of(t.status, t.due_on, t.completed_on, category)


def apply(session, before: dict, after: dict, day) -> None:
    """Add after - before of each task (``report_counts.read_facts`` values, None: no task)."""
    if not before:
        return
    conn = session.connection()
    # FOR SHARE: a build waits for this transaction, and this one for a build in progress.
    depth = conn.execute(select(standing.HB.c.depth).where(standing.HB.c.id == 1)
                         .with_for_update(read=True)).scalar_one_or_none()
    if depth is None:
        return  # stale: the next reader rebuilds from the tasks
    delta: dict[tuple, int] = defaultdict(int)
    for tid, old in before.items():
        for f, sign in ((old, -1), (after.get(tid), 1)):
            if f is None:
                continue
            k = key(f, day)
            for s in scopes(f, depth):
                delta[(s, *k)] += sign
    changes = sorted((k, n) for k, n in delta.items() if n)
    if not changes:
        return
    HC = standing.HC
    stmt = upsert(conn, HC)
    stmt = stmt.on_conflict_do_update(
        index_elements=[HC.c.scope_id, HC.c.fixed, HC.c.status, HC.c.due_on, HC.c.completed_on],
        set_={"n": HC.c.n + stmt.excluded.n})
    conn.execute(stmt, [dict(scope_id=s, fixed=fx, status=st, due_on=due, completed_on=done, n=n)
                        for (s, fx, st, due, done), n in changes])


def invalidate(session) -> None:
    """Every scope stale, in the writer's transaction: its next reader rebuilds from the tasks."""
    standing.invalidate(session.connection())


def build_if_stale(session) -> bool:
    """Build the rows for the configured depth unless they are current, and commit; whether it built.
    (Its own transaction: never with the report counts' build, whose header writers lock after this one.)"""
    built = standing.build(session.connection(), standing.configured_depth())
    session.commit()
    return built
