"""Importing tasks of a directive from CSV or Excel, in the layout secretariats already keep:
STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn | Ghi chú.

Flow: ``preview_tasks`` (a dry run: every row with its parsed values or its errors) ->
``tracker.services.imports.store_pending`` (kept server-side under a random id) ->
``apply_tasks`` (one ``assign_tasks`` call: all or nothing).

Units are matched against the units the directive's owner may assign to, by name, short
name or code, ignoring case and diacritics; "các xã, phường" / "thành viên BCĐ" name the
groups of ``unit_groups.groups_for``.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.cache import bump_data_version
from tracker.limits import TASK_CONTENT_MAX
from tracker.domain.deadlines import DeadlineKind, MAX_WORKING_DAYS, Recurrence
from tracker.domain.text import fold, normalize_spaces
from tracker.models import Unit
from tracker.queries.units import assignable_units
from tracker.services import ServiceError, require
from tracker.services.imports import Preview, RowError, read_bytes
from tracker.domain.roles import Action
from tracker.services.tasks import TaskInput, add_tasks, deadline_latest, horizon_years
from tracker.services.unit_groups import groups_for
from tracker.spreadsheet import literal_row, neutralise_workbook

# The file format: headers kept literal (Vietnamese) whatever the interface language.
COLUMNS = [("stt", "STT"), ("content", "Nội dung"), ("lead", "Đơn vị chủ trì"),
           ("coordinators", "Đơn vị phối hợp"), ("deadline", "Thời hạn"), ("note", "Ghi chú")]
REQUIRED = ("content", "lead")
# Other headers seen in secretariats' own sheets.
HEADER_ALIASES = {
    "stt": ("tt", "so tt", "so thu tu"),
    "content": ("noi dung nhiem vu", "nhiem vu", "noi dung cong viec"),
    "lead": ("don vi chu tri thuc hien", "co quan chu tri", "chu tri"),
    "coordinators": ("don vi phoi hop thuc hien", "co quan phoi hop", "phoi hop"),
    "deadline": ("thoi han hoan thanh", "han hoan thanh", "thoi gian hoan thanh", "han"),
    "note": ("ghi chu",),
}
FIELD_LABELS = {"stt": _l("STT"), "content": _l("Nội dung"), "lead": _l("Đơn vị chủ trì"),
                "coordinators": _l("Đơn vị phối hợp"), "deadline": _l("Thời hạn"), "note": _l("Ghi chú"),
                "file": _l("Tệp"), "_": _l("Dòng")}
SAMPLE_ROWS = [
    ["1", "Tiếp tục quán triệt, triển khai thực hiện các văn bản chỉ đạo của cấp trên về quy chế dân chủ ở cơ sở.",
     "Tất cả xã, phường", "", "31/12/2026", ""],
    ["2", "Rà soát, đánh giá kết quả thực hiện quy chế dân chủ ở cơ sở, báo cáo Ban Chỉ đạo.",
     "UBND thành phố Sơn La", "Phòng Nội vụ; Ban Dân vận Thành ủy", "20 ngày làm việc", ""],
    ["3", "Báo cáo kết quả thực hiện phong trào “Dân vận khéo”.", "Ủy ban MTTQ Việt Nam thành phố", "",
     "Hằng quý", "Báo cáo trước ngày 20 tháng cuối quý"],
    ["4", "Công khai minh bạch cơ chế, chính sách liên quan đến quyền và lợi ích của người dân.",
     "UBND thành phố Sơn La", "", "Thường xuyên", ""],
]
MAX_CONTENT = TASK_CONTENT_MAX

_RECURRENCE_WORDS = [  # folded phrases, longest first
    ("6 thang", Recurrence.HALF_YEARLY), ("sau thang", Recurrence.HALF_YEARLY),
    ("nua nam", Recurrence.HALF_YEARLY), ("thang", Recurrence.MONTHLY), ("quy", Recurrence.QUARTERLY),
    ("nam", Recurrence.YEARLY),
]
_DAYS = re.compile(r"^(\d{1,5})\s*ngay(\s+lam\s+viec)?(\s+ke\s+tu\s+ngay\s+giao)?$")
_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")  # an Excel date cell, as read


class DeadlineParseError(ValueError):
    pass


def parse_deadline_cell(text: str) -> dict:
    """{"deadline_kind", "due_on", "deadline_days", "recurrence"} from a Thời hạn cell.

    dd/mm/yyyy -> date; "N ngày làm việc" -> working days; empty or "thường xuyên" -> none;
    "hằng tháng/quý/6 tháng/năm" (also "hàng", "định kỳ ...") -> recurring.
    """
    raw = normalize_spaces(text)
    key = fold(raw).rstrip(".")
    result = {"deadline_kind": DeadlineKind.NONE.value, "due_on": None, "deadline_days": None, "recurrence": None}
    if not key or key in ("thuong xuyen", "nhiem vu thuong xuyen", "khong", "khong thoi han", "-", "—"):
        return result
    m = _DATE.match(key) or None
    iso = _ISO.match(key)
    if m or iso:
        try:
            d = date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else \
                date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            raise DeadlineParseError(_("Ngày “%(value)s” không tồn tại (dạng dd/mm/yyyy).", value=raw))
        result.update(deadline_kind=DeadlineKind.DATE.value, due_on=d)
        return result
    m = _DAYS.match(key)
    if m:
        days = int(m.group(1))
        if not 1 <= days <= MAX_WORKING_DAYS:
            raise DeadlineParseError(_("Số ngày làm việc phải từ 1 đến 3650."))
        result.update(deadline_kind=DeadlineKind.WORKING_DAYS.value, deadline_days=days)
        return result
    words = key.replace("dinh ky", "").replace("bao cao", "").strip(" ,")
    for prefix in ("hang ", "moi "):
        if words.startswith(prefix):
            words = words[len(prefix):].strip()
            break
    for phrase, rec in _RECURRENCE_WORDS:
        if words == phrase:
            result.update(deadline_kind=DeadlineKind.RECURRING.value, recurrence=rec.value)
            return result
    raise DeadlineParseError(_("Không hiểu thời hạn “%(value)s”: hãy ghi ngày dd/mm/yyyy, “N ngày làm việc”, "
                               "“Thường xuyên” hoặc “Hằng tháng/quý/6 tháng/năm”.", value=raw))


class UnitMatcher:
    """Unit names, short names and codes, folded, among the units the owner may assign to."""

    def __init__(self, session, owner: Unit, *, all_units: bool = False):
        self.units = assignable_units(session, owner, all_units=all_units)
        self.by_key: dict[str, set[int]] = {}
        self.names = {u.id: u.name for u in self.units}
        for u in self.units:
            for alias in (u.name, u.short_name, u.code):
                if alias:
                    self.by_key.setdefault(fold(alias), set()).add(u.id)
        self.groups = groups_for(session, owner)
        self.group_keys: dict[str, object] = {}
        for g in self.groups:
            self.group_keys[fold(g.label)] = g
            if g.key.startswith("communes:"):
                for phrase in ("tat ca xa, phuong", "tat ca cac xa, phuong", "cac xa, phuong", "xa, phuong",
                               "ubnd cac xa, phuong", "12/12 xa, phuong"):
                    self.group_keys.setdefault(phrase, g)
            if g.key.startswith("members:"):
                for phrase in ("thanh vien bcd", "cac thanh vien bcd", "thanh vien ban chi dao",
                               "tat ca thanh vien", "cac thanh vien ban chi dao"):
                    self.group_keys.setdefault(phrase, g)

    def one(self, text: str) -> tuple[list[int] | None, str | None]:
        """(unit ids, error): a group gives several ids; unknown or ambiguous -> (None, message)."""
        key = fold(text).strip(" .;")
        group = self.group_keys.get(key)
        if group is not None:
            return list(group.unit_ids), None
        ids = self.by_key.get(key)
        if not ids:
            return None, _("Không có đơn vị “%(name)s” trong danh mục.", name=normalize_spaces(text))
        if len(ids) > 1:
            return None, _("Tên “%(name)s” trùng với nhiều đơn vị: hãy ghi tên đầy đủ hoặc mã đơn vị.",
                           name=normalize_spaces(text))
        return [next(iter(ids))], None

    def many(self, text: str) -> tuple[list[int], list[str]]:
        """Coordinating units separated by ";" or new lines (or "," when the whole piece is no unit)."""
        ids, errors = [], []
        for piece in re.split(r"[;\n]+", text or ""):
            piece = normalize_spaces(piece)
            if not piece:
                continue
            found, err = self.one(piece)
            if found is None and "," in piece:
                parts = [normalize_spaces(p) for p in piece.split(",") if normalize_spaces(p)]
                results = [self.one(p) for p in parts]
                if all(r[0] is not None for r in results):
                    found, err = [i for r in results for i in r[0]], None
                else:
                    err = "; ".join(r[1] for r in results if r[1])
            if found is None:
                errors.append(err)
            else:
                ids.extend(i for i in found if i not in ids)
        return ids, errors


def _header_map(header: list[str]) -> dict[str, int]:
    wanted = {}
    for key, label in COLUMNS:
        wanted.setdefault(fold(label), key)
        for alias in HEADER_ALIASES.get(key, ()):
            wanted.setdefault(alias, key)
    found = {}
    for idx, title in enumerate(header):
        key = wanted.get(fold(title).strip(" .:*"))
        if key and key not in found:
            found[key] = idx
    return found


def _read_deadline(rec: dict, error, today: date) -> None:
    """The deadline cell into ``rec`` (kind, due date, days, recurrence); a due date must lie ahead, within the horizon."""
    try:
        parsed = parse_deadline_cell(rec["deadline"])
    except DeadlineParseError as e:
        error("deadline", str(e))
        return
    if parsed["due_on"] is not None and parsed["due_on"] < today:
        error("deadline", _("Hạn hoàn thành %(d)s đã qua (trước ngày giao).",
                            d=parsed["due_on"].strftime("%d/%m/%Y")))
    elif parsed["due_on"] is not None and parsed["due_on"] > deadline_latest(today):
        error("deadline", _("Hạn hoàn thành %(d)s quá xa: không được sau %(n)d năm kể từ ngày giao.",
                            d=parsed["due_on"].strftime("%d/%m/%Y"), n=horizon_years()))
    rec.update(parsed)
    rec["due_on"] = parsed["due_on"].isoformat() if parsed["due_on"] else None


def preview_tasks(session, owner: Unit, data: bytes, *, today: date, all_units: bool = False,
                  filename: str | None = None) -> Preview:
    """Check every row of a file; nothing is written. Raises ServiceError for an unreadable file."""
    rows = read_bytes(data, filename)
    start = next((i for i, r in enumerate(rows) if any(r)), None)
    if start is None:
        raise ServiceError({"file": _("Tệp rỗng.")})
    columns = _header_map(rows[start])
    missing = [label for key, label in COLUMNS if key in REQUIRED and key not in columns]
    if missing:
        raise ServiceError({"file": _("Thiếu cột: %(cols)s. Hãy dùng tệp mẫu.", cols=", ".join(missing))})
    matcher = UnitMatcher(session, owner, all_units=all_units)
    preview = Preview(kind="tasks")
    for line, values in enumerate(rows[start + 1:], start=start + 2):  # line numbers as the spreadsheet shows
        if not any(values):
            continue
        cell = {key: (values[idx] if idx is not None and idx < len(values) else "")
                for key, idx in ((k, columns.get(k)) for k, _label in COLUMNS)}
        rec = {"row": line, "stt": cell["stt"], "content": (cell["content"] or "").strip(),
               "lead": cell["lead"], "coordinators": cell["coordinators"], "deadline": cell["deadline"],
               "note": cell["note"], "lead_ids": [], "lead_names": [], "coordinator_ids": [],
               "coordinator_names": [], "deadline_kind": DeadlineKind.NONE.value, "due_on": None,
               "deadline_days": None, "recurrence": None}

        def error(field: str, message: str, line: int = line) -> None:
            preview.errors.append(RowError(row=line, field=field, message=str(message)))

        if not rec["content"]:
            error("content", _("Nội dung nhiệm vụ không được để trống."))
        elif len(rec["content"]) > MAX_CONTENT:
            error("content", _("Nội dung quá dài (tối đa %(n)d ký tự).", n=MAX_CONTENT))
        if not normalize_spaces(rec["lead"]):
            error("lead", _("Hãy ghi đơn vị chủ trì."))
        else:
            ids, err = matcher.one(rec["lead"])
            if ids is None:
                error("lead", err)
            else:
                rec["lead_ids"] = ids
                rec["lead_names"] = [matcher.names[i] for i in ids]
        ids, errs = matcher.many(rec["coordinators"])
        for err in errs:
            error("coordinators", err)
        rec["coordinator_ids"] = [i for i in ids if i not in rec["lead_ids"] or len(rec["lead_ids"]) > 1]
        rec["coordinator_names"] = [matcher.names[i] for i in rec["coordinator_ids"]]
        _read_deadline(rec, error, today)
        from tracker.domain.indicators import target_in_text
        hint = target_in_text(rec["content"] or "")
        rec["target"] = hint.to_json() if hint is not None else None   # "phấn đấu 100% xã, phường …"
        preview.rows.append(rec)
    if not preview.rows:
        preview.errors.append(RowError(row=0, field="file", message=_("Tệp không có dòng dữ liệu nào.")))
    return preview


def count_tasks(preview: Preview) -> int:
    """How many tasks confirming would create (a group lead gives one per unit)."""
    return sum(max(1, len(r.get("lead_ids") or [])) for r in preview.rows)


def apply_tasks(session, user, directive, preview: Preview, *, today: date, calendar) -> list:
    """Create every task of a checked preview in one transaction, or none."""
    if preview.errors:
        raise ServiceError({"file": _("Tệp còn lỗi; không có nhiệm vụ nào được tạo.")})
    if not preview.rows:
        raise ServiceError({"file": _("Tệp không có dòng dữ liệu nào.")})
    items = []
    for rec in preview.rows:
        items.append(TaskInput(
            content=rec["content"], lead_unit_ids=list(rec["lead_ids"]), coordinator_ids=list(rec["coordinator_ids"]),
            deadline_kind=rec["deadline_kind"], due_on=date.fromisoformat(rec["due_on"]) if rec["due_on"] else None,
            deadline_days=rec["deadline_days"], recurrence=rec["recurrence"], note=rec["note"] or None))
    try:
        require(user, Action.ASSIGN_TASK, directive)  # as assign_tasks does: this use case composes it
        tasks = add_tasks(session, user, directive, items, today=today, calendar=calendar,
                          assigning_unit=directive.owner)
        # A row whose content states a target also sets an indicator on the directive, over its lead units.
        from tracker.services.indicators import define_from_hint
        for rec in preview.rows:
            if rec.get("target"):
                define_from_hint(session, user, directive, rec["target"], name=rec["content"],
                                 unit_ids=list(rec["lead_ids"]))
        bump_data_version(session, structure=True)
        session.commit()
        return tasks
    except ServiceError as e:
        session.rollback()
        messages = []
        for key, message in e.errors.items():
            parts = key.split("-")
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(preview.rows):
                messages.append(_("Dòng %(row)d: %(msg)s", row=preview.rows[int(parts[1])]["row"], msg=message))
            else:
                messages.append(message)
        raise ServiceError({"file": " ".join(messages)})


# -- templates -------------------------------------------------------------------------

def template_csv() -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(literal_row(label for _key, label in COLUMNS))
    writer.writerows(literal_row(row) for row in SAMPLE_ROWS)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel then opens it as UTF-8


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiem vu"
    ws.append([label for _key, label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in SAMPLE_ROWS:
        ws.append(row)
    for col, width in zip("ABCDEF", (6, 70, 30, 34, 18, 30)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["E"].number_format = "@"
    help_ws = wb.create_sheet("Huong dan")
    for line in (
        ["Cột", "Cách ghi"],
        ["Đơn vị chủ trì", "Tên, tên viết tắt hoặc mã của một đơn vị trong danh mục; hoặc “Tất cả xã, phường”, "
                           "“Thành viên BCĐ” (mỗi đơn vị một nhiệm vụ)."],
        ["Đơn vị phối hợp", "Nhiều đơn vị cách nhau bằng dấu chấm phẩy (;)."],
        ["Thời hạn", "Ngày dd/mm/yyyy; “N ngày làm việc”; “Thường xuyên” hoặc để trống; "
                     "“Hằng tháng”, “Hằng quý”, “6 tháng”, “Hằng năm”."],
    ):
        help_ws.append(line)
    help_ws.column_dimensions["A"].width = 20
    help_ws.column_dimensions["B"].width = 100
    neutralise_workbook(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

