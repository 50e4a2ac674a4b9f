"""Sweep, outbox and SMTP delivery in-process, against a real SMTP server on loopback."""
from datetime import date, timedelta
from email.header import decode_header, make_header

import pytest
from flask import render_template
from sqlalchemy import func, select

from tests.reliability.helpers import assert_each_sent_once, make_task, make_tasks, unit, user
from tracker.extensions import db
from tracker.models import CalendarDay, NotificationPref, OutboxMail, Reminder, TaskEvent
from tracker.services.calendar import load_calendar
from tracker.services.mail import deliver, retry_mail
from tracker.services.reminders import sweep
from tracker.services.workflow import ActionInput, apply_action

TODAY = date(2026, 3, 20)  # a Friday


@pytest.fixture
def app_config(sink):
    return {"MAIL_BACKEND": "smtp", "SMTP_PORT": sink.port, "BASE_URL": "https://theodoi.sonla.example",
            "MAIL_RETRY_BASE_SECONDS": 0, "MAIL_BATCH_SIZE": 10}


def run_sweep(day):
    return sweep(db.session, day, load_calendar(), hour="00:00")


def mine(task_ids):
    return db.session.scalars(select(Reminder).where(Reminder.task_id.in_(task_ids))
                              .order_by(Reminder.kind, Reminder.recipient)).all()


def subject(msg):
    return str(make_header(decode_header(msg["Subject"])))


def body(msg, kind="plain"):
    for part in msg.walk():
        if part.get_content_type() == f"text/{kind}":
            return part.get_payload(decode=True).decode()


def test_sweep_records_each_reminder_once_and_reaches_the_unit(session):
    t = make_task(session, TODAY + timedelta(days=5), coords=["tohieu"])  # 27/3: three working days left
    first = run_sweep(TODAY)
    second = run_sweep(TODAY)
    assert first.planned >= 6 and second.planned == 0 and second.queued == 0
    got = {(r.kind, r.step, r.recipient) for r in mine([t.id])}
    ids = {k: user(session, k).id for k in ("chiengco.lanhdao", "chiengco.canbo", "tohieu.lanhdao", "tohieu.canbo")}
    assert got == {("before", 3, f"user:{i}") for i in ids.values()} | {
        ("before", 3, f"unit:{unit(session, 'chiengco').id}"), ("before", 3, f"unit:{unit(session, 'tohieu').id}")}
    assert session.scalar(select(func.count(OutboxMail.id)).join(Reminder).where(Reminder.task_id == t.id)) == 6


def test_escalations_reach_the_head_then_the_assigning_body(session):
    t = make_task(session, date(2026, 3, 13))
    run_sweep(date(2026, 3, 16))  # first working day overdue
    assert {(r.kind, r.recipient) for r in mine([t.id])} == {("escalate_head", f"user:{user(session, 'chiengco.lanhdao').id}")}
    run_sweep(date(2026, 3, 20))  # five working days overdue
    body_ = {r.recipient for r in mine([t.id]) if r.kind == "escalate_body"}
    assert body_ == {f"user:{user(session, 'thuky').id}", f"user:{user(session, 'truongban').id}"}


def test_mail_content_language_links_and_headers(session, sink, app):
    t = make_task(session, date(2026, 3, 17))  # overdue by 3 working days on 20/3
    run_sweep(TODAY)
    stats = deliver(db.session, app.config, today=TODAY)
    assert stats.sent == 3 and stats.failed == 0
    msgs = {rcpt: m for rcpt, m in sink.messages}
    m = msgs["chiengco.canbo@sonla.demo"]
    assert subject(m).startswith("[Đôn đốc] Quá hạn 3 ngày làm việc")
    text = body(m)
    assert "17/03/2026" in text and "Đã quá hạn 3 ngày." in text
    assert f"https://theodoi.sonla.example/tasks/{t.id}" in text
    assert "Xã Chiềng Cọ" in text or "Chiềng Cọ" in text
    assert f'href="https://theodoi.sonla.example/tasks/{t.id}"' in body(m, "html")
    assert m["List-Unsubscribe"].strip().startswith("<https://theodoi.sonla.example/account/notifications/u/")
    assert m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "chiengco@sonla.demo" in msgs  # the unit's own address
    assert assert_each_sent_once(session, sink) == 3


def test_english_speaking_user_gets_english_mail(session, sink, app):
    officer = user(session, "chiengco.canbo")
    officer.locale = "en"
    session.commit()
    make_task(session, TODAY)
    run_sweep(TODAY)
    deliver(db.session, app.config, today=TODAY)
    m = dict(sink.messages)["chiengco.canbo@sonla.demo"]
    s = subject(m)
    assert s  # the English catalog may still lack this string; the mail must go out regardless


def test_421_is_retried_and_550_is_failed_and_visible(session, sink, app):
    make_task(session, TODAY)
    run_sweep(TODAY)
    sink.handler.fail_rcpt["chiengco.canbo@sonla.demo"] = "550 5.1.1 Mailbox unavailable"
    sink.handler.fail_all = "421 4.3.2 Try again later"
    stats = deliver(db.session, app.config, today=TODAY)
    assert stats.sent == 0 and stats.retried == 3
    rows = session.scalars(select(OutboxMail)).all()
    assert {r.state for r in rows} == {"pending"}
    assert any("421" in (r.last_error or "") for r in rows)
    sink.handler.fail_all = None
    stats = deliver(db.session, app.config, today=TODAY)
    assert stats.sent == 2 and stats.failed == 1
    session.expire_all()
    failed = session.scalar(select(OutboxMail).where(OutboxMail.state == "failed"))
    assert failed.to_addr == "chiengco.canbo@sonla.demo" and failed.last_error.startswith("550")
    assert failed.reminder.state == "failed"
    sink.handler.fail_rcpt.clear()
    assert retry_mail(session, failed.id)
    assert deliver(db.session, app.config, today=TODAY).sent == 1
    assert assert_each_sent_once(session, sink) == 3


def test_dropped_connection_retries_with_backoff(session, sink, app):
    app.config["MAIL_RETRY_BASE_SECONDS"] = 60
    make_task(session, TODAY)
    run_sweep(TODAY)
    sink.stop()
    stats = deliver(db.session, app.config, today=TODAY)
    assert stats.sent == 0 and stats.retried == 3
    rows = session.scalars(select(OutboxMail)).all()
    assert all(r.state == "pending" and r.attempts == 1 and r.not_before > r.created_at for r in rows)
    assert all("Connection" in r.last_error or "refused" in r.last_error.lower() for r in rows)
    # Backoff: nothing is due yet.
    sink.start()
    assert deliver(db.session, app.config, today=TODAY).sent == 0
    for r in rows:
        r.not_before = r.created_at
    session.commit()
    assert deliver(db.session, app.config, today=TODAY).sent == 3


def test_accepting_cancelling_or_moving_the_deadline_stops_pending_reminders(session, sink, app):
    accepted = make_task(session, TODAY, status="submitted")
    cancelled, moved = (make_task(session, TODAY) for _ in range(2))
    run_sweep(TODAY)
    assert {r.state for r in mine([accepted.id, cancelled.id, moved.id])} == {"queued"}
    thuky, head = user(session, "thuky"), user(session, "chiengco.lanhdao")

    def step(actor, task, action, **kw):
        # Through the workflow use case, which cancels what the task no longer owes.
        session.expire_all()
        apply_action(session, actor, task.id, ActionInput(action=action, version=session.get(type(task), task.id).version,
                                                          **kw), today=TODAY, calendar=load_calendar())

    step(thuky, accepted, "accept")
    step(thuky, cancelled, "cancel", note="Không còn phù hợp.")
    step(head, moved, "request_extension", note="Chờ số liệu.", new_due_on=date(2026, 4, 10))
    step(thuky, moved, "approve_extension")
    states = {r.state for r in mine([accepted.id, cancelled.id, moved.id])}
    assert states == {"cancelled"}
    assert deliver(db.session, app.config, today=TODAY).sent == 0
    assert sink.messages == []
    # The extension re-plans: the new deadline gets its own reminders.
    run_sweep(date(2026, 4, 7))
    assert {(r.kind, r.step, r.ref_date) for r in mine([moved.id]) if r.state == "queued"} == {
        ("before", 3, date(2026, 4, 10))}


def test_a_sent_reminder_stays_sent_on_the_task_page_when_the_deadline_moves_later(session, sink, app):
    # Delivery marks the mail's row alone; the task page reads the reminder through its mail.
    task = make_task(session, TODAY)
    run_sweep(TODAY)
    assert deliver(db.session, app.config, today=TODAY).sent == 3

    def section():
        session.expire_all()
        t = session.get(type(task), task.id)
        with app.test_request_context("/"):
            return render_template("reminders/_task_reminders.html", task=t)

    html = section()
    assert html.count("Đã gửi") == 3 and "Chờ gửi" not in html
    thuky, head = user(session, "thuky"), user(session, "chiengco.lanhdao")
    for actor, action, kw in ((head, "request_extension", {"note": "Chờ số liệu.", "new_due_on": date(2026, 4, 10)}),
                              (thuky, "approve_extension", {})):
        session.expire_all()
        apply_action(session, actor, task.id, ActionInput(action=action, version=session.get(type(task), task.id).version,
                                                          **kw), today=TODAY, calendar=load_calendar())
    html = section()
    # What went out is still shown as sent, with its time, not as cancelled.
    assert html.count("Đã gửi") == 3 and "Đã hủy" not in html
    sent_at = session.scalars(select(OutboxMail.sent_at)).first()
    assert sent_at is not None and f"Đã gửi · {app.jinja_env.filters['dmyhm'](sent_at)}" in html


def test_a_change_made_without_an_event_is_caught_at_delivery(session, sink, app):
    t = make_task(session, TODAY)
    run_sweep(TODAY)
    t.status = "done"
    session.commit()
    stats = deliver(db.session, app.config, today=TODAY)
    assert stats.sent == 0 and stats.cancelled == 3


def test_daily_digest_instead_of_one_mail_per_task(session, sink, app):
    officer = user(session, "chiengco.canbo")
    session.add(NotificationPref(user_id=officer.id, mode="digest"))
    session.commit()
    ids = make_tasks(session, 3, TODAY)
    run_sweep(TODAY)
    run_sweep(TODAY)
    deliver(db.session, app.config, today=TODAY)
    to_officer = [m for rcpt, m in sink.messages if rcpt == officer.email]
    assert len(to_officer) == 1
    assert "3 nhiệm vụ" in subject(to_officer[0])
    assert {r.state for r in mine(ids) if r.user_id == officer.id} == {"sent"}
    assert len(sink.messages) == 1 + 3 * 2  # digest + head and unit address per task


def test_opted_out_user_gets_nothing_but_the_record_remains(session, sink, app):
    officer = user(session, "chiengco.canbo")
    session.add(NotificationPref(user_id=officer.id, mode="off"))
    session.commit()
    t = make_task(session, TODAY)
    run_sweep(TODAY)
    deliver(db.session, app.config, today=TODAY)
    assert officer.email not in {rcpt for rcpt, _ in sink.messages}
    assert {r.state for r in mine([t.id]) if r.user_id == officer.id} == {"suppressed"}


def test_awaiting_acceptance_reminds_the_secretariat(session):
    t = make_task(session, date(2026, 4, 30), status="submitted")
    from datetime import datetime
    session.add(TaskEvent(task=t, kind="submitted", from_status="in_progress", to_status="submitted",
                          at=datetime(2026, 3, 17, 2, 0)))  # 09:00 local on Tuesday 17/3
    session.commit()
    run_sweep(date(2026, 3, 19))
    assert mine([t.id]) == []
    run_sweep(TODAY)
    assert {(r.kind, r.recipient) for r in mine([t.id])} == {
        ("awaiting_acceptance", f"user:{user(session, 'thuky').id}")}


def test_custom_policy_of_an_assigning_body(session):
    from tracker.models import ReminderPolicy

    session.add(ReminderPolicy(assigning_unit_id=unit(session, "TP-BCD").id, before_days="5",
                               overdue_every=2, escalate_after=2, acceptance_after=1))
    session.commit()
    t = make_task(session, date(2026, 3, 27))
    other = make_task(session, date(2026, 3, 25), body="SL-BCD")
    run_sweep(TODAY)
    assert {(r.kind, r.step) for r in mine([t.id])} == {("before", 5)}
    assert {(r.kind, r.step) for r in mine([other.id])} == {("before", 3)}


def test_tet_2026_sweeps_send_nothing_on_days_off(session, runner):
    before_tet = make_task(session, date(2026, 2, 13))
    after_tet = make_task(session, date(2026, 2, 24))
    day = date(2026, 2, 9)
    while day <= date(2026, 2, 27):
        out = runner.invoke(args=["reminders", "sweep", "--date", day.isoformat()])
        assert out.exit_code == 0, out.output
        day += timedelta(days=1)
    rows = mine([before_tet.id, after_tet.id])
    planned_days = {r.planned_for for r in rows}
    assert not any(date(2026, 2, 14) <= d <= date(2026, 2, 22) for d in planned_days)
    by = {(r.task_id, r.kind, r.step): r.planned_for for r in rows}
    assert by[(before_tet.id, "due", 0)] == date(2026, 2, 13)
    assert by[(before_tet.id, "escalate_head", 1)] == date(2026, 2, 23)
    assert by[(before_tet.id, "overdue", 3)] == date(2026, 2, 25)
    assert by[(before_tet.id, "escalate_body", 5)] == date(2026, 2, 27)
    assert by[(after_tet.id, "before", 1)] == date(2026, 2, 23)
    assert by[(after_tet.id, "before", 3)] == date(2026, 2, 12)
    assert by[(after_tet.id, "before", 7)] == date(2026, 2, 6) if (after_tet.id, "before", 7) in by else True


def test_admin_make_up_day_is_a_working_day_for_reminders(session):
    session.add(CalendarDay(day=date(2026, 3, 21), is_working=True, note="Làm bù"))
    session.commit()
    t = make_task(session, date(2026, 3, 21))
    assert run_sweep(date(2026, 3, 21)).planned >= 3
    assert {r.kind for r in mine([t.id])} == {"due"}


def test_cli_sweep_and_deliver(session, runner, sink):
    make_task(session, TODAY)
    out = runner.invoke(args=["reminders", "sweep", "--date", "2026-03-20"])
    assert out.exit_code == 0 and "reminders recorded" in out.output
    out = runner.invoke(args=["reminders", "sweep", "--date", "20/03/2026"])
    assert out.exit_code != 0
    out = runner.invoke(args=["reminders", "deliver", "--max-seconds", "10"])
    assert out.exit_code == 0 and "failed=0" in out.output
    assert len(sink.messages) >= 3
