"""Recording directives and assigning tasks through the pages, including bad input."""
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, post_form
from tracker.models import Directive, Task, Unit


def _count(session, model):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def _unit_id(session, code):
    return session.scalar(select(Unit.id).where(Unit.code == code))


def _new_directive(client, session, **over):
    data = {"kind": "conference", "symbol": "31-TB/BCĐ", "issued_on": "23/11/2022",
            "issuer_unit_id": str(_unit_id(session, "TP-BCD")), "signer": "Trưởng Ban Chỉ đạo",
            "title": "Thông báo kết luận hội nghị", "body": "yêu cầu các xã, phường ..."}
    data.update(over)
    return post_form(client, "/directives/new", data)


def test_secretariat_records_a_directive_with_party_number(client, session, as_user):
    as_user("thuky")
    resp = _new_directive(client, session)
    assert resp.status_code == 302, resp.text[resp.text.find("invalid-feedback"):][:300]
    # It has text: the next step offered is proposing tasks from it.
    assert resp.headers["Location"].endswith("/propose")
    d = session.scalar(select(Directive).where(Directive.symbol == "31-TB/BCĐ"))
    assert d.issued_on == date(2022, 11, 23) and d.numbering_period == "2020-2025"


def test_state_number_is_normalised(client, session, as_user):
    as_user("thuky")
    resp = _new_directive(client, session, symbol="so 5/qd-ubnd", kind="document")
    assert resp.status_code == 302
    assert session.scalar(select(Directive.symbol).order_by(Directive.id.desc()).limit(1)) == "05/QĐ-UBND"


@pytest.mark.parametrize("field,value,message", [
    ("title", "", "Hãy nhập trích yếu / tiêu đề."),
    ("symbol", "154/QĐ", "Số, ký hiệu không đúng dạng"),
    ("symbol", "154-XYZ/BCĐ", "Không nhận ra loại văn bản"),
    ("issued_on", "31/02/2024", "Ngày không hợp lệ"),
    ("issued_on", "", "Hãy nhập ngày ban hành"),
    ("issuer_unit_id", "0", "Hãy chọn cơ quan ban hành"),
])
def test_bad_directive_input_is_refused_and_form_kept(client, session, as_user, field, value, message):
    as_user("thuky")
    before = _count(session, Directive)
    resp = _new_directive(client, session, **{field: value, "signer": "Người ký giữ nguyên"})
    assert resp.status_code == 400
    assert message in resp.text
    assert 'value="Người ký giữ nguyên"' in resp.text  # what was typed is kept
    assert _count(session, Directive) == before


def test_duplicate_number_same_issuer_and_period_is_refused(client, session, as_user):
    as_user("thuky")
    before = _count(session, Directive)
    # 25-TB/BCĐ of 23/11/2022 is in the demo data; the same term (2020-2025) clashes.
    resp = _new_directive(client, session, symbol="25-TB/BCĐ", issued_on="02/01/2024")
    assert resp.status_code == 400
    assert "đã được dùng" in resp.text
    assert _count(session, Directive) == before


def test_same_number_in_next_period_is_allowed(client, session, as_user):
    as_user("thuky")
    assert _new_directive(client, session, symbol="25-TB/BCĐ", issued_on="15/11/2025").status_code == 302


def test_unit_officer_cannot_record_directives(client, as_user):
    as_user("chiengle.canbo")
    assert client.get("/directives/new").status_code == 403


def _assign(client, directive_id, rows):
    data = {}
    for i, row in enumerate(rows):
        for k, v in row.items():
            data[f"items-{i}-{k}"] = v
    data["save"] = "1"
    return post_form(client, f"/directives/{directive_id}/assign", data)


def _fresh_directive(client, session):
    _new_directive(client, session)
    return session.scalar(select(Directive.id).where(Directive.symbol == "31-TB/BCĐ"))


def test_assign_to_group_creates_one_task_per_commune_and_ward(client, session, as_user):
    as_user("thuky")
    did = _fresh_directive(client, session)
    city = _unit_id(session, "TP")
    resp = _assign(client, did, [
        {"content": "Quán triệt văn bản", "lead": f"communes:{city}", "deadline_kind": "date", "due_on": "31/12/2030",
         "priority": "normal"},
        {"content": "Tham mưu cải cách hành chính", "lead": str(_unit_id(session, "TP-UBND")),
         "coordinators": [str(_unit_id(session, "TP-NV"))], "deadline_kind": "working_days", "deadline_days": "10",
         "priority": "high"},
    ])
    assert resp.status_code == 302
    tasks = session.scalars(select(Task).where(Task.directive_id == did)).all()
    assert len(tasks) == 13
    leads = {t.lead_unit.name for t in tasks}
    assert "Phường Chiềng Lề" in leads and "Xã Hua La" in leads
    ubnd = next(t for t in tasks if t.lead_unit.code == "TP-UBND")
    assert [c.code for c in ubnd.coordinators] == ["TP-NV"]
    assert ubnd.due_on > ubnd.assigned_on
    assert all(t.events[0].kind == "assigned" for t in tasks)


@pytest.mark.parametrize("row,message", [
    ({"content": "", "lead": "TP-UBND", "deadline_kind": "none"}, "Nội dung nhiệm vụ không được để trống."),
    ({"content": "Việc", "lead": "", "deadline_kind": "none"}, "Hãy chọn đúng một đơn vị chủ trì"),
    ({"content": "Việc", "lead": "TP-UBND", "deadline_kind": "date", "due_on": "01/01/2001"},
     "Hạn hoàn thành không được trước ngày giao."),
    ({"content": "Việc", "lead": "TP-UBND", "deadline_kind": "date", "due_on": ""}, "Hãy nhập hạn hoàn thành"),
    ({"content": "Việc", "lead": "TP-UBND", "deadline_kind": "working_days", "deadline_days": "0"},
     "Số ngày làm việc phải từ 1 đến 3650."),
    ({"content": "Việc", "lead": "TP-UBND", "deadline_kind": "recurring", "recurrence": ""}, "Hãy chọn chu kỳ"),
    ({"content": "Việc", "lead": "999999", "deadline_kind": "none"}, "Hãy chọn đúng một đơn vị chủ trì"),
])
def test_bad_task_rows_are_refused_and_nothing_is_created(client, session, as_user, row, message):
    as_user("thuky")
    did = _fresh_directive(client, session)
    row = dict(row, priority="normal")
    if row["lead"] == "TP-UBND":
        row["lead"] = str(_unit_id(session, "TP-UBND"))
    good = {"content": "Việc hợp lệ", "lead": str(_unit_id(session, "TP-MTTQ")), "deadline_kind": "none",
            "priority": "normal"}
    before = _count(session, Task)
    resp = _assign(client, did, [good, row])
    assert resp.status_code == 400
    assert message in resp.text
    assert "Việc hợp lệ" in resp.text  # the valid row is still on the form
    assert _count(session, Task) == before  # all or nothing


def test_attachment_upload_checks_type_by_content(client, session, as_user):
    as_user("thuky")
    page = client.get("/directives/new")
    exe = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200)
    data = {"csrf_token": csrf_from(page.text), "kind": "conference", "issued_on": "01/02/2024",
            "issuer_unit_id": str(_unit_id(session, "TP-BCD")), "title": "Có tệp",
            "files": (exe, "ket-luan.pdf")}
    before = _count(session, Directive)
    resp = client.post("/directives/new", data=data, content_type="multipart/form-data")
    assert resp.status_code == 400
    assert "không phải định dạng được chấp nhận" in resp.text
    assert _count(session, Directive) == before


def test_pdf_attachment_is_stored_and_downloadable_only_by_those_who_see_it(app, client, session, as_user):
    as_user("thuky")
    page = client.get("/directives/new")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    data = {"csrf_token": csrf_from(page.text), "kind": "conference", "issued_on": "01/02/2024",
            "issuer_unit_id": str(_unit_id(session, "TP-BCD")), "title": "Có tệp PDF",
            "files": (io.BytesIO(pdf), "../../etc/ket luan.pdf")}
    resp = client.post("/directives/new", data=data, content_type="multipart/form-data")
    assert resp.status_code == 302
    d = session.scalar(select(Directive).where(Directive.title == "Có tệp PDF"))
    att = d.attachments[0]
    assert att.filename == "ket luan.pdf" and att.stored_name.endswith(".pdf") and "ket" not in att.stored_name
    got = client.get(f"/directives/attachments/{att.id}")
    assert got.status_code == 200 and got.data == pdf
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/home").text)})
    as_user("chiengle.canbo")  # the directive has no task for this ward
    assert client.get(f"/directives/attachments/{att.id}").status_code == 404


def test_oversized_upload_is_refused_with_a_message(app, client, session, as_user):
    as_user("thuky")
    page = client.get("/directives/new")
    big = io.BytesIO(b"%PDF-1.4\n" + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 10))
    before = _count(session, Directive)
    resp = client.post("/directives/new", data={"csrf_token": csrf_from(page.text), "kind": "conference",
                                                 "issued_on": "01/02/2024", "title": "Quá lớn",
                                                 "issuer_unit_id": str(_unit_id(session, "TP-BCD")),
                                                 "files": (big, "lon.pdf")}, content_type="multipart/form-data")
    assert resp.status_code == 413
    assert "Tệp tải lên quá lớn" in resp.text
    assert _count(session, Directive) == before


def test_working_day_deadline_skips_tet_2026(app, session):
    from tracker.services.calendar import load_calendar
    from tracker.domain.deadlines import compute_due_date, DeadlineKind

    with app.app_context():
        cal = load_calendar()
    # Assigned Thu 12/2/2026: Fri 13/2 counts, then the Tết break 14/2–22/2.
    assert compute_due_date(DeadlineKind.WORKING_DAYS, date(2026, 2, 12), cal, days=3) == date(2026, 2, 24)
