"""Sentences that may hold an action no proposal covers: what the review screen offers the officer
to read after the proposals, so that a missed action is found without reading the whole text again.

The extraction finds about seven in ten actions of a text it has not seen (docs/extraction.md);
the rest stood in sentences whose form its rules do not read as directing. This module does not
try to read them: it points at the clauses that carry a directing cue — a modal ("cần", "phải",
"sẽ"), a directing word ("yêu cầu", "đề nghị", "giao", "có trách nhiệm", "không để"), a verb or
directing adverb first ("rà soát …", "khẩn trương …"), or a name followed by its verb ("Sở X
hướng dẫn …") — and that no proposal covers. Neighbouring clauses of one sentence are shown
together. A sentence the officer takes as a task is read as an item of a list under "Yêu cầu:"
(read_as_task). On 160 texts never opened it raised the share of actions that the review screen shows, as
a proposal or inside such a sentence, from 0.68 to 0.90, at about three sentences a text
(bench/review_reach.py; docs/extraction.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import extract
from .lexicon import ADVERBS, TRIGGERS, VERBS, match_phrase
from .model import Proposal, UnitDirectory
from .normalize import tokenize

MAX_SENTENCES = 40        # a long document's list stays readable; the earliest come first
MAX_CHARS = 600           # a very long sentence is shown cut, with "…"

# a clause ends at ";", "!", "?", a line break or a full stop before a space or the end ("TP. Hà Nội" too: a
# clause cut there is joined to the next one of its sentence below)
_CLAUSE_END = re.compile(r"[;!?\n]|\.(?=\s|$)")

# directing words anywhere in the clause; "kết luận" (mostly the noun), "đề ra" and "buộc" say too little alone
_DIRECTING = (TRIGGERS - {("ket", "luan"), ("de", "ra"), ("buoc",)}) | {
    ("co", "trach", "nhiem"), ("co", "nhiem", "vu"), ("khong", "de"), ("nghiem", "cam"), ("tuyet", "doi")}
_RAW_MODALS = ("cần", "phải")
# a statement of what happened, between a name and its verb: "Sở X đã tổ chức …" reports, it does not direct
_REPORTED = frozenset({"đã", "vừa", "đang", "được", "chưa"})
_MIN_WORDS = 4
_AFTER_DIRECTING = 3
# "Ngày 19-7, Đoàn giám sát … làm việc với …", "Sáng 24/12, ông X …": a news lede tells an event, it directs nothing
_DATED_OPENING = re.compile(r"(?:Ngày|Sáng|Chiều|Tối|Trưa|Đêm|Hôm)\s+(?:ngày\s+)?(?:\d|qua\b|nay\b)", re.IGNORECASE)
_NAME_SPAN = 12           # words in which a name's verb is looked for
_HEADING_WORDS = 10
_REPORT_SPAN = 8


@dataclass(frozen=True)
class MissedSentence:
    start: int          # offsets in the normalised text (as Proposal.start / end)
    end: int
    text: str           # as written, spaces collapsed, cut at MAX_CHARS
    cue: str            # modal | directing | verb_first | future | name_verb


def _cue(text: str, s: int, e: int) -> str | None:
    toks = [t for t in tokenize(text, s, e) if t.is_word]
    if len(toks) < _MIN_WORDS:
        return None
    raw = [t.raw.lower() for t in toks]
    f = [t.f for t in toks]
    if _reports(raw, f) or _heading(text, s, e, toks):
        return None
    if any(w in _RAW_MODALS for w in raw):
        return "modal"
    # a directing word with the words it directs after it ("Thủ tướng yêu cầu" alone heads what follows)
    if any(match_phrase(f, k, _DIRECTING) and not _traffic_or_teaching(f, k) and not _in_a_name(toks, f, k)
           for k in range(len(f) - _AFTER_DIRECTING)):
        return "directing"
    if match_phrase(f, 0, ADVERBS) or match_phrase(f, 0, VERBS):
        return "verb_first"
    if "sẽ" in raw[:_NAME_SPAN]:
        return "future"
    if toks[0].cap and not _DATED_OPENING.match(text, toks[0].start):
        for k in range(1, min(len(f), _NAME_SPAN)):
            if raw[k] in _REPORTED:
                break
            if not toks[k].cap and match_phrase(f, k, VERBS) and k + _AFTER_DIRECTING < len(f):
                return "name_verb"
    return None


def _sentence_ends(text: str, i: int) -> bool:
    """The clause that ends with text[i] ends its sentence: "!", "?", a line break, or a full stop not followed by
    a word in lower case or a digit (";" and "TP. hồ …" go on)."""
    if text[i] in "!?\n":
        return True
    if text[i] != ".":
        return False
    rest = text[i + 1:i + 40].lstrip()
    return not rest or not (rest[0].islower() or rest[0].isdigit())


def _reports(raw: list[str], f: list[str]) -> bool:
    """What was done or praised, not what is to do: "đã" among the clause's first words with no directing word or
    modal anywhere in it ("Sở X đã tổ chức …"; "các tỉnh cần …, mục tiêu đã đề ra" and "UBND đã chỉ đạo X …" stay),
    or praise ("đánh giá cao", "biểu dương") with no directing word."""
    if any(w in _RAW_MODALS or w == "sẽ" for w in raw) or any(match_phrase(f, k, _DIRECTING) for k in range(len(f))):
        return False
    return "đã" in raw[:_REPORT_SPAN] or any(
        f[k:k + 3] == ["danh", "gia", "cao"] or f[k:k + 2] == ["bieu", "duong"] for k in range(len(f)))


def _heading(text: str, s: int, e: int, toks: list) -> bool:
    """A short line with no full stop — a heading, a caption, a menu item ("Video tuyên truyền …")."""
    return len(toks) < _HEADING_WORDS and text[e - 1:e] == "\n" and not text[s:e].rstrip().endswith((".", ";", ":"))


def _in_a_name(toks: list, f: list[str], k: int) -> bool:
    """"Ban Chỉ đạo …", "Trưởng ban chỉ đạo", "Thông báo Kết luận …": the directing word inside a body's or a document's
    name (after "ban", or capitalised inside the clause), not a direction."""
    return k > 0 and (f[k - 1] == "ban" or toks[k].cap)


def _traffic_or_teaching(f: list[str], k: int) -> bool:
    """"giao" of "giao thông", "giao dục", "bàn giao" …: the word, not the assigning verb."""
    return f[k] == "giao" and k + 1 < len(f) and f[k + 1] in _GIAO_NOUNS


_GIAO_NOUNS = frozenset({"thong", "duc", "dich", "luu", "tiep", "ket", "nhan", "hang", "thoa", "khoan", "lien", "ban",
                         "dien", "dat", "von", "quyen"})


def _clauses(text: str):
    s = 0
    for m in _CLAUSE_END.finditer(text):
        yield s, m.end()
        s = m.end()
    if s < len(text):
        yield s, len(text)


def _shown(text: str, s: int, e: int) -> tuple[int, int, str]:
    while s < e and (text[s].isspace() or text[s] in ",;:-–.…•*+"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    body = re.sub(r"\s+", " ", text[s:e]).strip()
    if len(body) > MAX_CHARS:
        body = body[:MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return s, e, body


def possibly_missed(text: str, proposals: list[Proposal], limit: int = MAX_SENTENCES) -> list[MissedSentence]:
    """The clauses of ``text`` (normalised as the extraction reads it: pipeline.normalise) with a directing cue
    that no proposal overlaps (what is left of a clause around a proposal is mostly its frame), neighbours in one
    sentence joined, in text order, at most ``limit``. Linear in the text: proposals are walked once, in order."""
    spans = sorted((p.start, p.end) for p in proposals)
    out: list[tuple[int, int, str]] = []
    i = 0
    for s, e in _clauses(text):
        if not text[s:e].strip():
            continue
        while i < len(spans) and spans[i][1] <= s:     # proposals ended before the clause: behind every later one
            i += 1
        if i < len(spans) and spans[i][0] < e:    # a proposal in it: the rest is its frame ("Kết luận …, X yêu cầu …")
            continue
        cue = _cue(text, s, e)
        if cue is None:
            continue
        if out and out[-1][1] == s and not _sentence_ends(text, s - 1):
            out[-1] = (out[-1][0], e, out[-1][2])      # the next clause of the same sentence
            continue
        if len(out) == limit:
            break
        out.append((s, e, cue))
    rows = []
    for s, e, cue in out:
        s, e, body = _shown(text, s, e)
        if body:
            rows.append(MissedSentence(s, e, body, cue))
    return rows


# what the officer's click says of a marked sentence: it is a task, as if a list under a directing word held it
_AS_TASK_FRAME = "Yêu cầu:\n"


def read_as_task(sentence: str, doc_date: date, directory: UnitDirectory) -> list[Proposal]:
    """A marked sentence the officer has taken as a task, read by the extraction as an item of a list under
    "Yêu cầu:", so that its body ("Trung tâm Phát triển quỹ đất hoàn thiện …", "Yên Bái phải …") becomes the
    lead, resolved in the directory as for any proposal, its deadline is read and a semicolon chain gives one
    proposal per step. [] when even so the extraction reads no action in it (the row then keeps the words)."""
    return extract(_AS_TASK_FRAME + sentence, doc_date, directory)
