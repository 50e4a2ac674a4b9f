"""From the text of a conclusion to proposed tasks.

1. The text is cut into blocks (segment.split_blocks). The directing passage starts at a
   trigger ("yêu cầu", "đề nghị", "giao", "chỉ đạo", "kiến nghị", "kết luận:") said by the
   presiding person or body, or at a heading such as "II. NHIỆM VỤ ..." / "Đối với UBND
   thành phố:"; it goes on over the list items that follow and over paragraphs that read as
   actions; headings such as "Ưu điểm", "Hạn chế", "Đánh giá chung", "Nơi nhận" mute it.
2. Each block of the passage is cut into clauses at ';' and at sentence ends; a clause that
   only names a document ("Chỉ thị số 39-CT/TU ...") or only states a deadline
   ("hoàn thành trong tháng 1", "thực hiện thường xuyên") is joined to the one before.
3. A clause names its addressee after a trigger or as its subject ("Công an Thành phố chủ
   trì, phối hợp với ..."); otherwise it inherits the addressee of the clause before in the
   same block, of its heading, of the passage's opening, or of the previous list item.
4. Clauses that report results, praise or formalities are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .deadlines import parse_deadline
from .lexicon import (ADVERBS, CONNECTORS, DOC_REFS, NARRATIVE_ANY, NARRATIVE_RAW, NARRATIVE_START,
                      RETRIGGERS, TRIGGERS, VERBS, match_phrase)
from .model import Proposal, UnitDirectory
from .normalize import words_of, Canon, Tok, canon_tokens, fold, nfc, tokenize
from .segment import Block, split_blocks, split_clauses
from .units import Gazetteer, Mention, parse_unit_list

_NARR_HEAD = ("danh gia", "ket qua", "uu diem", "han che", "ton tai", "khuyet diem", "nguyen nhan", "tinh hinh",
              "noi nhan", "bai hoc", "thanh phan", "dac diem", "boi canh", "thuc trang")
_DIR_HEAD = ("nhiem vu", "giai phap", "kien nghi", "de nghi", "yeu cau", "phuong huong", "khac phuc", "ket luan",
             "chi dao", "doi voi", "de xuat", "trong tam", "thoi gian toi", "to chuc thuc hien")
_FORWARD = re.compile(r"^\s*(?:(?:de hoan thanh|trong|den) [^.;:]{0,40}?)?(?:6 thang cuoi nam|nhung thang cuoi nam|"
                      r"thoi gian toi|thoi gian sap toi)\b")
_TERMINAL_PUNCT = (".", ";", "!", "?", "…", ",", ")", "”", '"')
_TRIGGER_BLOCK_PREV = {"da", "duoc", "se", "theo", "su", "cua", "van", "nhung", "cac", "dap", "dung",
                       "tac", "ho", "trinh", "to", "y", "anh", "don", "nghe", "bao", "neu"}
_GIAO_NOT = {"ban", "dich", "thong", "duc", "luu", "nhan", "lien", "thoa", "tiep", "quan", "khoan", "dat", "von",
             "du", "chi", "nhiem", "ket"}


# who speaks in a conclusion: "Đồng chí ... đề nghị", "Đoàn giám sát yêu cầu"
_SPEAKERS = frozenset(tuple(p.split()) for p in (
    "dong chi", "doan", "ong", "ba", "chu tich", "pho chu tich", "truong ban", "pho truong ban", "bi thu",
    "pho bi thu", "truong doan", "lanh dao", "hoi nghi", "thuong truc", "btv", "thu truong", "giam doc"))
_REPORTING = frozenset(tuple(p.split()) for p in ("khang dinh", "cho biet", "trinh bay", "nhan dinh", "thong tin",
                                                    "phat bieu"))
_PLAN_PRAISE = frozenset(tuple(p.split()) for p in ("du kien", "ghi nhan", "danh gia cao", "bieu duong", "nhat tri", "dong y",
                                                      "hoan nghenh"))
_BARE_COMMITTEES = {p + w + " uy" for p in ("", "cac ") for w in ("huyen", "thi", "thanh", "quan", "tinh", "dang")}
_ORDINALS = {"mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"}
_ORDINALS2 = {"nhat", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi"}


@dataclass
class Addr:
    """A resolved addressee."""
    lead: str | None = None
    lead_unit_id: int | None = None
    lead_units: list[int] = field(default_factory=list)
    extra: list[tuple[str, int | None]] = field(default_factory=list)   # other units of a list subject
    flags: list[str] = field(default_factory=list)


@dataclass
class Action:
    clause_start: int
    clause_end: int
    text_start: int
    text_end: int
    addr: Addr | None
    explicit: bool
    coords: list[tuple[str, int | None]]
    verb_start: bool
    frame: str = ""
    intro: list[tuple[int, int, bool]] = field(default_factory=list)   # the list introductions it belongs to (its deadline is inherited)      # why it was proposed: trigger | subject | heading | same_sentence | list | previous_item | none


@dataclass
class _Ctx:
    level: float
    addr: Addr | None
    muted: bool
    intro: tuple[int, int, bool] | None = None


def _is_caps_text(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _time_phrase(words: list[str], k: int) -> int:
    """Length of a time phrase between a trigger and its addressee: "tháng 12/2018", "năm 2024",
    "trong thời gian tới" (0 if none)."""
    n = 0
    if words[k:k + 1] == ["trong"] and words[k + 1:k + 4] == ["thoi", "gian", "toi"]:
        return 4
    if k < len(words) and words[k] in ("thang", "quy", "nam") and k + 1 < len(words) and \
            (words[k + 1].isdigit() or words[k + 1] in ("i", "ii", "iii", "iv")):
        n = 2
        if words[k + n:k + n + 1] == ["/"] and k + n + 1 < len(words) and words[k + n + 1].isdigit():
            n += 2
        if k + n < len(words) and words[k + n] == ",":
            n += 1
    return n


def _raw_lower(toks: list[Tok], c: Canon) -> str:
    return toks[c.i].raw.lower()


class Extractor:
    def __init__(self, text: str, doc_date: date, directory: UnitDirectory):
        self.doc = text
        self.doc_date = doc_date
        self.directory = directory
        self.g = Gazetteer(directory)
        self.units = self.g.units

    # --- addressee resolution ----------------------------------------------------------
    def _addr(self, mentions: list[Mention]) -> Addr:
        a = Addr()
        if not mentions:
            return a
        if len(mentions) > 1 and any(m.kind == "group" for m in mentions):
            a.lead = self.doc[mentions[0].start:mentions[-1].end]
            ids: list[int] = []
            for m in mentions:
                ids.extend(m.expansion if m.kind == "group" else ([m.unit_id] if m.unit_id else []))
                if m.kind == "unknown":
                    a.flags.append("unknown_unit")
                if m.kind == "group" and not m.expansion:
                    a.flags.append("group_unresolved")
            a.lead_units = list(dict.fromkeys(ids))
            return a
        first = mentions[0]
        self._fill(a, first)
        for m in mentions[1:]:
            a.extra.append(self._name(m))
            if m.kind == "unknown":
                a.flags.append("unknown_unit")
        return a

    def _fill(self, a: Addr, m: Mention) -> None:
        if m.kind == "unit":
            a.lead, a.lead_unit_id = self.units[m.unit_id].name, m.unit_id
        elif m.kind == "group":
            a.lead = self.doc[m.start:m.end]
            a.lead_units = list(dict.fromkeys(m.expansion))
            if not m.expansion:
                a.flags.append("group_unresolved")
            if m.restricted:
                a.flags.append("group_restricted")
        else:
            a.lead = self.doc[m.start:m.end]
            a.flags.append("unknown_unit")

    def _name(self, m: Mention) -> tuple[str, int | None]:
        if m.kind == "unit":
            return self.units[m.unit_id].name, m.unit_id
        return self.doc[m.start:m.end], None

    # --- triggers ----------------------------------------------------------------------
    def _valid_trigger(self, cs: list[Canon], toks: list[Tok], k: int) -> int:
        """Length of a directing trigger at cs[k] (0 if the word is used otherwise)."""
        words = words_of(cs)
        n = match_phrase(words, k, TRIGGERS)
        if not n:
            return 0
        w = " ".join(words[k:k + n])
        prev = words[k - 1] if k > 0 else ""
        prev_raw = _raw_lower(toks, cs[k - 1]) if k > 0 else ""
        speaker_team = k >= 3 and words[k - 3:k] in (["doan", "cong", "tac"], ["to", "cong", "tac"])
        if prev_raw in ("đã", "được", "sẽ") or (prev in _TRIGGER_BLOCK_PREV and prev_raw not in ("và", "văn")
                                               and not speaker_team):
            return 0
        for c in reversed(cs[max(0, k - 3):k]):   # "đã tổ chức quán triệt", not "... đạt được và yêu cầu"
            r = _raw_lower(toks, c)
            if r in ("và", ",", ";", "."):
                break
            if r == "đã":
                return 0
        if k > 1 and words[k - 2] == "lanh" and prev == "dao":
            return 0
        if w == "buoc" and (prev in ("rang", "bat", "bi") or _raw_lower(toks, cs[k]) != "buộc"):
            return 0      # "ràng buộc", "bắt buộc": only "buộc X phải ..." (an enforcement order) directs
        nxt = words[k + n] if k + n < len(words) else ""
        nxt_cap = k + n < len(cs) and toks[cs[k + n].i].cap
        if w == "giao" and words[k + 1:k + 3] == ["nhiem", "vu"] and (
                words[k + 3:k + 4] in (["cho"], [":"]) or words[k + 3:k + 5] == ["nhu", "sau"]):
            return n + 2      # "kết luận, giao nhiệm vụ như sau:"
        if w.startswith("giao") and ((nxt in _GIAO_NOT and not nxt_cap) or prev_raw in ("bàn", "tuyên")):
            return 0
        nxt_raw = _raw_lower(toks, cs[k + n]) if k + n < len(cs) else ""
        if nxt_raw in ("của", "này", "trên", "do", "được", "về", "đã", "đang", "chung"):
            return 0
        if w == "de ra":
            # "UBND huyện đề ra một số nhiệm vụ, giải pháp trọng tâm, như: ...": only a list's introduction
            if words[k + n:k + n + 3] in (["mot", "so", "nhiem"], ["mot", "so", "giai"], ["cac", "nhiem", "vu"]) \
                    and ":" in words[k + n:k + n + 20]:
                return n
            return 0
        if w == "ket luan":
            if nxt == ":" or (nxt == "nhu" and k + n + 1 < len(words) and words[k + n + 1] == "sau"):
                return n
            if words[k + n:k + n + 3] in (["mot", "so", "nhiem"], ["cac", "nhiem", "vu"]) or \
                    words[k + n:k + n + 2] == ["nhiem", "vu"]:
                return n      # "kết luận một số nhiệm vụ trọng tâm ..., bao gồm: ..."
            return 0
        if w == "chi dao" and (prev in ("cong", "van", "su", "lanh", "dieu", "trong", "viec", "noi", "bieu", "kien")
                               or (prev == "," and k > 2 and words[k - 3:k - 1] == ["lanh", "dao"])):
            return 0
        if w == "chi dao" and words[k + n:k + n + 2] == ["dieu", "hanh"]:
            return 0      # "sự chỉ đạo điều hành và kết quả ...": direction and management, a noun
        if w == "chi dao":
            # "Ban Thường vụ cũng chọn Chi bộ X chỉ đạo tổ chức đại hội điểm": a choice made, the
            # chosen body's role, not a directive
            for c in reversed(cs[max(0, k - 12):k]):
                r = _raw_lower(toks, c)
                if r in (".", ";", ":"):
                    break
                if r in ("chọn", "cử"):
                    return 0
        # what follows a directing trigger: ":", an addressee, an action, or a list intro
        j = k + n + _time_phrase(words, k + n)
        if nxt in (":", "cho"):
            return n
        if nxt == "," and w in ("nhan manh", "luu y") and parse_unit_list(self.g, cs, toks, k + n + 1)[0]:
            return n      # "nhấn mạnh, các ngành cần ..."
        if nxt in ("doi", "trong", "thoi", "nhu", "mot", "nhung", "tat", "moi", "tiep", "ngay") and not w.startswith("giao"):
            return n
        if parse_unit_list(self.g, cs, toks, j, titles=True)[0]:
            return n
        if not w.startswith("giao") and self._verb_at(cs, toks, j) and nxt != ",":
            return n
        return 0

    # --- clauses -----------------------------------------------------------------------
    def _clause(self, cstart: int, cend: int, opening: bool, can_merge: bool = True) -> tuple[Action | None, str]:
        """Read one clause. Returns (action or None, kind) where kind is 'action', 'narrative',
        'intro' (only sets an addressee), 'merge' (continues the clause before) or 'empty'."""
        toks = tokenize(self.doc, cstart, cend)
        cs = canon_tokens(toks, punct=True)
        words = words_of(cs)
        if not any(c.c[:1].isalnum() for c in cs):
            return None, "empty"
        k = 0
        while k < len(cs) and not words[k][:1].isalnum():
            k += 1
        # an inline list marker: "(1) Tập trung ...", "2) Đẩy nhanh ..."
        if k + 1 < len(cs) and words[k + 1] == ")" and (words[k].isdigit() or len(words[k]) == 1):
            k += 2
            while k < len(cs) and not words[k][:1].isalnum():
                k += 1
        # leading connectors: "Đồng thời,", "Bên cạnh đó,"
        while True:
            n = match_phrase(words, k, CONNECTORS)
            if n and not (words[k] == "va" and n == 1 and k > 0):
                k += n
                while k < len(cs) and words[k] == ",":
                    k += 1
                continue
            break
        if k + 2 < len(cs) and words[k + 1] == "la" and words[k] in _ORDINALS and words[k + 2] in (",", ":"):
            k += 3
        elif k + 2 < len(cs) and words[k] == "thu" and words[k + 1] in _ORDINALS2 and words[k + 2] in (",", ":"):
            k += 3
        head_k = k
        frame = ""
        explicit: list[Mention] = []
        addr_set_only = False
        # continuation of the clause before: a document named in a list, a bare deadline
        if can_merge and match_phrase(words, k, DOC_REFS) and not match_phrase(words, k, VERBS):
            return Action(cstart, cend, cstart, cend, None, False, [], False), "merge"
        if can_merge and words[k:k + 2] in (["thoi", "gian"], ["thoi", "han"]) and \
                sum(1 for w in words[k:] if w[:1].isalnum()) <= 16 and \
                parse_deadline(self.doc[toks[cs[k].i].start:cend], self.doc_date).deadline is not None:
            # "...; có văn bản trả lời; đồng thời báo cáo UBND tỉnh. Thời gian thực hiện hoàn thành trước
            # ngày D.": the deadline of every action before it
            return Action(cstart, cend, cstart, cend, None, False, [], False), "deadline_all"
        if can_merge and self._deadline_tail(toks, cs, k):
            return Action(cstart, cend, cstart, cend, None, False, [], False), "merge"
        # topical heading "Về kinh tế - ngân sách:" / addressee heading "Đối với UBND thành phố:"
        colon = next((i for i in range(k, min(len(cs), k + 25)) if words[i] == ":"), None)
        if colon is not None and words[k] in ("ve", "doi", "voi"):
            kk = k + (2 if words[k] == "doi" and k + 1 < len(cs) and words[k + 1] == "voi" else 1)
            if words[k] != "ve":
                ms, nxt = parse_unit_list(self.g, cs, toks, kk)
                if ms:
                    explicit = ms
                    frame = "heading"
            k = colon + 1
            addr_set_only = k >= len(cs)
        if not explicit and not match_phrase(words, k, RETRIGGERS) and match_phrase(words, k, _SPEAKERS):
            # "Đồng chí cũng đề nghị ...", "Đoàn giám sát còn yêu cầu ...": a new addressee
            for p in range(k + 1, min(len(cs), k + 25)):
                if words[p] in (";", ".", ":"):
                    break
                if match_phrase(words, p, RETRIGGERS) and self._valid_trigger(cs, toks, p):
                    k = head_k = p
                    break
        text_k = k
        t = self._valid_trigger(cs, toks, k) if (opening or match_phrase(words, k, RETRIGGERS)) else 0
        if t and not explicit:
            kk = k + t
            kk += _time_phrase(words, kk)     # "đề nghị tháng 12/2018 thường trực HĐND ..."
            while kk < len(cs) and words[kk] in (":", ",", "cho"):
                kk += 1
            if kk + 1 < len(cs) and words[kk] == "doi" and words[kk + 1] == "voi":
                kk += 2
            ms, nxt = parse_unit_list(self.g, cs, toks, kk, titles=True)
            if not ms:
                # "yêu cầu: từ ngày 30/4 đến hết ngày 3/5/2024, các đơn vị ...": a time phrase may be long
                reach = 25 if words[kk:kk + 1] and words[kk] in ("tu", "trong", "den", "truoc", "sau", "ngay",
                                                                  "thang", "quy", "nam", "nhan") else 10
                comma = next((i for i in range(kk, min(len(cs), kk + reach)) if words[i] == ","), None)
                if comma is not None and not match_phrase(words, kk, VERBS):
                    ms, nxt = parse_unit_list(self.g, cs, toks, comma + 1)
            if ms:
                explicit, k = ms, nxt
                frame = "trigger"
            else:
                k = kk
            text_k = k
        elif not explicit:
            ms, nxt = parse_unit_list(self.g, cs, toks, k)
            bare = [w for w in words[k:] if w[:1].isalnum()]
            if (ms and not any(w[:1].isalnum() for w in words[nxt:])) or (
                    len(bare) <= 3 and " ".join(bare) in _BARE_COMMITTEES):
                # "yêu cầu BTV Thành ủy; các huyện ủy; thị ủy; các đảng ủy ... tạm dừng ...": a name
                # alone between semicolons is one of several addressees, not an action
                return None, "empty"
            if ms and self._predicate_follows(cs, toks, nxt):
                explicit, k = ms, nxt
                text_k = k
                frame = "subject"
            elif not ms or not self._predicate_follows(cs, toks, nxt):
                # a leading adverbial: "Trong mùa mưa bão, các đơn vị thực hiện ..."
                comma = next((i for i in range(k, min(len(cs), k + 9)) if words[i] == ","), None)
                if comma is not None and words[k] in ("trong", "den", "tu", "sau", "truoc", "nhan", "de", "qua",
                                                       "tai", "ngay", "thoi"):
                    ms, nxt = parse_unit_list(self.g, cs, toks, comma + 1)
                    if ms and self._predicate_follows(cs, toks, nxt):
                        explicit, k = ms, nxt
                        text_k = k
                        frame = "subject"
        # appositive / parenthesis after the addressee: ", cơ quan thường trực của BCĐ," "(chủ trì)"
        coords: list[tuple[str, int | None]] = []
        if explicit:
            k = self._skip_apposition(cs, k)
        k, coords, had_role = self._roles(cs, toks, k)
        if explicit:
            text_k = k
        # end of a list intro: "... một số nội dung sau:"
        if k < len(cs) and words[k] == ":" and explicit:
            text_k = k + 1
            if text_k >= len(cs):
                addr_set_only = True
        if addr_set_only or text_k >= len(cs) or not any(w[:1].isalnum() for w in words[text_k:]):
            a = self._addr(explicit) if explicit else None
            return Action(cstart, cend, cend, cend, a, bool(explicit), coords, False, frame), "intro"
        # the action itself
        a0 = text_k
        while a0 < len(cs) and not words[a0][:1].isalnum():
            a0 += 1
        if a0 + 2 < len(cs) and ((words[a0] == "thu" and words[a0 + 1] in _ORDINALS2) or (
                words[a0] in _ORDINALS and words[a0 + 1] == "la")) and words[a0 + 2] in (",", ":"):
            a0 += 3       # "yêu cầu Sở Xây dựng: thứ nhất, rà soát ...; thứ hai, ..."
            text_k = a0
        if explicit and a0 + 1 < len(cs) and _raw_lower(toks, cs[a0]) in ("cần", "phải") \
                and words[a0 + 1][:1].isalnum():
            a0 += 1      # "Đoàn thanh tra cần có lịch làm việc": the action is "có lịch làm việc"
            text_k = a0
        verb_start = self._verb_at(cs, toks, a0)
        if self._narrative(cs, toks, a0, head_k, verb_start, bool(explicit)):
            if explicit:   # "UBND các phường chịu trách nhiệm chính ...; thành lập ..." keeps its addressee
                return Action(cstart, cend, cend, cend, self._addr(explicit), True, coords, False,
                              frame), "intro_narrative"
            return None, "narrative"
        ts = toks[cs[a0].i].start if a0 < len(cs) else cend
        if not explicit and not had_role:
            ts = toks[cs[min(text_k, len(cs) - 1)].i].start
        a = self._addr(explicit) if explicit else None
        if had_role and frame == "subject":
            frame = "lead_role"
        return Action(cstart, cend, ts, cend, a, bool(explicit), coords, verb_start, frame), "action"

    def _predicate_follows(self, cs: list[Canon], toks: list[Tok], k: int) -> bool:
        words = words_of(cs)
        if k >= len(cs):
            return False
        if words[k] in (":", "("):
            return True
        if words[k] == ",":
            nxt = words[k + 1] if k + 1 < len(cs) else ""
            return nxt in ("co", "don", "la") or bool(match_phrase(words, k + 1, VERBS))
        return self._verb_at(cs, toks, k) or _raw_lower(toks, cs[k]) in ("cần", "phải")

    def _verb_at(self, cs: list[Canon], toks: list[Tok], k: int) -> bool:
        words = words_of(cs)
        if k >= len(cs):
            return False
        if match_phrase(words, k, VERBS) or match_phrase(words, k, ADVERBS):
            return True
        return _raw_lower(toks, cs[k]) in ("cần", "phải", "gắn", "lập", "đưa", "rà", "nắm", "giữ")

    def _skip_apposition(self, cs: list[Canon], k: int) -> int:
        words = words_of(cs)
        if k < len(cs) and words[k] == "(":
            j = k
            while j < len(cs) and words[j] != ")":
                j += 1
            return j + 1 if j < len(cs) else k
        if k + 1 < len(cs) and words[k] == "," and words[k + 1] in ("co", "don", "la", "voi"):
            j = k + 1
            while j < len(cs) and words[j] not in (",", ";", ":"):
                j += 1
            if j < len(cs) and words[j] == ",":
                return j + 1
        return k

    def _roles(self, cs: list[Canon], toks: list[Tok], k: int) -> tuple[int, list[tuple[str, int | None]], bool]:
        """'chủ trì', 'phối hợp với Y, Z' after the addressee."""
        words = words_of(cs)
        coords: list[tuple[str, int | None]] = []
        had = False
        while k < len(cs):
            if words[k] in (",",) and k + 1 < len(cs) and words[k + 1] in ("chu", "phoi"):
                k += 1
                continue
            if words[k:k + 2] == ["chu", "tri"]:
                k += 2
                had = True
                if k < len(cs) and words[k] == ",":
                    k += 1
                continue
            if words[k:k + 2] == ["phoi", "hop"]:
                j = k + 2
                if words[j:j + 2] == ["chat", "che"]:
                    j += 2
                if j < len(cs) and words[j] == "voi":
                    j += 1
                ms, nxt = parse_unit_list(self.g, cs, toks, j)
                if ms:
                    for m in ms:
                        coords.append(self._name(m))
                    k = nxt
                    had = True
                    if k < len(cs) and words[k] == ",":
                        k += 1
                    continue
                break
            break
        return k, coords, had

    def _deadline_tail(self, toks: list[Tok], cs: list[Canon], k: int) -> bool:
        """'hoàn thành trong tháng 1', 'thực hiện thường xuyên': a deadline alone."""
        words = [c.c for c in cs[k:] if c.c[:1].isalnum()]
        if not words or len(words) > 9:
            return False
        span_text = self.doc[toks[cs[k].i].start:toks[-1].end] if k < len(cs) else ""
        info = parse_deadline(span_text, self.doc_date)
        if info.deadline is None and info.recurring is None:
            return False
        covered = set()
        base = toks[cs[k].i].start
        for a, b in info.spans:
            covered.update(range(a + base, b + base))
        filler = {"hoan", "thanh", "xong", "thuc", "hien", "va", "trong", "nam", "hoc", "truoc", "ngay", "dam", "bao"}
        rest = [t for t in toks if t.is_word and t.start not in covered and t.start >= base
                and t.f not in filler]
        return len(rest) <= 1

    def _narrative(self, cs: list[Canon], toks: list[Tok], k: int, head_k: int, verb_start: bool,
                   explicit: bool) -> bool:
        words = words_of(cs)
        if k >= len(cs):
            return True
        if _raw_lower(toks, cs[k]) in NARRATIVE_RAW:
            return True
        if not explicit:
            # "Ban Thường vụ Thành ủy cơ bản thống nhất với báo cáo", "Các xã đã ..."
            ms, nxt = parse_unit_list(self.g, cs, toks, k)
            if ms and nxt < len(cs) and (_raw_lower(toks, cs[nxt]) in NARRATIVE_RAW
                                         or match_phrase(words, nxt, NARRATIVE_START)):
                return True
        def _narr_start(i: int) -> bool:
            # "Lưu: VT" closes a document; "lưu ý các địa phương ..." directs
            return bool(match_phrase(words, i, NARRATIVE_START)) and words[i:i + 2] != ["luu", "y"]
        if _narr_start(k) or _narr_start(head_k):
            return True
        joined = " " + " ".join(words[head_k:]) + " "
        for p in NARRATIVE_ANY:
            if p == ("chiu", "trach", "nhiem", "truoc") and verb_start:
                continue   # "nâng cao trách nhiệm ..., quán xuyến và chịu trách nhiệm trước Chủ tịch ..."
            if " " + " ".join(p) + " " in joined:
                return True
        if not explicit and not verb_start:
            # "Liên quan đến kỳ họp, dự kiến HĐND tỉnh xem xét ...", "Đoàn cũng ghi nhận ...",
            # "Đoàn sẽ tổng hợp ...": a plan, praise or the speaker's own intention, not a directed action
            # (an opening "dự kiến các chức danh ..." is the verb "to plan", an action)
            raws = [_raw_lower(toks, c) for c in cs[k:k + 12]]
            if "sẽ" in raws[:5] or any(match_phrase(words, i, _PLAN_PRAISE) and (i > k or words[i] != "du")
                                         for i in range(k, min(len(cs), k + 12))):
                return True
        if not verb_start:
            # "Chủ tịch UBND tỉnh ... khẳng định, ...": someone's statement, not an action
            if any(match_phrase(words, i, _REPORTING) for i in range(k, min(len(cs), k + 10))):
                return True
            raws = [_raw_lower(toks, c) for c in cs[k:k + 15]]
            # after "yêu cầu X", a "đã" further on belongs to a relative clause
            # ("trên cơ sở kế hoạch đã xây dựng, bám sát tiến độ ...")
            if ("đã" in raws and not explicit) or "đạt" in raws[:8] or "được" in raws[:3]:
                return True
            if words[k][:1].isdigit() or "%" in words[k:k + 8]:
                return True
        return False

    # --- blocks ------------------------------------------------------------------------
    def _first_trigger(self, b: Block) -> int | None:
        toks = tokenize(self.doc, b.start, b.end)
        cs = canon_tokens(toks, punct=True)
        for k in range(len(cs)):
            if self._valid_trigger(cs, toks, k):
                return toks[cs[k].i].start
        return None

    def _heading_kind(self, text: str) -> str:
        f = fold(text)
        for w in _DIR_HEAD:
            if w in f:
                return "directive"
        for w in _NARR_HEAD:
            if w in f:
                return "narrative"
        return "neutral"

    def run(self) -> list[tuple[Action, float]]:
        doc = self.doc
        blocks = split_blocks(doc)
        out: list[tuple[Action, float]] = []
        stack: list[_Ctx] = []
        zone = False
        prev_heading_level: float | None = None
        last_sibling: dict[float, Addr] = {}
        for bi, b in enumerate(blocks):
            text = b.text(doc).strip()
            # the first paragraph after the headline, past a date or by-line ("22/04/2024")
            body = next((x for x in blocks[1:4] if len(x.text(doc).split()) > 5), None)
            if bi == 0 and body is not None and self._headline(b, text) and \
                    len(body.text(doc).split()) >= 25 and not body.marked:
                continue      # an article's headline: "Quảng Ngãi yêu cầu đẩy mạnh ..." is a summary, not the directive
            if not b.marked and bi + 1 < len(blocks) and fold(blocks[bi + 1].text(doc)).lstrip().startswith("theo do") \
                    and re.search(r"\bban hanh\b", fold(text)):
                continue      # "UBND tỉnh ban hành Công văn ... chỉ đạo ...", then "Theo đó, ...": the summary of the details
            level = b.level
            if not b.marked and prev_heading_level is not None:
                level = prev_heading_level + 0.5
            while stack and stack[-1].level >= level:
                stack.pop()
            for lv in [x for x in last_sibling if x > level]:
                del last_sibling[lv]
            muted = any(c.muted for c in stack)
            ends_colon = text.rstrip().endswith(":")
            caps = b.marked and len(text) < 120 and sum(ch.isupper() for ch in text if ch.isalpha()) > 0.8 * max(
                1, sum(ch.isalpha() for ch in text))
            trig = self._first_trigger(b)
            # a paragraph ending with ':' heads the list below it; a long one only when it directs
            # ("Kết luận cuộc họp, ông ... đề nghị tháng 12/2018 thường trực HĐND ... nội dung sau:")
            is_heading = (ends_colon and (len(text) < 160 or b.marked or (trig is not None and len(text) < 400))) \
                or caps or self._bare_heading(b, text)
            if is_heading:
                kind = self._heading_kind(text) if (trig is None or caps or len(text) < 60) else "directive"
                addr = None
                # the heading's period ("Nhiệm vụ quý II/2024:", "Trong quý III, đề nghị ...:") dates its list
                intro = (b.start, b.end, True)
                if trig is not None or fold(text).startswith(("doi voi", "voi ")):
                    start = trig if trig is not None else b.start
                    for cs_, ce_, _ in split_clauses(doc, start, b.end):
                        act, k = self._clause(cs_, ce_, opening=True)
                        if act is not None and act.addr is not None:
                            addr = act.addr
                    if trig is not None and kind == "narrative" and not caps:
                        kind = "directive"
                if kind == "narrative":
                    stack.append(_Ctx(level, None, True))
                else:
                    if kind == "directive" or trig is not None or addr is not None:
                        zone = True
                    stack.append(_Ctx(level, addr, False, intro))
                prev_heading_level = level
                continue
            prev_heading_level = prev_heading_level if (not b.marked and prev_heading_level is not None) else None
            # inline narrative heading "Ưu điểm: ..."
            head, sep, rest = text.partition(":")
            if sep and len(head) < 40 and self._heading_kind(head) == "narrative" and trig is None:
                stack.append(_Ctx(level, None, True))
                continue
            if muted:
                continue
            if not zone and trig is None:
                # "Trong 6 tháng cuối năm, huyện tập trung các nhiệm vụ trọng tâm như ...": a passage of
                # tasks for the coming period without a directing word; read like one, with a subject
                fw = None if b.marked else _FORWARD.search(fold(doc[b.start:b.end]))
                subj = self._forward_subject(b.start + fw.end(), b.end) if fw else None
                if subj is not None:
                    acts = self._block_actions(subj[0], b.end, False, subj[1], None, (b.start, subj[0], True))
                    if len(acts) >= 2:       # a chain of tasks, not one sentence of news
                        out.extend(acts)
                continue
            start = b.start
            opening = False
            if trig is not None and (not zone or not b.marked):
                if not zone or trig > b.start:
                    start, opening = trig, True
            zone = True
            ctx_addr = next((c.addr for c in reversed(stack) if c.addr is not None), None)
            ctx_intro = next((c.intro for c in reversed(stack) if c.intro is not None), None)
            if opening and start > b.start:
                # "Trong quý II, UBND huyện đề nghị ...": a time phrase opening the sentence of the
                # trigger dates the actions that follow (read strictly: a stated deadline phrase)
                sent = [c for c in split_clauses(doc, b.start, start) if c[2]]
                s0 = sent[-1][0] if sent else b.start
                if parse_deadline(doc[s0:start], self.doc_date).deadline is not None:
                    ctx_intro = (s0, start, False)
            sib = last_sibling.get(level)
            acts = self._block_actions(start, b.end, opening, ctx_addr, sib, ctx_intro)
            if not b.marked and not opening:
                # a plain paragraph goes on the passage only if it reads as an action
                if not acts or not (acts[0][0].explicit or (acts[0][0].verb_start and self._looks_like_prose(text))):
                    zone = False
                    continue
            for act, conf in acts:
                out.append((act, conf))
            first_explicit = next((a.addr for a, _ in acts if a.explicit and a.addr), None)
            if first_explicit is not None and b.marked:
                last_sibling[level] = first_explicit
        return out

    def _forward_subject(self, s: int, e: int) -> tuple[int, Addr] | None:
        """After "Trong 6 tháng cuối năm" and its comma: the body that carries the tasks ("huyện",
        "các ngành và địa phương") when a verb follows it; (start of the clause, its addressee)."""
        comma = self.doc.find(",", s, min(e, s + 40))
        if comma < 0:
            return None
        toks = tokenize(self.doc, comma + 1, e)
        cs = canon_tokens(toks, punct=True)
        ms, nxt = parse_unit_list(self.g, cs, toks, 0, titles=True)
        if not ms or not self._predicate_follows(cs, toks, nxt):
            return None
        return comma + 1, self._addr(ms)

    @staticmethod
    def _headline(b: Block, text: str) -> bool:
        """The first line of a text when it reads as a title: short, unmarked, no full stop."""
        t = text.rstrip()
        return (not b.marked and 0 < len(t.split()) <= 20 and not t.endswith((".", ";", ":", "!", "?", "…", "./."))
                and not _is_caps_text(t))

    def _bare_heading(self, b: Block, text: str) -> bool:
        """'2. Nhiệm vụ thời gian tới', 'b) Kết quả đạt được': a short numbered title, no stop."""
        t = text.rstrip()
        if not b.marked or not t or t.endswith(_TERMINAL_PUNCT) or len(t.split()) > 7:
            return False
        f = fold(t)
        if f.startswith(_NARR_HEAD):
            return True
        if not f.startswith(_DIR_HEAD):
            return False
        toks = tokenize(self.doc, b.start, b.end)
        cs = canon_tokens(toks, punct=True)
        return not self._verb_at(cs, toks, 0)

    @staticmethod
    def _looks_like_prose(text: str) -> bool:
        """A sentence of some length ending like one (not a caption, a by-line or page furniture)."""
        t = text.rstrip()
        return len(t.split()) >= 8 and t[:1].isupper() and t.endswith((".", ";", "./.", ".”")) and not t.endswith("..")

    def _block_actions(self, start: int, end: int, opening: bool, ctx: Addr | None,
                       sib: Addr | None, ctx_intro: tuple[int, int, bool] | None = None) -> list[tuple[Action, float]]:
        doc = self.doc
        acts: list[Action] = []
        local: Addr | None = None
        local_intro: tuple[int, int, bool] | None = None
        first = True
        clauses = split_clauses(doc, start, end)
        after_narrative = False
        for idx, (cs_, ce_, _new) in enumerate(clauses):
            act, kind = self._clause(cs_, ce_, opening=first and opening, can_merge=bool(acts))
            first = False
            if kind == "narrative":
                after_narrative = True
                continue
            if kind == "intro_narrative":
                after_narrative = True
                kind = "intro"
            if after_narrative and kind == "action" and act is not None and not act.explicit \
                    and not act.verb_start:
                continue     # "...đã có chuyển biến; nhiều tuyến phố được chỉnh trang"
            after_narrative = False
            if kind == "deadline_all":
                for a in acts:
                    a.intro.insert(0, (cs_, ce_, False))
                continue
            if kind == "merge":
                if acts:
                    acts[-1].clause_end = ce_
                    acts[-1].text_end = ce_
                continue
            if kind == "intro" or (kind == "action" and doc[ce_:ce_ + 1] == ":"):
                if act is not None and act.addr is not None and (kind == "intro" or act.explicit):
                    local = act.addr
                local_intro = (cs_, ce_, True)
                continue
            if kind != "action" or act is None:
                continue
            # the last clause of a block ending with ':' introduces a list
            if idx == len(clauses) - 1 and doc[start:end].rstrip().endswith(":"):
                if act.addr is not None:
                    local = act.addr
                continue
            act.intro = [x for x in (local_intro, ctx_intro) if x is not None]
            if act.addr is not None:
                local = act.addr
            elif local is not None:
                act.addr, act.frame = local, "same_sentence"
            elif ctx is not None:
                act.addr, act.frame = ctx, "list"
            elif sib is not None:
                act.addr, act.frame = sib, "previous_item"
            else:
                act.frame = "none"
            acts.append(act)
        return [(a, 1.0) for a in acts]


def _clean_span(doc: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (doc[s].isspace() or doc[s] in ",;:-–.…"):
        s += 1
    while e > s and (doc[e - 1].isspace() or doc[e - 1] in ",;:.…/"):
        e -= 1
    return s, e


_DEADLINE_LEAD_IN = re.compile(r"(?:[,;–-]\s*)?(?:\b(?:hoan\s+thanh|xong|thoi\s+han(?:\s+hoan\s+thanh)?|"
                               r"thoi\s+gian\s+hoan\s+thanh|du\s+kien(?:\s+to\s+chuc)?)\s*[:,]?\s*)?$")


def task_title(doc: str, s: int, e: int, span: tuple[int, int] | None) -> str:
    """The proposed task's wording: the action without its deadline phrase (that goes into the
    deadline), starting with a capital letter. The original words stay in source_excerpt."""
    body = doc[s:e]
    if span is not None and s <= span[0] and span[1] <= e:
        a, b = span[0] - s, span[1] - s
        lead_in = _DEADLINE_LEAD_IN.search(fold(body[:a]))
        if lead_in:
            a = lead_in.start()
        rest = body[b:]
        if rest[:1] == ")" and "(" in body[max(0, a - 2):a + 1]:
            a, rest = body.rfind("(", 0, a + 1), rest[1:]
        before, after = body[:a], rest
        # only a phrase that opens or closes the action: one inside it is part of the sentence
        # ("phấn đấu các chỉ tiêu trong quý II đạt 60%"), and the text stays as written
        opens = not any(ch.isalnum() for ch in before)
        closes = not any(ch.isalnum() for ch in after) or fold(after).lstrip(" ,;").startswith(
            ("de ", "va bao cao", "bao cao"))
        if not (opens or closes):
            span = None
    if span is not None and s <= span[0] and span[1] <= e:
        cut = (before.rstrip() + " " + after.lstrip()).strip()
        cut = re.sub(r"\s+([,;.])", r"\1", cut)
        cut = re.sub(r"[,;:–-]\s*$", "", cut).strip()
        cut = re.sub(r"^[,;:–-]\s*", "", cut)
        if len([w for w in tokenize(cut) if w.is_word]) >= 2:
            body = cut
    body = re.sub(r"\s+", " ", body).strip()
    return body[:1].upper() + body[1:]


def extract_proposals(text: str, doc_date: date, directory: UnitDirectory) -> list[Proposal]:
    text = nfc(text)
    ex = Extractor(text, doc_date, directory)
    props: list[Proposal] = []
    for act, base in ex.run():
        s, e = _clean_span(text, act.text_start, act.text_end)
        if e <= s:
            continue
        body = text[s:e]
        if len([w for w in tokenize(body) if w.is_word]) < 2:
            continue
        info = parse_deadline(text[act.clause_start:act.clause_end], doc_date)
        for intro in act.intro if info.deadline is None and info.recurring in (None, "ongoing") else ():
            # "đề nghị tháng 12/2018 thường trực HĐND ... nội dung sau:" - the list's deadline
            outer = parse_deadline(text[intro[0]:intro[1]], doc_date, relaxed=intro[2])
            if outer.deadline is not None:
                info.deadline = outer.deadline
                info.flags.append("deadline_from_intro")
                break
        span = None
        if info.deadline_span is not None:
            span = (act.clause_start + info.deadline_span[0], act.clause_start + info.deadline_span[1])
        a = act.addr or Addr()
        flags = list(dict.fromkeys(a.flags + info.flags))
        coords = list(a.extra) + [c for c in act.coords if c not in a.extra]
        if any(cid is None for _, cid in act.coords):
            flags.append("unknown_unit")
        if a.lead is None:
            flags.append("no_lead")
        conf = 0.55
        if a.lead_unit_id is not None or a.lead_units:
            conf += 0.2
        if "unknown_unit" in a.flags or "group_unresolved" in a.flags:
            conf -= 0.1
        if a.lead is None:
            conf -= 0.25
        if act.explicit:
            conf += 0.1
        if act.verb_start:
            conf += 0.1
        else:
            conf -= 0.1
        if "deadline_ambiguous" in flags:
            conf -= 0.05
        conf = round(max(0.05, min(0.99, conf * base)), 2)
        cs_, ce_ = _clean_span(text, act.clause_start, act.clause_end)
        props.append(Proposal(
            text=task_title(text, s, e, span), start=s, end=e, lead=a.lead, lead_unit_id=a.lead_unit_id,
            lead_units=list(a.lead_units),
            coordinating=[n for n, _ in coords], coordinating_unit_ids=[i for _, i in coords],
            deadline=info.deadline, recurring=info.recurring, confidence=conf,
            flags=list(dict.fromkeys(flags)), frame=act.frame or ("trigger" if act.explicit else "none"),
            source_excerpt=re.sub(r"\s+", " ", text[cs_:ce_]).strip()))
    return props
