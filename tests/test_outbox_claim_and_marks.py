"""The outbox's claim and "sent" marks: which rows a deliverer takes, in what order, what it costs
PostgreSQL as the sent history grows (migration c4e8a1b7d305), and when each mail is marked sent."""
import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, event, select, text

from tests.reliability.helpers import make_tasks
from tests.reliability.smtp_sink import Handler
from tracker.extensions import db
from tracker.models import OutboxMail
from tracker.services.calendar import load_calendar
from tracker.services.mail import deliver
from tracker.services.mail import render_rows
from tracker.services.mail.marks import SentMarks
from tracker.services.mail.outbox import claim
from tracker.services.reminders import sweep

NOW = datetime(2026, 3, 20, 1, 0)


@pytest.fixture
def app_config(sink):
    return {"MAIL_BACKEND": "smtp", "SMTP_PORT": sink.port, "MAIL_BATCH_SIZE": 100}


def _mail(session, key, state, not_before, claimed_until=None):
    row = OutboxMail(dedupe_key=key, template="weekly", to_addr=f"{key}@sonla.demo", state=state,
                     not_before=not_before, claimed_until=claimed_until,
                     claim_token="dead" if state == "sending" else None)
    session.add(row)
    session.flush()
    return row.id


def test_a_claim_takes_abandoned_mails_first_then_the_due_ones_oldest_first(session):
    """A deliverer that died mid-batch leaves its mails "sending": once the lease has run out they
    go first. Then the pending mails that are due, the longest waiting first; mails not yet due,
    sent, failed or held by a live deliverer are never taken."""
    hour = timedelta(hours=1)
    ids = {
        "sent": _mail(session, "sent", "sent", NOW - 9 * hour),
        "failed": _mail(session, "failed", "failed", NOW - 9 * hour),
        "due_late": _mail(session, "due_late", "pending", NOW - hour),
        "due_early": _mail(session, "due_early", "pending", NOW - 5 * hour),
        "retry_later": _mail(session, "retry_later", "pending", NOW + hour),
        "live_lease": _mail(session, "live_lease", "sending", NOW - 3 * hour, claimed_until=NOW + hour),
        "dead_lease": _mail(session, "dead_lease", "sending", NOW - 2 * hour, claimed_until=NOW - hour),
        "due_mid": _mail(session, "due_mid", "pending", NOW - 3 * hour),
    }
    session.commit()

    token, first = claim(session, limit=3, lease_seconds=600, now=NOW)
    assert first == sorted([ids["dead_lease"], ids["due_early"], ids["due_mid"]])
    _, second = claim(session, limit=3, lease_seconds=600, now=NOW)
    assert second == [ids["due_late"]]
    assert claim(session, limit=3, lease_seconds=600, now=NOW)[1] == []

    session.expire_all()
    states = dict(session.execute(select(OutboxMail.dedupe_key, OutboxMail.state)).all())
    assert states == {"sent": "sent", "failed": "failed", "due_late": "sending", "due_early": "sending",
                      "retry_later": "pending", "live_lease": "sending", "dead_lease": "sending",
                      "due_mid": "sending"}
    taken = session.get(OutboxMail, ids["dead_lease"])
    assert taken.claim_token == token and taken.claimed_until == NOW + timedelta(seconds=600)


def _statements(engine, fn):
    """The statements ``fn`` sends, with their parameters."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


@pytest.mark.postgres_only
def test_a_claim_reads_the_mails_it_takes_not_the_sent_history(session):
    """Sent mails stay in the outbox for the admin's browser, so it grows every day. Claiming the
    next mails must not read that history: with 20,000 sent mails and 3 due, the claim's statements
    read a handful of pages (the old single condition filtered every row: 200+ pages here)."""
    session.execute(text(
        "INSERT INTO outbox (dedupe_key, template, to_addr, locale, state, attempts, not_before, created_at) "
        "SELECT 'old-' || g, 'weekly', 'x' || g || '@sonla.demo', 'vi', 'sent', 1, :t, :t "
        "FROM generate_series(1, 20000) g"), {"t": NOW - timedelta(days=30)})
    due = [_mail(session, f"due{i}", "pending", NOW - timedelta(minutes=i)) for i in range(3)]
    session.commit()
    session.execute(text("ANALYZE outbox"))
    session.commit()

    engine = session.get_bind()
    sent = _statements(engine, lambda: claim(session, limit=500, lease_seconds=600, now=NOW))
    updates = [(sql, params) for sql, params in sent if sql.lstrip().startswith("UPDATE outbox")]
    assert updates
    session.expire_all()
    assert sorted(session.scalars(select(OutboxMail.id).where(OutboxMail.state == "sending"))) == sorted(due)

    # The same statements again on the same rows, explained, in a transaction rolled back.
    session.execute(text("UPDATE outbox SET state = 'pending', claim_token = NULL, claimed_until = NULL "
                         "WHERE id = ANY(:ids)"), {"ids": due})
    session.commit()
    with engine.connect() as conn:
        with conn.begin():
            read = 0
            for sql, params in updates:
                plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params).scalar()
                plan = plan if isinstance(plan, list) else json.loads(plan)
                read += sum(n["Shared Hit Blocks"] + n["Shared Read Blocks"] for n in _nodes(plan[0]["Plan"])
                            if n["Node Type"] == "Limit")
            conn.rollback()
    # Finding the rows to take; writing them (five indexes per row) is the same for any claim.
    assert read < 30, read


class _WatchingHandler(Handler):
    """Counts, as each mail's RCPT is answered, how many mails the database already has as sent."""

    def __init__(self, url):
        super().__init__()
        self.engine = create_engine(url)
        self.sent_at_rcpt = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = await super().handle_RCPT(server, session, envelope, address, rcpt_options)
        with self.engine.connect() as conn:
            self.sent_at_rcpt.append(conn.scalar(text("SELECT COUNT(*) FROM outbox WHERE state = 'sent'")))
        return reply


def test_each_mail_is_marked_sent_before_the_next_one_is_answered(session, sink, app):
    """A worker killed mid-batch must not send again what the server already took: each mail's
    "sent" mark is committed while the next mail goes out, not gathered for the end of the batch
    (the server answers RCPT after 20 ms here; the previous mark has long been committed by then)."""
    sink.handler.__class__ = _WatchingHandler
    _WatchingHandler.__init__(sink.handler, app.config["SQLALCHEMY_DATABASE_URI"])
    sink.handler.rcpt_delay = 0.02
    make_tasks(session, 12, date(2026, 3, 20))
    sweep(session, date(2026, 3, 20), load_calendar(session), hour="00:00")
    session.execute(text("UPDATE outbox SET state = 'sent' WHERE state <> 'pending'"))
    session.commit()
    already = session.scalar(select(db.func.count(OutboxMail.id)).where(OutboxMail.state == "sent"))

    stats = deliver(session, app.config, today=date(2026, 3, 20))
    assert stats.sent >= 12
    seen = sink.handler.sent_at_rcpt
    sink.handler.engine.dispose()
    assert seen == [already + k for k in range(stats.sent)]


@pytest.mark.postgres_only
def test_the_sent_marks_keep_one_plan_and_leave_the_pool_as_they_found_it(session, app):
    """Each delivered mail is marked sent by one primary-key update, prepared once per batch with
    its generic plan (the app's connections plan every execution otherwise); the connection goes
    back to the pool with the app's own setting and without the batch's statements."""
    make_tasks(session, 12, date(2026, 3, 20))
    sweep(session, date(2026, 3, 20), load_calendar(session), hour="00:00")
    token, ids = claim(session, limit=100, lease_seconds=600)
    rows = session.scalars(select(OutboxMail).where(OutboxMail.id.in_(ids)).order_by(OutboxMail.id)).all()
    items = [i for i in render_rows(session, app.config, rows, date(2026, 3, 20)) if i.data is not None]
    assert len(items) >= 12

    marks = SentMarks(session.get_bind(), app.config)
    done = sum(marks.mark(token, item, NOW) for item in items)
    done += marks.collect()
    plans = marks.conn.exec_driver_sql(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'tracker_mark_sent'").one()
    done += marks.close()
    assert done == len(items)
    assert tuple(plans) == (len(items), 0)
    session.expire_all()
    assert {r.state for r in session.scalars(select(OutboxMail).where(
        OutboxMail.id.in_([i.row_id for i in items])))} == {"sent"}

    engine = session.get_bind()
    conns = [engine.connect() for _ in range(engine.pool.checkedin())]
    try:
        modes = {c.exec_driver_sql("SHOW plan_cache_mode").scalar() for c in conns}
        left = [n for c in conns for n in c.exec_driver_sql(
            "SELECT name FROM pg_prepared_statements WHERE name LIKE 'tracker%%'").scalars()]
    finally:
        for c in conns:
            c.close()
    assert modes == {"force_custom_plan"} and left == []
