"""A request whose transaction only read ends it with COMMIT, not ROLLBACK (PostgreSQL).

psycopg discards every prepared statement of a connection on ROLLBACK (a rollback may undo the
DDL its statements were planned against), and the session ends each request's transaction with
a ROLLBACK when nothing was committed. So none of a page's statements ever reached psycopg's
prepare threshold (five executions on one connection): each was parsed again on every request
(pg_stat_statements on bench/pages.py with the cache off: plans = calls for every statement;
docs/reports.md, session 25).

PostgreSQL knows whether a transaction wrote: it is given a transaction id at its first write
(or row lock), never before (``txid_current_if_assigned()`` is NULL until then). A transaction
without one changed nothing, so COMMIT and ROLLBACK leave the same data, and the request
commits. Anything else (a write, pending ORM changes, an exception, a failed transaction) keeps
the ROLLBACK. Statements are still planned on every execution (``plan_cache_mode`` is
``force_custom_plan`` on the app's connections, tracker/__init__.py): a generic plan of the
subtree's ``path LIKE $1 || '%'`` scanned every unit.
"""
from psycopg.pq import TransactionStatus


def install(app, db) -> None:
    """Called for a PostgreSQL app only (SQLite's driver keeps its statement cache across rollbacks)."""
    # Registered after Flask-SQLAlchemy's teardown, so it runs before that one removes the session.
    @app.teardown_appcontext
    def _commit_reads(exc):
        if exc is None:
            commit_if_read_only(db.session())


def commit_if_read_only(session) -> bool:
    """COMMIT the session's transaction on its connection if it wrote nothing; True if it did.

    The driver's connection commits, not the session: session.commit() would expire every loaded
    object, which a caller may still read after the request. The session's own rollback that
    follows then finds the connection idle, and psycopg sends nothing (and keeps its statements)."""
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    raw = session.connection().connection.dbapi_connection
    if raw.info.transaction_status != TransactionStatus.INTRANS:
        return False   # idle (nothing to keep) or failed (it must roll back)
    try:
        with raw.cursor() as cur:
            if cur.execute("SELECT txid_current_if_assigned()").fetchone()[0] is not None:
                return False
        raw.commit()
    except Exception:  # noqa: BLE001 - a lost connection: the session's teardown rolls back and discards it
        return False
    return True
