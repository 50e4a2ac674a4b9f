"""The propose page: the source text, the extraction, the review, the confirmation."""

from __future__ import annotations

import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from tracker.domain.extraction import extract, parse_deadline
from tracker.domain.extraction.missed import MAX_CHARS as MISSED_MAX_CHARS, MAX_SENTENCES, possibly_missed, read_as_task
from tracker.domain.extraction.pipeline import normalise
from tracker.domain.deadlines import DeadlineKind
from tracker.extensions import db
from tracker.services import ServiceError
from tracker.services.extraction import directory_for, text_from_bytes
from tracker.services.upload_limits import check_text_length
from tracker.views import labels

from tracker.views.proposals.common import (bp, MAX_DOCUMENT_BYTES, MAX_ROWS, FLAG_LABELS, FRAME_LABELS,
                                            RECURRING_VALUES, _directive_to_assign, Choices, _choices)
from tracker.views.proposals.rows import Row, rows_from_form, rows_from_proposals, merge_rows, split_rows, delete_rows
from tracker.views.proposals.confirming import confirm_rows, RowErrors, _task_total


def _render_source(directive, text: str, *, error: str | None = None, notice: str | None = None, status=200):
    return render_template("proposals/source.html", directive=directive, text=text, error=error,
                           notice=notice, max_mb=MAX_DOCUMENT_BYTES // (1024 * 1024)), status


def _render_review(directive, rows: list[Row], choices: Choices, text: str, missed: list[str], *, status=200):
    return render_template("proposals/review.html", directive=directive, rows=rows, choices=choices,
                           text=text, missed=missed, labels=labels, flag_labels=FLAG_LABELS, frame_labels=FRAME_LABELS,
                           task_total=_task_total(rows, directive.owner, choices)), status


def _missed_from_form(form) -> list[str]:
    """The sentences marked as possibly missed, carried by the review form (bounded as when they were made)."""
    return [m.strip()[:MISSED_MAX_CHARS + 2] for m in form.getlist("missed") if m.strip()][:MAX_SENTENCES]


def _rows_from_sentence(sentence: str, directive, choices: Choices) -> list[Row]:
    """A marked sentence the officer takes as a task: read as a listed task (missed.read_as_task), so that the body
    it names is the lead, resolved in the directory, and its deadline is read — one row per step of a chain; if even
    so no action is read, one row with its words and its deadline, the lead left to choose."""
    directory = directory_for(db.session, committee=directive.owner)
    rows = rows_from_proposals(read_as_task(sentence, directive.issued_on, directory), choices)
    for row in rows:     # the officer's choice, not the extraction's: no confidence figure to show
        row.frame, row.source, row.confidence = "missed", sentence, ""
    if rows:
        return rows
    row = Row(content=sentence.rstrip(" .;"), source=sentence, frame="missed")
    info = parse_deadline(sentence, directive.issued_on)
    if info.deadline is not None:
        row.deadline_kind, row.due_on = DeadlineKind.DATE.value, info.deadline.strftime("%d/%m/%Y")
    elif info.recurring in RECURRING_VALUES:
        row.deadline_kind, row.recurrence = DeadlineKind.RECURRING.value, info.recurring
    return [row]


def _take_missed(action: str, rows: list[Row], missed: list[str], directive,
                 choices: Choices) -> tuple[list[Row], list[str], str | None]:
    """"adopt-K": the K-th marked sentence becomes the last rows; "dismiss-K": it leaves the list."""
    verb, _sep, index = action.partition("-")
    if not re.fullmatch(r"[0-9]{1,3}", index) or int(index) >= len(missed):
        abort(400)
    k = int(index)
    if verb == "adopt":
        new = _rows_from_sentence(missed[k], directive, choices)
        if len(rows) + len(new) > MAX_ROWS:
            return rows, missed, _("Đã đủ %(n)d dòng: hãy gộp hoặc xóa bớt trước khi thêm.", n=MAX_ROWS)
        rows = [*rows, *new]
    return rows, missed[:k] + missed[k + 1:], None


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


def _read_into_source(directive, text: str, storage):
    """The "read" step: the uploaded document's text put in the source box to check."""
    try:
        text = _read_document(storage).replace("\r\n", "\n")
    except ServiceError as e:
        return _render_source(directive, text, error="; ".join(e.errors.values()), status=e.status)
    return _render_source(directive, text, notice=_(
        "Đã đọc nội dung tệp “%(name)s”. Hãy kiểm tra văn bản dưới đây rồi bấm “Phân tích”.",
        name=storage.filename))


def _analyse(directive, text: str, choices: Choices):
    """The "analyse" step: the extraction's proposals as the review table."""
    if not text.strip():
        return _render_source(directive, text, error=_("Hãy dán nội dung kết luận hoặc chọn tệp."), status=400)
    try:
        check_text_length(text)  # before the extraction sees it
    except ServiceError as e:
        return _render_source(directive, text, error="; ".join(e.errors.values()), status=e.status)
    directory = directory_for(db.session, committee=directive.owner)
    # model | rules (config/__init__.py, checked at start-up)
    proposals = extract(text, directive.issued_on, directory, engine=current_app.config["EXTRACTION_ENGINE"])
    rows = rows_from_proposals(proposals, choices)
    # what the proposals may have missed, for the officer to read after them (docs/extraction.md)
    missed = [m.text for m in possibly_missed(normalise(text), proposals)]
    if not rows:
        flash(_("Không tìm thấy nhiệm vụ nào trong văn bản. Bạn có thể thêm dòng và nhập tay."), "warning")
        rows = [Row()]
    return _render_review(directive, rows, choices, text, missed)


def _confirm(directive, rows: list[Row], choices: Choices, text: str, missed: list[str]):
    """The "confirm" step: every task created, or the review again with the errors on their rows."""
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
        return _render_review(directive, rows, choices, text, missed, status=400)
    except ServiceError as e:
        for msg in e.errors.values():
            flash(msg, "danger")
        return _render_review(directive, rows, choices, text, missed, status=400)
    flash(_("Đã giao %(n)d nhiệm vụ.", n=len(created)), "success")
    return redirect(url_for("directives.detail", directive_id=directive.id))


def _add_row(rows: list[Row]) -> tuple[list[Row], str | None]:
    if len(rows) < MAX_ROWS:
        rows.append(Row())
    return rows, None


# The review table's edit buttons: action -> (rows -> (rows, message to show)).
_ROW_EDITS = {"merge": merge_rows, "split": split_rows, "delete": delete_rows, "add": _add_row}


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
        return _read_into_source(directive, text, storage)
    if action == "read":
        return _render_source(directive, text, error=_("Hãy chọn tệp .docx, .pdf hoặc .txt."), status=400)
    if action == "back":
        return _render_source(directive, text)

    choices = _choices(directive.owner)
    if action == "analyse":
        return _analyse(directive, text, choices)
    rows = rows_from_form(request.form)
    missed = _missed_from_form(request.form)
    if action == "confirm":
        return _confirm(directive, rows, choices, text, missed)
    if action.startswith(("adopt-", "dismiss-")):
        rows, missed, message = _take_missed(action, rows, missed, directive, choices)
    else:
        edit = _ROW_EDITS.get(action)
        if edit is None:
            abort(400)
        rows, message = edit(rows)
    for r in rows:
        r.selected = False
    if message:
        flash(message, "warning")
    return _render_review(directive, rows, choices, text, missed)
