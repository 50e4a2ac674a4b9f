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

from tracker.views.proposals.common import (bp, MAX_DOCUMENT_BYTES, MAX_ROWS, FLAG_LABELS, RECURRING_VALUES,
                                            FRAME_LABELS, Choices)
from tracker.views.proposals.rows import (ROW_TEXT_FIELDS, Row, rows_from_form, rows_from_proposals, merge_rows,
                                          split_text, split_rows, delete_rows)
from tracker.views.proposals.confirming import confirm_rows, RowErrors
from tracker.views.proposals.propose_page import unwrap_pdf_lines, propose
from tracker.views.proposals.import_pages import import_tasks, import_confirm, import_template

__all__ = [
    "bp",
    "MAX_DOCUMENT_BYTES",
    "MAX_ROWS",
    "FLAG_LABELS",
    "RECURRING_VALUES",
    "FRAME_LABELS",
    "Choices",
    "ROW_TEXT_FIELDS",
    "Row",
    "rows_from_form",
    "rows_from_proposals",
    "merge_rows",
    "split_text",
    "split_rows",
    "delete_rows",
    "confirm_rows",
    "RowErrors",
    "unwrap_pdf_lines",
    "propose",
    "import_tasks",
    "import_confirm",
    "import_template",
]
