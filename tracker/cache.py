"""Exact caching of read-only query results, keyed by a data version.

Every transaction that writes to a table report figures, pickers or the calendar are
read from raises ``data_versions.value`` by one, in the same transaction, just before
it commits (an engine-level hook, so ORM flushes, bulk statements and raw SQL are all
covered). A reader that sees version V therefore sees at least the data of V, and a
value cached under V was computed from data no older than V: a hit is never stale.
Anything that also depends on the date (as-of today) carries the date in its key.

The store is Flask-Caching: SimpleCache (per process) by default, Redis when
``CACHE_TYPE=RedisCache`` is configured, shared by every worker. Values go through
pickle, so a cached object can never be mutated by the code that received it.
"""
from __future__ import annotations

import hashlib
import re
from typing import Callable, TypeVar

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from tracker.extensions import cache, db

T = TypeVar("T")

# Tables whose rows feed cached results. Notifications, reminders, the outbox, users'
# login times and tokens change all the time and feed none of them.
TRACKED_TABLES = frozenset({
    "tasks", "task_events", "task_coordinators", "extension_requests", "directives", "units",
    "committee_members", "calendar_days", "report_snapshots", "report_snapshot_rows", "report_snapshot_tasks",
    "directive_publications", "public_items", "indicators", "indicator_targets", "indicator_values", "indicator_snapshot_values",
})
# Writes that change structure (who sees which directive, the unit tree, the calendar)
# raise a second counter too: pickers keyed by it survive a workflow step, which only
# changes a task's status, progress or dates.
STRUCTURE_TABLES = frozenset({"directives", "units", "committee_members", "calendar_days", "task_coordinators"})
_TASK_STRUCTURE_COLUMNS = ("lead_unit_id", "assigned_by_unit_id", "directive_id")
_WRITE = re.compile(r"\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)", re.IGNORECASE)
_DIRTY = "tracker_data_changed"
DATA, STRUCTURE = 1, 2  # rows of data_versions
BUMP_SQL = {DATA: "UPDATE data_versions SET value = value + 1 WHERE id = 1",
            STRUCTURE: "UPDATE data_versions SET value = value + 1 WHERE id IN (1, 2)"}
_local_bumps = 0  # commits by this process that raised the version


def _change_of(statement: str) -> int | None:
    m = _WRITE.match(statement)
    if m is None:
        return None
    verb, table = m.group(1).upper(), m.group(2).lower()
    if table not in TRACKED_TABLES:
        return None
    if table in STRUCTURE_TABLES:
        return STRUCTURE
    if table == "tasks":
        if not verb.startswith("UPDATE"):
            return STRUCTURE  # a new or removed task can make a directive visible or not
        set_clause = statement[m.end():].split(" WHERE ", 1)[0]
        if any(col in set_clause for col in _TASK_STRUCTURE_COLUMNS):
            return STRUCTURE
    return DATA


@event.listens_for(Engine, "before_cursor_execute")
def _note_write(conn, cursor, statement, parameters, context, executemany):
    if conn.info.get(_DIRTY) == STRUCTURE:
        return
    change = _change_of(statement)
    if change is not None and change > conn.info.get(_DIRTY, 0):
        conn.info[_DIRTY] = change


@event.listens_for(Engine, "commit")
def _bump_on_commit(conn):
    # Runs before the DBAPI commit, on the same transaction; the raw cursor keeps
    # SQLAlchemy's own transaction bookkeeping out of it.
    change = conn.info.pop(_DIRTY, None)
    if change:
        cur = conn.connection.dbapi_connection.cursor()
        try:
            cur.execute(BUMP_SQL[change])
        finally:
            cur.close()
        global _local_bumps
        _local_bumps += 1


@event.listens_for(Engine, "rollback")
def _forget_on_rollback(conn):
    conn.info.pop(_DIRTY, None)


@event.listens_for(Pool, "checkin")
def _forget_on_checkin(dbapi_connection, connection_record):
    connection_record.info.pop(_DIRTY, None)


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
    return int(seen[1].get(kind) or 0)


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
    STRUCTURE: the result depends only on the tables of STRUCTURE_TABLES and on
    which units and directives tasks belong to, not on their progress.
    """
    if not has_app_context() or not current_app.config.get("QUERY_CACHE", True):
        return compute()
    digest = hashlib.sha1(repr(key).encode()).hexdigest()
    full = f"q:{_db_tag()}:{name}:{kind}.{data_version(session, kind)}:{digest}"
    hit = cache.get(full)
    if hit is not None:
        return hit[0]
    value = compute()
    cache.set(full, (value,))
    return value
