"""Units carry tasks out through the pages: receive, report, submit, return, accept, extensions,
sub-tasks, bulk actions, notifications, and bad input refused without changing anything."""
import io
import os
import re
from datetime import timedelta

from sqlalchemy import func, select

from tests.conftest import confirm_step, csrf_from, demo_email, login
from tracker.models import Attachment, ExtensionRequest, Notification, Task, TaskEvent, Unit, User
from tracker.services.calendar import load_calendar
from tracker.services.tasks import TaskInput, assign_tasks
from tracker.timeutil import local_today

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _user(session, local):
    return session.scalar(select(User).where(User.email == demo_email(local)))


def _unit(session, code):
    return session.scalar(select(Unit).where(Unit.code == code))


def make_task(session, lead="chiengle", *, due_in=10, coordinators=(), by="thuky") -> int:
    """A fresh task assigned by the city committee's secretariat today."""
    today = local_today()
    items = [TaskInput("Tổ chức đối thoại với nhân dân về công khai ngân sách phường; báo cáo kết quả.",
                       [_unit(session, lead).id], [_unit(session, c).id for c in coordinators],
                       deadline_kind="date" if due_in is not None else "none",
                       due_on=today + timedelta(days=due_in) if due_in is not None else None)]
    task, = assign_tasks(session, _user(session, by), None, items, today=today, calendar=load_calendar(session))
    return task.id


def _fresh(session, task_id) -> Task:
    session.expire_all()
    return session.get(Task, task_id)


def _version(client, task_id) -> str:
    html = client.get(f"/tasks/{task_id}").text
    m = re.search(r'name="[a-z_]+-version" type="hidden" value="(\d+)"', html) or \
        re.search(r'id="[a-z_]+-version" name="[a-z_]+-version" type="hidden" value="(\d+)"', html)
    assert m, "no action form on the page"
    return m.group(1)


def act(client, task_id, action, version=None, **fields):
    page = client.get(f"/tasks/{task_id}")
    if version is None:
        m = re.search(r'name="%s-version" type="hidden" value="(\d+)"' % action, page.text)
        version = m.group(1) if m else re.search(r'-version" type="hidden" value="(\d+)"', page.text).group(1)
    files = fields.pop("files", None)
    data = {"csrf_token": csrf_from(page.text), f"{action}-version": str(version)}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    if files:
        data[f"{action}-files"] = files
    return client.post(f"/tasks/{task_id}/act/{action}", data=data, content_type="multipart/form-data")


def switch(client, local):
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/home").text)})
    assert login(client, demo_email(local)).status_code == 302
    return client


def _events(session, task_id):
    session.expire_all()
    return session.scalars(select(TaskEvent).where(TaskEvent.task_id == task_id).order_by(TaskEvent.id)).all()


def test_full_cycle_receive_report_submit_return_resubmit_accept(client, session, as_user, app):
    tid = make_task(session)
    as_user("chiengle.canbo")
    page = client.get(f"/tasks/{tid}")
    assert 'id="action-receive"' in page.text and "Mới giao" in page.text
    assert act(client, tid, "receive").status_code == 302
    resp = act(client, tid, "report", progress="50", note="Đã họp 3/6 tổ dân phố.",
               files=[(io.BytesIO(PDF), "bien-ban-hop.pdf")])
    assert resp.status_code == 302, resp.text
    t = _fresh(session, tid)
    assert (t.status, t.progress) == ("in_progress", 50)
    att = session.scalar(select(Attachment).where(Attachment.task_id == tid))
    assert att.filename == "bien-ban-hop.pdf" and att.content_type == "application/pdf"
    assert att.stored_name != att.filename and os.path.exists(os.path.join(app.config["UPLOAD_DIR"], att.stored_name))
    assert client.get(f"/tasks/attachments/{att.id}").data == PDF

    # The officer may not submit unless the ward allows it; the head may.
    resp = act(client, tid, "submit", note="Báo cáo kết quả", version=_fresh(session, tid).version)
    assert resp.status_code == 403
    switch(client, "chiengle.lanhdao")
    assert act(client, tid, "submit", progress="100", note="Đã hoàn thành đối thoại.").status_code == 302
    assert _fresh(session, tid).status == "submitted"

    switch(client, "thuky")
    resp = act(client, tid, "return", note="")
    assert resp.status_code == 400 and "Hãy nêu lý do." in resp.text
    assert _fresh(session, tid).status == "submitted"
    assert act(client, tid, "return", note="Thiếu biên bản tổ 2.").status_code == 302
    t = _fresh(session, tid)
    assert t.status == "returned" and t.completed_on is None

    switch(client, "chiengle.lanhdao")
    assert act(client, tid, "submit", note="Bổ sung biên bản tổ 2.",
               files=[(io.BytesIO(PDF), "bo-sung.pdf")]).status_code == 302
    switch(client, "thuky")
    assert act(client, tid, "accept").status_code == 302
    t = _fresh(session, tid)
    assert t.status == "done" and t.progress == 100 and t.completed_on == local_today()
    kinds = [e.kind for e in _events(session, tid)]
    assert kinds == ["assigned", "received", "progress", "submitted", "returned", "submitted", "accepted"]
    page = client.get(f"/tasks/{tid}").text
    assert "Hoàn thành đúng hạn" in page and "Thiếu biên bản tổ 2." in page and "bien-ban-hop.pdf" in page


def test_history_is_a_gap_free_chain(client, session, as_user):
    tid = make_task(session)
    as_user("chiengle.lanhdao")
    act(client, tid, "receive")
    act(client, tid, "report", progress="30", note="Bắt đầu.")
    act(client, tid, "comment", note="Xin ý kiến về thời gian tổ chức.")
    evs = _events(session, tid)
    for prev, cur in zip(evs, evs[1:]):
        assert cur.from_status == prev.to_status
    assert [e.task_version for e in evs[1:]] == [2, 3, 4]
    assert _fresh(session, tid).version == 4


def test_completion_date_is_the_accepted_submission_not_the_review(client, session, as_user):
    tid = make_task(session, due_in=5)
    as_user("chiengle.lanhdao")
    act(client, tid, "receive")
    act(client, tid, "submit", note="Xong.")
    # The report went in eight days ago; the deadline was three days ago; reviewed today.
    ev = _events(session, tid)[-1]
    ev.at = ev.at - timedelta(days=8)
    t = session.get(Task, tid)
    t.due_on = local_today() - timedelta(days=3)
    session.commit()
    switch(client, "thuky")
    assert act(client, tid, "accept").status_code == 302
    t = _fresh(session, tid)
    assert t.completed_on == local_today() - timedelta(days=8)
    assert "Hoàn thành đúng hạn" in client.get(f"/tasks/{tid}").text


def test_late_submission_reads_completed_late(client, session, as_user):
    tid = make_task(session, due_in=5)
    t = session.get(Task, tid)
    t.due_on = local_today() - timedelta(days=2)
    session.commit()
    as_user("chiengle.lanhdao")
    act(client, tid, "receive")
    act(client, tid, "submit", note="Xong muộn.")
    switch(client, "thuky")
    act(client, tid, "accept")
    assert 'id="task-category">Hoàn thành quá hạn' in client.get(f"/tasks/{tid}").text


def test_officers_may_submit_when_their_unit_allows(client, session, as_user):
    tid = make_task(session)
    _unit(session, "chiengle").officers_may_submit = True
    session.commit()
    as_user("chiengle.canbo")
    act(client, tid, "receive")
    assert act(client, tid, "submit", note="Xong.").status_code == 302
    assert _fresh(session, tid).status == "submitted"


def test_extension_request_and_approval_keep_the_original_deadline(client, session, as_user):
    tid = make_task(session, due_in=10)
    original = _fresh(session, tid).due_on
    as_user("chiengle.canbo")
    act(client, tid, "receive")
    # A date before today, and one not after the deadline, are refused with a message.
    resp = act(client, tid, "request_extension", new_due_on=(local_today() - timedelta(days=1)).strftime("%d/%m/%Y"),
               note="Mưa lũ.")
    assert resp.status_code == 400 and "không được trước ngày hôm nay" in resp.text
    resp = act(client, tid, "request_extension", new_due_on="31/02/2026", note="Mưa lũ.")
    assert resp.status_code == 400 and "dd/mm/yyyy" in resp.text
    assert session.scalar(select(func.count(ExtensionRequest.id))) == 0
    # A working day: a day off would first be said back for confirmation (tests/test_due_hints.py).
    new_due = load_calendar(session).roll_forward(original + timedelta(days=20)).strftime("%d/%m/%Y")
    assert act(client, tid, "request_extension", new_due_on=new_due, note="Mưa lũ kéo dài.").status_code == 302
    # Only one pending request at a time.
    assert "action-request_extension" not in client.get(f"/tasks/{tid}").text
    switch(client, "thuky")
    assert "Mưa lũ kéo dài." in client.get(f"/tasks/{tid}").text
    assert act(client, tid, "approve_extension").status_code == 302
    t = _fresh(session, tid)
    assert t.original_due_on == original and t.due_on >= original + timedelta(days=20)
    req = session.scalar(select(ExtensionRequest))
    assert req.status == "approved" and req.decided_by.email == demo_email("thuky")


def test_extension_rejected_needs_a_reason(client, session, as_user):
    tid = make_task(session, due_in=10)
    as_user("chiengle.canbo")
    act(client, tid, "request_extension",
        new_due_on=load_calendar(session).roll_forward(local_today() + timedelta(days=40)).strftime("%d/%m/%Y"),
        note="Xin thêm thời gian.")
    switch(client, "thuky")
    assert act(client, tid, "reject_extension", note="").status_code == 400
    assert act(client, tid, "reject_extension", note="Không có căn cứ.").status_code == 302
    t = _fresh(session, tid)
    assert t.due_on == local_today() + timedelta(days=10) or t.due_on >= local_today() + timedelta(days=10)
    assert session.scalar(select(ExtensionRequest.status)) == "rejected"


def test_pause_resume_cancel_and_acting_on_a_cancelled_task(client, session, as_user):
    tid = make_task(session)
    as_user("chiengle.lanhdao")
    act(client, tid, "receive")
    switch(client, "thuky")
    assert act(client, tid, "pause").status_code == 302
    assert _fresh(session, tid).status == "paused"
    assert act(client, tid, "resume").status_code == 302
    assert _fresh(session, tid).status == "received"
    assert act(client, tid, "cancel", note="").status_code == 400
    asked = act(client, tid, "cancel", note="Nội dung đã lồng ghép vào nhiệm vụ khác.")
    assert asked.status_code == 200 and _fresh(session, tid).status != "cancelled"
    assert confirm_step(client, asked).status_code == 302
    version = _fresh(session, tid).version
    n_events = len(_events(session, tid))
    switch(client, "chiengle.lanhdao")
    page = client.get(f"/tasks/{tid}").text
    assert 'id="actions"' not in page  # no buttons on a cancelled task
    # A form kept open from before the cancel, posted anyway.
    resp = act(client, tid, "report", version=version, progress="40", note="Tiếp tục.")
    assert resp.status_code == 409 and "Nhiệm vụ đã bị hủy" in resp.text
    assert len(_events(session, tid)) == n_events and _fresh(session, tid).version == version


def test_refuse_then_reassign(client, session, as_user):
    tid = make_task(session)
    as_user("chiengle.canbo")
    resp = act(client, tid, "refuse", version=1, note="Không thuộc thẩm quyền.")
    assert resp.status_code == 403  # the head decides
    switch(client, "chiengle.lanhdao")
    assert act(client, tid, "refuse", note="Không thuộc thẩm quyền của phường.").status_code == 302
    switch(client, "thuky")
    target = _unit(session, "tohieu").id
    assert act(client, tid, "reassign", lead_unit_id=str(target)).status_code == 302
    t = _fresh(session, tid)
    assert (t.status, t.lead_unit_id) == ("assigned", target)
    # Chiềng Lề no longer sees it; Tô Hiệu does and was notified.
    switch(client, "chiengle.lanhdao")
    assert client.get(f"/tasks/{tid}").status_code == 404
    tohieu = _user(session, "tohieu.canbo")
    assert session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == tohieu.id, Notification.task_id == tid, Notification.kind == "reassigned")) == 1


def test_stale_form_submitted_twice_is_refused_with_who_and_when(client, session, as_user):
    tid = make_task(session)
    as_user("chiengle.canbo")
    act(client, tid, "receive")
    v = _fresh(session, tid).version
    assert act(client, tid, "report", version=v, progress="20", note="Lần 1").status_code == 302
    resp = act(client, tid, "report", version=v, progress="20", note="Lần 1")
    assert resp.status_code == 409
    assert "vừa được Cán bộ Chiềng Lề thay đổi lúc" in resp.text and "tải lại trang" in resp.text
    assert [e.note for e in _events(session, tid)].count("Lần 1") == 1


def test_exe_renamed_pdf_is_refused_and_nothing_changes(client, session, as_user, app):
    tid = make_task(session)
    as_user("chiengle.canbo")
    act(client, tid, "receive")
    v = _fresh(session, tid).version
    resp = act(client, tid, "report", version=v, progress="50", note="Kèm minh chứng",
               files=[(io.BytesIO(EXE), "minh-chung.pdf")])
    assert resp.status_code == 415
    assert "không phải định dạng được chấp nhận" in resp.text
    assert "Kèm minh chứng" in resp.text  # the form is shown again with what was typed
    t = _fresh(session, tid)
    assert (t.version, t.progress) == (v, 0)
    assert session.scalar(select(func.count(Attachment.id)).where(Attachment.task_id == tid)) == 0
    assert os.listdir(app.config["UPLOAD_DIR"]) == []


def test_file_over_the_limit_is_refused(client, session, as_user, app):
    tid = make_task(session)
    as_user("chiengle.canbo")
    act(client, tid, "receive")
    v = _fresh(session, tid).version
    big = PDF + b"0" * (app.config["UPLOAD_MAX_BYTES"] + 10)
    resp = act(client, tid, "report", version=v, progress="50", note="To", files=[(io.BytesIO(big), "lon.pdf")])
    assert resp.status_code == 413 and "vượt quá dung lượng cho phép" in resp.text
    assert _fresh(session, tid).version == v and os.listdir(app.config["UPLOAD_DIR"]) == []


def test_a_200_mb_upload_is_stopped_before_it_is_read(client, session, as_user):
    tid = make_task(session)
    as_user("chiengle.canbo")
    act(client, tid, "receive")
    v = _fresh(session, tid).version
    # What the server sees of a 200 MB upload: its announced length; it never reads the body.
    resp = client.post(f"/tasks/{tid}/act/report", data=b"x" * 1024,
                       content_type="multipart/form-data; boundary=zz",
                       environ_overrides={"CONTENT_LENGTH": str(200 * 1024 * 1024)})
    assert resp.status_code == 413 and "Tệp tải lên quá lớn." in resp.text
    assert _fresh(session, tid).version == v


def test_another_units_task_and_attachment_are_not_found(client, session, as_user):
    tid = make_task(session)
    as_user("chiengle.canbo")
    act(client, tid, "receive")
    act(client, tid, "report", progress="10", note="Có minh chứng", files=[(io.BytesIO(PDF), "mc.pdf")])
    att_id = session.scalar(select(Attachment.id).where(Attachment.task_id == tid))
    switch(client, "tohieu.canbo")
    assert client.get(f"/tasks/attachments/{att_id}").status_code == 404
    assert client.get(f"/directives/attachments/{att_id}").status_code == 404
    assert client.get(f"/tasks/{tid}").status_code == 404
    page = client.get("/home")
    resp = client.post(f"/tasks/{tid}/act/report", data={"csrf_token": csrf_from(page.text), "report-version": "3",
                                                         "report-progress": "90", "report-note": "x"})
    assert resp.status_code == 404
    assert _fresh(session, tid).progress == 10


def test_viewer_and_coordinator_may_not_submit(client, session, as_user):
    tid = make_task(session, coordinators=("tohieu",))
    as_user("chiengle.lanhdao")
    act(client, tid, "receive")
    v = _fresh(session, tid).version
    switch(client, "giamsat")  # the committee's read-only member
    page = client.get(f"/tasks/{tid}")
    assert page.status_code == 200 and 'id="actions"' not in page.text
    assert act(client, tid, "accept", version=v).status_code == 403
    switch(client, "tohieu.lanhdao")  # coordinating unit
    assert act(client, tid, "submit", version=v, note="Xong").status_code == 403
    assert act(client, tid, "contribute", version=v, note="Tô Hiệu đã hỗ trợ 2 buổi.").status_code == 302
    assert _fresh(session, tid).status == "received"
    assert _events(session, tid)[-1].kind == "contribution"


def test_csrf_is_required(client, session, as_user):
    tid = make_task(session)
    as_user("chiengle.canbo")
    resp = client.post(f"/tasks/{tid}/act/receive", data={"receive-version": "1"})
    assert resp.status_code == 400 and _fresh(session, tid).status == "assigned"


def test_sub_tasks_block_the_parent_until_done_or_overridden(client, session, as_user):
    tid = make_task(session)
    to1, to2 = _unit(session, "chiengle-to1"), _unit(session, "chiengle-to2")
    as_user("chiengle.lanhdao")
    act(client, tid, "receive")
    page = client.get(f"/tasks/{tid}/split")
    assert page.status_code == 200
    v = _fresh(session, tid).version
    resp = client.post(f"/tasks/{tid}/split", data={
        "csrf_token": csrf_from(page.text), "version": str(v),
        "items-0-content": "Họp tổ dân phố 1", "items-0-lead": str(to1.id), "items-0-due_on": "",
        "items-1-content": "Họp tổ dân phố 2", "items-1-lead": str(to2.id), "items-1-due_on": "",
        "items-2-content": "", "items-2-lead": "", "items-2-due_on": ""})
    assert resp.status_code == 302, resp.text
    children = session.scalars(select(Task).where(Task.parent_id == tid)).all()
    assert {c.lead_unit_id for c in children} == {to1.id, to2.id}
    assert all(c.assigned_by_unit_id == _unit(session, "chiengle").id for c in children)
    # Another ward's unit is not a sub-unit.
    page = client.get(f"/tasks/{tid}/split")
    resp = client.post(f"/tasks/{tid}/split", data={
        "csrf_token": csrf_from(page.text), "version": str(_fresh(session, tid).version),
        "items-0-content": "Sai đơn vị", "items-0-lead": str(_unit(session, "tohieu-to7").id)})
    assert resp.status_code == 400 and "Chỉ giao được cho đơn vị cấp dưới" in resp.text

    resp = act(client, tid, "submit", note="Xong phần phường.")
    assert resp.status_code == 409 and "Còn nhiệm vụ con chưa hoàn thành" in resp.text
    assert act(client, tid, "submit", note="Tổ 2 sáp nhập, không cần họp riêng.", override="y").status_code == 302
    assert _fresh(session, tid).status == "submitted"
    page = client.get(f"/tasks/{tid}").text
    assert 'id="children"' in page and "Tổ dân phố 1, phường Chiềng Lề" in page

    # The ward is the assigning body of its sub-tasks: its head accepts them.
    child = children[0]
    child.status = "submitted"
    session.commit()
    assert act(client, child.id, "accept").status_code == 302
    assert _fresh(session, child.id).status == "done"


def test_bulk_accept_and_receive(client, session, as_user):
    ids = [make_task(session, lead) for lead in ("chiengle", "chiengle", "tohieu")]
    as_user("chiengle.canbo")
    home = client.get("/home").text
    assert "bulk-receive" in home
    data = {"csrf_token": csrf_from(home), "action": "receive", "task_ids": [str(i) for i in ids[:2]]}
    data.update({f"version-{i}": "1" for i in ids[:2]})
    assert client.post("/tasks/bulk", data=data).status_code == 302
    assert [_fresh(session, i).status for i in ids[:2]] == ["received", "received"]
    # Someone else's task slipped into the list is refused on its own; the rest goes through.
    switch(client, "chiengle.lanhdao")
    for i in ids[:2]:
        act(client, i, "submit", note="Xong.")
    switch(client, "thuky")
    home = client.get("/home").text
    assert "bulk-review" in home
    data = {"csrf_token": csrf_from(home), "action": "accept", "task_ids": [str(i) for i in ids]}
    data.update({f"version-{i}": str(_fresh(session, i).version) for i in ids})
    resp = client.post("/tasks/bulk", data=data, follow_redirects=True)
    assert "Đã xác nhận hoàn thành 2 nhiệm vụ." in resp.text
    assert f"Nhiệm vụ #{ids[2]}" in resp.text
    assert [_fresh(session, i).status for i in ids] == ["done", "done", "assigned"]


def test_bulk_return_needs_a_reason(client, session, as_user):
    tid = make_task(session)
    as_user("chiengle.lanhdao")
    act(client, tid, "receive")
    act(client, tid, "submit", note="Xong.")
    switch(client, "thuky")
    home = client.get("/home").text
    resp = client.post("/tasks/bulk", data={"csrf_token": csrf_from(home), "action": "return",
                                            "task_ids": [str(tid)], f"version-{tid}": "3", "note": ""},
                       follow_redirects=True)
    assert "Hãy nêu lý do trả lại." in resp.text and _fresh(session, tid).status == "submitted"


def test_notifications_bell(client, session, as_user):
    tid = make_task(session)
    as_user("chiengle.canbo")
    home = client.get("/home").text
    assert 'id="bell-count"' in home
    page = client.get("/notifications/")
    assert page.status_code == 200 and f"/tasks/{tid}" in page.text
    officer = _user(session, "chiengle.canbo")
    unread = session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == officer.id, Notification.task_id == tid, Notification.read_at.is_(None)))
    assert unread == 1
    client.get(f"/tasks/{tid}")  # a GET writes nothing: the notice stays unread
    session.expire_all()
    assert session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == officer.id, Notification.task_id == tid, Notification.read_at.is_(None))) == 1
    # Opening it from the list is a POST that reads the task's notices, then shows the task.
    resp = client.post("/notifications/read", data={"csrf_token": csrf_from(page.text), "task_id": str(tid)})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/tasks/{tid}")
    session.expire_all()
    assert session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == officer.id, Notification.task_id == tid, Notification.read_at.is_(None))) == 0
    act(client, tid, "comment", note="Đề nghị Ban hướng dẫn mẫu báo cáo.")
    thuky = _user(session, "thuky")
    assert session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == thuky.id, Notification.task_id == tid, Notification.kind == "commented")) == 1
    # No notice to the one who acted.
    assert session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == officer.id, Notification.kind == "commented")) == 0
    page = client.get("/notifications/")
    resp = client.post("/notifications/read", data={"csrf_token": csrf_from(page.text)})
    assert resp.status_code == 302


def test_unit_home_shows_cards_and_tasks_by_urgency(client, session, as_user):
    as_user("tohieu.canbo")
    home = client.get("/home").text
    assert 'data-count="overdue"' in home and "cat-card cat-overdue" in home
    rows = re.findall(r'data-task-id="(\d+)" data-cat="(\w+)"', home)
    cats = [c for _, c in rows]
    order = ["overdue", "due_soon", "within", "no_deadline"]
    assert cats == sorted(cats, key=lambda c: order.index(c) if c in order else 9)
    assert cats and cats[0] == "overdue"
