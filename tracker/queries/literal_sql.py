"""Hot report statements sent to PostgreSQL as literal SQL, so that the server keeps their plan.

The app's connections plan every statement with its parameters (``plan_cache_mode =
force_custom_plan``, tracker/__init__.py): a generic plan guessed the subtree's LIKE and scanned
every unit. So a prepared statement with parameters is planned again on every execution; for a
commune's report that planning cost more than running it (0.5 of 1.1 ms). A statement without
parameters has only one plan, which PostgreSQL keeps once psycopg has prepared it (its fifth run
on a connection): the same plan a custom one would be, since every value is in the text.

Only for statements whose values the app makes itself (dates, ids, unit paths): they are rendered
by SQLAlchemy's literal renderer of the dialect (quotes doubled), never from free text a user typed.
The rendered text is kept per statement and values, so a repeated report costs one dictionary
lookup instead of SQLAlchemy's compilation of its parameters.
"""
from __future__ import annotations

from functools import lru_cache

import psycopg
from sqlalchemy.exc import DBAPIError


def _frozen(params: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


@lru_cache(maxsize=1024)
def _render(stmt, dialect, frozen: tuple) -> str:
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    bound = stmt.params(**values) if values else stmt
    return str(bound.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def execute(session, stmt, params: dict | None = None):
    """``session.connection().execute(stmt, params)``; on PostgreSQL with every value written into
    the SQL text. ``stmt`` must be a reused object (its identity keys the rendered text)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return conn.execute(stmt, params or {})
    return conn.exec_driver_sql(_render(stmt, conn.dialect, _frozen(params or {})), {})


def rows(session, stmt, params: dict | None = None) -> list[tuple]:
    """``execute(...).all()`` as plain tuples. On PostgreSQL the driver's cursor is read directly:
    SQLAlchemy's result for a driver statement builds its column metadata on every run (twenty
    columns of a report: a third of a commune's 0.3 ms, bench/rollup.py, session 28). The
    statement still passes through the connection's ``before_cursor_execute`` listeners, and a
    driver error is raised as SQLAlchemy's, as with ``execute``."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return [tuple(r) for r in conn.execute(stmt, params or {}).all()]
    sql = _render(stmt, conn.dialect, _frozen(params or {}))
    with conn.connection.dbapi_connection.cursor() as cur:
        conn.dispatch.before_cursor_execute(conn, cur, sql, {}, None, False)
        try:
            # {}: psycopg reads the text's placeholders, so the renderer's "%%" become "%" as in execute.
            return cur.execute(sql, {}).fetchall()
        except psycopg.Error as e:
            raise DBAPIError.instance(sql, {}, e, psycopg.Error) from e
