"""Every user-supplied string written to a spreadsheet is a literal, never a formula.

OWASP "CSV Injection": a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return is prefixed with a single quote, and in .xlsx files stored as a string cell (openpyxl
would otherwise turn ``=HYPERLINK(...)`` into a live formula). Every writer (report exports,
import templates, CSV templates) goes through ``literal`` / ``neutralise_workbook``.
"""
from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

__all__ = ["FORMULA_STARTS", "literal", "literal_row", "neutralise_workbook"]


def literal(value):
    """``value`` unchanged unless it is a string a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def literal_row(values: Iterable) -> list:
    return [literal(v) for v in values]


def neutralise_workbook(wb) -> None:
    """Make every string cell of every sheet a literal string; call just before ``wb.save``."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = literal(cell.value)
                    cell.data_type = "s"
