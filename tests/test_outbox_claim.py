"""The outbox's claim and "sent" marks: which rows a deliverer takes, in what order, and what it
costs PostgreSQL as the sent history grows (migration c4e8a1b7d305)."""
import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, select, text

from tests.reliability.helpers import assert_each_sent_once, make_tasks
from tests.reliability.smtp_sink import SmtpSink
from tracker.extensions import db
from tracker.models import OutboxMail
from tracker.services.calendar import load_calendar
from tracker.services.mail import deliver
from tracker.services.mail.outbox import claim
from tracker.services.reminders import sweep

NOW = datetime(2026, 3, 20, 1, 0)


@pytest.fixture
def sink():
    s = SmtpSink().start()
    yield s
    s.stop()


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


@pytest.mark.postgres_only
def test_the_sent_marks_keep_one_plan_and_leave_the_pool_as_they_found_it(session, sink, app):
    """Each delivered mail is marked sent by one primary-key update. Its connection keeps the
    prepared statement's generic plan (the app's connections plan every execution otherwise), and
    hands the connection back with the app's own setting."""
    make_tasks(session, 12, date(2026, 3, 20))
    sweep(session, date(2026, 3, 20), load_calendar(session), hour="00:00")
    queued = session.scalar(select(db.func.count(OutboxMail.id)).where(OutboxMail.state == "pending"))
    assert queued >= 12

    stats = deliver(session, app.config, today=date(2026, 3, 20))
    assert stats.sent == queued
    assert assert_each_sent_once(session, sink) == queued
    session.commit()

    engine = session.get_bind()
    conns = [engine.connect() for _ in range(engine.pool.checkedin())]
    try:
        modes = {c.exec_driver_sql("SHOW plan_cache_mode").scalar() for c in conns}
        marks = [row for c in conns for row in c.exec_driver_sql(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE 'UPDATE outbox SET state = ''sent''%%'").all()]
    finally:
        for c in conns:
            c.close()
    assert modes == {"force_custom_plan"}
    assert marks, "the sent mark was not prepared on any pooled connection"
    # One batch, one connection: psycopg prepares the statement at its fifth execution.
    assert sum(g for g, _ in marks) >= queued - 5 and sum(c for _, c in marks) == 0
