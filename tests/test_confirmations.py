"""Closing a period, deleting a calendar day and cancelling a task ask first, without JavaScript:
the first post shows what will happen and does nothing; only the confirmation acts."""
import re
from datetime import date

from sqlalchemy import func, select

from tests.conftest import confirm_step, csrf_from, post_form
from tracker.models import CalendarDay, ReportSnapshot, Task


def test_closing_a_period_asks_first(as_user, session):
    client = as_user("admin")
    page = client.get("/reports/?kind=year&ref=01/06/2024").text
    close_form = page.split('action="/reports/close"', 1)[1].split("</form>", 1)[0]
    data = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', close_form))
    asked = client.post("/reports/close", data=data)
    assert asked.status_code == 200 and "Chốt số liệu kỳ 2024?" in asked.text
    assert "01/01/2024" in asked.text and "31/12/2024" in asked.text
    assert session.scalar(select(func.count()).select_from(ReportSnapshot)) == 0
    back = re.search(r'id="confirm-no"|href="([^"]+)" id="confirm-no"', asked.text)
    assert back and "/reports/?" in asked.text.split('id="confirm-no"')[0].rsplit("href=", 1)[1]
    done = confirm_step(client, asked)
    assert done.status_code == 302
    snap = session.scalar(select(ReportSnapshot))
    assert snap is not None and snap.active_key == "year:2024-01-01:2024-12-31"


def test_deleting_a_calendar_day_asks_first(as_user, session):
    client = as_user("admin")
    post_form(client, "/admin/calendar?year=2026", {"day": "15/06/2026", "is_working": "0", "note": "Nghỉ bầu cử"})
    assert session.get(CalendarDay, date(2026, 6, 15)) is not None
    asked = post_form(client, "/admin/calendar/2026-06-15/delete", {}, form_page="/admin/calendar?year=2026")
    assert asked.status_code == 200 and "Xóa ngày 15/06/2026 khỏi lịch điều chỉnh?" in asked.text
    assert "Nghỉ bầu cử" in asked.text
    session.expire_all()
    assert session.get(CalendarDay, date(2026, 6, 15)) is not None
    assert confirm_step(client, asked).status_code == 302
    session.expire_all()
    assert session.get(CalendarDay, date(2026, 6, 15)) is None


def test_cancelling_a_task_asks_first(as_user, session):
    task = session.scalars(select(Task).where(Task.status.in_(("assigned", "received", "in_progress")),
                                              Task.assigned_by_unit.has(code="TP-BCD")).order_by(Task.id)).first()
    client = as_user("thuky")
    page = client.get(f"/tasks/{task.id}").text
    version = re.search(r'name="cancel-version" type="hidden" value="(\d+)"', page).group(1)
    data = {"csrf_token": csrf_from(page), "cancel-version": version, "cancel-note": "Trùng với nhiệm vụ khác"}
    asked = client.post(f"/tasks/{task.id}/act/cancel", data=data)
    assert asked.status_code == 200 and f"Hủy nhiệm vụ #{task.id}?" in asked.text
    assert "Lý do: Trùng với nhiệm vụ khác" in asked.text
    session.expire_all()
    assert session.get(Task, task.id).status != "cancelled"
    # No reason: the form says so at once, no confirmation page.
    empty = client.post(f"/tasks/{task.id}/act/cancel", data={**data, "cancel-note": ""})
    assert empty.status_code == 400 and 'id="confirm-step"' not in empty.text
    assert confirm_step(client, asked).status_code == 302
    session.expire_all()
    assert session.get(Task, task.id).status == "cancelled"


def test_calendar_lists_the_makeup_saturday(as_user):
    page = as_user("admin").get("/admin/calendar?year=2026").text
    makeup = page.split('id="makeup-days"', 1)[1].split("</ul>", 1)[0]
    assert "22/08/2026" in makeup and "bù cho ngày nghỉ 31/08/2026" in makeup
    assert "31/08/2026" in page.split('id="makeup-days"', 1)[0]  # the day off, listed with the holidays
