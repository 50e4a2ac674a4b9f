"""A sentence that only says when the work before it is due: "Hoàn thành trước ngày 20/6/2020.", "Việc rà soát và
trả lời phải hoàn thành chậm nhất là ngày 25/8/2019.", "Thời gian hoàn thành việc lấy ý kiến nhân dân chậm nhất
trong ngày 21/4/2025.", "Dự kiến thực hiện trong năm 2020." It is no task of its own: it dates the actions of the
sentence just before it (in its paragraph, or the last of the paragraph before) that have no deadline of their own (the annotators' reading in
batch62, 67, 77 and 78, opened in session 31). Read after either engine, on the proposals it made: the note read
as a task is dropped, and a task whose words ran on into the note stops before it. A paragraph that only states a
deadline ("Thời hạn hoàn thành: ...") dates the paragraph before it: passage.py's _deadline_note.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from .deadlines import parse_deadline
from .model import Proposal
from .normalize import fold
from .pipeline import action_text, task_title

# what is left of a note once its deadline phrase is taken out (folded): who finishes, never what is done
_NOTE = re.compile(r"(?:(?:viec|toan\s+bo|tat\s+ca|cac\s+(?:noi\s+dung|bien\s+phap))\b[^.;:]{0,80}?\s+)?"
                   r"(?:(?:phai|can|se|deu)\s+)?(?:duoc\s+)?(?:hoan\s+(?:thanh|tat)|thuc\s+hien\s+xong|xong)"
                   r"|thoi\s+(?:gian|han)(?:\s+(?:hoan\s+thanh|thuc\s+hien|xong))?(?:\s+viec\b[^.;:]{0,80}?)?"
                   # "Thời gian thực hiện kê khai … hoàn thành chậm nhất vào ngày D.", "… sẽ kéo dài từ nay đến ngày D."
                   r"|thoi\s+gian\s+thuc\s+hien\s+[^.;:,]{1,80}?\s+(?:se\s+)?(?:hoan\s+thanh|keo\s+dai(?:\s+tu\s+nay)?)"
                   r"|du\s+kien\s+(?:thuc\s+hien|hoan\s+thanh|xong)")
# the words a deadline phrase leaves behind it: "chậm nhất | trong ngày D", "là | trước ngày D"
_LEFT_OVER = re.compile(r"(?:\s+(?:la|vao|trong|cham\s+nhat|truoc|den|het))+$")
_FINISH_BEFORE = re.compile(r",\s*(?:va\s+)?hoan\s+thanh\s*$")
_FINISH_FIRST = re.compile(r"\s*hoan\s+thanh\s*,")
_BOUNDARY = re.compile(r"[.!?…][\"”'’»)\]]*[ \t]+")
_MAX_WORDS = 30


@dataclass
class _Note:
    prev: int       # where the sentence before it starts (a chain's tail: where its sentence starts)
    start: int
    end: int
    deadline: date
    tail: bool = False   # the last step of a ';' chain, a task itself: "…; xử phạt …, hoàn thành trước ngày D."


def _is_note(sentence: str, doc_date: date) -> date | None:
    info = parse_deadline(sentence, doc_date)
    if info.deadline is None or info.deadline_span is None or info.recurring is not None \
            or len(sentence.split()) > _MAX_WORDS:
        return None
    f = fold(sentence)
    a, b = info.deadline_span
    before = f[:a].strip(" \"“”'‘’«»()[]")
    after = f[b:].strip(" .!?…\"“”'‘’«»()[],;")
    if after:
        return None
    before = _LEFT_OVER.sub("", before)
    return info.deadline if _NOTE.fullmatch(before) else None


def _chain_tail(sentence: str, at: int, doc_date: date) -> _Note | None:
    """"Kiểm tra …; lập hồ sơ xử phạt …, hoàn thành trước ngày 30/8/2021.", "…; hoàn thành, báo cáo UBND tỉnh kết quả
    thực hiện trong tháng 12/2023.": the chain's last step ends on the date by which the whole is to be finished, and
    it dates the steps before it in the sentence (batch85, 92)."""
    cut = sentence.rfind(";")
    if cut < 0:
        return None
    last = sentence[cut + 1:]
    info = parse_deadline(last, doc_date)
    if info.deadline is None or info.deadline_span is None or info.recurring is not None:
        return None
    f = fold(last)
    # "hoàn thành" as the finish of the whole ("…, hoàn thành trước ngày D", "hoàn thành, báo cáo … trong tháng N"),
    # not as the step's own verb ("hoàn thành việc thể chế hóa … trong quý 1/2026" dates that step alone)
    if f[info.deadline_span[1]:].strip(" .!?…\"“”'‘’«»()[],;") or not (
            _FINISH_BEFORE.search(f[:info.deadline_span[0]]) or _FINISH_FIRST.match(f)):
        return None
    return _Note(at, at + cut + 1, at + len(sentence), info.deadline, tail=True)


def _notes(text: str, doc_date: date) -> list[_Note]:
    """The notes of the text, each with the start of the sentence before it: in its paragraph, or the last of the
    paragraph before (news pages set the note apart: "…theo quy định.\n\nViệc rà soát và trả lời phải hoàn thành
    chậm nhất là ngày 25/8/2019.")."""
    out = []
    prev: int | None = None
    pos = 0
    for para in text.split("\n"):
        s = 0
        bounds = [m.end() for m in _BOUNDARY.finditer(para) if para[m.end():m.end() + 2].lstrip("\"“'‘«([")[:1].isupper()]
        for e in [*bounds, len(para)]:
            if para[s:e].strip():
                due = _is_note(para[s:e], doc_date) if prev is not None else None
                if due is not None:
                    out.append(_Note(prev, pos + s, pos + e, due))
                else:
                    tail = _chain_tail(para[s:e], pos + s, doc_date)
                    out += [tail] if tail is not None else []
                prev = pos + s
            s = e
        pos += len(para) + 1
    return out


def _cut(text: str, p: Proposal, end: int) -> None:
    """The proposal's words stop before the note (its deadline stays: it is the note's)."""
    while end > p.start and (text[end - 1].isspace() or text[end - 1] in ".;,"):
        end -= 1
    p.end = end
    p.text = action_text(text, p.start, end, None)
    p.title = task_title(text, p.start, end, None)


def _only_a_date(p: Proposal, doc_date: date) -> date | None:
    """"Chậm nhất đến ngày 20/9", "Trước ngày 30/6": a proposal that is a deadline phrase alone."""
    info = parse_deadline(p.text, doc_date)
    if info.deadline is None or info.deadline_span is None or info.recurring is not None:
        return None
    f = fold(p.text)
    a, b = info.deadline_span
    before = _LEFT_OVER.sub("", " " + re.sub(r"^\W*dong\s+thoi\b", "", f[:a]).strip(" ,"))
    return info.deadline if not before.strip() and not f[b:].strip(" .!?…\"“”'‘’«»()[],;:") else None


def _lead_in_dates(text: str, doc_date: date, props: list[Proposal]) -> list[Proposal]:
    """"Đồng thời, chậm nhất đến ngày 20/9, các bộ, ngành, địa phương phải có ý kiến …": a deadline set before the
    subject is read apart as a proposal of its own; it dates the proposal that follows it in the same sentence (batch104,
    opened in session 32) and is dropped."""
    out: list[Proposal] = []
    for i, p in enumerate(props):
        nxt = props[i + 1] if i + 1 < len(props) else None
        due = _only_a_date(p, doc_date) if nxt is not None else None
        gap = text[p.end:nxt.start] if nxt is not None and nxt.start >= p.end else None
        if due is not None and gap is not None and len(gap) <= 120 and not _BOUNDARY.search(gap) and ";" not in gap \
                and "\n" not in gap:
            if nxt.deadline is None and nxt.recurring is None:
                nxt.deadline = due
            continue
        out.append(p)
    return out


def apply_notes(text: str, doc_date: date, props: list[Proposal]) -> list[Proposal]:
    """``props`` with the completion notes of ``text`` (normalised, as the engines read it) read as deadlines. Notes
    and proposals are in text order: each proposal looks at the note it stands in and the first one after it only
    (bisect), so a text of many short tasks each with its note stays linear."""
    props = _lead_in_dates(text, doc_date, props)
    notes = _notes(text, doc_date)
    if not notes:
        return props
    starts = [n.start for n in notes]
    prop_starts = sorted(q.start for q in props)
    out = []
    for p in props:
        k = bisect.bisect_right(starts, p.start)
        inside = notes[k - 1] if k and p.start < notes[k - 1].end and not notes[k - 1].tail else None
        # the note read as a task, when a task before it takes its date: the note is that task's deadline
        if inside is not None and bisect.bisect_left(prop_starts, inside.prev) < bisect.bisect_left(prop_starts,
                                                                                                   inside.start):
            continue
        n = notes[k] if k < len(notes) else None
        if n is not None:
            if n.start < p.end and not n.tail:
                _cut(text, p, n.start)
            if n.prev <= p.start and p.deadline is None and p.recurring is None:
                p.deadline = n.deadline
                p.flags.append("deadline_from_note")
        out.append(p)
    return out
