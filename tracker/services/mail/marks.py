"""The "sent" mark of each delivered mail: one atomic statement right after the server's 250.

On PostgreSQL (``SentMarks``) a batch's marks go over a connection of their own, in autocommit
mode, as one prepared statement: each mark is its own transaction (libpq's extended query ends
with a Sync), committed once PostgreSQL has read it, whatever becomes of this process. The
deliverer does not wait for it: it goes on with the next mail's SMTP exchange while PostgreSQL
writes the mark, and reads the mark's outcome after that mail's 250, just before sending that
mail's own mark. So a mark is on its way to PostgreSQL before the next mail is attempted, as when
each mark was awaited, and a worker killed at any point duplicates at most the mail whose 250 it
had not yet acted on; one round trip per mail (of three) is off the critical path.

Elsewhere (SQLite) the mark is a statement of the session, committed at once."""

from __future__ import annotations

import select
from datetime import datetime

import psycopg
from psycopg import pq
from sqlalchemy import bindparam, text
from sqlalchemy.exc import SQLAlchemyError

from tracker.services.mail.rendering import Rendered
from tracker.services.mail.settings import setting


def _pg_mark_sql(async_commit: bool, reminders: bool) -> bytes:
    # The asynchronous commit is switched on inside the statement (SET LOCAL would cost one
    # more round trip). ``reminders``: a digest's reminders are marked with its row, in the
    # same statement; a reminder's own mail (nearly all mails) marks its outbox row alone.
    outbox = ("UPDATE outbox SET state = 'sent', sent_at = $1, attempts = attempts + 1, "
              "subject = $2, claim_token = NULL, claimed_until = NULL, last_error = NULL "
              "WHERE id = $3 AND claim_token = $4 "
              + ("AND set_config('synchronous_commit', 'off', true) IS NOT NULL " if async_commit else "")
              + "RETURNING id")
    if reminders:
        outbox = ("WITH o AS (" + outbox + ") "
                  "UPDATE reminders SET state = 'sent', sent_at = $1 WHERE id = ANY($5::int[]) "
                  "AND EXISTS (SELECT 1 FROM o) RETURNING (SELECT COUNT(*) FROM o)")
    return outbox.encode()


_STATEMENTS = {False: b"tracker_mark_sent", True: b"tracker_mark_sent_digest"}


class SentMarks:
    """The marks of one batch on PostgreSQL, one in flight at a time (see the module's text)."""

    def __init__(self, engine, cfg):
        self.conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        raw = self.conn.connection.driver_connection
        self.pgconn, self.encoding = raw.pgconn, raw.info.encoding
        self.in_flight = False
        # The mark is a primary-key update whose plan never depends on its values: the
        # generic plan, made once (the app's connections plan every execution otherwise,
        # tracker/__init__.py; 52 of the mark's 126 us of PostgreSQL on the bench).
        self.conn.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
        async_commit = bool(setting(cfg, "MAIL_ASYNC_COMMIT"))
        for digest, name in _STATEMENTS.items():
            self._check(self.pgconn.prepare(name, _pg_mark_sql(async_commit, digest)), pq.ExecStatus.COMMAND_OK)

    def mark(self, token: str, item: Rendered, now: datetime) -> int:
        """Send this mail's mark; returns the outcome of the previous one (1: marked)."""
        done = self.collect()
        params = [now.isoformat(sep=" ").encode(), item.subject[:500].encode(), str(item.row_id).encode(),
                  token.encode()]
        if item.reminder_ids:
            params.append(("{" + ",".join(str(int(i)) for i in item.reminder_ids) + "}").encode())
        self.pgconn.send_query_prepared(_STATEMENTS[bool(item.reminder_ids)], params)
        self.in_flight = True
        while self.pgconn.flush() == 1:  # the connection is non-blocking: the whole mark is sent now
            select.select([], [self.pgconn.socket], [])
        return done

    def collect(self) -> int:
        """The outcome of the mark in flight, if any: 1 if this deliverer still held the row."""
        if not self.in_flight:
            return 0
        self.in_flight = False
        result = self.pgconn.get_result()
        while self.pgconn.get_result() is not None:  # until the statement's end
            pass
        return 1 if self._check(result, pq.ExecStatus.TUPLES_OK).ntuples else 0

    def close(self) -> int:
        """Collect the last mark, then put the connection back as the pool lent it."""
        try:
            return self.collect()
        finally:
            try:
                for name in _STATEMENTS.values():
                    self.conn.exec_driver_sql(f"DEALLOCATE {name.decode()}")
                self.conn.exec_driver_sql("RESET plan_cache_mode")
            except SQLAlchemyError:
                self.conn.invalidate()  # a broken connection (the database went away): not back to the pool
            finally:
                self.conn.close()

    def _check(self, result, expected):
        if result is None or result.status != expected:
            if result is None:
                raise psycopg.OperationalError("the database closed the connection")
            raise psycopg.errors.error_from_result(result, encoding=self.encoding)
        return result


def mark_in_session(session, token: str, item: Rendered, now: datetime) -> int:
    """The mark as a statement of the session, committed at once (SQLite)."""
    res = session.execute(text(
        "UPDATE outbox SET state = 'sent', sent_at = :now, attempts = attempts + 1, subject = :subject, "
        "claim_token = NULL, claimed_until = NULL, last_error = NULL WHERE id = :id AND claim_token = :token"),
        {"now": now, "subject": item.subject[:500], "id": item.row_id, "token": token})
    if item.reminder_ids and res.rowcount:
        session.execute(text("UPDATE reminders SET state = 'sent', sent_at = :now WHERE id IN :ids")
                        .bindparams(bindparam("ids", expanding=True)), {"now": now, "ids": item.reminder_ids})
    session.commit()
    return res.rowcount
