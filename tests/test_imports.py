"""Importing units and users from CSV/Excel: preview, row errors, all-or-nothing confirm."""
import io
import os
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.conftest import csrf_from, login
from tracker.models import Unit, User
from tracker.services import ServiceError
from tracker.services.imports import preview_units, preview_users, read_bytes

UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Email", "Tên viết tắt"]
USER_HEADER = ["Email", "Họ tên", "Vai trò", "Mã đơn vị", "Chức vụ", "Mật khẩu ban đầu"]


@pytest.fixture
def app_config(tmp_path):
    return {"IMPORT_DIR": str(tmp_path / "imports")}


def _csv(rows, sep=";", bom=True) -> bytes:
    text = "\r\n".join(sep.join(cells) for cells in rows) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, kind, data: bytes, filename):
    page = client.get("/admin/import")
    return client.post(f"/admin/import/{kind}", content_type="multipart/form-data", data={
        f"{kind}-csrf_token": csrf_from(page.text), f"{kind}-file": (io.BytesIO(data), filename)})


def _confirm(client, kind, preview_html):
    m = re.search(r'name="token"[^>]*value="([0-9a-f]{32})"', preview_html)
    assert m, "no token in the preview"
    return client.post(f"/admin/import/{kind}/confirm",
                       data={"csrf_token": csrf_from(preview_html), "token": m.group(1)})


def _count(session, model):
    session.expire_all()
    return session.scalar(select(func.count(model.id)))


GOOD_UNITS = [
    UNIT_HEADER,
    ["P-MOI", "Phường Mới", "Phường", "TP", "phuongmoi@example.vn", "Phường Mới"],
    ["P-MOI-TO1", "Tổ dân phố 1, phường Mới", "residential_group", "P-MOI", "", "Tổ 1"],
    ["P-MOI-TO2", "Tổ dân phố 2, phường Mới", "TO DAN PHO", "P-MOI", "", ""],
    ["B-MOI", "Bản Mới", "bản", "chiengco", "", ""],
]


# -- through the pages -----------------------------------------------------------------

def test_import_units_csv_preview_then_confirm(as_user, session):
    client = as_user("admin")
    before = _count(session, Unit)
    resp = _upload(client, "units", _csv(GOOD_UNITS), "don-vi.csv")
    assert resp.status_code == 200
    assert "Tệp hợp lệ: sẽ tạo 4 bản ghi." in resp.text
    assert "Sẽ tạo mới" in resp.text and "P-MOI-TO1" in resp.text
    assert _count(session, Unit) == before  # a dry run

    done = _confirm(client, "units", resp.text)
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/units")
    assert _count(session, Unit) == before + 4
    ward = session.scalar(select(Unit).where(Unit.code == "P-MOI"))
    group = session.scalar(select(Unit).where(Unit.code == "P-MOI-TO2"))
    city = session.scalar(select(Unit).where(Unit.code == "TP"))
    assert ward.kind == "ward" and ward.parent_id == city.id and ward.email == "phuongmoi@example.vn"
    assert group.kind == "residential_group" and group.parent_id == ward.id
    assert group.path == f"{ward.path}{group.id}/"
    assert session.scalar(select(Unit).where(Unit.code == "B-MOI")).kind == "village"
    assert "Đã nhập 4 đơn vị." in client.get("/admin/units").text

    # The same preview cannot be confirmed twice.
    again = _confirm(client, "units", resp.text)
    assert again.status_code == 302 and _count(session, Unit) == before + 4


def test_import_units_xlsx_with_comma_free_values(as_user, session):
    client = as_user("admin")
    before = _count(session, Unit)
    resp = _upload(client, "units", _xlsx(GOOD_UNITS), "don-vi.xlsx")
    assert "Tệp hợp lệ: sẽ tạo 4 bản ghi." in resp.text
    assert _confirm(client, "units", resp.text).status_code == 302
    assert _count(session, Unit) == before + 4


def test_import_users_csv_and_xlsx(as_user, session):
    client = as_user("admin")
    before = _count(session, User)
    rows = [USER_HEADER,
            ["an.nguyen@example.vn", "Nguyễn Văn An", "Cán bộ đơn vị", "chiengle", "Công chức", "mat-khau-an-12"],
            ["binh.tran@example.vn", "Trần Thị Bình", "LANH DAO DON VI", "tohieu", "", ""]]
    resp = _upload(client, "users", _csv(rows, sep=",", bom=False), "nguoi-dung.csv")
    assert "Tệp hợp lệ: sẽ tạo 2 bản ghi." in resp.text
    assert "quản trị cần đặt lại mật khẩu" in resp.text  # the row without a password
    assert _confirm(client, "users", resp.text).status_code == 302
    assert _count(session, User) == before + 2
    binh = session.scalar(select(User).where(User.email == "binh.tran@example.vn"))
    assert binh.role == "unit_head" and binh.unit.code == "tohieu"
    assert login(client.application.test_client(), "an.nguyen@example.vn", "mat-khau-an-12").status_code == 302

    rows = [USER_HEADER, ["cuong@example.vn", "Lò Văn Cường", "viewer", "TP-BCD", "", "mat-khau-cuong-1"]]
    resp = _upload(client, "users", _xlsx(rows), "nguoi-dung.xlsx")
    assert _confirm(client, "users", resp.text).status_code == 302
    assert session.scalar(select(User).where(User.email == "cuong@example.vn")).unit.code == "TP-BCD"


def test_file_with_one_bad_row_previews_error_and_confirm_writes_nothing(as_user, session):
    client = as_user("admin")
    before = _count(session, Unit)
    rows = GOOD_UNITS + [["P-LOI", "Đơn vị lỗi", "không có loại này", "P-MOI", "", ""]]
    resp = _upload(client, "units", _csv(rows), "don-vi.csv")
    assert resp.status_code == 200
    assert "Tệp có 1 lỗi." in resp.text
    errors = re.search(r'id="import-errors">(.*?)</table>', resp.text, re.S).group(1)
    assert "<td>6</td>" in errors and "Loại" in errors
    assert "Loại đơn vị “không có loại này” không hợp lệ." in errors
    assert "disabled" in re.search(r'<button class="btn btn-primary" type="submit"[^>]*>', resp.text).group(0)

    done = _confirm(client, "units", resp.text)  # forced, as a hand-made request would
    assert done.status_code == 302
    assert _count(session, Unit) == before
    assert "không có dữ liệu nào được ghi" in client.get("/admin/import").text


def test_users_file_errors_per_row(as_user, session):
    client = as_user("admin")
    before = _count(session, User)
    rows = [USER_HEADER,
            ["ok@example.vn", "Người Hợp Lệ", "unit_officer", "chiengle", "", "mat-khau-hop-le"],
            ["thuky@sonla.demo", "Trùng", "unit_officer", "chiengle", "", ""],
            ["khong-phai-email", "Sai", "giam doc", "KHONG-CO", "", "ngan"],
            ["ok@example.vn", "Trùng trong tệp", "viewer", "chiengle", "", ""]]
    resp = _upload(client, "users", _csv(rows), "nguoi-dung.csv")
    text = resp.text
    assert "Email thuky@sonla.demo đã được sử dụng." in text
    assert "Địa chỉ email không hợp lệ." in text
    assert "Vai trò “giam doc” không hợp lệ." in text
    assert "Không tìm thấy đơn vị đang hoạt động có mã KHONG-CO." in text
    assert "Mật khẩu phải có ít nhất 10 ký tự." in text
    assert "Email ok@example.vn bị trùng với dòng 2." in text
    _confirm(client, "users", text)
    assert _count(session, User) == before


def test_confirm_is_bound_to_server_side_preview(app, as_user, session):
    client = as_user("admin")
    before = _count(session, Unit)
    page = client.get("/admin/import").text
    resp = client.post("/admin/import/units/confirm", data={"csrf_token": csrf_from(page), "token": "0" * 32})
    assert resp.status_code == 302 and _count(session, Unit) == before
    resp = client.post("/admin/import/units/confirm", data={"csrf_token": csrf_from(page), "token": "../../etc/passwd"})
    assert resp.status_code == 302 and _count(session, Unit) == before
    # A preview of units cannot be confirmed as users, nor by another admin.
    preview = _upload(client, "units", _csv(GOOD_UNITS), "don-vi.csv").text
    assert _confirm(client, "users", preview).status_code == 302
    assert _count(session, Unit) == before
    from tracker.services import SYSTEM
    from tracker.services.users import create_user
    create_user(session, actor=SYSTEM, email="admin2@sonla.demo", name="Quản trị 2", password="mat-khau-admin-2",
                role="admin", unit=session.scalar(select(Unit).where(Unit.code == "TP")))
    other = app.test_client()
    assert login(other, "admin2@sonla.demo", "mat-khau-admin-2").status_code == 302
    m = re.search(r'name="token"[^>]*value="([0-9a-f]{32})"', preview)
    other.post("/admin/import/units/confirm",
               data={"csrf_token": csrf_from(other.get("/admin/import").text), "token": m.group(1)})
    assert _count(session, Unit) == before
    # No password in the stored preview files (users files keep only hashes).
    rows = [USER_HEADER, ["p@example.vn", "P", "viewer", "TP", "", "bi-mat-rat-dai-123"]]
    _upload(client, "users", _csv(rows), "u.csv")
    stored = "".join(open(os.path.join(app.config["IMPORT_DIR"], f)).read() for f in os.listdir(app.config["IMPORT_DIR"]))
    assert "bi-mat-rat-dai-123" not in stored


def test_rejects_files_that_are_not_csv_or_xlsx_and_big_files(as_user, session):
    client = as_user("admin")
    resp = _upload(client, "units", b"%PDF-1.7\n...", "don-vi.csv")
    assert resp.status_code == 415 and "Tệp không phải CSV hoặc Excel (.xlsx)." in resp.text
    resp = _upload(client, "units", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "don-vi.xlsx")
    assert resp.status_code == 415
    resp = _upload(client, "units", b"M\xe3 \xf0\xf4n v\xec;T\xean", "don-vi.csv")  # 8-bit legacy encoding
    assert resp.status_code == 415 and "UTF-8" in resp.text
    big = _csv(GOOD_UNITS) + b"x" * (5 * 1024 * 1024)
    resp = _upload(client, "units", big, "don-vi.csv")
    assert resp.status_code == 413 and "5 MB" in resp.text
    resp = _upload(client, "units", _csv([["a", "b"], ["1", "2"]]), "don-vi.csv")
    assert resp.status_code == 400 and "Thiếu cột" in resp.text


def test_templates_download_with_vietnamese_headers(as_user):
    client = as_user("admin")
    resp = client.get("/admin/import/units/template.csv")
    assert resp.status_code == 200 and resp.data.startswith("\ufeff".encode())
    assert resp.data.decode("utf-8-sig").splitlines()[0] == ";".join(UNIT_HEADER)
    resp = client.get("/admin/import/users/template.xlsx")
    ws = load_workbook(io.BytesIO(resp.data)).active
    assert [c.value for c in ws[1]] == USER_HEADER
    assert client.get("/admin/import/users/template.pdf").status_code == 404
    assert client.get("/admin/import/tasks/template.csv").status_code == 404


def test_template_files_import_as_they_are(as_user, session):
    """The sample rows of the templates are valid against the demo world."""
    client = as_user("admin")
    for ext in ("csv", "xlsx"):
        data = client.get(f"/admin/import/units/template.{ext}").data
        preview = _upload(client, "units", data, f"mau.{ext}").text
        assert "Tệp hợp lệ: sẽ tạo 2 bản ghi." in preview, ext
    _confirm(client, "units", preview)
    data = client.get("/admin/import/users/template.csv").data
    preview = _upload(client, "users", data, "mau.csv").text
    assert "Tệp hợp lệ: sẽ tạo 2 bản ghi." in preview


# -- the service directly ----------------------------------------------------------------

@pytest.fixture
def svc(app, session):
    """The session inside a request context, as the import service runs (labels need a locale)."""
    with app.test_request_context():
        yield session


def test_read_bytes_separators_bom_and_blank_lines():
    rows = read_bytes("\ufeffMã đơn vị,Tên đơn vị\r\n\r\nA,\"Phường A, mới\"\r\n".encode())
    assert rows[0] == ["Mã đơn vị", "Tên đơn vị"] and rows[-1] == ["A", "Phường A, mới"]
    rows = read_bytes("Mã đơn vị;Tên đơn vị\nA;Phường A, mới\n".encode())
    assert rows[1] == ["A", "Phường A, mới"]
    with pytest.raises(ServiceError):
        read_bytes(b"")


def test_headers_and_labels_are_case_and_diacritics_insensitive(svc):
    rows = [["MA DON VI", "ten don vi", "LOAI", "ma don vi cap tren", "email", "ten viet tat"],
            ["X1", "Đảng ủy X", "dang uy", "", "", ""],
            ["X2", "Chi bộ X", "CHI BỘ", "x1", "", ""],
            ["X3", "Phòng X", "department", "X1", "", ""]]
    preview = preview_units(svc, rows)
    assert not preview.errors
    assert [r["kind"] for r in preview.rows] == ["party_committee", "party_cell", "department"]


def test_parent_must_come_before_or_exist(svc):
    rows = [UNIT_HEADER, ["C1", "Con", "village", "P1", "", ""], ["P1", "Cha", "commune", "", "", ""],
            ["P1", "Cha lần hai", "commune", "", "", ""], ["chiengle", "Trùng mã có sẵn", "ward", "", "", ""]]
    preview = preview_units(svc, rows)
    by_row = {(e.row, e.field) for e in preview.errors}
    assert (2, "parent_code") in by_row and (4, "code") in by_row and (5, "code") in by_row
    assert (3, "code") not in by_row


def test_users_preview_roles_by_code_or_label(svc):
    rows = [USER_HEADER, ["a@example.vn", "A", "Quản trị hệ thống", "TP", "", ""],
            ["b@example.vn", "B", "secretariat", "TP-BCD", "", ""],
            ["c@example.vn", "C", "chuyen vien theo doi", "tp-bcd", "", ""]]
    preview = preview_users(svc, rows)
    assert not preview.errors
    assert [r["role"] for r in preview.rows] == ["admin", "secretariat", "secretariat"]
    assert [r["unit_code"] for r in preview.rows] == ["TP", "TP-BCD", "TP-BCD"]
    assert len(preview.notes) == 3
