"""A deadline typed on a day off, or as N working days: the forms say what will be saved, and why,
before saving (JSON for the forms' script; a confirmation step without it)."""
import re
from datetime import date, timedelta

from sqlalchemy import func, select

from tests.conftest import csrf_from, post_form
from tracker.models import Directive, ExtensionRequest, Task, Unit
from tracker.services.calendar import load_calendar
from tracker.timeutil import local_today


def _next_new_year() -> date:
    return date(local_today().year + 1, 1, 1)


def _next_sunday_after(d: date) -> date:
    return d + timedelta(days=(6 - d.weekday()) or 7)


def _dmy(d):
    return d.strftime("%d/%m/%Y")


def test_resolve_a_holiday_and_a_sunday(client, as_user, session):
    as_user("thuky")
    cal = load_calendar(session)
    ny = _next_new_year()
    data = client.get("/calendar/resolve", query_string={"date": _dmy(ny)}).get_json()
    assert data["moved"] is True and data["due"] == _dmy(cal.roll_forward(ny)) != _dmy(ny)
    assert data["message"] == (f"Ngày {_dmy(ny)} là ngày nghỉ (Tết Dương lịch): thời hạn được tính đến ngày làm việc "
                               f"tiếp theo, {_dmy(cal.roll_forward(ny))} (Điều 148 Bộ luật Dân sự 2015).")
    data = client.get("/calendar/resolve", query_string={"date": "20/12/2026"}).get_json()
    assert (data["due"], data["moved"]) == ("21/12/2026", True) and "(Chủ nhật)" in data["message"]
    data = client.get("/calendar/resolve", query_string={"date": "21/12/2026"}).get_json()
    assert (data["due"], data["moved"], data["message"]) == ("21/12/2026", False, None)


def test_resolve_working_days_uses_the_calendar(client, as_user, session):
    as_user("thuky")
    cal = load_calendar(session)
    data = client.get("/calendar/resolve", query_string={"working_days": "20"}).get_json()
    assert data["due"] == _dmy(cal.add_working_days(local_today(), 20))
    # Across Tết Nguyên đán 2027 (05/02 - 11/02): ten working days from 03/02/2027.
    data = client.get("/calendar/resolve", query_string={"working_days": "10", "from": "03/02/2027"}).get_json()
    assert data["due"] == _dmy(cal.add_working_days(date(2027, 2, 3), 10)) == "24/02/2027"
    assert data["message"].startswith("10 ngày làm việc kể từ ngày 03/02/2027: hạn hoàn thành là 24/02/2027")


def test_resolve_refuses_bad_input_with_json(client, as_user):
    as_user("thuky")
    for qs in ({"date": "31/02/2027"}, {"date": ""}, {"working_days": "0"}, {"working_days": "abc"},
               {"working_days": "99999"}, {"working_days": "5", "from": "hôm qua"}):
        resp = client.get("/calendar/resolve", query_string=qs)
        assert resp.status_code == 400 and resp.get_json()["error"], qs


def test_resolve_needs_a_login(client):
    assert client.get("/calendar/resolve?date=01/01/2027").status_code in (302, 401)


def _plan(session):
    return session.scalar(select(Directive.id).where(Directive.symbol == "05-KH/BCĐ"))


def test_assign_form_shows_a_moved_date_and_asks_to_confirm(client, session, as_user):
    as_user("thuky")
    cal = load_calendar(session)
    ny = _next_new_year()
    did = _plan(session)
    lead = session.scalar(select(Unit.id).where(Unit.code == "TP-CA"))
    content = "Tổng kiểm tra an ninh trật tự dịp Tết Dương lịch."
    data = {"items-0-content": content, "items-0-lead": str(lead), "items-0-deadline_kind": "date",
            "items-0-due_on": _dmy(ny), "items-0-priority": "normal", "save": "1"}
    resp = post_form(client, f"/directives/{did}/assign", data)
    assert resp.status_code == 200
    moved = re.search(r'id="items-0-due_on-moved">([^<]*)<', resp.text).group(1)
    assert f"Ngày {_dmy(ny)} là ngày nghỉ (Tết Dương lịch)" in moved and "Điều 148 Bộ luật Dân sự 2015" in moved
    assert _dmy(cal.roll_forward(ny)) in moved
    assert session.scalar(select(func.count(Task.id)).where(Task.content == content)) == 0  # nothing saved yet
    # Posting the re-displayed form (it carries the acknowledgement) saves at the moved date.
    ack = re.search(r'name="items-0-due_ack" type="hidden" value="([^"]*)"|'
                    r'id="items-0-due_ack" name="items-0-due_ack" type="hidden" value="([^"]*)"', resp.text)
    data["items-0-due_ack"] = ack.group(1) or ack.group(2)
    data["csrf_token"] = csrf_from(resp.text)
    resp = client.post(f"/directives/{did}/assign", data=data)
    assert resp.status_code == 302
    session.expire_all()
    assert session.scalar(select(Task.due_on).where(Task.content == content)) == cal.roll_forward(ny)


def test_extension_to_a_sunday_shows_the_moved_date_first(client, session, as_user):
    as_user("thuky")
    cal = load_calendar(session)
    due = cal.roll_forward(local_today() + timedelta(days=10))
    did = _plan(session)
    lead = session.scalar(select(Unit.id).where(Unit.code == "chiengle"))
    content = "Kiện toàn các tổ hòa giải ở cơ sở."
    resp = post_form(client, f"/directives/{did}/assign", {
        "items-0-content": content, "items-0-lead": str(lead), "items-0-deadline_kind": "date",
        "items-0-due_on": _dmy(due), "items-0-priority": "normal", "save": "1"})
    assert resp.status_code == 302
    tid = session.scalar(select(Task.id).where(Task.content == content))
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/home").text)})
    as_user("chiengle.lanhdao")
    page = client.get(f"/tasks/{tid}")
    version = re.search(r'name="receive-version" type="hidden" value="(\d+)"', page.text).group(1)
    client.post(f"/tasks/{tid}/act/receive", data={"csrf_token": csrf_from(page.text), "receive-version": version})
    sunday = _next_sunday_after(due + timedelta(days=7))
    while cal.roll_forward(sunday) != sunday + timedelta(days=1):  # a Sunday before a plain Monday
        sunday += timedelta(days=7)
    page = client.get(f"/tasks/{tid}")
    version = re.search(r'name="request_extension-version" type="hidden" value="(\d+)"', page.text).group(1)
    data = {"csrf_token": csrf_from(page.text), "request_extension-version": version,
            "request_extension-new_due_on": _dmy(sunday), "request_extension-note": "Chờ ý kiến của tỉnh."}
    resp = client.post(f"/tasks/{tid}/act/request_extension", data=data)
    assert resp.status_code == 200
    moved = re.search(r'id="request_extension-new_due_on-moved">([^<]*)<', resp.text).group(1)
    monday = sunday + timedelta(days=1)
    assert moved == (f"Ngày {_dmy(sunday)} là ngày nghỉ (Chủ nhật): thời hạn được tính đến ngày làm việc tiếp theo, "
                     f"{_dmy(monday)} (Điều 148 Bộ luật Dân sự 2015).")
    assert session.scalar(select(func.count(ExtensionRequest.id)).where(ExtensionRequest.task_id == tid)) == 0
    data["request_extension-due_ack"] = _dmy(sunday)
    assert client.post(f"/tasks/{tid}/act/request_extension", data=data).status_code == 302
    session.expire_all()
    assert session.scalar(select(ExtensionRequest.new_due_on).where(ExtensionRequest.task_id == tid)) == monday
