"""The outbox as a queue: claiming rows under a lease, delivering a batch, marking each outcome."""

from __future__ import annotations

import smtplib
import time as _time
import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session, joinedload

from tracker.domain.states import OutboxState, ReminderState
from tracker.models import OutboxMail, Reminder, Task
from tracker.timeutil import local_today, utcnow

from tracker.services.mail.settings import log, setting, DeliveryStats
from tracker.services.mail.marks import SentMarks, mark_in_session
from tracker.services.mail.rendering import render_rows
from tracker.services.mail.transport import make_transport, _describe, _code


def claim(session, *, limit: int, lease_seconds: int, now: datetime | None = None) -> tuple[str, list[int]]:
    """Take up to ``limit`` due rows for this deliverer; returns (claim token, ids).

    Rows whose lease expired (a deliverer died mid-batch) come first, then pending rows, each
    read in (not_before, id) order as a range of ix_outbox_state_not_before: one condition
    with an OR between the two kept the planner on the primary key, filtering the whole
    outbox, sent history included, on every claim (migration c4e8a1b7d305)."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    lock = " FOR UPDATE SKIP LOCKED" if session.get_bind().dialect.name == "postgresql" else ""
    ids: list[int] = []
    for due in ("state = 'sending' AND claimed_until < :now", "state = 'pending' AND not_before <= :now"):
        ids += session.execute(text(
            "UPDATE outbox SET state = 'sending', claim_token = :token, claimed_until = :until "
            f"WHERE id IN (SELECT id FROM outbox WHERE {due} ORDER BY not_before, id LIMIT :limit{lock}) "
            "RETURNING id"),
            {"token": token, "until": now + timedelta(seconds=lease_seconds), "now": now, "limit": limit - len(ids)},
        ).scalars().all()
        if len(ids) >= limit:
            break
    session.commit()
    return token, sorted(ids)


def backoff_seconds(cfg, attempts: int) -> int:
    base, cap = setting(cfg, "MAIL_RETRY_BASE_SECONDS"), setting(cfg, "MAIL_RETRY_MAX_SECONDS")
    return int(min(cap, base * 2 ** max(attempts - 1, 0)))


def _expanding(name):
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)


def _mark_retry(session, cfg, token, row_id, error: str, now: datetime, *, count_attempt: bool = True) -> str:
    """Back to pending with backoff, or failed after too many attempts; returns the new state."""
    attempts = session.scalar(text("SELECT attempts FROM outbox WHERE id = :id"), {"id": row_id}) or 0
    if count_attempt:
        attempts += 1
    if attempts >= setting(cfg, "MAIL_MAX_ATTEMPTS"):
        _mark_failed(session, token, row_id, error, now, attempts=attempts)
        return "failed"
    delay = backoff_seconds(cfg, max(attempts, 1))
    session.execute(text(
        "UPDATE outbox SET state = 'pending', attempts = :attempts, last_error = :err, not_before = :nb, "
        "claim_token = NULL, claimed_until = NULL WHERE id = :id AND claim_token = :token"),
        {"attempts": attempts, "err": error[:2000], "nb": now + timedelta(seconds=delay), "id": row_id, "token": token})
    session.commit()
    return "pending"


def _mark_failed(session, token, row_id, error: str, now: datetime, *, attempts: int | None = None):
    session.execute(text(
        "UPDATE outbox SET state = 'failed', attempts = COALESCE(:attempts, attempts + 1), last_error = :err, "
        "claim_token = NULL, claimed_until = NULL WHERE id = :id AND claim_token = :token"),
        {"attempts": attempts, "err": error[:2000], "id": row_id, "token": token})
    session.execute(text("UPDATE reminders SET state = 'failed' WHERE id IN "
                         "(SELECT reminder_id FROM outbox WHERE id = :id AND state = 'failed')"), {"id": row_id})
    session.commit()


def _mark_cancelled(session, token, row_id):
    session.execute(text("UPDATE outbox SET state = 'cancelled', claim_token = NULL, claimed_until = NULL, "
                         "last_error = 'task changed' WHERE id = :id AND claim_token = :token"),
                    {"id": row_id, "token": token})
    session.execute(text("UPDATE reminders SET state = 'cancelled' WHERE id IN "
                         "(SELECT reminder_id FROM outbox WHERE id = :id) AND state IN ('queued', 'planned')"),
                    {"id": row_id})


def _release(session, token, ids: list[int], not_before: datetime, error: str | None = None):
    """Give rows back untouched (not attempted): another run picks them up."""
    if not ids:
        return
    session.execute(text(
        "UPDATE outbox SET state = 'pending', not_before = :nb, claim_token = NULL, claimed_until = NULL, "
        "last_error = COALESCE(:err, last_error) WHERE id IN :ids AND claim_token = :token")
        .bindparams(_expanding("ids")), {"nb": not_before, "err": error, "ids": ids, "token": token})
    session.commit()


def deliver_batch(session, cfg, token: str, ids: list[int], stats: DeliveryStats, *, today: date | None = None,
                  transport=None) -> bool:
    """Send the claimed rows over one connection. False when the server is unreachable."""
    started = _time.monotonic()
    lease = setting(cfg, "MAIL_LEASE_SECONDS")
    # Stop using the claim well before it can expire and be taken over.
    usable_until = started + max(lease - setting(cfg, "SMTP_TIMEOUT") - 5, lease / 2)
    stats.batches += 1
    # Render with a session of its own, closed before the sends: the per-mail commits
    # below then have no ORM objects to expire (and the caller's objects stay attached).
    with Session(bind=session.get_bind()) as rs:
        rows = rs.scalars(select(OutboxMail).where(OutboxMail.id.in_(ids), OutboxMail.claim_token == token)
                          .options(joinedload(OutboxMail.reminder).joinedload(Reminder.task)
                                   .options(joinedload(Task.lead_unit), joinedload(Task.assigned_by_unit)))
                          .order_by(OutboxMail.id)).unique().all()
        items = render_rows(rs, cfg, rows, today or local_today())
    for item in items:
        if item.data is None:
            _mark_cancelled(session, token, item.row_id)
            stats.cancelled += 1
    session.commit()
    items = [i for i in items if i.data is not None]
    if not items:
        return True
    transport = transport or make_transport(cfg)
    marks = SentMarks(session.get_bind(), cfg) if session.get_bind().dialect.name == "postgresql" else None
    try:
        transport.open()
    except (smtplib.SMTPException, OSError) as e:
        err = _describe(e)
        stats.errors.append(err)
        for item in items:
            _mark_retry(session, cfg, token, item.row_id, err, utcnow())
            stats.retried += 1
        log.warning("SMTP unreachable, %s mails back in the outbox: %s", len(items), err)
        if marks is not None:
            marks.close()
        return False
    try:
        for n, item in enumerate(items):
            if _time.monotonic() > usable_until:
                _release(session, token, [i.row_id for i in items[n:]], utcnow())
                break
            try:
                transport.send(item.to_addr, item.data)
            except (smtplib.SMTPException, OSError) as e:
                err, code = _describe(e), _code(e)
                if len(stats.errors) < 20:
                    stats.errors.append(err)
                if code is not None and 500 <= code < 600:
                    _mark_failed(session, token, item.row_id, err, utcnow())
                    stats.failed += 1
                else:
                    state = _mark_retry(session, cfg, token, item.row_id, err, utcnow())
                    stats.retried += state == "pending"
                    stats.failed += state == "failed"
                if not transport.connected:
                    # 421 or a dropped connection: the rest of the batch waits for the retry.
                    rest = [i.row_id for i in items[n + 1:]]
                    _release(session, token, rest, utcnow() + timedelta(seconds=backoff_seconds(cfg, 1)),
                             "not attempted: " + err)
                    stats.retried += len(rest)
                    return False
                continue
            if marks is not None:
                stats.sent += marks.mark(token, item, utcnow())
            else:
                stats.sent += mark_in_session(session, token, item, utcnow())
    finally:
        transport.close()
        if marks is not None:
            stats.sent += marks.close()
    return True


def deliver(session, cfg, *, max_seconds: float = 50, max_batches: int | None = None,
            today: date | None = None) -> DeliveryStats:
    """Deliver due outbox rows until none is left, the time is up or SMTP is unreachable."""
    stats = DeliveryStats()
    started = _time.monotonic()
    while _time.monotonic() - started < max_seconds and (max_batches is None or stats.batches < max_batches):
        token, ids = claim(session, limit=setting(cfg, "MAIL_BATCH_SIZE"), lease_seconds=setting(cfg, "MAIL_LEASE_SECONDS"))
        if not ids:
            break
        if not deliver_batch(session, cfg, token, ids, stats, today=today):
            break
    return stats


def retry_mail(session, mail_id: int) -> bool:
    """Put a failed (or cancelled) mail back in the queue now."""
    row = session.get(OutboxMail, mail_id)
    if row is None or row.state not in (OutboxState.FAILED.value, OutboxState.CANCELLED.value):
        return False
    row.state, row.attempts, row.not_before = "pending", 0, utcnow()
    row.claim_token = row.claimed_until = None
    if row.reminder is not None:
        row.reminder.state = ReminderState.QUEUED.value
    session.commit()
    return True

