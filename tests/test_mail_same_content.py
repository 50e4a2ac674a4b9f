"""What delivery's faster paths put on the wire is what the slower ones did.

One-task reminders rendered from skeletons say exactly what the Jinja templates say; the
unsubscribe token, the base64 parts and the SMTP commands' addresses are the libraries' own,
byte for byte.

Delivery renders a reminder's text and HTML parts from skeletons (the templates rendered
once per variant, the task's values put in the gaps; tracker/services/mail/skeleton.py).
What a recipient reads must not change: every mail the day's sweeps queue on the demo world
— each kind and step, days left and over, a moved deadline, English, the unit's own address
without an unsubscribe link, a task whose text has HTML's special characters — is rendered
both ways and compared character for character.
"""
from datetime import date, timedelta

import pytest
from flask import current_app
from flask_babel import force_locale, get_translations
from jinja2 import Environment
from sqlalchemy import select

from tests.reliability.helpers import make_task, user
from tracker.extensions import db
from tracker.models import OutboxMail
from tracker.services.calendar import load_calendar
from tracker.services.mail import render_row, render_rows
from tracker.i18n import template_gettext
from tracker.services.mail.rendering import _render_reminder
from tracker.services.mail.skeleton import skeleton
from tracker.services.reminders import sweep

TODAY = date(2026, 3, 20)  # a Friday


@pytest.fixture
def app_config():
    return {"BASE_URL": "https://theodoi.sonla.example"}


@pytest.fixture(autouse=True)
def one_second(monkeypatch):
    """Unsubscribe links carry the second they were issued: both renderings in the same one."""
    from tracker.services.mail import tokens

    monkeypatch.setattr(tokens._IssuedAtSigner, "get_timestamp", lambda self: 1_774_000_000)


def _arrange(session):
    """Tasks whose reminders on TODAY cover every kind the sweep plans for a deadline."""
    english = user(session, "chiengco.canbo")
    english.locale = "en"
    session.commit()
    for offset in range(-40, 16):
        make_task(session, TODAY + timedelta(days=offset), content=f"Nhiệm vụ {offset}: rà soát & báo cáo")
    make_task(session, TODAY, content='Báo cáo <b>"khẩn"</b> & \'đúng hạn\' ' + "rất dài " * 20)
    moved = make_task(session, TODAY + timedelta(days=5), content="Hạn đã gia hạn")
    moved.original_due_on = date(2026, 2, 27)
    session.commit()
    sweep(db.session, TODAY, load_calendar(), hour="00:00")
    return db.session.scalars(select(OutboxMail).where(OutboxMail.template == "reminder")
                              .order_by(OutboxMail.id)).all()


def test_every_reminder_reads_the_same_as_rendered_by_jinja(session, app):
    rows = _arrange(session)
    cfg, env = current_app.config, current_app.jinja_env
    seen = set()
    for row in rows:
        expected = render_row(db.session, cfg, row, TODAY)
        templates = (env.get_template("email/reminder.txt"), env.get_template("email/reminder.html"))
        with force_locale(row.locale or "vi"):
            got = _render_reminder(cfg, templates, get_translations(), row, TODAY)
        assert got is not False, "rendered by Jinja, not from the skeleton"
        assert (got.subject, got.text, got.html, got.reminder_ids, got.links) == (
            expected.subject, expected.text, expected.html, expected.reminder_ids, expected.links), row.id
        r = row.reminder
        seen.add((r.kind, row.locale, row.user_id is None, r.task.original_due_on != r.task.due_on))
    kinds = {k for k, *_ in seen}
    assert kinds >= {"before", "due", "overdue", "escalate_head", "escalate_body"}, kinds
    assert {loc for _, loc, *_ in seen} == {"vi", "en"}
    assert {(no_user, moved) for _, _, no_user, moved in seen} >= {(True, False), (False, False), (False, True)}
    html = render_row(db.session, cfg, next(r for r in rows if "<b>" in r.reminder.task.content), TODAY).html
    assert "&lt;b&gt;&#34;khẩn&#34;&lt;/b&gt; &amp; &#39;đúng hạn&#39;" in html


def test_the_delivered_bytes_carry_the_same_parts(session, app):
    rows = _arrange(session)[:20]
    cfg = current_app.config
    for row, item in zip(rows, render_rows(db.session, cfg, rows, TODAY)):
        expected = render_row(db.session, cfg, row, TODAY)
        from email import message_from_bytes

        msg = message_from_bytes(item.data)
        parts = {p.get_content_type(): p.get_payload(decode=True).decode() for p in msg.walk()
                 if not p.is_multipart()}
        assert parts["text/plain"] == expected.text and parts["text/html"] == expected.html
        assert item.subject == expected.subject


@pytest.mark.parametrize("source", [
    "{% if task.content %}x{% endif %}",   # a value tested
    "{{ task.content|upper }}",            # a value transformed
    "{{ task.priority }}",                 # something the skeleton does not carry
    "{{ links.other }}",
    "{{ task }}",
])
def test_a_template_the_skeleton_cannot_reproduce_is_rendered_by_jinja(app, source):
    with app.app_context(), force_locale("vi"):
        template = Environment(autoescape=True).from_string(source)
        assert skeleton(template, get_translations(), "due", 0, 0, None, False, True, "vi") is None
        assert template_gettext(get_translations())  # the callables the skeleton renders with


@pytest.mark.parametrize("user_id", [0, 1, 9, 10, 12345, 999_999_999_999, 10**12, 10**18, -5])
@pytest.mark.parametrize("issued_at", [None, 1, 1_774_000_000])
def test_unsubscribe_links_carry_the_librarys_token(user_id, issued_at):
    """The token is issued without a new signer per mail; it is itsdangerous's own, byte for
    byte, and it is read back."""
    from tracker.services.mail.tokens import _new_serializer, check_unsubscribe_token, unsubscribe_token

    for secret in ("k" * 40, "khóa bí mật"):
        token = unsubscribe_token(secret, user_id, issued_at=issued_at)
        assert token == _new_serializer(secret, issued_at).dumps(user_id)
        if issued_at is None:
            assert check_unsubscribe_token(secret, token) == ("ok", user_id)


@pytest.mark.parametrize("n", [0, 1, 56, 57, 58, 114, 1000, 3001])
def test_mail_parts_are_base64_as_the_email_package_writes_them(n):
    import base64

    from tracker.services.mail.rendering import _b64

    for body in ("x" * n, "Đề nghị " * n):
        assert _b64(body) == base64.encodebytes(body.encode("utf-8")).replace(b"\n", b"\r\n")


@pytest.mark.parametrize("addr", [
    "chiengco.canbo@sonla.demo", "head12345@bench.local", "a_b-c+d%e@x-y.example.vn", "no-reply@localhost",
    "Directive Tracker <no-reply@localhost>", '"quoted name"@example.com', "a..b@example.com", ".a@example.com",
    "a@b.", "a@@b", "<a@b.c>", "a@b.c (comment)", "", "  ", "<>", "tên@ví-dụ.vn", "a@b.c\n", "a b@c.d",
])
def test_smtp_commands_quote_addresses_as_smtplib_does(addr):
    import smtplib

    from tracker.services.mail.transport import quoteaddr

    assert quoteaddr(addr) == smtplib.quoteaddr(addr)
