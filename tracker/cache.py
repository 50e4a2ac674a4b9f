"""Exact caching of read-only query results, keyed by a data version.

Every use case that writes to a table report figures, pickers or the calendar are
read from raises ``data_versions.value`` by one, in the same transaction, just before
it commits: it calls ``bump_data_version`` (tests/test_data_version_bumps.py runs each
such use case and checks the version moved). A write that bypasses the use cases
(a script's raw SQL) must call it too, or pages may show figures cached before it. A reader that sees version V therefore sees at least the data of V, and a
value cached under V was computed from data no older than V: a hit is never stale.
Anything that also depends on the date (as-of today) carries the date in its key.

Figures as of a day before today (``memo_past``) are keyed by a narrower counter, PAST: it
moves only with writes that can change such a figure (tracker/services/past_figures.py), and
with every write that does not say what it changed (fail safe).

The store is Flask-Caching: SimpleCache (per process) by default, Redis when
``CACHE_TYPE=RedisCache`` is configured, shared by every worker. Values go through
pickle, so a cached object can never be mutated by the code that received it.
"""
from __future__ import annotations

import hashlib
import pickle
from typing import Callable, TypeVar

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy.orm import scoped_session

from tracker.extensions import cache, db, upsert

T = TypeVar("T")

DATA, STRUCTURE, PAST, PAGES = 1, 2, 3, 4  # rows of data_versions
BUMPED = "tracker_data_version_bumped"
TOUCHED = "tracker_touched_units"  # units whose people may see the tasks this transaction tracked
_local_bumps = 0  # bumps by this process: a later read in this process reads the version again


def bump_data_version(session, *, structure: bool = False, scoped: bool = False) -> None:
    """Raise the data version, in the caller's transaction.

    Every use case that writes something a cached result is read from (tasks, their
    events, coordinators and extension requests, directives, units, committees, the
    calendar, report snapshots, publications, indicators) calls this just before it
    commits, so the bump commits or rolls back with the write. ``structure``: the write
    changes who sees what (the unit tree, committees, the calendar, a directive, a task
    created or moved to another unit), so pickers keyed by the second counter refresh too;
    a workflow step that only changes a task's status, progress or dates leaves it.

    PAST (figures as of a day before today) moves too, unless the transaction tracked its task
    changes (services.report_counts.track / track_new) and none of them reaches a past day's
    figure: a write that tracked nothing, or called ``invalidate``, is assumed to reach them.

    PAGES (every cached page is keyed by it, tracker/page_cache.py) moves too, unless the caller
    says the write is ``scoped``: it changed only the tasks it tracked and what hangs from them
    (their events, files, extension requests, notifications, reminders). Then, instead, the
    counter of every unit whose people may see one of those tasks, before or after, moves
    (scope_versions): the pages of everyone else stay cached.
    """
    # Flush first: the counter's row is then the last lock the transaction takes, so two
    # writers that touch the same rows queue on it and never wait on each other in a cycle.
    session.flush()
    # The standing report counts: the tracked tasks' differences (services/report_counts.py).
    from tracker.services.report_counts import apply_pending
    past = apply_pending(session)  # None: nothing tracked, an unknown write
    touched = session.info.pop(TOUCHED, None)
    scoped = scoped and not structure and touched is not None
    if scoped:
        _bump_scopes(session, touched)
    ids = [DATA] + ([STRUCTURE] if structure else []) + ([PAST] if past is not False else []) + \
        ([] if scoped else [PAGES])
    session.execute(db.text("UPDATE data_versions SET value = value + 1 WHERE id IN (%s)" % ", ".join(map(str, ids))))
    # This transaction raised it (the tests' arranging session reads it; a flag left by a transaction
    # committed elsewhere must not count for the next one).
    real = session() if isinstance(session, scoped_session) else session
    session.info[BUMPED] = real.get_transaction()
    global _local_bumps
    _local_bumps += 1


def local_bumps() -> int:
    """How many times this process has raised the data version: a value read before a write of
    this process compares unequal after it."""
    return _local_bumps


def _bump_scopes(session, unit_ids) -> None:
    """scope_versions + 1 for these units (rows inserted at 1), in id order: two writers lock
    the rows they share in the same order, and never wait on each other in a cycle."""
    if not unit_ids:
        return
    from tracker.models import ScopeVersion

    conn = session.connection()
    table = ScopeVersion.__table__
    stmt = upsert(conn, table)
    stmt = stmt.on_conflict_do_update(index_elements=[table.c.unit_id], set_={"value": table.c.value + 1})
    conn.execute(stmt, [{"unit_id": u, "value": 1} for u in sorted(unit_ids)])


def scope_version(unit_id: int, session=None) -> int:
    """A unit's page counter (scope_versions), 0 before any step reached it. In a request that has
    not read the counters yet, they are read with it, in one statement (the page cache's key)."""
    session = session or db.session
    req = request._get_current_object() if has_request_context() else None
    if req is not None and getattr(req, "_tracker_data_version", None) is None:
        rows = session.execute(db.text("SELECT id, value FROM data_versions UNION ALL "
                                       "SELECT -1, value FROM scope_versions WHERE unit_id = :u"), {"u": unit_id}).all()
        counters = {i: v for i, v in rows if i >= 0}
        req._tracker_data_version = (_local_bumps, counters)
        return int(next((v for i, v in rows if i == -1), 0) or 0)
    return int(session.execute(
        db.text("SELECT value FROM scope_versions WHERE unit_id = :u"), {"u": unit_id}).scalar() or 0)


def data_version(session=None, kind: int = DATA) -> int:
    """A counter as the current request sees it: read once per request, and again after
    any commit by this process (a request that writes and then reads sees its write)."""
    req = request._get_current_object() if has_request_context() else None
    seen = getattr(req, "_tracker_data_version", None)
    if seen is None or seen[0] != _local_bumps:
        rows = dict((session or db.session).execute(db.text("SELECT id, value FROM data_versions")).all())
        seen = (_local_bumps, rows)
        if req is not None:
            req._tracker_data_version = seen
    value = seen[1].get(kind)
    # A counter whose row is missing (a database not migrated yet) would never move: use the global one.
    return int((value if value is not None else seen[1].get(DATA)) or 0)


def _db_tag() -> str:
    # Two databases (tests, an observer app) must never share entries with equal versions.
    tag = current_app.extensions.get("tracker_db_tag")
    if tag is None:
        url = str(db.engine.url.render_as_string(hide_password=True))
        tag = current_app.extensions["tracker_db_tag"] = hashlib.sha1(url.encode()).hexdigest()[:12]
    return tag


def memo(name: str, key: tuple, compute: Callable[[], T], *, session=None, kind: int = DATA) -> T:
    """compute(), or its value from an earlier call with the same name, key and version.

    ``key`` must hold everything the result depends on besides the data itself
    (dates, scope, filters); its repr is hashed, so use plain values. ``kind``
    STRUCTURE: the result depends only on the structure (units, directives, committee members,
    the calendar, which units and directives tasks belong to), not on tasks' progress.
    """
    if not has_app_context():
        return compute()
    if not current_app.config.get("QUERY_CACHE", True):
        return _request_memo(name, key, kind, compute)
    digest = hashlib.sha1(repr(key).encode()).hexdigest()
    full = f"q:{_db_tag()}:{name}:{kind}.{data_version(session, kind)}:{digest}"
    hit = cache.get(full)
    if hit is not None:
        return hit[0]
    value = compute()
    cache.set(full, (value,))
    return value


def _request_memo(name: str, key: tuple, kind: int, compute: Callable[[], T]) -> T:
    """With the query cache off, a result is still computed once per request (a subtree's ids are
    asked for by several parts of a page) and again after any write of this process. A copy is
    returned each time, as from the cache: a caller that changes what it got changes nothing else."""
    if not has_request_context():
        return compute()
    req = request._get_current_object()
    held = req.__dict__.setdefault("_tracker_memo", {})
    full = (name, kind, repr(key), _local_bumps)
    if full in held:
        return pickle.loads(held[full])
    value = compute()
    held[full] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return value


def memo_past(name: str, key: tuple, compute: Callable[[], T], *, session=None) -> T:
    """memo for a result computed only from figures as of days before today: keyed by the PAST
    counter and today's date (tomorrow, today becomes a past day: writes of today that were not
    counted as reaching the past may reach it; a new day starts new entries)."""
    from tracker import timeutil

    return memo(name, key + (timeutil.local_today().isoformat(),), compute, session=session, kind=PAST)
