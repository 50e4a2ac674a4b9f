"""Importing a directive's tasks from Excel/CSV: template, dry-run preview with row errors,
all-or-nothing confirm; and the parsing rules of the Thời hạn and unit columns."""
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.conftest import csrf_from, post_form
from tracker.models import Directive, Task, Unit
from tracker.services.task_import import DeadlineParseError, parse_deadline_cell

HEADER = ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Ghi chú"]
FUTURE = date.today() + timedelta(days=400)


def _dmy(d):
    return d.strftime("%d/%m/%Y")


def _count(session, *where):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Task).where(*where))


def _unit_id(session, code):
    return session.scalar(select(Unit.id).where(Unit.code == code))


def _directive(client, session, symbol="50-TB/BCĐ"):
    resp = post_form(client, "/directives/new", {
        "kind": "conference", "symbol": symbol, "issued_on": "23/11/2022",
        "issuer_unit_id": str(_unit_id(session, "TP-BCD")), "title": "Thông báo kết luận giao ban", "body": ""})
    assert resp.status_code == 302
    session.expire_all()
    return session.scalar(select(Directive.id).where(Directive.symbol == symbol))


def _xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, did, data: bytes, filename="nhiem-vu.xlsx"):
    page = client.get(f"/directives/{did}/import")
    assert page.status_code == 200
    return client.post(f"/directives/{did}/import", data={"csrf_token": csrf_from(page.text),
                                                          "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _confirm(client, did, preview_html):
    token = re.search(r'name="token" value="([0-9a-f]+)"', preview_html).group(1)
    return client.post(f"/directives/{did}/import/confirm",
                       data={"csrf_token": csrf_from(preview_html), "token": token})


GOOD_ROWS = [
    ["1", "Quán triệt, triển khai các văn bản chỉ đạo về quy chế dân chủ ở cơ sở.", "Tất cả xã, phường", "",
     FUTURE, ""],  # a real date cell in the .xlsx
    ["2", "Rà soát, đánh giá kết quả thực hiện quy chế dân chủ.", "ubnd thanh pho son la",
     "Phòng Nội vụ; Ban Dân vận", "20 ngày làm việc", "Báo cáo bằng văn bản"],
    ["3", "Báo cáo kết quả phong trào “Dân vận khéo”.", "TP-MTTQ", "", "Hằng quý", ""],
    ["4", "Công khai cơ chế, chính sách liên quan đến quyền lợi của người dân.", "Chiềng Lề", "", "Thường xuyên", ""],
    ["5", "Rà soát các tổ dân phố.", "Phường Tô Hiệu", "Tổ dân phố 1, phường Chiềng Lề", "", ""],
]


def test_templates_have_the_secretariat_columns(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    page = client.get(f"/directives/{did}/import")
    assert "template.xlsx" in page.text and "template.csv" in page.text
    resp = client.get(f"/directives/{did}/import/template.xlsx")
    assert resp.status_code == 200 and "spreadsheetml" in resp.mimetype
    ws = load_workbook(io.BytesIO(resp.data)).worksheets[0]
    assert [c.value for c in ws[1]] == HEADER
    resp = client.get(f"/directives/{did}/import/template.csv")
    assert resp.data.startswith("\ufeff".encode()) and resp.data.decode("utf-8-sig").splitlines()[0] == ";".join(HEADER)
    assert client.get(f"/directives/{did}/import/template.pdf").status_code == 404


def test_the_templates_themselves_import_cleanly(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    for ext in ("xlsx", "csv"):
        data = client.get(f"/directives/{did}/import/template.{ext}").data
        resp = _upload(client, did, data, f"mau.{ext}")
        assert resp.status_code == 200
        assert "4 dòng hợp lệ, 0 dòng lỗi" in resp.text, resp.text[resp.text.find("import-errors"):][:800]


def test_good_xlsx_previews_then_creates_every_task(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    before = _count(session)
    resp = _upload(client, did, _xlsx(GOOD_ROWS))
    assert resp.status_code == 200
    assert "5 dòng hợp lệ, 0 dòng lỗi" in resp.text
    assert 'id="import-confirm" disabled' not in resp.text
    assert _count(session) == before  # the preview is a dry run
    preview_html = resp.text
    resp = _confirm(client, did, preview_html)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/directives/{did}")
    tasks = session.scalars(select(Task).where(Task.directive_id == did)).all()
    assert len(tasks) == 12 + 4
    by_content = {}
    for t in tasks:
        by_content.setdefault(t.content, []).append(t)
    first = by_content[GOOD_ROWS[0][1]]
    assert len(first) == 12 and all(t.deadline_kind == "date" for t in first)
    # A deadline on a day off moves to the next working day.
    assert all(FUTURE <= t.due_on <= FUTURE + timedelta(days=10) for t in first)
    (t2,) = by_content[GOOD_ROWS[1][1]]
    assert t2.lead_unit.code == "TP-UBND" and sorted(c.code for c in t2.coordinators) == ["TP-BDV", "TP-NV"]
    assert (t2.deadline_kind, t2.deadline_days, t2.note) == ("working_days", 20, "Báo cáo bằng văn bản")
    (t3,) = by_content[GOOD_ROWS[2][1]]
    assert (t3.lead_unit.code, t3.deadline_kind, t3.recurrence) == ("TP-MTTQ", "recurring", "quarterly")
    (t4,) = by_content[GOOD_ROWS[3][1]]
    assert (t4.lead_unit.name, t4.deadline_kind, t4.due_on) == ("Phường Chiềng Lề", "none", None)
    (t5,) = by_content[GOOD_ROWS[4][1]]
    assert [c.name for c in t5.coordinators] == ["Tổ dân phố 1, phường Chiềng Lề"]  # a comma inside a name
    assert _count(session) == before + 16
    # The same confirmation cannot be posted twice.
    resp = _confirm(client, did, preview_html)
    assert resp.headers["Location"].endswith(f"/directives/{did}/import")
    assert _count(session) == before + 16


def test_bad_rows_are_listed_and_confirm_creates_nothing(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    rows = GOOD_ROWS[:2] + [
        ["3", "Di dời cột điện.", "Điện lực thành phố Sơn La", "", _dmy(FUTURE), ""],
        ["4", "Báo cáo tiến độ.", "UBND thành phố Sơn La", "", "31/02/2025", ""],
        ["5", "", "UBND thành phố Sơn La", "", "", ""],
        ["6", "Phối hợp tuyên truyền.", "UBND thành phố Sơn La", "Sở Không Tồn Tại", "sớm nhất có thể", ""],
    ]
    before = _count(session)
    resp = _upload(client, did, _xlsx(rows))
    assert resp.status_code == 200
    assert "2 dòng hợp lệ, 4 dòng lỗi" in resp.text
    errors = re.search(r'<table[^>]*id="import-errors".*?</table>', resp.text, re.S).group(0)
    assert re.search(r"<td>4</td><td>Đơn vị chủ trì</td><td>Không có đơn vị “Điện lực thành phố Sơn La”", errors)
    assert re.search(r"<td>5</td><td>Thời hạn</td><td>Ngày “31/02/2025” không tồn tại", errors)
    assert re.search(r"<td>6</td><td>Nội dung</td><td>Nội dung nhiệm vụ không được để trống", errors)
    assert re.search(r"<td>7</td><td>Đơn vị phối hợp</td>", errors) and re.search(r"<td>7</td><td>Thời hạn</td>", errors)
    assert 'id="import-confirm" disabled' in resp.text
    # The disabled button promises nothing: it names the errors, not "Giao 6 nhiệm vụ".
    button = re.search(r'<button[^>]*id="import-confirm"[^>]*>([^<]*)</button>', resp.text).group(1)
    assert button == "Chưa giao được: còn 4 dòng lỗi"
    resp = _confirm(client, did, resp.text)  # posted anyway: refused
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/directives/{did}/import")
    assert "Không có nhiệm vụ nào được tạo." in client.get(resp.headers["Location"]).text
    assert _count(session) == before


def test_csv_with_bom_and_semicolons(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    lines = [";".join(HEADER),
             f"1;Tổng hợp kết quả thực hiện quy chế dân chủ;Ban Dân vận Thành ủy;UBND thành phố Sơn La;{_dmy(FUTURE)};",
             "2;Tuyên truyền phong trào “Dân vận khéo”;Ủy ban MTTQ Việt Nam thành phố;;hàng tháng;ghi chú"]
    data = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
    before = _count(session)
    resp = _upload(client, did, data, "nhiem-vu.csv")
    assert "2 dòng hợp lệ, 0 dòng lỗi" in resp.text
    assert _confirm(client, did, resp.text).status_code == 302
    assert _count(session) == before + 2
    t = session.scalar(select(Task).where(Task.directive_id == did, Task.recurrence == "monthly"))
    assert t.lead_unit.code == "TP-MTTQ" and t.note == "ghi chú"


def test_unreadable_or_wrong_files_are_refused(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    resp = _upload(client, did, b"%PDF-1.4 not a sheet", "nhiem-vu.xlsx")  # the name lies: content decides
    assert resp.status_code == 415
    resp = _upload(client, did, _xlsx([GOOD_ROWS[0]], header=["STT", "Việc", "Ai"]))
    assert resp.status_code == 400 and "Thiếu cột" in resp.text
    resp = _upload(client, did, b"x" * (5 * 1024 * 1024 + 10), "big.csv")
    assert resp.status_code == 413


def test_token_of_another_user_or_directive_is_refused(app, client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    other = _directive(client, session, symbol="51-TB/BCĐ")
    resp = _upload(client, did, _xlsx(GOOD_ROWS[1:2]))
    before = _count(session)
    token = re.search(r'name="token" value="([0-9a-f]+)"', resp.text).group(1)
    resp = client.post(f"/directives/{other}/import/confirm", data={"csrf_token": csrf_from(resp.text), "token": token})
    assert resp.status_code == 302 and _count(session) == before


@pytest.mark.parametrize("cell,expected", [
    ("", ("none", None, None, None)),
    ("Thường xuyên", ("none", None, None, None)),
    ("31/12/2026", ("date", date(2026, 12, 31), None, None)),
    ("5/1/2027", ("date", date(2027, 1, 5), None, None)),
    ("2026-12-31 00:00:00", ("date", date(2026, 12, 31), None, None)),  # an Excel date cell
    ("20 ngày làm việc", ("working_days", None, 20, None)),
    ("15 ngay lam viec", ("working_days", None, 15, None)),
    ("Hằng tháng", ("recurring", None, None, "monthly")),
    ("hàng quý", ("recurring", None, None, "quarterly")),
    ("Định kỳ 6 tháng", ("recurring", None, None, "half_yearly")),
    ("Hằng năm", ("recurring", None, None, "yearly")),
])
def test_deadline_cells(cell, expected):
    got = parse_deadline_cell(cell)
    assert (got["deadline_kind"], got["due_on"], got["deadline_days"], got["recurrence"]) == expected


@pytest.mark.parametrize("cell", ["31/02/2025", "sớm", "0 ngày làm việc", "32/1/2026"])
def test_bad_deadline_cells(app, cell):
    with app.test_request_context():
        with pytest.raises(DeadlineParseError):
            parse_deadline_cell(cell)
