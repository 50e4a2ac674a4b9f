"""The admin's outbox: mail kinds in words, subjects of pending mails, and one mail's view."""
import html as htmlmod
import re
from datetime import date

from sqlalchemy import select

from tests.conftest import demo_email, login
from tests.reliability.helpers import make_task
from tracker.extensions import db
from tracker.models import OutboxMail
from tracker.services.calendar import load_calendar
from tracker.services.digests import enqueue_weekly
from tracker.services.reminders import sweep


def _admin(app):
    c = app.test_client()
    login(c, demo_email("admin"))
    return c


def _cells(page: str) -> dict[int, list[str]]:
    out = {}
    for mid, row in re.findall(r'<tr class="outbox-\w+" data-mail="(\d+)">(.*?)</tr>', page, re.DOTALL):
        out[int(mid)] = [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
    return out


def test_outbox_lists_kinds_in_words_and_subjects_of_pending_mails(app, session):
    make_task(session, date(2026, 3, 20), content="Rà soát hộ nghèo <b>bản Hụm</b>")
    sweep(db.session, date(2026, 3, 20), load_calendar(), hour="00:00")
    assert enqueue_weekly(session, date(2026, 3, 23)) > 0
    rows = session.scalars(select(OutboxMail)).all()
    assert {r.template for r in rows} >= {"reminder", "weekly"} and all(r.subject is None for r in rows)
    page = _admin(app).get("/admin/outbox").text
    cells = _cells(page)
    assert len(cells) == min(len(rows), 50)
    for c in cells.values():
        kind, subject = c[2], c[3]
        assert kind not in ("weekly", "digest", "reminder") and kind, c
        assert subject, c
    weekly = next(r for r in rows if r.template == "weekly")
    if weekly.id in cells:
        assert cells[weekly.id][2] == "Thư tổng hợp tuần của đơn vị"
        assert cells[weekly.id][3].startswith("[Tổng hợp tuần]")


def test_one_mail_shows_html_sandboxed_and_text(app, session):
    task = make_task(session, date(2026, 3, 20), content="Rà soát hộ nghèo <b>bản Hụm</b>")
    sweep(db.session, date(2026, 3, 20), load_calendar(), hour="00:00")
    row = session.scalars(select(OutboxMail).where(OutboxMail.template == "reminder")
                          .order_by(OutboxMail.id.desc())).first()
    assert row.reminder.task_id == task.id
    client = _admin(app)
    assert f'href="/admin/outbox/{row.id}"' in client.get("/admin/outbox").text
    page = client.get(f"/admin/outbox/{row.id}")
    assert page.status_code == 200
    frame = re.search(r"<iframe[^>]*>", page.text).group(0)
    # Sandboxed with no permissions: the mail's HTML runs no script and cannot reach the app.
    assert re.search(r"\ssandbox[\s>]", frame) and "allow-" not in frame
    srcdoc = htmlmod.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1))
    assert "<html" in srcdoc.lower() and "bản Hụm" in srcdoc
    assert "<b>bản Hụm</b>" not in srcdoc  # the task text is escaped inside the mail
    text = htmlmod.unescape(re.search(r"<pre[^>]*data-text>(.*?)</pre>", page.text, re.DOTALL).group(1))
    assert "bản Hụm" in text and f"/tasks/{task.id}" in text
    subject = re.search(r"<h1[^>]*data-subject>([^<]+)<", page.text).group(1)
    assert subject.strip() and "Rà soát hộ nghèo" in htmlmod.unescape(subject)
    assert client.get("/admin/outbox/999999").status_code == 404
    officer = app.test_client()
    login(officer, demo_email("thuky"))
    assert officer.get(f"/admin/outbox/{row.id}").status_code == 403
