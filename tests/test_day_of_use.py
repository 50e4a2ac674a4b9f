"""A day of real use: what a secretariat officer, a ward and the committee run into, through the pages.

Coordinating units hear of a new task; one search box finds units and document numbers with or
without accents; returned work shows its reason; a directive with text goes on to proposals.
"""
import re

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, demo_email, login, post_form
from tracker.models import Directive, Notification, Task, Unit, User

TEXT = "Rà soát phương án bảo đảm an ninh trật tự dịp Tết; báo cáo kết quả."


def _unit_id(session, code):
    return session.scalar(select(Unit.id).where(Unit.code == code))


def _user(session, local):
    return session.scalar(select(User).where(User.email == demo_email(local)))


def _plan_id(session):
    return session.scalar(select(Directive.id).where(Directive.symbol == "05-KH/BCĐ"))


def _assign(client, session, *, content=TEXT, lead="TP-CA", coordinators=("chiengle",), due="31/12/2030"):
    did = _plan_id(session)
    data = {"items-0-content": content, "items-0-lead": str(_unit_id(session, lead)),
            "items-0-coordinators": [str(_unit_id(session, c)) for c in coordinators],
            "items-0-deadline_kind": "date", "items-0-due_on": due, "items-0-priority": "normal"}
    resp = post_form(client, f"/directives/{did}/assign", data)
    assert resp.status_code == 302, resp.text[:2000]
    session.expire_all()
    return session.scalar(select(Task.id).where(Task.content == content).order_by(Task.id.desc()).limit(1))


def _switch(client, local):
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/home").text)})
    assert login(client, demo_email(local)).status_code == 302


def test_coordinating_unit_hears_of_a_new_task(client, session, as_user):
    as_user("thuky")
    tid = _assign(client, session)
    for local in ("chiengle.canbo", "chiengle.lanhdao", "congan.canbo", "congan.lanhdao"):
        uid = _user(session, local).id
        assert session.scalar(select(func.count(Notification.id)).where(
            Notification.user_id == uid, Notification.task_id == tid, Notification.kind == "assigned")) == 1, local
    # ... and sees it in the bell.
    _switch(client, "chiengle.lanhdao")
    bell = client.get("/notifications/").text
    assert f"/tasks/{tid}" in bell
    # A unit with no part in it hears nothing.
    tohieu = _user(session, "tohieu.canbo").id
    assert session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == tohieu, Notification.task_id == tid)) == 0


def _listed(client, q):
    resp = client.get("/tasks/", query_string={"q": q, "per_page": 100})
    assert resp.status_code == 200
    return {int(i) for i in re.findall(r'data-task-id="(\d+)"', resp.text)}, resp.text


@pytest.mark.parametrize("q", ["chieng le", "Chiềng Lề", "CHIENG LE", "chiềng  lề"])
def test_search_finds_tasks_of_a_unit_lead_or_coordinating(client, session, as_user, q):
    as_user("thuky")
    coordinated = _assign(client, session)  # lead: city police; Chiềng Lề coordinates
    led = set(session.scalars(select(Task.id).where(Task.lead_unit_id == _unit_id(session, "chiengle"))))
    other = _assign(client, session, content="Kiểm tra trật tự đô thị.", lead="tohieu", coordinators=())
    found, html = _listed(client, q)
    assert "Không có nhiệm vụ nào phù hợp" not in html
    assert coordinated in found and led and led <= found
    assert other not in found


def test_search_finds_document_numbers_and_combines_with_text(client, session, as_user):
    as_user("thuky")
    tid = _assign(client, session)
    plan = set(session.scalars(select(Task.id).where(Task.directive_id == _plan_id(session))))
    supervision = set(session.scalars(select(Task.id).join(Directive).where(Directive.symbol == "154-QĐ/BCĐ")))
    for q in ("05-KH/BCĐ", "05-kh/bcd", "05-KH"):
        found, _ = _listed(client, q)
        assert found == plan, q
    found, _ = _listed(client, "154-qd")
    assert supervision and found == supervision
    # Words may fall in different places: a unit name and the task's own text.
    found, _ = _listed(client, "chieng le tet")
    assert found == {tid}
    found, html = _listed(client, "chieng le khongconoidung")
    assert found == set() and "Không có nhiệm vụ nào phù hợp" in html


def test_search_is_accent_insensitive_through_the_api_too(client, session, as_user, app):
    as_user("thuky")
    tid = _assign(client, session)
    token = app.test_cli_runner().invoke(args=["users", "token", demo_email("thuky")]).output.strip()
    resp = app.test_client().get("/api/v1/tasks", query_string={"q": "cong an thanh pho tet"},
                                 headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200
    ids = {t["id"] for t in resp.get_json()["items"]}
    assert ids == {tid}


def _act(client, task_id, action, **fields):
    page = client.get(f"/tasks/{task_id}")
    version = re.search(r'name="%s-version" type="hidden" value="(\d+)"' % action, page.text).group(1)
    data = {"csrf_token": csrf_from(page.text), f"{action}-version": version}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    resp = client.post(f"/tasks/{task_id}/act/{action}", data=data)
    assert resp.status_code == 302, resp.text[:1500]


REASON = "Báo cáo chưa có số liệu số hộ được đối thoại; đề nghị bổ sung biên bản."


def test_returned_work_shows_its_reason_on_the_task_and_the_unit_home(client, session, as_user):
    as_user("thuky")
    tid = _assign(client, session, content="Tổ chức đối thoại với nhân dân khu dân cư.", lead="chiengle",
                  coordinators=())
    _switch(client, "chiengle.lanhdao")
    assert 'id="returned-tasks"' not in client.get("/home").text
    _act(client, tid, "receive")
    _act(client, tid, "submit", note="Đã tổ chức đối thoại.")
    _switch(client, "thuky")
    _act(client, tid, "return", note=REASON)
    _switch(client, "chiengle.lanhdao")
    home = client.get("/home").text
    block = re.search(r'<section[^>]*id="returned-tasks".*?</section>', home, re.S)
    assert block, "no 'Bị trả lại' block on the unit's home"
    assert "Bị trả lại" in block.group(0) and f'data-returned-task="{tid}"' in block.group(0)
    assert REASON in block.group(0)
    page = client.get(f"/tasks/{tid}").text
    banner = re.search(r'<div[^>]*id="returned-banner".*?</div>\s*</div>', page, re.S)
    assert banner and REASON in banner.group(0)
    # Submitted again, the banner and the block are gone.
    _act(client, tid, "submit", note="Đã bổ sung biên bản.")
    assert 'id="returned-banner"' not in client.get(f"/tasks/{tid}").text
    assert 'id="returned-tasks"' not in client.get("/home").text


def test_after_saving_a_directive_with_text_the_next_step_is_proposing(client, session, as_user):
    as_user("thuky")
    base = {"kind": "conference", "issued_on": "23/11/2022", "issuer_unit_id": str(_unit_id(session, "TP-BCD")),
            "title": "Thông báo kết luận giao ban"}
    resp = post_form(client, "/directives/new", dict(base, symbol="61-TB/BCĐ",
                                                      body="Yêu cầu Công an Thành phố bảo đảm an ninh dịp Tết."))
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/propose")
    page = client.get(resp.headers["Location"]).text
    assert "Yêu cầu Công an Thành phố bảo đảm an ninh dịp Tết." in page  # the text, ready to analyse
    assert "Phân tích" in page and re.search(r'id="manual-assign" href="/directives/\d+/assign"', page)
    # Without text there is nothing to propose from: the manual form.
    resp = post_form(client, "/directives/new", dict(base, symbol="62-TB/BCĐ", body=""))
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/assign")


def _calendar(session):
    from tracker.services.calendar import load_calendar
    return load_calendar(session)


def _dmy(d):
    return d.strftime("%d/%m/%Y")


def test_a_sub_task_cannot_be_due_after_its_parent(client, session, as_user):
    from datetime import timedelta

    from tracker.timeutil import local_today
    cal = _calendar(session)
    parent_due = cal.roll_forward(local_today() + timedelta(days=10))
    late = cal.roll_forward(parent_due + timedelta(days=6))
    as_user("thuky")
    tid = _assign(client, session, content="Họp các tổ dân phố về đối thoại.", lead="chiengle", coordinators=(),
                  due=_dmy(parent_due))
    _switch(client, "chiengle.lanhdao")
    _act(client, tid, "receive")
    to1 = _unit_id(session, "chiengle-to1")

    def split(due):
        page = client.get(f"/tasks/{tid}/split")
        version = re.search(r'name="version" type="hidden" value="(\d+)"', page.text).group(1)
        return client.post(f"/tasks/{tid}/split", data={
            "csrf_token": csrf_from(page.text), "version": version,
            "items-0-content": "Họp tổ dân phố 1", "items-0-lead": str(to1), "items-0-due_on": _dmy(due)})
    resp = split(late)
    assert resp.status_code == 400
    assert (f"Hạn của nhiệm vụ con ({_dmy(late)}) không được sau hạn của nhiệm vụ được giao "
            f"({_dmy(parent_due)}).") in resp.text
    session.expire_all()
    assert session.scalar(select(func.count(Task.id)).where(Task.parent_id == tid)) == 0
    assert split(parent_due).status_code == 302  # the same day is fine
    session.expire_all()
    assert session.scalar(select(Task.due_on).where(Task.parent_id == tid)) == parent_due


def test_committee_approves_an_extension_at_an_earlier_date_with_a_reason(client, session, as_user):
    from datetime import timedelta

    from tracker.models import ExtensionRequest
    from tracker.timeutil import local_today
    cal = _calendar(session)
    due = cal.roll_forward(local_today() + timedelta(days=10))
    asked = cal.add_working_days(due, 20)
    granted = cal.add_working_days(due, 10)
    as_user("thuky")
    tid = _assign(client, session, content="Kiện toàn tổ dân phố sau sắp xếp.", lead="chiengle", coordinators=(),
                  due=_dmy(due))
    _switch(client, "chiengle.lanhdao")
    _act(client, tid, "receive")
    _act(client, tid, "request_extension", new_due_on=_dmy(asked), note="Chờ hướng dẫn của tỉnh.")
    _switch(client, "thuky")
    page = client.get(f"/tasks/{tid}").text
    assert 'name="approve_extension-approved_due_on"' in page

    def approve(**fields):
        page = client.get(f"/tasks/{tid}")
        version = re.search(r'name="approve_extension-version" type="hidden" value="(\d+)"', page.text).group(1)
        data = {"csrf_token": csrf_from(page.text), "approve_extension-version": version}
        data.update({f"approve_extension-{k}": v for k, v in fields.items()})
        return client.post(f"/tasks/{tid}/act/approve_extension", data=data)
    later = cal.add_working_days(asked, 1)
    resp = approve(approved_due_on=_dmy(later), note="Đồng ý.")
    assert resp.status_code == 400 and f"Không được gia hạn quá thời hạn đơn vị đề nghị ({_dmy(asked)})." in resp.text
    resp = approve(approved_due_on=_dmy(granted))
    assert resp.status_code == 400 and "Hãy nêu lý do gia hạn đến ngày khác ngày đề nghị." in resp.text
    session.expire_all()
    assert session.get(Task, tid).due_on == due
    reason = "Chỉ cần thêm 10 ngày làm việc để hoàn thành kiện toàn."
    resp = approve(approved_due_on=_dmy(granted), note=reason)
    assert resp.status_code == 302
    session.expire_all()
    task = session.get(Task, tid)
    ext = session.scalar(select(ExtensionRequest).where(ExtensionRequest.task_id == tid))
    assert task.due_on == granted and task.original_due_on == due
    assert (ext.status, ext.new_due_on, ext.approved_due_on, ext.decision_note) == ("approved", asked, granted, reason)
    page = client.get(f"/tasks/{tid}").text
    extensions = re.search(r'<ul[^>]*id="extensions".*?</ul>', page, re.S).group(0)
    assert f"đến ngày {_dmy(granted)}" in extensions and reason in extensions


def test_an_extension_approved_as_requested_needs_no_date(client, session, as_user):
    from datetime import timedelta

    from tracker.timeutil import local_today
    cal = _calendar(session)
    due = cal.roll_forward(local_today() + timedelta(days=10))
    asked = cal.add_working_days(due, 5)
    as_user("thuky")
    tid = _assign(client, session, content="Công khai kết quả tại nhà văn hóa.", lead="chiengle", coordinators=(),
                  due=_dmy(due))
    _switch(client, "chiengle.lanhdao")
    _act(client, tid, "receive")
    _act(client, tid, "request_extension", new_due_on=_dmy(asked), note="Chờ sửa nhà văn hóa.")
    _switch(client, "thuky")
    _act(client, tid, "approve_extension")
    session.expire_all()
    assert session.get(Task, tid).due_on == asked


def test_extension_at_another_date_through_the_api(client, session, as_user, app):
    from datetime import timedelta

    from tracker.timeutil import local_today
    cal = _calendar(session)
    due = cal.roll_forward(local_today() + timedelta(days=10))
    asked, granted = cal.add_working_days(due, 20), cal.add_working_days(due, 5)
    as_user("thuky")
    tid = _assign(client, session, content="Sơ kết 6 tháng thực hiện dân chủ ở cơ sở.", lead="chiengle",
                  coordinators=(), due=_dmy(due))
    _switch(client, "chiengle.lanhdao")
    _act(client, tid, "receive")
    _act(client, tid, "request_extension", new_due_on=_dmy(asked), note="Chờ số liệu.")
    token = app.test_cli_runner().invoke(args=["users", "token", demo_email("thuky")]).output.strip()
    api = app.test_client()

    def post(body):
        version = session.get(Task, tid).version
        return api.post(f"/api/v1/tasks/{tid}/actions", json={"action": "approve_extension", "version": version,
                                                               **body}, headers={"Authorization": f"Bearer {token}"})
    session.expire_all()
    resp = post({"approved_due_on": cal.add_working_days(asked, 2).isoformat(), "note": "Đồng ý."})
    assert resp.status_code == 400 and "approved_due_on" in resp.get_json()["fields"]
    session.expire_all()
    resp = post({"approved_due_on": granted.isoformat()})
    assert resp.status_code == 400 and "note" in resp.get_json()["fields"]
    session.expire_all()
    resp = post({"approved_due_on": granted.isoformat(), "note": "Đủ thời gian với 5 ngày."})
    assert resp.status_code == 200, resp.get_json()
    session.expire_all()
    assert session.get(Task, tid).due_on == granted
