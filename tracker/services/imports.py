"""Importing units and users from CSV or Excel: read, check every row, then write all or nothing.

Flow: ``read_upload`` (size and type by content) -> ``preview_units`` / ``preview_users``
(a dry run: rows with what would be created and a list of row errors) -> ``store_pending``
(the checked rows kept server-side under a random id) -> ``load_pending`` + ``apply_*``
(one transaction; any failure rolls everything back).

Passwords given in a users file are hashed at preview time, so no plaintext is kept on disk.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.cache import bump_data_version
from tracker.domain.roles import Action, Role
from tracker.domain.text import fold, normalize_spaces
from tracker.domain.units import UnitKind
from tracker.models import Unit, User
from tracker.security import MIN_PASSWORD_LENGTH, hash_password
from tracker.services import ServiceError, require
from tracker.services.units import add_unit
from tracker.services.upload_limits import check_archive, check_columns, limit, too_many_rows_error
from tracker.services.users import add_user
from tracker.spreadsheet import literal_row, neutralise_workbook

MAX_IMPORT_BYTES = 5 * 1024 * 1024
# Rows and columns: IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS (services/upload_limits.py).
PENDING_TTL_SECONDS = 2 * 3600

# Column keys and the Vietnamese headers of the template files (the file format: kept
# literal so a file filled in under any interface language reads the same).
UNIT_COLUMNS = [
    ("code", "Mã đơn vị"), ("name", "Tên đơn vị"), ("kind", "Loại"),
    ("parent_code", "Mã đơn vị cấp trên"), ("email", "Email"), ("short_name", "Tên viết tắt"),
]
USER_COLUMNS = [
    ("email", "Email"), ("name", "Họ tên"), ("role", "Vai trò"), ("unit_code", "Mã đơn vị"),
    ("title", "Chức vụ"), ("password", "Mật khẩu ban đầu"),
]
COLUMNS = {"units": UNIT_COLUMNS, "users": USER_COLUMNS}
REQUIRED = {"units": ("code", "name", "kind"), "users": ("email", "name", "role", "unit_code")}

# Field labels shown in the error list.
FIELD_LABELS = {
    "code": _l("Mã đơn vị"), "name": _l("Tên"), "kind": _l("Loại"), "parent_code": _l("Mã đơn vị cấp trên"),
    "email": _l("Email"), "short_name": _l("Tên viết tắt"), "role": _l("Vai trò"),
    "unit_code": _l("Mã đơn vị"), "title": _l("Chức vụ"), "password": _l("Mật khẩu ban đầu"),
    "file": _l("Tệp"), "_": _l("Dòng"),
}

SAMPLE_ROWS = {
    "units": [["P-QT", "Phường Quyết Thắng", "Phường", "TP", "quyetthang@example.vn", "Quyết Thắng"],
              ["P-QT-TO1", "Tổ dân phố 1, phường Quyết Thắng", "residential_group", "P-QT", "", "Tổ 1"]],
    "users": [["nguyenvana@example.vn", "Nguyễn Văn A", "Cán bộ đơn vị", "P-QT", "Công chức Văn phòng - Thống kê", ""],
              ["tranthib@example.vn", "Trần Thị B", "unit_head", "P-QT", "Phó Chủ tịch UBND", "mat-khau-ban-dau-1"]],
}


@dataclass
class RowError:
    row: int
    field: str
    message: str

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))


@dataclass
class Preview:
    kind: str
    rows: list[dict] = field(default_factory=list)     # values per row, with "row" = line number in the file
    errors: list[RowError] = field(default_factory=list)
    notes: list[RowError] = field(default_factory=list)  # not errors: e.g. "random password, use reset"

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def errors_for(self, row: int) -> list[RowError]:
        return [e for e in self.errors if e.row == row]

    def notes_for(self, row: int) -> list[RowError]:
        return [n for n in self.notes if n.row == row]

    def to_json(self) -> dict:
        return {"kind": self.kind, "rows": self.rows, "errors": [asdict(e) for e in self.errors],
                "notes": [asdict(n) for n in self.notes]}

    @classmethod
    def from_json(cls, data: dict) -> "Preview":
        return cls(kind=data["kind"], rows=data["rows"], errors=[RowError(**e) for e in data["errors"]],
                   notes=[RowError(**n) for n in data.get("notes", [])])


# -- reading files ---------------------------------------------------------------------

def _is_xlsx(data: bytes, name: str | None = None) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    # Sizes and ratios from the central directory before openpyxl inflates anything.
    names = {e.name for e in check_archive(data, name, parsed=True)}
    return "xl/workbook.xml" in names and "[Content_Types].xml" in names


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # codes typed as numbers: 101 not 101.0
    return normalize_spaces(str(value))


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a broken workbook is a user error, not a crash
        raise ServiceError({"file": _("Không đọc được tệp Excel. Hãy lưu lại dưới dạng .xlsx và thử lại.")})
    try:
        ws = wb.worksheets[0]
        rows = []
        max_rows = limit("IMPORT_MAX_ROWS")
        for values in ws.iter_rows(values_only=True):
            check_columns(values, len(rows) + 1)
            rows.append([_cell(v) for v in values])
            if len(rows) > max_rows + 1:
                break
        return rows
    finally:
        wb.close()


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\x00" in data[:4096]:
        raise ServiceError({"file": _("Tệp không phải CSV hoặc Excel (.xlsx).")}, status=415)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError({"file": _("Tệp CSV phải được lưu với bảng mã UTF-8.")}, status=415)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if first.count("\t") > max(first.count(";"), first.count(",")):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    max_rows = limit("IMPORT_MAX_ROWS")
    try:
        for values in reader:
            check_columns(values, reader.line_num)
            rows.append([_cell(v) for v in values])
            if len(rows) > max_rows + 1:
                break
    except csv.Error:
        raise ServiceError({"file": _("Tệp CSV không đúng định dạng.")})
    return rows


def read_upload(storage) -> list[list[str]]:
    """Rows of cells from an uploaded CSV or XLSX; the type is decided by content, not by name."""
    data = storage.stream.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise ServiceError({"file": _("Tệp vượt quá dung lượng cho phép (%(mb)d MB).",
                                      mb=MAX_IMPORT_BYTES // (1024 * 1024))}, status=413)
    return read_bytes(data, storage.filename)


def read_bytes(data: bytes, name: str | None = None) -> list[list[str]]:
    if not data or not data.strip():
        raise ServiceError({"file": _("Tệp rỗng.")})
    if _is_xlsx(data, name):
        rows = _read_xlsx(data)
    elif data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise ServiceError({"file": _("Tệp không phải CSV hoặc Excel (.xlsx).")}, status=415)
    else:
        rows = _read_csv(data)
    if len(rows) > limit("IMPORT_MAX_ROWS") + 1:
        raise too_many_rows_error()
    return rows


def _header_map(kind: str, header: list[str]) -> dict[str, int]:
    """Column index per field key, matching headers case- and diacritics-insensitively."""
    wanted = {}
    for key, label in COLUMNS[kind]:
        for alias in (label, key, str(FIELD_LABELS.get(key, label))):
            wanted.setdefault(fold(alias), key)
    # "Mã đơn vị" in a units file is the unit's own code.
    found = {}
    for idx, title in enumerate(header):
        key = wanted.get(fold(title))
        if key and key not in found:
            found[key] = idx
    return found


def _records(kind: str, rows: list[list[str]]) -> tuple[list[dict], list[RowError]]:
    # Skip leading blank lines: the header is the first non-empty row.
    start = next((i for i, r in enumerate(rows) if any(r)), None)
    if start is None:
        raise ServiceError({"file": _("Tệp rỗng.")})
    columns = _header_map(kind, rows[start])
    missing = [label for key, label in COLUMNS[kind] if key in REQUIRED[kind] and key not in columns]
    if missing:
        raise ServiceError({"file": _("Thiếu cột: %(cols)s. Hãy dùng tệp mẫu.", cols=", ".join(missing))})
    records = []
    for i, values in enumerate(rows[start + 1:], start=start + 2):  # line numbers as the spreadsheet shows them
        if not any(values):
            continue
        rec = {"row": i}
        for key, _label in COLUMNS[kind]:
            idx = columns.get(key)
            rec[key] = values[idx] if idx is not None and idx < len(values) else ""
        records.append(rec)
    return records, []


# -- codes and labels ----------------------------------------------------------------

def _code_lookup(codes: list[str], labels_map: dict) -> dict[str, str]:
    lookup = {}
    for code in codes:
        lookup[fold(code)] = code
        lookup[fold(code.replace("_", " "))] = code
    with force_locale("vi"):
        for code, label in labels_map.items():
            lookup.setdefault(fold(str(label)), code)
    for code, label in labels_map.items():  # the interface language too
        lookup.setdefault(fold(str(label)), code)
    return lookup


def _kind_lookup() -> dict[str, str]:
    from tracker.labels import UNIT_KIND
    return _code_lookup([k.value for k in UnitKind], UNIT_KIND)


def _role_lookup() -> dict[str, str]:
    from tracker.labels import ROLE
    return _code_lookup([r.value for r in Role], ROLE)


def _check_email(value: str) -> str | None:
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


# -- previews (dry runs) -------------------------------------------------------------

def preview_units(session, rows: list[list[str]]) -> Preview:
    records, errors = _records("units", rows)
    preview = Preview(kind="units", errors=errors)
    kinds = _kind_lookup()
    existing = {c.casefold(): c for c in session.scalars(select(Unit.code)).all()}
    seen: dict[str, int] = {}
    for rec in records:
        row, errs = rec["row"], []
        code, name = rec["code"], rec["name"]
        if not code:
            errs.append(RowError(row, "code", _("Mã đơn vị không được để trống.")))
        elif len(code) > 50:
            errs.append(RowError(row, "code", _("Mã đơn vị tối đa 50 ký tự.")))
        elif code.casefold() in existing:
            errs.append(RowError(row, "code", _("Mã đơn vị %(code)s đã tồn tại.", code=code)))
        elif code.casefold() in seen:
            errs.append(RowError(row, "code", _("Mã đơn vị %(code)s bị trùng với dòng %(row)d.",
                                                code=code, row=seen[code.casefold()])))
        if not name:
            errs.append(RowError(row, "name", _("Tên đơn vị không được để trống.")))
        elif len(name) > 255:
            errs.append(RowError(row, "name", _("Tên đơn vị tối đa 255 ký tự.")))
        kind = kinds.get(fold(rec["kind"]))
        if kind is None:
            errs.append(RowError(row, "kind", _("Loại đơn vị “%(value)s” không hợp lệ.", value=rec["kind"])))
        parent = rec["parent_code"]
        if parent and parent.casefold() not in existing and parent.casefold() not in seen:
            errs.append(RowError(row, "parent_code", _(
                "Không tìm thấy đơn vị cấp trên có mã %(code)s (phải có sẵn hoặc ở dòng phía trên).", code=parent)))
        email = rec["email"]
        if email:
            normalised = _check_email(email)
            if normalised is None:
                errs.append(RowError(row, "email", _("Địa chỉ email không hợp lệ.")))
            else:
                email = normalised
        if len(rec["short_name"]) > 100:
            errs.append(RowError(row, "short_name", _("Tên viết tắt tối đa 100 ký tự.")))
        if code and code.casefold() not in seen:
            seen[code.casefold()] = row
        preview.errors.extend(errs)
        preview.rows.append({"row": row, "code": code, "name": name, "kind": kind or rec["kind"],
                             "parent_code": (existing.get(parent.casefold()) if parent else "") or parent,
                             "email": email, "short_name": rec["short_name"]})
    if not records:
        preview.errors.append(RowError(0, "file", _("Tệp không có dòng dữ liệu nào.")))
    return preview


def preview_users(session, rows: list[list[str]]) -> Preview:
    records, errors = _records("users", rows)
    preview = Preview(kind="users", errors=errors)
    roles = _role_lookup()
    units = {c.casefold(): c for c in session.scalars(select(Unit.code).where(Unit.is_active.is_(True))).all()}
    taken = set(session.scalars(select(func.lower(User.email))).all())
    seen: dict[str, int] = {}
    for rec in records:
        row, errs = rec["row"], []
        email = _check_email(rec["email"]) if rec["email"] else None
        if not rec["email"]:
            errs.append(RowError(row, "email", _("Email không được để trống.")))
        elif email is None:
            errs.append(RowError(row, "email", _("Địa chỉ email không hợp lệ.")))
        elif email in taken:
            errs.append(RowError(row, "email", _("Email %(email)s đã được sử dụng.", email=email)))
        elif email in seen:
            errs.append(RowError(row, "email", _("Email %(email)s bị trùng với dòng %(row)d.",
                                                 email=email, row=seen[email])))
        if not rec["name"]:
            errs.append(RowError(row, "name", _("Họ tên không được để trống.")))
        elif len(rec["name"]) > 255:
            errs.append(RowError(row, "name", _("Họ tên tối đa 255 ký tự.")))
        role = roles.get(fold(rec["role"]))
        if role is None:
            errs.append(RowError(row, "role", _("Vai trò “%(value)s” không hợp lệ.", value=rec["role"])))
        unit_code = units.get(rec["unit_code"].casefold()) if rec["unit_code"] else None
        if not rec["unit_code"]:
            errs.append(RowError(row, "unit_code", _("Người dùng phải thuộc một đơn vị.")))
        elif unit_code is None:
            errs.append(RowError(row, "unit_code", _("Không tìm thấy đơn vị đang hoạt động có mã %(code)s.",
                                                     code=rec["unit_code"])))
        if len(rec["title"]) > 255:
            errs.append(RowError(row, "title", _("Chức vụ tối đa 255 ký tự.")))
        password_hash = None
        if rec["password"]:
            if len(rec["password"]) < MIN_PASSWORD_LENGTH:
                errs.append(RowError(row, "password", _("Mật khẩu phải có ít nhất %(n)d ký tự.",
                                                        n=MIN_PASSWORD_LENGTH)))
        else:
            preview.notes.append(RowError(row, "password", _(
                "Không có mật khẩu: hệ thống đặt mật khẩu ngẫu nhiên, quản trị cần đặt lại mật khẩu "
                "cho người dùng này trước khi họ đăng nhập.")))
        if email and email not in seen:
            seen[email] = row
        preview.errors.extend(errs)
        if not errs and rec["password"]:
            password_hash = hash_password(rec["password"])  # only the hash is kept until confirm
        preview.rows.append({"row": row, "email": email or rec["email"], "name": rec["name"],
                             "role": role or rec["role"], "unit_code": unit_code or rec["unit_code"],
                             "title": rec["title"], "password_hash": password_hash,
                             "has_password": bool(rec["password"])})
    if not records:
        preview.errors.append(RowError(0, "file", _("Tệp không có dòng dữ liệu nào.")))
    return preview


def preview_upload(session, kind: str, storage) -> Preview:
    rows = read_upload(storage)
    return preview_units(session, rows) if kind == "units" else preview_users(session, rows)


# -- keeping a preview between the two requests ----------------------------------------

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _pending_dir() -> str:
    path = current_app.config.get("IMPORT_DIR") or os.path.join(current_app.instance_path, "imports")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def _cleanup(directory: str) -> None:
    limit = time.time() - PENDING_TTL_SECONDS
    for name in os.listdir(directory):
        full = os.path.join(directory, name)
        try:
            if os.path.getmtime(full) < limit:
                os.unlink(full)
        except OSError:
            pass


def store_pending(preview: Preview, user_id: int) -> str:
    """Keep a checked preview on the server; the browser only gets a random id."""
    directory = _pending_dir()
    _cleanup(directory)
    token = secrets.token_hex(16)
    payload = {"user_id": user_id, "created": time.time(), "preview": preview.to_json()}
    path = os.path.join(directory, token + ".json")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False)
    return token


def load_pending(token: str, kind: str, user_id: int) -> Preview:
    """The preview stored under ``token`` for this user and kind; ServiceError when gone."""
    gone = ServiceError({"file": _("Phiên nhập dữ liệu đã hết hạn hoặc không tồn tại. Hãy tải tệp lên lại.")})
    if not _TOKEN.match(token or ""):
        raise gone
    path = os.path.join(_pending_dir(), token + ".json")
    try:
        with open(path, encoding="utf-8") as fh:
            payload = json.load(fh)
    except (OSError, ValueError):
        raise gone
    if (payload.get("user_id") != user_id or payload["preview"].get("kind") != kind
            or time.time() - payload.get("created", 0) > PENDING_TTL_SECONDS):
        raise gone
    return Preview.from_json(payload["preview"])


def discard_pending(token: str) -> None:
    if _TOKEN.match(token or ""):
        try:
            os.unlink(os.path.join(_pending_dir(), token + ".json"))
        except OSError:
            pass


# -- writing (all or nothing) ----------------------------------------------------------

def _apply(session, preview: Preview, write_row) -> int:
    if preview.errors:
        raise ServiceError({"file": _("Tệp còn lỗi; không có dữ liệu nào được ghi.")})
    if not preview.rows:
        raise ServiceError({"file": _("Tệp không có dòng dữ liệu nào.")})
    try:
        for rec in preview.rows:
            try:
                write_row(rec)
            except ServiceError as e:
                # Something changed since the preview (e.g. a code taken meanwhile).
                raise ServiceError({"file": _("Dòng %(row)d: %(msg)s", row=rec["row"],
                                              msg="; ".join(e.errors.values()))})
        bump_data_version(session, structure=True)
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ServiceError({"file": _("Dữ liệu vừa bị thay đổi bởi người khác (trùng mã hoặc email). Hãy tải tệp lên lại.")})
    except Exception:
        session.rollback()
        raise
    return len(preview.rows)


def apply_units(session, preview: Preview, *, actor) -> int:
    """Create every unit of the preview in one transaction; returns how many."""
    require(actor, Action.MANAGE_UNITS)
    created: dict[str, Unit] = {}

    def write(rec):
        parent = None
        if rec["parent_code"]:
            parent = created.get(rec["parent_code"].casefold()) or session.scalar(
                select(Unit).where(Unit.code == rec["parent_code"]))
            if parent is None:
                raise ServiceError({"parent_code": _("Không tìm thấy đơn vị cấp trên có mã %(code)s.",
                                                     code=rec["parent_code"])})
        unit = add_unit(session, name=rec["name"], code=rec["code"], kind=rec["kind"], parent=parent,
                        email=rec["email"] or None, short_name=rec["short_name"] or None)
        created[rec["code"].casefold()] = unit

    return _apply(session, preview, write)


def apply_users(session, preview: Preview, *, actor) -> int:
    """Create every user of the preview in one transaction; returns how many."""
    require(actor, Action.MANAGE_USERS)
    def write(rec):
        unit = session.scalar(select(Unit).where(Unit.code == rec["unit_code"], Unit.is_active.is_(True)))
        user = add_user(session, email=rec["email"], name=rec["name"], role=rec["role"], unit=unit,
                        title=rec["title"] or None, password=secrets.token_urlsafe(24))
        if rec.get("password_hash"):
            user.password_hash = rec["password_hash"]
        session.flush()  # a duplicate email in the database fails here, inside the transaction

    return _apply(session, preview, write)


# -- templates -------------------------------------------------------------------------

def template_csv(kind: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(literal_row(label for _key, label in COLUMNS[kind]))
    for row in SAMPLE_ROWS[kind]:
        writer.writerow(literal_row(row))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel then opens it as UTF-8


def template_xlsx(kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from tracker.labels import ROLE, UNIT_KIND

    wb = Workbook()
    ws = wb.active
    ws.title = "Don vi" if kind == "units" else "Nguoi dung"
    ws.append([label for _key, label in COLUMNS[kind]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in SAMPLE_ROWS[kind]:
        ws.append(row)
    for col, width in zip("ABCDEF", (22, 40, 22, 22, 30, 30)):
        ws.column_dimensions[col].width = width
    ref = wb.create_sheet("Danh muc")
    ref.append([_("Mã"), _("Tên")])
    for code, label in (UNIT_KIND if kind == "units" else ROLE).items():
        ref.append([code, str(label)])
    neutralise_workbook(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
