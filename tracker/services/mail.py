"""Outbox delivery: claim due rows, render them, send a batch over one SMTP connection.

Guarantees, and where they come from:

- a row is claimed by one deliverer at a time: ``UPDATE ... WHERE id IN (SELECT ...
  FOR UPDATE SKIP LOCKED) RETURNING id`` on PostgreSQL, the same single atomic UPDATE
  on SQLite (writers are serialised there). A claim is a lease: a deliverer killed
  mid-batch leaves rows in ``sending`` that another one takes over when it expires;
  a deliverer stops using its claim well before it expires;
- each mail is marked sent right after the server's 250, in its own short commit
  (``synchronous_commit`` off on PostgreSQL: the commit survives the worker being
  killed, only a database crash in the next fraction of a second could lose it);
- 4xx replies and dropped or refused connections put the row back with exponential
  backoff (``not_before``), counting attempts; a 5xx, or too many attempts, marks it
  ``failed`` with the server's reply in ``last_error``, visible to the admin who may
  retry it. Nothing is dropped silently.

What SMTP itself cannot promise: if the connection dies after the server took the
message but before its 250 reached us, the mail is sent again after the lease.
"""
from __future__ import annotations

import base64
import logging
import os
import smtplib
import time as _time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select, text
from sqlalchemy.orm import Session, joinedload

from tracker.domain.deadlines import days_left
from tracker.domain.reminders import ReminderKind
from tracker.domain.states import OutboxState, ReminderState
from tracker.models import OutboxMail, Reminder, Task, TaskEvent
from tracker.timeutil import fmt_date, local_today, utcnow

log = logging.getLogger(__name__)

DEFAULTS = {
    "MAIL_BATCH_SIZE": 100,
    "MAIL_LEASE_SECONDS": 300,
    "MAIL_RETRY_BASE_SECONDS": 60,
    "MAIL_RETRY_MAX_SECONDS": 3600,
    "MAIL_MAX_ATTEMPTS": 12,
    "MAIL_ASYNC_COMMIT": True,
    "SMTP_TIMEOUT": 30,
}


def setting(cfg, key):
    value = cfg.get(key)
    return DEFAULTS[key] if value is None else value


@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)


# -- unsubscribe tokens ----------------------------------------------------------------

UNSUBSCRIBE_SALT = "notifications-unsubscribe:timed"  # purpose: only this link, nothing else signed
UNSUBSCRIBE_MAX_AGE_DAYS = 60


class _IssuedAtSigner(TimestampSigner):
    """A timestamp signer whose clock can be set (to issue a link as of a past moment)."""
    issued_at: int | None = None

    def get_timestamp(self) -> int:
        return self.issued_at if self.issued_at is not None else super().get_timestamp()


def _serializer(secret: str, issued_at: int | None = None) -> URLSafeTimedSerializer:
    signer = type("_Signer", (_IssuedAtSigner,), {"issued_at": issued_at})
    return URLSafeTimedSerializer(secret, salt=UNSUBSCRIBE_SALT, signer=signer)


def unsubscribe_token(secret: str, user_id: int, *, issued_at: int | None = None) -> str:
    """A signed, dated unsubscribe link token (`issued_at`: Unix time, default now)."""
    return _serializer(secret, issued_at).dumps(user_id)


def check_unsubscribe_token(secret: str, token: str,
                            max_age_days: float = UNSUBSCRIBE_MAX_AGE_DAYS) -> tuple[str, int | None]:
    """("ok", user id), ("expired", None) or ("invalid", None)."""
    try:
        value = _serializer(secret).loads(token, max_age=int(max_age_days * 86400))
    except SignatureExpired:
        return "expired", None
    except BadSignature:
        return "invalid", None
    return ("ok", value) if isinstance(value, int) else ("invalid", None)


def read_unsubscribe_token(secret: str, token: str,
                           max_age_days: float = UNSUBSCRIBE_MAX_AGE_DAYS) -> int | None:
    state, user_id = check_unsubscribe_token(secret, token, max_age_days)
    return user_id if state == "ok" else None


# -- claiming ------------------------------------------------------------------------

def claim(session, *, limit: int, lease_seconds: int, now: datetime | None = None) -> tuple[str, list[int]]:
    """Take up to ``limit`` due rows for this deliverer; returns (claim token, ids)."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    lock = " FOR UPDATE SKIP LOCKED" if session.get_bind().dialect.name == "postgresql" else ""
    ids = session.execute(text(
        "UPDATE outbox SET state = 'sending', claim_token = :token, claimed_until = :until "
        "WHERE id IN (SELECT id FROM outbox WHERE (state = 'pending' AND not_before <= :now) "
        f"OR (state = 'sending' AND claimed_until < :now) ORDER BY id LIMIT :limit{lock}) RETURNING id"),
        {"token": token, "until": now + timedelta(seconds=lease_seconds), "now": now, "limit": limit},
    ).scalars().all()
    session.commit()
    return token, sorted(ids)


# -- rendering -----------------------------------------------------------------------

@dataclass
class Rendered:
    row_id: int
    to_addr: str
    data: bytes | None          # None: nothing to send any more (cancelled)
    subject: str = ""
    reminder_ids: list[int] = field(default_factory=list)


_SUBJECTS = {
    ReminderKind.BEFORE.value: "before",
    ReminderKind.DUE.value: "due",
    ReminderKind.OVERDUE.value: "overdue",
    ReminderKind.ESCALATE_HEAD.value: "escalate_head",
    ReminderKind.ESCALATE_BODY.value: "escalate_body",
    ReminderKind.AWAITING_ACCEPTANCE.value: "awaiting",
}


def _short(s: str, n: int = 80) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def reminder_subject(kind: str, task: Task, step: int, today: date) -> str:
    name = _short(task.content)
    if kind == ReminderKind.BEFORE.value:
        return _("[Nhắc việc] Còn %(n)s ngày làm việc đến hạn: %(task)s", n=step, task=name)
    if kind == ReminderKind.DUE.value:
        return _("[Nhắc việc] Hôm nay đến hạn: %(task)s", task=name)
    if kind == ReminderKind.OVERDUE.value:
        return _("[Đôn đốc] Quá hạn %(n)s ngày làm việc: %(task)s", n=step, task=name)
    if kind == ReminderKind.ESCALATE_HEAD.value:
        return _("[Đôn đốc] Nhiệm vụ của đơn vị đã quá hạn: %(task)s", task=name)
    if kind == ReminderKind.ESCALATE_BODY.value:
        return _("[Báo cáo cơ quan giao nhiệm vụ] Quá hạn %(n)s ngày làm việc: %(task)s", n=step, task=name)
    return _("[Chờ xác nhận] Báo cáo kết quả chờ xác nhận: %(task)s", task=name)


def _links(cfg, row: OutboxMail) -> dict:
    base = cfg["BASE_URL"].rstrip("/")
    prefs = base + "/account/notifications"
    unsubscribe = None
    if row.user_id is not None:
        unsubscribe = f"{prefs}/u/{unsubscribe_token(cfg['SECRET_KEY'], row.user_id)}"
    return {"base": base, "prefs": prefs, "unsubscribe": unsubscribe}


def _b64(body: str) -> bytes:
    return base64.encodebytes(body.encode("utf-8")).replace(b"\n", b"\r\n")


def _build(cfg, row: OutboxMail, subject: str, text_body: str, html_body: str, links: dict) -> bytes:
    """A multipart/alternative message, written directly: the email package's generator
    cost more than the SMTP exchange itself in the benchmark."""
    name, addr = parseaddr(cfg["MAIL_FROM"])
    domain = addr.rsplit("@", 1)[-1] or "localhost"
    boundary = f"=_dt_{row.id}_{uuid.uuid4().hex[:12]}"
    headers = [
        ("Subject", Header(subject, "utf-8").encode()),
        ("From", formataddr((Header(name, "utf-8").encode(), addr)) if name else addr),
        ("To", row.to_addr),
        ("Date", formatdate(localtime=False)),
        ("Message-ID", f"<outbox-{row.id}.{row.dedupe_key.replace(':', '-')}@{domain}>"),
        ("Auto-Submitted", "auto-generated"),
        ("MIME-Version", "1.0"),
        ("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
    ]
    if links["unsubscribe"]:
        headers += [("List-Unsubscribe", f"<{links['unsubscribe']}>"),
                    ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
    else:
        headers.append(("List-Unsubscribe", f"<{links['prefs']}>"))
    head = "".join(f"{k}: {v}\r\n" for k, v in headers).encode("ascii")
    part = ("--{b}\r\nContent-Type: text/{t}; charset=\"utf-8\"\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n")
    return b"".join([
        head, b"\r\n",
        part.format(b=boundary, t="plain").encode(), _b64(text_body),
        part.format(b=boundary, t="html").encode(), _b64(html_body),
        f"--{boundary}--\r\n".encode(),
    ])


def _submitted_on(session, task_id: int) -> date | None:
    at = session.scalar(select(TaskEvent.at).where(TaskEvent.task_id == task_id, TaskEvent.to_status == "submitted")
                        .order_by(TaskEvent.at.desc()).limit(1))
    # Stored as naive UTC; Asia/Ho_Chi_Minh is UTC+7 all year.
    return None if at is None else (at + timedelta(hours=7)).date()


def _reminder_context(r: Reminder, today: date) -> dict:
    task = r.task
    left = days_left(task.due_on, today) if task.due_on else None
    return {"reminder": r, "task": task, "kind": r.kind, "step": r.step, "due": fmt_date(task.due_on),
            "days_left": left if left is not None and left >= 0 else None,
            "days_over": -left if left is not None and left < 0 else None,
            "original_due": fmt_date(task.original_due_on) if task.original_due_on and task.original_due_on != task.due_on else None}


@dataclass
class Preview:
    subject: str
    text: str
    html: str
    reminder_ids: list[int]
    links: dict


def render_row(session, cfg, row: OutboxMail, today: date) -> Preview | None:
    """Subject and bodies of one mail as it would go out ``today``; None when there is
    nothing to send any more (the task moved on). Used for sending and for the admin's view."""
    from tracker.services.reminders import still_owed

    env = current_app.jinja_env
    links = _links(cfg, row)
    with force_locale(row.locale or "vi"):
        if row.template == "reminder":
            r = row.reminder
            submitted = _submitted_on(session, r.task_id) if r is not None and r.kind == "awaiting_acceptance" else None
            if r is None or not still_owed(r.task, r, submitted):
                return None
            ctx = _reminder_context(r, today)
            ctx.update(links=links, task_url=f"{links['base']}/tasks/{r.task_id}")
            subject = reminder_subject(r.kind, r.task, r.step, today)
            reminder_ids = [r.id]
            tpl = "email/reminder"
        elif row.template == "digest":
            items = session.scalars(
                select(Reminder).where(Reminder.user_id == row.user_id, Reminder.state == "digest")
                .options(joinedload(Reminder.task)).order_by(Reminder.ref_date, Reminder.id)).all()
            items = [r for r in items if still_owed(r.task, r)]
            if not items:
                return None
            ctx = {"items": [dict(_reminder_context(r, today), subject=reminder_subject(r.kind, r.task, r.step, today),
                                  task_url=f"{links['base']}/tasks/{r.task_id}") for r in items],
                   "links": links, "day": fmt_date(today)}
            subject = _("[Nhắc việc] Tổng hợp ngày %(day)s: %(n)s nhiệm vụ", day=fmt_date(today), n=len(items))
            reminder_ids = [r.id for r in items]
            tpl = "email/digest"
        elif row.template == "weekly":
            from tracker.services.digests import weekly_context

            ctx = weekly_context(session, row, today)
            ctx.update(links=links, base=links["base"])
            subject = _("[Tổng hợp tuần] %(unit)s: %(open)s nhiệm vụ đang thực hiện, %(over)s quá hạn",
                        unit=ctx["unit"].name, open=ctx["open_count"], over=len(ctx["overdue"]))
            reminder_ids = []
            tpl = "email/weekly"
        else:
            raise ValueError(f"unknown mail template {row.template!r}")
        ctx["subject"] = subject
        ctx["lang"] = row.locale or "vi"
        ctx.setdefault("base", links["base"])
        # The Jinja environment directly: Flask's render_template would run every
        # page context processor (bell, locale, permissions) for each mail.
        text_body = env.get_template(tpl + ".txt").render(ctx)
        html_body = env.get_template(tpl + ".html").render(ctx)
    return Preview(subject, text_body, html_body, reminder_ids, links)


def render_rows(session, cfg, rows: list[OutboxMail], today: date) -> list[Rendered]:
    out: list[Rendered] = []
    for row in rows:
        p = render_row(session, cfg, row, today)
        if p is None:
            out.append(Rendered(row.id, row.to_addr, None))
            continue
        out.append(Rendered(row.id, row.to_addr, _build(cfg, row, p.subject, p.text, p.html, p.links),
                            p.subject, p.reminder_ids))
    return out


# -- transports ----------------------------------------------------------------------

class SmtpTransport:
    """One SMTP connection for a batch."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.conn: smtplib.SMTP | None = None
        self.sender = parseaddr(cfg["MAIL_FROM"])[1]

    def open(self):
        cfg = self.cfg
        conn = smtplib.SMTP(cfg["SMTP_HOST"], int(cfg["SMTP_PORT"]), timeout=setting(cfg, "SMTP_TIMEOUT"))
        if cfg.get("SMTP_STARTTLS"):
            conn.starttls()
        if cfg.get("SMTP_USER"):
            conn.login(cfg["SMTP_USER"], cfg.get("SMTP_PASSWORD") or "")
        self.conn = conn

    @property
    def connected(self) -> bool:
        return self.conn is not None and self.conn.sock is not None

    def send(self, to_addr: str, data: bytes):
        self.conn.sendmail(self.sender, [to_addr], data)

    def close(self):
        if self.conn is not None:
            try:
                self.conn.quit()
            except (smtplib.SMTPException, OSError):
                self.conn.close()
            self.conn = None


class FileTransport:
    """Development backend: each mail becomes instance/outbox/<id>.eml."""

    def __init__(self, cfg):
        self.dir = cfg["OUTBOX_DIR"]
        self.connected = True

    def open(self):
        os.makedirs(self.dir, exist_ok=True)

    def send(self, to_addr: str, data: bytes, row_id: int | None = None):
        name = os.path.join(self.dir, f"{uuid.uuid4().hex}.eml")
        with open(name, "wb") as f:
            f.write(data)

    def close(self):
        pass


def make_transport(cfg):
    return SmtpTransport(cfg) if cfg.get("MAIL_BACKEND") == "smtp" else FileTransport(cfg)


# -- delivery ------------------------------------------------------------------------

def backoff_seconds(cfg, attempts: int) -> int:
    base, cap = setting(cfg, "MAIL_RETRY_BASE_SECONDS"), setting(cfg, "MAIL_RETRY_MAX_SECONDS")
    return int(min(cap, base * 2 ** max(attempts - 1, 0)))


def _commit_fast(session, cfg):
    if setting(cfg, "MAIL_ASYNC_COMMIT") and session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def _mark_sent(session, cfg, token: str, item: Rendered, now: datetime):
    if session.get_bind().dialect.name == "postgresql":
        # One round trip: the outbox row and its reminders together; the asynchronous
        # commit is switched on inside the same statement (SET LOCAL would cost one more).
        async_commit = "AND set_config('synchronous_commit', 'off', true) IS NOT NULL " \
            if setting(cfg, "MAIL_ASYNC_COMMIT") else ""
        res = session.execute(text(
            "WITH o AS (UPDATE outbox SET state = 'sent', sent_at = :now, attempts = attempts + 1, "
            "subject = :subject, claim_token = NULL, claimed_until = NULL, last_error = NULL "
            "WHERE id = :id AND claim_token = :token " + async_commit + "RETURNING id) "
            "UPDATE reminders SET state = 'sent', sent_at = :now WHERE id = ANY(:ids) AND EXISTS (SELECT 1 FROM o) "
            "RETURNING (SELECT COUNT(*) FROM o)"),
            {"now": now, "subject": item.subject[:500], "id": item.row_id, "token": token, "ids": item.reminder_ids})
        session.commit()
        return 1 if res.first() or not item.reminder_ids else 0
    res = session.execute(text(
        "UPDATE outbox SET state = 'sent', sent_at = :now, attempts = attempts + 1, subject = :subject, "
        "claim_token = NULL, claimed_until = NULL, last_error = NULL WHERE id = :id AND claim_token = :token"),
        {"now": now, "subject": item.subject[:500], "id": item.row_id, "token": token})
    if item.reminder_ids:
        session.execute(text("UPDATE reminders SET state = 'sent', sent_at = :now WHERE id IN :ids")
                        .bindparams(_expanding("ids")), {"now": now, "ids": item.reminder_ids})
    session.commit()
    return res.rowcount


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


def _describe(e: Exception) -> str:
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        code, msg = next(iter(e.recipients.values()))
        return f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
    if isinstance(e, smtplib.SMTPResponseException):
        msg = e.smtp_error.decode(errors="replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        return f"{e.smtp_code} {msg}"
    return f"{type(e).__name__}: {e}"


def _code(e: Exception) -> int | None:
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        return next(iter(e.recipients.values()))[0]
    if isinstance(e, smtplib.SMTPResponseException):
        return e.smtp_code
    return None


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
    try:
        transport.open()
    except (smtplib.SMTPException, OSError) as e:
        err = _describe(e)
        stats.errors.append(err)
        for item in items:
            _mark_retry(session, cfg, token, item.row_id, err, utcnow())
            stats.retried += 1
        log.warning("SMTP unreachable, %s mails back in the outbox: %s", len(items), err)
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
            if _mark_sent(session, cfg, token, item, utcnow()):
                stats.sent += 1
    finally:
        transport.close()
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


# -- admin ---------------------------------------------------------------------------

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
