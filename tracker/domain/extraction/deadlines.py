"""Deadline and recurrence phrases of Vietnamese directives, resolved against the document date.

Plain calendar dates: no rolling to working days (the application does that later).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker.domain.calendar import lunar_new_year

from .normalize import fold, nfc

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# the year after a month or quarter: "tháng 6/2025", "tháng 6 năm 2025", "quý IV-2015" (a dash; round 22), "tháng 3.2017"
# (a dot, no space; round 24)
_YEAR = r"(?:(?:\s*(?:/|-|–)\s*|\.)(?P<y1>\d{4})|\s+nam\s+(?P<y2>\d{4}))?"

# explicit day/month[/year]: "trước ngày 30/6/2025", "trước 15/10", "chậm nhất ngày 20 tháng 11 năm 2024"
# "trước 14 giờ, ngày 05/12/2017", "trước 9h sáng ngày 27/9" (session 31), "trướcngày 20/11/2023", "trước30/11/2023" (a missing space), "Môi trườngtrước ngày
# 10/12", "nhân dânchậm nhất là ngày 4 tháng 3" (a missing space before: no syllable ends in "trước" or "chậm nhất")
_DAY = re.compile(
    r"(?:\b|(?<=[a-z])(?=truoc\s|cham\s+nhat\s))(?:truoc|cham\s+nhat(?:\s+(?:la|vao))?|han\s+(?:chot|cuoi)(?:\s+la)?|(?:den|toi)(?:\s+het)?|xong(?:\s+truoc)?|han"
    r"|thoi\s+han)"
    r"(?:\s*\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}(?:\s*(?:phut|'|’))?)?(?:\s+(?:sang|trua|chieu|toi))?\s*,?)?"
    r"(?:\s*ngay\s*|\s*)(?P<d>\d{1,2})(?:\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?"
    r"|\s+thang\s+(?P<m2>\d{1,2})(?:\s+nam\s+(?P<y3>\d{4}))?)(?![\d/])")
# a day named without "trước" (round 9): "hoàn thành trong ngày 25-7", "gửi về Sở ngày 25-7", "Thời hạn chậm nhất để
# nhận đề xuất là ngày 25-7". Not "tổ chức vào ngày 26/12": the date an event is planned for is not a deadline (the
# annotators date such an item by its list's period, shared a06)
_ON_DAY = re.compile(r"\b(?:trong|(?:hoan\s+thanh|xong|gui|nop|bao\s+cao)(?:\s+(?:ve|len)\s+[^.;,]{1,30}?)?(?:\s+vao)?"
                     r"|thoi\s+(?:han|gian)[^.;:]{0,100}?\bla)"
                     r"\s+(?P<day>ngay\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?)(?![\d/])")
# "(chuẩn bị báo cáo ...) trong / tại kỳ họp tháng 7 sắp tới": the session's month is the deadline (round 21); "vào kỳ chi trả
# tháng 2-2026", "trong kỳ báo cáo tháng 6": a period named by its month (round 22)
_MONTH = re.compile(r"\b(?:trong|het|(?:(?:vao|den|truoc|trong)\s+)?cuoi|den\s+het|truoc\s+het|den|vao|du\s+kien(?:\s+to\s+chuc)?\s+vao"
                    r"|cham\s+nhat(?:\s+(?:la|vao))?"
                    r"|(?:trong|tai|vao)\s+(?:ky|phien)\s+(?:hop|chi\s+tra|bao\s+cao)|truoc)\s*thang\s+(?P<m>\d{1,2})(?:\s*(?:va|den|-|–)\s*thang\s+(?P<m_last>\d{1,2}))?" + _YEAR
                    + r"(?![\d/])")
# "(chậm nhất quý 2/2017)": "chậm nhất" before a month or a quarter too (session 31)
_QUARTER = re.compile(r"\b(?:trong|het|(?:(?:vao|den|truoc|trong)\s+)?cuoi|den\s+het|truoc\s+het|vao|den|truoc"
                      r"|cham\s+nhat(?:\s+(?:la|vao))?)\s*quy\s*(?P<q>iv|i{1,3}|[1-4])\b" + _YEAR)
# "trong tháng 11 và những tháng cuối năm": the conservative end, the year's
_MONTH_TO_YEAR_END = re.compile(r"\b(?:(?:trong|vao)\s+)?thang\s+\d{1,2}(?:\s*/\s*(?P<y1>\d{4}))?\s+va\s+(?:nhung|cac)\s+thang\s+cuoi\s+nam"
                                r"(?:\s+(?P<y2>\d{4}))?")
# "trong tháng 4 và quý II năm 2021": a month and the quarter it opens, one span; the later end (round 12)
_MONTH_AND_QUARTER = re.compile(r"\b(?:trong|het|den\s+het|vao|den|truoc)\s+thang\s+(?P<m>\d{1,2})\s+(?:va|-|–)\s+quy\s*"
                                r"(?P<q>iv|i{1,3}|[1-4])\b" + _YEAR)
# "hoàn thành sơ tán trước 20h cùng ngày", "ngay trong ngày": the day of the meeting or document (round 12)
_SAME_DAY = re.compile(r"\b(?:truoc\s+(?:\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}(?:\s*phut)?)?\s+)?(?:trong\s+)?"
                       r"|(?:ngay\s+)?trong\s+)(?:cung\s+ngay|ngay\s+hom\s+nay)\b"
                       r"|\bngay\s+trong\s+ngay\b(?!\s*(?:\d|hom|mai|le|tet|nghi))")
_HALF = re.compile(r"\b(?:(?:trong|het|den\s+het|trong\s+suot)\s+)?(?:6|sau)\s+thang\s+(?P<h>dau|cuoi)\s+nam(?:\s+(?P<y1>\d{4}))?")
_YEAR_END = re.compile(r"\b(?:trong|het|den\s+het|trong\s+suot)\s+nam\s+(?P<y1>\d{4})\b"
                       r"|\b(?:trong\s+nam|(?:truoc|den|trong|vao)\s+cuoi\s+nam)(?:\s+(?P<y2>\d{4}))?(?!\s*(?:hoc|\d|tai|ke))"
                       r"|\bcuoi\s+nam\s+(?P<y3>\d{4})\b"
                       # "thi công lại, hoàn thành (vào) năm 2026": the year the work is to be finished (round 30)
                       r"|(?<=\bhoan\sthanh\s)(?:vao\s+)?nam\s+(?P<y4>\d{4})\b"
                       # "để Chính phủ trình Quốc hội vào năm 2013", "đạt 80% trở lên vào năm 2020" (session 33)
                       r"|\bvao\s+nam\s+(?P<y5>\d{4})\b")
_RELATIVE = re.compile(r"\btrong\s+(?:thoi\s+han\s+|vong\s+)?(?P<n>\d{1,3})\s+ngay(?P<wd>\s+lam\s+viec)?"
                       r"(?P<from>\s*,?\s*(?:ke\s+tu|tinh\s+tu)\s+(?:ngay\s+)?(?P<what>ky|ban\s+hanh|nhan|hop"
                       r"|(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})))?")
# "trong 02 tuần tới", "trong 10 ngày tới", "trong ba tháng tới": counted from the document's date (session 33)
_AHEAD = re.compile(r"\btrong\s+(?P<n>\d{1,3}|hai|ba|bon)\s+(?P<unit>ngay|tuan|thang)\s+(?:toi|sap\s+toi)\b")
_AHEAD_N = {"hai": 2, "ba": 3, "bon": 4}
# "đến giữa tháng 8/2018": the 15th
_MID_MONTH = re.compile(r"\b(?:den|toi|truoc|vao)\s+giua\s+thang\s+(?P<m>\d{1,2})" + _YEAR + r"(?![\d/])")
# "vào trung tuần tháng 3/2015", "đầu tháng 5": a ten-day part of a month ends on the 10th, 20th, or the month's end
# ("từ đầu tháng 3 đến nay" is a past span: "đầu" only after "vào / trong / đến")
_DECADE = re.compile(r"(?:\b(?:(?:trong|vao|den|toi|truoc|cham\s+nhat|han\s+chot)\s+)?(?P<part>thuong\s+tuan|trung\s+tuan"
                     r"|ha\s+tuan)|\b(?:trong|vao|den|toi)\s+(?P<dau>dau))\s+thang\s+(?P<m>\d{1,2})" + _YEAR + r"(?![\d/])")
_DECADE_END = {"thuong": 10, "dau": 10, "trung": 20}
# "trong hai tháng còn lại", "những tháng còn lại của năm", "từ nay đến hết năm", "trong những / các / ba
# tháng cuối năm (nay)": the year's end
_REST_OF_YEAR = re.compile(r"\b(?:trong\s+)?(?:(?:nhung|cac|\d|hai|ba|bon|nam|sau)\s+)?thang\s+con\s+lai(?:\s+cua\s+nam)?"
                           r"(?:\s+(?P<y1>\d{4}))?|\btu\s+nay\s+den\s+(?:het|cuoi)\s+nam(?:\s+(?P<y2>\d{4}))?"
                           r"|\b(?:trong\s+)?(?:nhung|cac|\d{1,2}|hai|ba|bon)\s+thang\s+cuoi(?:\s+cua)?\s+nam"
                           r"(?:\s+(?P<y3>\d{4})|\s+nay\b)?")
# "trong tháng này", "cuối quý này", "trong tháng tới": the document's month or quarter, or the next one
_THIS_PERIOD = re.compile(r"\b(?:trong|het|den\s+het|(?:(?:vao|den|truoc|trong)\s+)?cuoi|truoc\s+het)\s+(?P<what>thang|quy)"
                          r"\s+(?P<which>nay|hien\s+tai|toi|sau)\b")
# "chậm nhất cuối tuần này", "trong tuần tới", "trong thứ 2 tuần tới", "thứ Sáu tuần này": a day of the document's
# week or the next (the week's end is its Sunday, as a month's end is its last day; session 32)
_WEEK = re.compile(r"\b(?:thu\s+(?P<wd>hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat|cuoi|trong)"
                   r"\s+tuan\s+(?P<which>nay|toi|sau)\b")
_WEEKDAY = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5, "2": 0, "3": 1, "4": 2, "5": 3, "6": 4, "7": 5}
# "trước Tết Nguyên đán Bính Ngọ 2026", "trước Tết": the first day of the lunar new year (the Tết of the year named,
# else the next one); "Tết Dương lịch" is 1 January, "trong dịp Tết" a season, not a day
_TET = re.compile(r"\b(?:truoc|den\s+truoc|truoc\s+dip)\s+tet(?!\s+duong)(?:\s+nguyen\s+dan)?"
                  r"(?:\s+(?:nam\s+)?(?:(?:giap|at|binh|dinh|mau|ky|canh|tan|nham|quy)\s+[a-z]+\s+)?(?P<y>\d{4}))?")
_AMBIGUOUS = re.compile(r"\b(?:truoc|trong\s+dip|truoc\s+dip|truoc\s+khi)\s+(?:tet|ky\s+hop|khai\s+giang|le\b|mua\s+mua)")

_RECUR = [
    ("half_yearly", re.compile(r"\bdinh\s+ky\s+(?:hang\s+|hằng\s+)?(?:6|sau)\s+thang\b|\b(?:6|sau)\s+thang\s+(?:mot|1)\s+lan\b"
                               r"|\bhang\s+(?:6|sau)\s+thang\b")),
    ("monthly", re.compile(r"\b(?:dinh\s+ky\s+)?hang\s+thang\b|\bdinh\s+ky\s+thang\b")),
    ("quarterly", re.compile(r"\b(?:dinh\s+ky\s+)?hang\s+quy\b|\bdinh\s+ky\s+quy\b")),
    ("yearly", re.compile(r"\b(?:dinh\s+ky\s+)?hang\s+nam\b|\bdinh\s+ky\s+nam\b")),
]
_TIMES_PER = re.compile(r"\b(?P<n>\d{1,2})\s+lan\s*/\s*(?P<per>nam|thang|quy|tuan)\b")
_ONGOING = re.compile(r"\bthuong\s+xuyen\b|\bdinh\s+ky\b|\bhang\s+(?:tuan|ngay)\b")
_NOT_ONGOING_BEFORE = re.compile(r"(?:\bchi|\bkinh\s+phi|\bngan\s+sach|\bdu\s+toan)\s+$")


@dataclass
class DeadlineInfo:
    deadline: date | None = None
    recurring: str | None = None
    flags: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)   # offsets (in the given text) of the phrases used
    deadline_span: tuple[int, int] | None = None                  # offsets of the deadline phrase alone


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _roll(d: date, doc_date: date, year_given: bool) -> date:
    """A date without a year falls in the document's year (the corpus README: "the year comes
    from the phrase, else from the text or the article date"), unless it was more than half a
    year before the document ("trước ngày 10/1" said in December: next January) — as
    ``_roll_period``. A day a few weeks past is a report of an order given earlier, not one
    due eleven months later."""
    if not year_given and (doc_date - d).days > 183:
        try:
            return d.replace(year=d.year + 1)
        except ValueError:
            return d + timedelta(days=365)
    return d


def _roll_period(d: date, doc_date: date, year_given: bool) -> date:
    """A month or quarter without a year is the document's year ("trong quý II" said in
    November is the quarter past, as the annotators read it) unless it ended more than
    half a year before the document ("trong tháng 1" said in December: next January)."""
    if not year_given and (doc_date - d).days > 183:
        return _month_end(d.year + 1, d.month)
    return d


def _add_working_days(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


# in a list's introduction only: "đề nghị tháng 12/2018 ...", "nhiệm vụ quý II/2022 ..."
_BARE_PERIOD = re.compile(r"\b(?P<what>thang|quy)\s+(?P<n>\d{1,2}|iv|i{1,3})\s*/\s*(?P<y>\d{4})\b")


# Kept whole (complexity 25, 77 statements): a table of deadline patterns tried in priority order; the
# order is the rule (an explicit date wins over a period, a period over a vague phrase).
def parse_deadline(text: str, doc_date: date, relaxed: bool = False) -> DeadlineInfo:  # noqa: C901, PLR0915
    """The deadline and recurrence stated in one action's text; relaxed also reads a bare
    "tháng N/YYYY" or "quý N/YYYY" (the period a list's introduction is about)."""
    f = fold(nfc(text))
    info = DeadlineInfo()
    cands: list[tuple[int, int, date, tuple[int, int]]] = []   # (priority, position, date, span)

    for m in _DAY.finditer(f):
        d = int(m.group("d"))
        mo = m.group("m") or m.group("m2")
        y = m.group("y") or m.group("y3")
        try:
            dt = date(int(y) if y else doc_date.year, int(mo), d)
        except ValueError:
            info.flags.append("deadline_ambiguous")
            if not (1 <= int(mo) <= 12 and 28 < d <= 31):
                continue
            # "trước ngày 31.11": a day the month has not; its last day, as the annotators read it (session 31),
            # marked ambiguous for the reviewer
            dt = _month_end(int(y) if y else doc_date.year, int(mo))
        cands.append((3, m.start(), _roll(dt, doc_date, bool(y)), m.span()))
    for m in _ON_DAY.finditer(f):
        y = m.group("y")
        try:
            dt = date(int(y) if y else doc_date.year, int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        # the phrase is "trong ngày D", else the date alone (the verb before it stays in the task's wording)
        span = m.span() if f.startswith("trong", m.start()) else m.span("day")
        cands.append((3, m.start(), _roll(dt, doc_date, bool(y)), span))
    for m in _RELATIVE.finditer(f):
        # "trong thời hạn 15 ngày": a span with no stated start has no date (the annotators'
        # reading); "kể từ ngày ký" counts from the document, "kể từ ngày D" from D
        if not m.group("from"):
            if not _AHEAD.match(f, m.start()):      # "trong 10 ngày tới" counts from the document (_AHEAD)
                info.flags.append("deadline_ambiguous")
            continue
        n = int(m.group("n"))
        start = doc_date
        if m.group("d"):
            try:
                start = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
        dt = _add_working_days(start, n) if m.group("wd") else start + timedelta(days=n)
        cands.append((3, m.start(), dt, m.span()))
    for m in _AHEAD.finditer(f):
        n = _AHEAD_N.get(m.group("n")) or int(m.group("n"))
        if m.group("unit") == "thang":
            y, mo = divmod(doc_date.month - 1 + n, 12)
            dt = date(doc_date.year + y, mo + 1, min(doc_date.day, calendar.monthrange(doc_date.year + y, mo + 1)[1]))
        else:
            dt = doc_date + timedelta(days=n * (7 if m.group("unit") == "tuan" else 1))
        cands.append((3, m.start(), dt, m.span()))
    for m in _MID_MONTH.finditer(f):
        mo = int(m.group("m"))
        if not 1 <= mo <= 12:
            continue
        y = m.group("y1") or m.group("y2")
        dt = date(int(y) if y else doc_date.year, mo, 15)
        cands.append((2, m.start(), _roll_period(dt, doc_date, bool(y)), m.span()))
    for m in _DECADE.finditer(f):
        mo = int(m.group("m"))
        if not 1 <= mo <= 12:
            continue
        y = m.group("y1") or m.group("y2")
        yy = int(y) if y else doc_date.year
        part = m.group("part") or m.group("dau")
        dt = date(yy, mo, _DECADE_END[part.split()[0]]) if part[:2] != "ha" else _month_end(yy, mo)
        cands.append((2, m.start(), _roll_period(dt, doc_date, bool(y)), m.span()))
    for m in _REST_OF_YEAR.finditer(f):
        y = m.group("y1") or m.group("y2") or m.group("y3")
        cands.append((1, m.start(), date(int(y) if y else doc_date.year, 12, 31), m.span()))
    for m in _THIS_PERIOD.finditer(f):
        last = doc_date.month if m.group("what") == "thang" else (doc_date.month + 2) // 3 * 3
        if m.group("which") in ("toi", "sau"):
            last += 1 if m.group("what") == "thang" else 3
        yy, last = (doc_date.year + 1, last - 12) if last > 12 else (doc_date.year, last)
        cands.append((2, m.start(), _month_end(yy, last), m.span()))
    for m in _MONTH.finditer(f):
        mo = int(m.group("m_last") or m.group("m"))
        if not 1 <= mo <= 12:
            continue
        y = m.group("y1") or m.group("y2")
        yy = int(y) if y else doc_date.year
        if re.match(r"truoc\s*thang", m.group(0)) and not m.group("m_last"):
            # "hoàn thành trước tháng 9/2025": before the month starts, the last day of the one before (two annotators
            # apart, batch108 and 110, session 32)
            yy, mo = (yy - 1, 12) if mo == 1 else (yy, mo - 1)
        dt = _month_end(yy, mo)
        cands.append((2, m.start(), _roll_period(dt, doc_date, bool(y)), m.span()))
    for m in _QUARTER.finditer(f):
        q = _ROMAN[m.group("q")]
        y = m.group("y1") or m.group("y2")
        dt = _month_end(int(y) if y else doc_date.year, q * 3)
        cands.append((2, m.start(), _roll_period(dt, doc_date, bool(y)), m.span()))
    for m in _MONTH_AND_QUARTER.finditer(f):
        mo, q = int(m.group("m")), _ROMAN[m.group("q")]
        if not 1 <= mo <= 12:
            continue
        y = m.group("y1") or m.group("y2")
        dt = _month_end(int(y) if y else doc_date.year, max(mo, q * 3))
        cands.append((2, m.end(), _roll_period(dt, doc_date, bool(y)), m.span()))
    for m in _WEEK.finditer(f):
        monday = doc_date - timedelta(days=doc_date.weekday()) + timedelta(days=7 * (m.group("which") != "nay"))
        day = _WEEKDAY[m.group("wd")] if m.group("wd") else 6
        cands.append((2, m.start(), monday + timedelta(days=day), m.span()))
    for m in _TET.finditer(f):
        tet = lunar_new_year(int(m.group("y")) if m.group("y") else doc_date.year)
        if tet is not None and tet < doc_date and not m.group("y"):
            tet = lunar_new_year(doc_date.year + 1)
        if tet is not None:
            cands.append((2, m.start(), tet, m.span()))
            # the holiday may start a few days before the first day: the reviewer confirms the date
            info.flags.append("deadline_ambiguous")
    for m in _SAME_DAY.finditer(f):
        cands.append((3, m.start(), doc_date, m.span()))
    for m in _HALF.finditer(f):
        y = m.group("y1")
        yy = int(y) if y else doc_date.year
        dt = date(yy, 6, 30) if m.group("h") == "dau" else date(yy, 12, 31)
        cands.append((1, m.start(), _roll(dt, doc_date, bool(y)), m.span()))
    for m in (_BARE_PERIOD.finditer(f) if relaxed else ()):
        n = _ROMAN.get(m.group("n")) if m.group("what") == "quy" else int(m.group("n"))
        if n and 1 <= n <= 12:
            cands.append((0, m.start(), _month_end(int(m.group("y")), n * 3 if m.group("what") == "quy" else n),
                          m.span()))
    for m in _MONTH_TO_YEAR_END.finditer(f):
        y = m.group("y1") or m.group("y2")
        cands.append((2, m.end(), date(int(y) if y else doc_date.year, 12, 31), m.span()))
    for m in _YEAR_END.finditer(f):
        y = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4") or m.group("y5")
        dt = date(int(y) if y else doc_date.year, 12, 31)
        cands.append((1, m.start(), dt, m.span()))

    raw = nfc(text).lower() if cands else ""
    cands = _not_told(raw, cands)
    if len(cands) > 1:
        cands = _before_purpose(raw, cands)
    if cands:
        best = max(cands, key=lambda c: (c[0], c[1]))
        before = [c for c in cands if f.startswith("truoc", c[3][0]) and c[0] == best[0]]
        if len(before) > 1 and best in before and _next_step(f, before[0][3][1], best[3][0]):
            best = before[0]
        info.deadline = best[2]
        info.spans.append(best[3])
        info.deadline_span = best[3]
        if info.deadline < doc_date:
            # A report of an earlier order, or a year misread: the reviewer decides.
            info.flags.append("deadline_before_document")
    elif _AMBIGUOUS.search(f):
        info.flags.append("deadline_ambiguous")

    periodic = []
    for name, rx in _RECUR:
        m = rx.search(f)
        if m:
            periodic.append((m.start(), name, m.span()))
    for m in _TIMES_PER.finditer(f):
        # "theo đúng tần suất 4 lần/năm": a frequency
        n, per = int(m.group("n")), m.group("per")
        name = {("1", "nam"): "yearly", ("2", "nam"): "half_yearly", ("4", "nam"): "quarterly",
                ("12", "nam"): "monthly", ("1", "thang"): "monthly", ("1", "quy"): "quarterly"}.get((str(n), per),
                                                                                               "ongoing")
        periodic.append((m.start(), name, m.span()))
        break
    if periodic:
        _, info.recurring, span = min(periodic)
        info.spans.append(span)
    else:
        for m in _ONGOING.finditer(f):
            if _NOT_ONGOING_BEFORE.search(f[:m.start()]):
                continue
            info.recurring = "ongoing"
            info.spans.append(m.span())
            break
    return info


_PURPOSE = re.compile(r"\bđể\b")
_STEP = re.compile(r"\s*,\s*(?:gui|nop|bao cao|trinh|chuyen)\b")


# "đã đạt được trong năm 2021", "các dự án đã được phê duyệt trong năm 2020": a time phrase a few words after "đã",
# with no word of duty between, tells when something was done, not when it is due (session 33)
_TOLD = re.compile(r"(?<!\w)đã(?:\s+(?!phải\b|cần\b|sẽ\b|xong\b|hoàn\b)\w+){0,5}\s+$")


def _not_told(raw: str, cands: list) -> list:
    """The candidates not told as past (raw is the lower-cased text, the same length as its folded form)."""
    return [c for c in cands if not _TOLD.search(raw[max(0, c[3][0] - 60):c[3][0]])]


def _next_step(f: str, first_end: int, last_start: int) -> bool:
    """"hoàn thiện hồ sơ trước ngày D1, gửi về Bộ X trước ngày D2": the comma opens the next step (sending,
    reporting, submitting) with its own date; the action's deadline is the first (round 18)."""
    return bool(_STEP.match(f, first_end)) and last_start > first_end


def _before_purpose(raw: str, cands: list) -> list:
    """"gửi hồ sơ về Sở X trước ngày 25-10 để sở thẩm định, trình UBND tỉnh trước ngày 30-10": a date in the
    purpose clause ("để ...") after the action's own date is the next body's step, not this action's deadline
    (round 11). raw is the lower-cased text, the same length as its folded form."""
    first_end = min(c[3][1] for c in cands)
    m = _PURPOSE.search(raw, first_end)
    return cands if m is None else [c for c in cands if c[3][0] < m.start()]


# --- the document's own date -------------------------------------------------------------------
_FULL_DATE = re.compile(r"\b(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})\b"
                        r"|\bngay\s+(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>(?:19|20)\d{2})\b")
# "quý IV-2015", "tháng 3-2016" (round 22) and "năm học 2012 - 2013" (a school year) name a year too
_YEAR_MENTION = re.compile(r"(?:/|\bnam\s+(?:hoc\s+)?|\b(?:thang\s+\d{1,2}|quy\s*(?:iv|i{1,3}|[1-4]))\s*[-–]\s*)"
                           r"(?P<y>(?:19|20)\d{2})\b")
_HEADER_CHARS = 1500


def document_date(text: str) -> date | None:
    """The date of a document when it states one: the first full date in its header ("Sơn La,
    ngày 12 tháng 3 năm 2023", "ngày 12/3/2023"); else 1 January of the year the text mentions
    most ("quý I/2022", "năm 2022"), so that "trong quý II" or "trước ngày 15/5" take that year."""
    f = fold(nfc(text))
    for m in _FULL_DATE.finditer(f, 0, min(len(f), _HEADER_CHARS)):
        d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else \
            (m.group("d2"), m.group("m2"), m.group("y2"))
        try:
            return date(int(y), int(mo), int(d))
        except ValueError:
            continue
    years: dict[int, int] = {}
    for m in _YEAR_MENTION.finditer(f):
        y = int(m.group("y"))
        years[y] = years.get(y, 0) + 1
    if years:
        y = max(years, key=lambda k: (years[k], k))
        return date(y, 1, 1)
    return None
