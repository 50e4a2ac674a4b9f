"""One rule for "overdue work the unit owes": a task the assigning body paused gets no overdue
reminder, and the Monday digest does not list it as overdue either (it did)."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, login, demo_email
from tests.reliability.helpers import make_task
from tests.test_reminders import body, mine, run_sweep, subject
from tracker.extensions import db
from tracker.models import Task
from tracker.services.digests import enqueue_weekly
from tracker.services.mail import deliver

MONDAY = date(2026, 3, 23)
PAUSED = "Nhiệm vụ tạm dừng quá hạn để thử bản tổng hợp tuần"
WORKING = "Nhiệm vụ đang thực hiện quá hạn để thử bản tổng hợp tuần"


@pytest.fixture
def app_config(sink):
    return {"MAIL_BACKEND": "smtp", "SMTP_PORT": sink.port, "BASE_URL": "https://theodoi.sonla.example",
            "MAIL_RETRY_BASE_SECONDS": 0, "MAIL_BATCH_SIZE": 50}


def _pause(client, session, task_id):
    """The assigning body's secretariat pauses the task on its page."""
    assert login(client, demo_email("thuky")).status_code == 302
    page = client.get(f"/tasks/{task_id}").text
    version = session.get(Task, task_id).version
    resp = client.post(f"/tasks/{task_id}/act/pause", data={
        "csrf_token": csrf_from(page), "pause-version": str(version), "pause-note": "Chờ kinh phí."})
    assert resp.status_code == 302
    session.expire_all()
    assert session.get(Task, task_id).status == "paused"


def test_paused_task_past_its_deadline_is_overdue_in_neither_reminders_nor_digest(client, session, sink, app):
    due = date(2026, 3, 13)
    paused = make_task(session, due, content=PAUSED)
    working = make_task(session, due, content=WORKING)
    paused_id, working_id = paused.id, working.id
    _pause(client, session, paused_id)

    day = due
    while day <= MONDAY:
        run_sweep(day)
        day += timedelta(days=1)
    assert mine([working_id]), "the task in progress is reminded of its deadline"
    assert mine([paused_id]) == []

    with app.app_context():
        assert enqueue_weekly(db.session, MONDAY) >= 1
        deliver(db.session, app.config, today=MONDAY)
    weekly = [m for rcpt, m in sink.messages
              if rcpt == "chiengco.lanhdao@sonla.demo" and subject(m).startswith("[Tổng hợp tuần]")]
    assert len(weekly) == 1
    text = body(weekly[0])
    overdue_section = text.split("Quá hạn (", 1)[1].split("Sắp đến hạn (", 1)[0]
    assert WORKING in overdue_section
    assert PAUSED not in text
    session.expire_all()
    assert session.scalar(select(Task.status).where(Task.id == paused_id)) == "paused"
