"""Document number and symbol (số, ký hiệu) of directive documents.

Two forms (see DOMAIN.md, "Document numbers"):
- Party (HD 36-HD/VPTW): ``NUMBER-TYPE/ISSUER``, e.g. ``154-QĐ/BCĐ``;
  numbered per type for the whole term of the Party committee.
- State (Decree 30/2020/NĐ-CP): ``NUMBER/TYPE-ISSUER``, e.g. ``05/QĐ-UBND``;
  numbered per calendar year. A công văn has no type code
  (``123/UBND-VP``); legal documents carry the year (``15/2020/NĐ-CP``).

Parsing is lenient because users type these by hand; the canonical form is
what we store and compare.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import Enum

from tracker.domain.text import fold, normalize_spaces

__all__ = [
    "DocForm",
    "TYPE_CODES",
    "PARTY_TYPE_NAMES",
    "DocNumber",
    "DocNumberError",
    "parse_doc_number",
    "type_name",
    "numbering_period",
    "PARTY_TERM_YEARS",
    "PARTY_TERM_BASE_YEAR",
]


class DocForm(str, Enum):
    PARTY = "party"
    STATE = "state"


# Abbreviations from Decree 30/2020/NĐ-CP (appendix III) and the Party's
# HD 36-HD/VPTW, plus the legal-document types of Law 80/2015.
TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "QĐi": "Quy định",  # Party form
    "QyĐ": "Quy định",  # State form (Decree 30/2020)
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CV": "Công văn",  # Party công văn carry a code; state ones do not
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "L": "Lệnh",
    "PL": "Pháp lệnh",
}

# The same code means something else in Party documents.
PARTY_TYPE_NAMES: dict[str, str] = {"TT": "Thông tri"}

# Party terms are five years; used only to label numbering periods.
PARTY_TERM_BASE_YEAR = 2020
PARTY_TERM_YEARS = 5


class DocNumberError(ValueError):
    """Unparseable document number; ``code`` is one of empty, malformed, unknown_type, bad_number."""

    def __init__(self, code: str, text: str = "", message: str | None = None) -> None:
        super().__init__(message or f"{code}: {text!r}")
        self.code = code
        self.text = text


def _fold_code(code: str) -> str:
    return fold(code).upper()


# Exact match ignoring case first ("HD" is Hướng dẫn, "HĐ" Hợp đồng), then a
# match ignoring diacritics ("QD" -> "QĐ") only where that is unambiguous.
_BY_UPPER = {code.upper(): code for code in TYPE_CODES}
_FOLD_COUNTS = Counter(_fold_code(code) for code in TYPE_CODES)
_BY_FOLDED = {_fold_code(c): c for c in TYPE_CODES if _FOLD_COUNTS[_fold_code(c)] == 1}


def _lookup_type(raw: str) -> str | None:
    return _BY_UPPER.get(raw.upper()) or _BY_FOLDED.get(_fold_code(raw))


def type_name(code: str | None, form: DocForm = DocForm.STATE) -> str:
    """Vietnamese name of a type code; a state document without one is a công văn."""
    if code is None:
        return "Công văn"
    if form is DocForm.PARTY and code in PARTY_TYPE_NAMES:
        return PARTY_TYPE_NAMES[code]
    return TYPE_CODES[code]


@dataclass(frozen=True)
class DocNumber:
    number: int
    type_code: str | None
    issuer: str
    form: DocForm
    year: int | None = None

    @property
    def canonical(self) -> str:
        # Both forms zero-pad below 10 in practice: 05/QĐ-UBND, 09-CT/TW.
        num = f"{self.number:02d}"
        if self.form is DocForm.PARTY:
            return f"{num}-{self.type_code}/{self.issuer}"
        tail = self.issuer if self.type_code is None else f"{self.type_code}-{self.issuer}"
        if self.year is not None:
            return f"{num}/{self.year}/{tail}"
        return f"{num}/{tail}"

    def __str__(self) -> str:
        return self.canonical


# "Số", "số:", "So." ... in front of the number.
_PREFIX = re.compile(r"^(?:s[oố])\s*[:.]?\s*", re.IGNORECASE)
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_SLASHES = str.maketrans({c: "/" for c in "\u2044\u2215\uff0f"})
_AROUND_SEP = re.compile(r"\s*([-/])\s*")
# Letters and digits only (any script, for Đ), with at least one letter.
_SEGMENT = re.compile(r"^(?=.*[^\W\d_])[^\W_]+$")

_PARTY = re.compile(r"^([0-9]+)-([^/]+)/(.+)$")
_STATE = re.compile(r"^([0-9]+)/(?:([0-9]{4})/)?(.+)$")
# Legal documents carry their year of issue; anything outside is a typo.
_YEARS = range(1945, 3000)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", normalize_spaces(text))
    # U+00D0 (Icelandic eth) looks like Đ and slips in from some keyboards.
    text = text.replace("\u00d0", "Đ").replace("\u00f0", "đ")
    text = text.translate(_DASHES).translate(_SLASHES)
    # Strip "Số"/"so:" only when a number follows, so we never eat content.
    m = _PREFIX.match(text)
    if m and (m.end() == len(text) or text[m.end()].isdigit()):
        text = text[m.end():]
    return _AROUND_SEP.sub(r"\1", text).strip()


def _issuer(raw: str, text: str) -> str:
    segments = raw.split("-")
    if not all(_SEGMENT.match(s) for s in segments):
        raise DocNumberError("malformed", text)
    # Issuers are upper case except the "g" of "TTg" (Thủ tướng): 1270/BC-TCTTTg.
    out = []
    for s in segments:
        s = s.upper()
        if s.endswith("TTG"):
            s = s[:-1] + "g"
        out.append(s)
    return "-".join(out)


def _number(raw: str, text: str) -> int:
    n = int(raw)
    if n < 1:
        raise DocNumberError("bad_number", text)
    return n


def parse_doc_number(text: str) -> DocNumber:
    """Parse "154-QĐ/BCĐ", "Số: 05/QĐ-UBND", "15/2020/nd-cp", "123/UBND-VP" ..."""
    if text is None or not normalize_spaces(text):
        raise DocNumberError("empty", text or "")
    cleaned = _clean(text)
    if not cleaned:
        raise DocNumberError("empty", text)

    m = _PARTY.match(cleaned)
    if m:
        number_raw, type_raw, issuer_raw = m.groups()
        code = _lookup_type(type_raw)
        if code is None:
            if not _SEGMENT.match(type_raw):
                raise DocNumberError("malformed", text)
            raise DocNumberError("unknown_type", text)
        return DocNumber(_number(number_raw, text), code, _issuer(issuer_raw, text), DocForm.PARTY)

    m = _STATE.match(cleaned)
    if m:
        number_raw, year_raw, tail = m.groups()
        first, sep, rest = tail.partition("-")
        code = _lookup_type(first)
        if code is not None:
            if not rest:  # "05/QĐ" or "05/QĐ-": a type with no issuer
                raise DocNumberError("malformed", text)
            issuer = _issuer(rest, text)
        else:
            # No type code: a công văn (123/UBND-VP) or a law (59/2020/QH14).
            issuer = _issuer(tail, text)
        year = int(year_raw) if year_raw else None
        if year is not None and year not in _YEARS:
            raise DocNumberError("malformed", text)
        return DocNumber(_number(number_raw, text), code, issuer, DocForm.STATE, year)

    raise DocNumberError("malformed", text)


def numbering_period(doc: DocNumber, issued_on: date) -> str:
    """Period within which ``doc``'s number must be unique.

    State documents restart every calendar year. Party documents run for the
    whole term of the Party committee; we label terms as five-year blocks
    starting in 2020, 2025, 2030 ... ("2020-2025"). Simplification: a Party
    document issued in 2025 before that committee's congress falls in
    "2025-2030" although it belongs to the old term.
    """
    if doc.form is DocForm.STATE:
        return str(issued_on.year)
    offset = (issued_on.year - PARTY_TERM_BASE_YEAR) // PARTY_TERM_YEARS
    start = PARTY_TERM_BASE_YEAR + PARTY_TERM_YEARS * offset
    return f"{start}-{start + PARTY_TERM_YEARS}"
