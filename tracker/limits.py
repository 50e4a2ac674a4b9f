"""Bounds on what a query string may ask for, shared by pages and the API.

Out-of-range input is clamped (page numbers, search words) or refused with a message
(report dates), never handed to the database or to date arithmetic that would fail.
"""
from __future__ import annotations

from datetime import date

from tracker.domain.text import fold

# Page numbers beyond this are clamped to it (the API answers 400 past the same bound).
MAX_PAGE = 100_000
# Database ids are 32-bit integers: a larger number names nothing.
MAX_ID = 2**31 - 1
# A search uses at most this many words of at most this many characters in all;
# the rest is ignored (each word is one more LIKE condition in the query).
MAX_SEARCH_WORDS = 20
MAX_SEARCH_CHARS = 200
# Lengths of what people type, the same on the pages (WTForms) and in the API (pydantic).
SYMBOL_MAX = 100
SIGNER_MAX = 255
TITLE_MAX = 500
BODY_MAX = 200_000
TASK_CONTENT_MAX = 10_000
TASK_NOTE_MAX = 10_000
ACTION_NOTE_MAX = 20_000  # a report, opinion or reason on a workflow step
# Report dates must fall in this range: periods before/after them stay valid dates.
MIN_REPORT_DATE = date(1900, 1, 1)
MAX_REPORT_DATE = date(2100, 12, 31)


def clamp_page(raw) -> int:
    """A page number from a query argument: 1 when missing or not a number, at most MAX_PAGE."""
    text = str(raw or "").strip()
    if not text.isascii() or not text.isdigit():
        return 1
    return min(max(int(text[:12]) if len(text) <= 12 else MAX_PAGE, 1), MAX_PAGE)


def id_or_none(raw) -> int | None:
    """A database id from a query argument, or None when it cannot name a row."""
    text = str(raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def search_words(text: str | None) -> list[str]:
    """Folded words of a search, at most MAX_SEARCH_WORDS, from its first MAX_SEARCH_CHARS characters."""
    return fold((text or "")[:MAX_SEARCH_CHARS]).split()[:MAX_SEARCH_WORDS]


def search_truncated(text: str | None) -> bool:
    return len(text or "") > MAX_SEARCH_CHARS or len(fold(text or "").split()) > MAX_SEARCH_WORDS


def report_date_in_range(d: date) -> bool:
    return MIN_REPORT_DATE <= d <= MAX_REPORT_DATE
