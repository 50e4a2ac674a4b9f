"""Rendering an outbox row into a MIME message (subject, text and HTML bodies, links)."""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from functools import lru_cache
from itertools import groupby

from flask import current_app
from flask_babel import force_locale, get_translations
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.domain.deadlines import days_left
from tracker.domain.reminders import ReminderKind
from tracker.models import OutboxMail, Reminder, Task, TaskEvent
from tracker.i18n import template_gettext
from tracker.timeutil import fmt_date

from tracker.services.mail.skeleton import fill, skeleton
from tracker.services.mail.tokens import unsubscribe_token


@dataclass
class Rendered:
    row_id: int
    to_addr: str
    data: bytes | None          # None: nothing to send any more (cancelled)
    subject: str = ""
    reminder_ids: list[int] = field(default_factory=list)  # marked sent with the row (a digest's)


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


def reminder_subject(kind: str, task: Task, step: int, today: date, _=_) -> str:
    """``_``: Flask-Babel's gettext, or the same bound to one locale's catalogue (``_bound_gettext``)."""
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


def encode_header(value: str) -> str:
    """An unstructured header value (RFC 2047): ASCII as it is, otherwise UTF-8 base64
    encoded words of at most 75 characters, one per folded line. What email.header.Header
    does, without its cost per mail (it showed in the delivery profile)."""
    if value.isascii() and len(value) <= 76 and "\n" not in value and "\r" not in value:
        return value
    raw = value.replace("\r", " ").replace("\n", " ").encode("utf-8")
    words, start = [], 0
    while start < len(raw):
        end = min(start + 45, len(raw))  # 45 bytes -> 60 base64 characters + 12 of "=?utf-8?b??=" = 72
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:  # not inside a character
            end -= 1
        words.append(f"=?utf-8?b?{base64.b64encode(raw[start:end]).decode('ascii')}?=")
        start = end
    return "\r\n ".join(words)


@lru_cache(maxsize=8)
def _sender(mail_from: str) -> str:
    return parseaddr(mail_from)[1]


@lru_cache(maxsize=8)
def _from_header(mail_from: str) -> str:
    name, addr = parseaddr(mail_from)
    return formataddr((Header(name, "utf-8").encode(), addr)) if name else addr


def _b64(body: str) -> bytes:
    """base64.encodebytes with CRLF line ends (76 characters a line), in one encoding call
    instead of one per line."""
    raw = binascii.b2a_base64(body.encode("utf-8"), newline=False)
    return b"".join([raw[i:i + 76] + b"\r\n" for i in range(0, len(raw), 76)])


def _build(cfg, row: OutboxMail, subject: str, text_body: str, html_body: str, links: dict) -> bytes:
    """A multipart/alternative message, written directly: the email package's generator
    cost more than the SMTP exchange itself in the benchmark."""
    addr = _sender(cfg["MAIL_FROM"])
    domain = addr.rsplit("@", 1)[-1] or "localhost"
    boundary = f"=_dt_{row.id}_{os.urandom(6).hex()}"  # what uuid4().hex[:12] gave: 12 random hex digits
    headers = [
        ("Subject", encode_header(subject)),
        ("From", _from_header(cfg["MAIL_FROM"])),
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
        ctx.update(template_gettext(get_translations()))
        ctx.setdefault("base", links["base"])
        # The Jinja environment directly: Flask's render_template would run every
        # page context processor (bell, locale, permissions) for each mail.
        text_body = env.get_template(tpl + ".txt").render(ctx)
        html_body = env.get_template(tpl + ".html").render(ctx)
    return Preview(subject, text_body, html_body, reminder_ids, links)


@lru_cache(maxsize=16)
def _bound_gettext(translations):
    """Flask-Babel's ``gettext`` (translate, then %-format with the keyword arguments) on one
    catalogue, without looking the locale up for each string."""
    ugettext = translations.ugettext

    def gettext(string, **variables):
        s = ugettext(string)
        return s if not variables else s % variables
    return gettext


def _render_reminder(cfg, templates, translations, row: OutboxMail, today: date) -> Preview | None | bool:
    """A one-task reminder from its skeletons (``skeleton.py``): the same subject and bodies
    as ``render_row``. ``templates``: reminder.txt and .html; ``translations``: the catalogue
    of the row's locale. None: nothing to send any more; False: render it with ``render_row``
    (awaiting acceptance reads the task's events; a variant the skeleton cannot reproduce)."""
    from tracker.services.reminders import still_owed

    r = row.reminder
    if r is None or r.kind == ReminderKind.AWAITING_ACCEPTANCE.value:
        return False
    task = r.task
    if task.lead_unit is None or task.assigned_by_unit is None:
        return False
    if not still_owed(task, r):
        return None
    links = _links(cfg, row)
    c = _reminder_context(r, today)
    variant = (r.kind, r.step, c["days_left"], c["days_over"], bool(c["original_due"]), bool(links["unsubscribe"]),
               row.locale or "vi")
    skels = [skeleton(t, translations, *variant) for t in templates]
    if None in skels:
        return False
    subject = reminder_subject(r.kind, task, r.step, today, _bound_gettext(translations))
    values = [subject, task.content, task.lead_unit.name, task.assigned_by_unit.name, c["due"], c["original_due"],
              f"{links['base']}/tasks/{r.task_id}", links["base"], links["prefs"], links["unsubscribe"]]
    return Preview(subject, fill(skels[0], values), fill(skels[1], values), [r.id], links)


def render_rows(session, cfg, rows: list[OutboxMail], today: date) -> list[Rendered]:
    env = current_app.jinja_env
    # Once per batch: the templates (a reloaded one is a new skeleton key) and, per run of
    # rows in one language, the locale (force_locale per mail showed in the profile).
    templates = (env.get_template("email/reminder.txt"), env.get_template("email/reminder.html"))
    out: list[Rendered] = []
    for locale, group in groupby(rows, key=lambda row: row.locale or "vi"):
        with force_locale(locale):
            translations = get_translations()
            for row in group:
                p = False
                if row.template == "reminder":
                    p = _render_reminder(cfg, templates, translations, row, today)
                if p is False:
                    p = render_row(session, cfg, row, today)
                if p is None:
                    out.append(Rendered(row.id, row.to_addr, None))
                    continue
                # The "sent" mark sets a digest's reminders; a reminder's own mail marks its
                # row alone (the reminder is read through it).
                marked = [] if row.template == "reminder" else p.reminder_ids
                out.append(Rendered(row.id, row.to_addr, _build(cfg, row, p.subject, p.text, p.html, p.links),
                                    p.subject, marked))
    return out

