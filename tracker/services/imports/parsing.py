"""Reading an import file (CSV or Excel, checked by content) into records; the template files."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.domain.text import fold, normalize_spaces
from tracker.services import ServiceError
from tracker.services.upload_limits import check_archive, check_columns, limit, too_many_rows_error
from tracker.spreadsheet import literal_row, neutralise_workbook



MAX_IMPORT_BYTES = 5 * 1024 * 1024
# Rows and columns: IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS (services/upload_limits.py).


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

