"""Reminder pages: preferences, one-click unsubscribe, the admin's outbox and policies, the task section."""
from datetime import date

from flask import render_template
from sqlalchemy import select

from tests.conftest import post_form
from tests.reliability.helpers import make_task, unit, user
from tracker.extensions import db
from tracker.models import NotificationPref, OutboxMail, ReminderPolicy
from tracker.services.calendar import load_calendar
from tracker.services.mail import unsubscribe_token
from tracker.services.reminders import sweep


def test_user_chooses_the_daily_digest(as_user, session):
    client = as_user("chiengco.canbo")
    page = client.get("/account/notifications")
    assert page.status_code == 200 and "Một thư tổng hợp mỗi ngày" in page.text
    resp = post_form(client, "/account/notifications", {"mode": "digest"})
    assert resp.status_code == 302
    assert session.get(NotificationPref, user(session, "chiengco.canbo").id).mode == "digest"


def test_one_click_unsubscribe_needs_no_session_nor_csrf(client, app, session):
    officer = user(session, "chiengco.canbo")
    url = f"/account/notifications/u/{unsubscribe_token(app.config['SECRET_KEY'], officer.id)}"
    assert "Ngừng gửi thư nhắc việc" in client.get(url).text
    assert client.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    session.expire_all()
    assert session.get(NotificationPref, officer.id).mode == "off"
    assert client.post("/account/notifications/u/forged-token").status_code == 404


def test_outbox_is_for_admins_and_failed_mails_can_be_retried(as_user, client, session):
    make_task(session, date(2026, 3, 20))
    sweep(db.session, date(2026, 3, 20), load_calendar(), hour="00:00")
    row = session.scalars(select(OutboxMail)).first()
    row.state, row.last_error, row.attempts = "failed", "550 5.1.1 Mailbox unavailable", 1
    session.commit()
    as_user("thuky")
    assert client.get("/admin/outbox").status_code == 403
    client2 = client.application.test_client()
    from tests.conftest import demo_email, login
    login(client2, demo_email("admin"))
    page = client2.get("/admin/outbox?state=failed")
    assert page.status_code == 200 and "550 5.1.1 Mailbox unavailable" in page.text
    resp = post_form(client2, f"/admin/outbox/{row.id}/retry", {}, form_page="/admin/outbox?state=failed")
    assert resp.status_code == 302
    session.expire_all()
    assert session.get(OutboxMail, row.id).state == "pending"


def test_admin_edits_an_assigning_bodys_policy(as_user, session):
    client = as_user("admin")
    body = unit(session, "TP-BCD")
    assert body.name in client.get("/admin/reminder-policies").text
    url = f"/admin/reminder-policies/{body.id}"
    bad = post_form(client, url, {"before_days": "0, x", "overdue_every": 3, "escalate_after": 5, "acceptance_after": 3})
    assert bad.status_code == 200 and "từ 1 đến 60" in bad.text
    ok = post_form(client, url, {"before_days": "10, 5, 2", "overdue_every": 2, "escalate_after": 4, "acceptance_after": 2})
    assert ok.status_code == 302
    row = session.scalar(select(ReminderPolicy).where(ReminderPolicy.assigning_unit_id == body.id))
    assert (row.before_days, row.overdue_every, row.escalate_after) == ("10,5,2", 2, 4)


def test_task_section_shows_upcoming_and_recorded_reminders(app, session):
    task = make_task(session, date(2026, 3, 20))
    sweep(db.session, date(2026, 3, 20), load_calendar(), hour="00:00")
    with app.test_request_context("/"):
        html = render_template("reminders/_task_reminders.html", task=task)
    # Rendered outside any unit's session: the recipient's name, not the address.
    assert "Nhắc việc" in html and "20/03/2026" in html and "Lãnh đạo Chiềng Cọ" in html
    assert "chiengco@sonla.demo" not in html
    assert "Chờ gửi" in html
