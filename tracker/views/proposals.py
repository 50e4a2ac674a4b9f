"""Proposed tasks from a conclusion's text, and tasks imported from a spreadsheet.

Propose: text (the directive's body, pasted, or read from a .docx/.pdf/.txt) -> "Phân tích" ->
an editable table of proposals -> merge / split / delete / add rows -> "Giao nhiệm vụ" creates
every task in one transaction. Between steps the table lives in the posted form itself
(plain fields, re-rendered as typed); nothing is kept in the server session and nothing is
written until the officer confirms.

Import: template download -> upload -> dry-run preview with an error per row -> confirm
(the checked rows are kept server-side under a random id, never in hidden fields).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from tracker.auth import can
from tracker.domain.deadlines import DeadlineKind, Recurrence
from tracker.domain.extraction import extract
from tracker.domain.roles import Action
from tracker.extensions import db
from tracker.models import Directive
from tracker.queries.units import assignable_units, tree_choices
from tracker.services import ServiceError, imports, task_import
from tracker.services.directives import load_directive_for
from tracker.services.calendar import current_calendar
from tracker.services.extraction import directory_for, text_from_bytes
from tracker.services.tasks import TaskInput, assign_tasks, check_tasks
from tracker.services.unit_groups import groups_for, resolve_lead_choice
from tracker.services.upload_limits import check_text_length
from tracker.timeutil import local_today
from tracker.views import labels
from tracker.views.fields import parse_dmy

bp = Blueprint("proposals", __name__, url_prefix="/directives")

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200

FLAG_LABELS = {
    "unknown_unit": _l("Có đơn vị chưa có trong danh mục"),
    "no_lead": _l("Chưa rõ đơn vị chủ trì"),
    "deadline_ambiguous": _l("Thời hạn chưa rõ"),
    "deadline_from_intro": _l("Thời hạn lấy từ câu dẫn của danh sách"),
}
RECURRING_VALUES = {r.value for r in Recurrence}
# why a row was proposed: the directing frame the extraction matched (Proposal.frame)
FRAME_LABELS = {
    "trigger": _l("Sau “yêu cầu / đề nghị / giao … [đơn vị]”"),
    "subject": _l("Đơn vị đứng đầu câu"),
    "lead_role": _l("“[Đơn vị] chủ trì, phối hợp …”"),
    "heading": _l("Dưới tiêu đề “Đối với [đơn vị]:”"),
    "same_sentence": _l("Cùng câu với ý trước, cùng đơn vị"),
    "list": _l("Mục của danh sách sau lời giao việc"),
    "previous_item": _l("Đơn vị của mục trước"),
    "none": _l("Câu hành động, không nêu đơn vị"),
}
LOW_CONFIDENCE = 60    # per cent: rows under it are marked for attention


# -- access ------------------------------------------------------------------------------

def _directive_to_assign(directive_id: int) -> Directive:
    """The same rule as directives.assign: 404 when not visible, 403 when the user may not assign."""
    try:
        directive = load_directive_for(db.session, current_user, directive_id)
    except ServiceError as e:
        abort(e.status)
    if not can(current_user, Action.ASSIGN_TASK, directive):
        abort(403)
    return directive


@dataclass
class Choices:
    groups: list
    units: list            # Unit rows the owner may assign to
    unit_choices: list     # (id, indented label)
    allowed: set[int]

    @property
    def lead_choices(self) -> list[tuple[str, str]]:
        return [(g.key, g.label) for g in self.groups] + [(str(i), label) for i, label in self.unit_choices]


def _choices(owner) -> Choices:
    units = assignable_units(db.session, owner, all_units=current_user.is_admin)
    return Choices(groups=groups_for(db.session, owner), units=units, unit_choices=tree_choices(units),
                   allowed={u.id for u in units})


# -- rows of the review table (raw strings, as posted) -------------------------------------

ROW_TEXT_FIELDS = ("content", "lead", "deadline_kind", "due_on", "deadline_days", "recurrence",
                   "phrase", "lead_set", "lead_set_label", "coord_phrases", "confidence", "flags", "frame",
                   "source")


@dataclass
class Row:
    content: str = ""
    lead: str = ""                 # "12", "communes:3", "ids:5,6,7" or "" (to be chosen)
    coordinators: list[str] = field(default_factory=list)
    deadline_kind: str = DeadlineKind.NONE.value
    due_on: str = ""
    deadline_days: str = ""
    recurrence: str = ""
    phrase: str = ""               # the lead as written, when not in the directory
    lead_set: str = ""             # "5,6,7": the units of a group addressee that is no predefined group
    lead_set_label: str = ""
    coord_phrases: str = ""        # coordinating units as written, not in the directory ("; "-separated)
    confidence: str = ""
    flags: str = ""                # space-separated extraction flags
    frame: str = ""                # why it was proposed (FRAME_LABELS)
    source: str = ""               # the words of the conclusion it came from, as written
    selected: bool = False
    make_indicator: bool = False   # "Tạo chỉ tiêu": the target the text states becomes an indicator
    errors: dict = field(default_factory=dict)

    @property
    def target_hint(self):
        """The target the row's words state ("phấn đấu 100% xã, phường …"), recomputed from the
        text on every request (never taken from the posted form), or None."""
        from tracker.domain.indicators import target_in_text
        return target_in_text(self.source or self.content or "")

    @property
    def confidence_pct(self) -> int | None:
        try:
            return round(float(self.confidence) * 100)
        except ValueError:
            return None

    @property
    def low_confidence(self) -> bool:
        pct = self.confidence_pct
        return pct is not None and pct < LOW_CONFIDENCE

    @property
    def flag_list(self) -> list[str]:
        return self.flags.split()

    @property
    def coord_phrase_list(self) -> list[str]:
        return [p for p in (s.strip() for s in self.coord_phrases.split(";")) if p]

    @property
    def lead_set_ids(self) -> list[int]:
        return [int(x) for x in self.lead_set.split(",") if x.strip().isdigit()]


def rows_from_form(form) -> list[Row]:
    indices = sorted({int(m.group(1)) for key in form for m in [re.match(r"^rows-(\d+)-content$", key)] if m})
    rows = []
    for i in indices[:MAX_ROWS]:
        p = f"rows-{i}-"
        row = Row(**{name: (form.get(p + name) or "") for name in ROW_TEXT_FIELDS})
        row.content = row.content.replace("\r\n", "\n")
        row.coordinators = [v for v in form.getlist(p + "coordinators") if v]
        row.selected = bool(form.get(p + "selected"))
        row.make_indicator = bool(form.get(p + "make_indicator"))
        rows.append(row)
    return rows


def _dmy(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def rows_from_proposals(proposals, choices: Choices) -> list[Row]:
    rows = []
    for p in proposals[:MAX_ROWS]:
        row = Row(content=p.text.strip(), confidence=f"{p.confidence:.2f}", flags=" ".join(p.flags),
                  frame=getattr(p, "frame", "") or "", source=getattr(p, "source_excerpt", "") or "")
        if p.lead_unit_id is not None and p.lead_unit_id in choices.allowed:
            row.lead = str(p.lead_unit_id)
        elif p.lead_units:
            ids = [i for i in dict.fromkeys(p.lead_units) if i in choices.allowed]
            group = next((g for g in choices.groups if set(g.unit_ids) == set(ids)), None)
            if group is not None:
                row.lead = group.key
            elif ids:
                row.lead_set = ",".join(str(i) for i in ids)
                row.lead_set_label = p.lead or ""
                row.lead = "ids:" + row.lead_set
        if not row.lead and p.lead:
            row.phrase = p.lead
        coords, unknown = [], []
        for name, uid in zip(p.coordinating, list(p.coordinating_unit_ids) + [None] * len(p.coordinating)):
            if uid is not None and uid in choices.allowed:
                coords.append(str(uid))
            else:
                unknown.append(name)
        row.coordinators = list(dict.fromkeys(coords))
        row.coord_phrases = "; ".join(unknown)
        if p.deadline is not None:
            row.deadline_kind, row.due_on = DeadlineKind.DATE.value, _dmy(p.deadline)
        elif p.recurring in RECURRING_VALUES:
            row.deadline_kind, row.recurrence = DeadlineKind.RECURRING.value, p.recurring
        else:  # "ongoing", or nothing said: ongoing work until the officer says otherwise
            row.deadline_kind = DeadlineKind.NONE.value
        row.make_indicator = row.target_hint is not None  # "Tạo chỉ tiêu" on when a target was found
        rows.append(row)
    return rows


def merge_rows(rows: list[Row]) -> tuple[list[Row], str | None]:
    picked = [i for i, r in enumerate(rows) if r.selected]
    if len(picked) < 2:
        return rows, _("Hãy chọn ít nhất hai dòng để gộp.")
    group = [rows[i] for i in picked]
    first = group[0]
    lead_from = next((r for r in group if r.lead or r.phrase), first)
    merged = Row(
        content="\n\n".join(r.content.strip() for r in group if r.content.strip()),
        lead=lead_from.lead, phrase=lead_from.phrase, lead_set=lead_from.lead_set,
        lead_set_label=lead_from.lead_set_label,
        coordinators=list(dict.fromkeys(c for r in group for c in r.coordinators)),
        coord_phrases="; ".join(dict.fromkeys(p for r in group for p in r.coord_phrase_list)),
        deadline_kind=first.deadline_kind, due_on=first.due_on, deadline_days=first.deadline_days,
        recurrence=first.recurrence,
        confidence=min((r.confidence for r in group if r.confidence_pct is not None), default=""),
        flags=" ".join(dict.fromkeys(f for r in group for f in r.flag_list)),
        frame=first.frame, source=" … ".join(dict.fromkeys(r.source for r in group if r.source)),
    )
    out = []
    for i, r in enumerate(rows):
        if i == picked[0]:
            out.append(merged)
        elif i not in picked:
            out.append(r)
    return out, None


def split_text(text: str) -> list[str]:
    """Pieces of a row's content: at blank lines, else at semicolons."""
    pieces = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if len(pieces) < 2:
        pieces = [p.strip() for p in text.split(";") if p.strip()]
    return pieces


def split_rows(rows: list[Row]) -> tuple[list[Row], str | None]:
    if not any(r.selected for r in rows):
        return rows, _("Hãy chọn dòng cần tách.")
    out, split_any = [], False
    for r in rows:
        pieces = split_text(r.content) if r.selected else []
        if len(pieces) < 2:
            r.selected = False
            out.append(r)
            continue
        split_any = True
        for piece in pieces:
            copy = Row(**{name: getattr(r, name) for name in ROW_TEXT_FIELDS})
            copy.content = piece
            copy.coordinators = list(r.coordinators)
            out.append(copy)
    if not split_any:
        return out, _("Không tách được: hãy ngăn các ý bằng một dòng trống hoặc dấu chấm phẩy (;).")
    return out, None


def delete_rows(rows: list[Row]) -> tuple[list[Row], str | None]:
    if not any(r.selected for r in rows):
        return rows, _("Hãy chọn dòng cần xóa.")
    return [r for r in rows if not r.selected], None


# -- confirming ------------------------------------------------------------------------------

def _lead_ids(row: Row, owner, choices: Choices) -> list[int]:
    value = row.lead.strip()
    if value.startswith("ids:"):
        ids = [int(x) for x in value[4:].split(",") if x.strip().isdigit()]
    elif value:
        ids = resolve_lead_choice(db.session, owner, value) or []
    else:
        ids = []
    return list(dict.fromkeys(ids))


def confirm_rows(directive, rows: list[Row], choices: Choices) -> list:
    """Create every row's tasks in one transaction; on any problem, errors on the rows and nothing created."""
    if not rows:
        raise ServiceError({"items": _("Không còn dòng nào để giao.")})
    own_errors: dict[int, dict[str, str]] = {}
    items = []
    for idx, row in enumerate(rows):
        errs = own_errors.setdefault(idx, {})
        lead_ids = _lead_ids(row, directive.owner, choices)
        if not lead_ids:
            if row.phrase:
                errs["lead"] = _("“%(name)s” chưa có trong danh mục: hãy chọn đơn vị tương ứng "
                                 "(hoặc thêm đơn vị vào danh mục trước).", name=row.phrase)
            else:
                errs["lead"] = _("Hãy chọn đúng một đơn vị chủ trì (hoặc một nhóm đơn vị).")
        coords = []
        for value in row.coordinators:
            if value.isdigit():
                coords.append(int(value))
            else:
                errs["coordinators"] = _("Đơn vị phối hợp không hợp lệ.")
                coords.append(-1)  # makes the service refuse the row too
        due_on, days = None, None
        if row.deadline_kind == DeadlineKind.DATE.value:
            try:
                due_on = parse_dmy(row.due_on)
            except ValueError:
                errs["deadline"] = _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")
        elif row.deadline_kind == DeadlineKind.WORKING_DAYS.value:
            if row.deadline_days.strip().isdigit():
                days = int(row.deadline_days.strip())
            elif row.deadline_days.strip():
                errs["deadline"] = _("Số ngày làm việc phải từ 1 đến 3650.")
        items.append(TaskInput(
            content=row.content, lead_unit_ids=lead_ids, coordinator_ids=coords,
            deadline_kind=row.deadline_kind,
            due_on=due_on, deadline_days=days,
            recurrence=(row.recurrence or None) if row.deadline_kind == DeadlineKind.RECURRING.value else None))
    try:
        if any(own_errors.values()):
            # Nothing is written; the service's checks still run so each row shows every problem.
            raise ServiceError(check_tasks(db.session, current_user, directive, items, today=local_today(),
                                           calendar=current_calendar()))
        hints = [row.target_hint.to_json() if row.make_indicator and row.target_hint is not None else None
                 for row in rows]
        if any(hints):
            from tracker.services.indicators import assign_tasks_with_targets
            created = assign_tasks_with_targets(db.session, current_user, directive, items, hints,
                                                today=local_today(), calendar=current_calendar())
        else:
            created = assign_tasks(db.session, current_user, directive, items, today=local_today(),
                                   calendar=current_calendar())
    except ServiceError as e:
        db.session.rollback()
        errors = {}
        for key, message in e.errors.items():
            parts = key.split("-")
            if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit():
                errors.setdefault(int(parts[1]), {})[parts[2]] = message
            else:
                errors.setdefault(-1, {})[key] = message
        for idx, errs in own_errors.items():
            errors.setdefault(idx, {}).update(errs)  # ours are the more precise
        raise RowErrors(errors)
    return created


class RowErrors(Exception):
    def __init__(self, errors: dict[int, dict[str, str]]):
        super().__init__("row errors")
        self.errors = errors


# -- pages: propose ----------------------------------------------------------------------------

def _render_source(directive, text: str, *, error: str | None = None, notice: str | None = None, status=200):
    return render_template("proposals/source.html", directive=directive, text=text, error=error,
                           notice=notice, max_mb=MAX_DOCUMENT_BYTES // (1024 * 1024)), status


def _render_review(directive, rows: list[Row], choices: Choices, text: str, *, status=200):
    return render_template("proposals/review.html", directive=directive, rows=rows, choices=choices,
                           text=text, labels=labels, flag_labels=FLAG_LABELS, frame_labels=FRAME_LABELS,
                           task_total=_task_total(rows, directive.owner, choices)), status


def _task_total(rows: list[Row], owner, choices: Choices) -> int:
    group_sizes = {g.key: len(g.unit_ids) for g in choices.groups}
    total = 0
    for r in rows:
        if r.lead.startswith("ids:"):
            total += len(r.lead_set_ids) or 1
        else:
            total += group_sizes.get(r.lead, 1)
    return total


def _read_document(storage) -> str:
    data = storage.stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ServiceError({"file": _("Tệp vượt quá dung lượng cho phép (%(mb)d MB).",
                                      mb=MAX_DOCUMENT_BYTES // (1024 * 1024))}, status=413)
    if not data:
        raise ServiceError({"file": _("Tệp rỗng.")})
    text = text_from_bytes(data, storage.filename or "")
    return unwrap_pdf_lines(text) if data.startswith(b"%PDF-") else text


# A line broken inside a sentence: it ends with a space (how pypdf marks a soft wrap) or the
# next line goes on in lower case; never after a full stop, semicolon or colon.
_WRAPPED = re.compile(r"(?<![.;:!?…\s])(?:[ \t]+\n[ \t]*(?=\S)|\n[ \t]*(?=[a-zà-ỹđ0-9(“\"]))")


def unwrap_pdf_lines(text: str) -> str:
    """Join the lines a PDF breaks inside a sentence, so that a paragraph reads as one,
    as it does in the .docx it came from."""
    return _WRAPPED.sub(" ", text)


@bp.route("/<int:directive_id>/propose", methods=["GET", "POST"])
@login_required
def propose(directive_id):
    directive = _directive_to_assign(directive_id)
    if request.method == "GET":
        return _render_source(directive, directive.body or "")
    action = request.form.get("action", "")
    # Not cut: text over TEXT_MAX_CHARS is refused when it is read or analysed.
    text = (request.form.get("text") or "").replace("\r\n", "\n")
    storage = request.files.get("file")

    if action in ("read", "analyse") and storage is not None and storage.filename:
        try:
            text = _read_document(storage).replace("\r\n", "\n")
        except ServiceError as e:
            return _render_source(directive, text, error="; ".join(e.errors.values()), status=e.status)
        return _render_source(directive, text, notice=_(
            "Đã đọc nội dung tệp “%(name)s”. Hãy kiểm tra văn bản dưới đây rồi bấm “Phân tích”.",
            name=storage.filename))
    if action == "read":
        return _render_source(directive, text, error=_("Hãy chọn tệp .docx, .pdf hoặc .txt."), status=400)
    if action == "back":
        return _render_source(directive, text)

    choices = _choices(directive.owner)
    if action == "analyse":
        if not text.strip():
            return _render_source(directive, text, error=_("Hãy dán nội dung kết luận hoặc chọn tệp."), status=400)
        try:
            check_text_length(text)  # before the extraction sees it
        except ServiceError as e:
            return _render_source(directive, text, error="; ".join(e.errors.values()), status=e.status)
        directory = directory_for(db.session, committee=directive.owner)
        rows = rows_from_proposals(extract(text, directive.issued_on, directory), choices)
        if not rows:
            flash(_("Không tìm thấy nhiệm vụ nào trong văn bản. Bạn có thể thêm dòng và nhập tay."), "warning")
            rows = [Row()]
        return _render_review(directive, rows, choices, text)

    rows = rows_from_form(request.form)
    message = None
    if action == "merge":
        rows, message = merge_rows(rows)
    elif action == "split":
        rows, message = split_rows(rows)
    elif action == "delete":
        rows, message = delete_rows(rows)
    elif action == "add":
        if len(rows) < MAX_ROWS:
            rows.append(Row())
    elif action == "confirm":
        try:
            created = confirm_rows(directive, rows, choices)
        except RowErrors as e:
            for idx, errs in e.errors.items():
                if 0 <= idx < len(rows):
                    rows[idx].errors = errs
                else:
                    for msg in errs.values():
                        flash(msg, "danger")
            flash(_("Chưa giao nhiệm vụ nào: hãy sửa các dòng được đánh dấu."), "danger")
            return _render_review(directive, rows, choices, text, status=400)
        except ServiceError as e:
            for msg in e.errors.values():
                flash(msg, "danger")
            return _render_review(directive, rows, choices, text, status=400)
        flash(_("Đã giao %(n)d nhiệm vụ.", n=len(created)), "success")
        return redirect(url_for("directives.detail", directive_id=directive.id))
    else:
        abort(400)
    for r in rows:
        r.selected = False
    if message:
        flash(message, "warning")
    return _render_review(directive, rows, choices, text)


# -- pages: import -----------------------------------------------------------------------------

def _pending_kind(directive) -> str:
    return f"tasks:{directive.id}"


@bp.route("/<int:directive_id>/import", methods=["GET", "POST"])
@login_required
def import_tasks(directive_id):
    directive = _directive_to_assign(directive_id)
    if request.method == "GET":
        return render_template("proposals/import.html", directive=directive, error=None)
    storage = request.files.get("file")
    if storage is None or not storage.filename:
        return render_template("proposals/import.html", directive=directive,
                               error=_("Hãy chọn tệp Excel (.xlsx) hoặc CSV.")), 400
    try:
        data = storage.stream.read(imports.MAX_IMPORT_BYTES + 1)
        if len(data) > imports.MAX_IMPORT_BYTES:
            raise ServiceError({"file": _("Tệp vượt quá dung lượng cho phép (%(mb)d MB).",
                                          mb=imports.MAX_IMPORT_BYTES // (1024 * 1024))}, status=413)
        preview = task_import.preview_tasks(db.session, directive.owner, data, today=local_today(),
                                            all_units=current_user.is_admin, filename=storage.filename)
    except ServiceError as e:
        return render_template("proposals/import.html", directive=directive,
                               error="; ".join(e.errors.values())), e.status
    preview.kind = _pending_kind(directive)
    # Stored even with errors: confirming such a preview is refused and creates nothing.
    token = imports.store_pending(preview, current_user.id)
    return render_template("proposals/import_preview.html", directive=directive, preview=preview, token=token,
                           field_labels=task_import.FIELD_LABELS, task_count=task_import.count_tasks(preview),
                           filename=storage.filename)


@bp.route("/<int:directive_id>/import/confirm", methods=["POST"])
@login_required
def import_confirm(directive_id):
    directive = _directive_to_assign(directive_id)
    token = request.form.get("token", "")
    try:
        preview = imports.load_pending(token, _pending_kind(directive), current_user.id)
        created = task_import.apply_tasks(db.session, current_user, directive, preview, today=local_today(),
                                          calendar=current_calendar())
    except ServiceError as e:
        db.session.rollback()
        for message in e.errors.values():
            flash(message, "danger")
        flash(_("Không có nhiệm vụ nào được tạo."), "warning")
        return redirect(url_for("proposals.import_tasks", directive_id=directive.id))
    imports.discard_pending(token)
    flash(_("Đã giao %(n)d nhiệm vụ.", n=len(created)), "success")
    return redirect(url_for("directives.detail", directive_id=directive.id))


@bp.route("/<int:directive_id>/import/template.<ext>")
@login_required
def import_template(directive_id, ext):
    _directive_to_assign(directive_id)
    if ext == "csv":
        return Response(task_import.template_csv(), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=mau-nhap-nhiem-vu.csv"})
    if ext == "xlsx":
        return Response(task_import.template_xlsx(),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": "attachment; filename=mau-nhap-nhiem-vu.xlsx"})
    abort(404)
