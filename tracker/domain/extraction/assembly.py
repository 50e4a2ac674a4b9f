"""Assembly: blocks into the directing passage, headings and their context, clauses into
actions with inherited addressees and list introductions. Stage 1 and 3 of pipeline.py's
description (the passage and the inheritance)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .addressees import AddresseeRules
from .clauses import ClauseRules
from .deadlines import parse_deadline
from .frames import Action, Addr, TriggerRules, _is_caps_text
from .lexicon import TASKS_ANNOUNCED_END
from .model import UnitDirectory
from .passage import PassageRules
from .normalize import canon_tokens, fold, tokenize
from .segment import Block, caption, split_blocks, split_clauses
from .units import Gazetteer, parse_unit_list

_NARR_HEAD = ("danh gia", "ket qua", "uu diem", "han che", "ton tai", "khuyet diem", "nguyen nhan", "tinh hinh",
              "noi nhan", "bai hoc", "thanh phan", "dac diem", "boi canh", "thuc trang")
_DIR_HEAD = ("nhiem vu", "giai phap", "kien nghi", "de nghi", "yeu cau", "phuong huong", "khac phuc", "ket luan",
             "chi dao", "doi voi", "de xuat", "trong tam", "thoi gian toi", "to chuc thuc hien")
_VOTERS_HEAD = re.compile(r"\s*(?:[-+*•]\s*)?(?:y kien,? )?(?:kien nghi )?(?:cua )?cu tri\b[^.;]*(?:de nghi|kien nghi|phan anh)\s*:\s*$")
_TERMINAL_PUNCT = (".", ";", "!", "?", "…", ",", ")", "”", '"')


@dataclass
class _Ctx:
    level: float
    addr: Addr | None
    muted: bool
    intro: tuple[int, int, bool] | None = None
    opens_zone: bool = False       # a directing heading: the blocks under it are the directing passage


def _inherit(act: Action, local: Addr | None, ctx: Addr | None, sib: Addr | None) -> None:
    """An action without its own addressee takes the sentence's, the list's, then the previous item's."""
    if local is not None:
        act.addr, act.frame = local, "same_sentence"
    elif ctx is not None:
        act.addr, act.frame = ctx, "list"
    elif sib is not None:
        act.addr, act.frame = sib, "previous_item"
    else:
        act.frame = "none"


_PAST_LIST = re.compile(r"(?:^|[.;!?]\s)[^.;!?:]*\b(?:da|vua qua)\b[^.;!?:]*\b(?:nhu|gom|sau)\s*:[^:]*$")



_OPINIONS = re.compile(r"\b(?:y kien|gop y|kien nghi|de xuat|de nghi|phan anh)\b")


# "Sở X tham mưu ...; chủ trì .... Chỉ đạo lực lượng Y kiểm tra ...": inside a directing passage, a sentence
# opening with "Chỉ đạo" after the paragraph's own sentences is its subject's next duty, not a new directive (round 15)
_SUBJECT_GOES_ON = re.compile(r"[Cc]hỉ đạo\s")


def _results_listed_before(doc: str, start: int, trig: int) -> bool:
    """"... 26 vấn đề đã được UBND huyện tập trung giải quyết như: ... Chỉ đạo xây dựng ...": the trigger
    is an item of a list of results (a sentence in the past introducing it with a colon)."""
    before = fold(doc[max(start, trig - 600):trig])
    # only a trigger opening an item ("...; Chỉ đạo ..."), not a speaker's sentence ("Đồng chí ... yêu cầu")
    m = _PAST_LIST.search(before) if before.rstrip().endswith((".", ";", ":")) else None
    # "các đại biểu đã nêu nhiều ý kiến như: Đề nghị UBND huyện ...": the items are the opinions given, and a
    # directing word opening them directs (a supervision's or verification's recommendations; round 9)
    # ("12 kiến nghị của cử tri đã được giải quyết như: ..." are results: the opinions must be what was given)
    done = re.split(r"\b(?:da|vua qua)\b", m.group(0))[-1] if m is not None else ""
    return m is not None and not (_OPINIONS.search(done) and not done.lstrip().startswith("duoc"))


def _repeated_in(head: str, body: str) -> bool:
    """At least 85% of the headline's words stand in the paragraph below it."""
    h = re.findall(r"\w+", fold(head))
    b = set(re.findall(r"\w+", fold(body)))
    return len(h) >= 6 and sum(w in b for w in h) >= 0.85 * len(h)


def _close_levels(stack: list[_Ctx], last_sibling: dict[float, Addr], level: float) -> None:
    """A block at this level ends the headings and list items at or below it."""
    while stack and stack[-1].level >= level:
        stack.pop()
    for lv in [x for x in last_sibling if x > level]:
        del last_sibling[lv]


class Extractor(TriggerRules, ClauseRules, AddresseeRules, PassageRules):
    def __init__(self, text: str, doc_date: date, directory: UnitDirectory):
        self.doc = text
        self.doc_date = doc_date
        self.directory = directory
        self.g = Gazetteer(directory)
        self.units = self.g.units
        self.in_passage = False
        self._marks: list[int] = []     # len(out) when each block of run() started
        self._under_petition = False    # under "Cử tri xã X đề nghị:" (a heading), up to the next heading

    def _heading_kind(self, text: str) -> str:
        f = fold(text)
        for w in _DIR_HEAD:
            if w in f:
                return "directive"
        for w in _NARR_HEAD:
            if w in f:
                return "narrative"
        return "neutral"

    def run(self) -> list[tuple[Action, float]]:  # noqa: PLR0915  (the block loop, read in one place)
        doc = self.doc
        blocks = split_blocks(doc)
        out: list[tuple[Action, float]] = []
        stack: list[_Ctx] = []
        zone = False
        prev_heading_level: float | None = None
        last_sibling: dict[float, Addr] = {}
        prev_para: Addr | None = None
        list_kept = False     # the list item before, under a directing heading, was not read (round 33)
        for bi, b in enumerate(blocks):
            text = b.text(doc).strip()
            if caption(text):     # a picture's caption or credit: a passage goes on over it to a plain paragraph (round 24)
                zone = zone and bi + 1 < len(blocks)
                continue
            # "“Sở X phối hợp ... chỉ đạo ...”. Đó là chỉ đạo của ...": a quoted directive, its words are not triggers
            if self._deadline_note(b, text, out) or self._named_headline(blocks, bi, out) or \
                    self._is_summary(blocks, bi, text) or self._quoted_directive(b, out):
                continue
            level = prev_heading_level + 0.5 if (not b.marked and prev_heading_level is not None) else b.level
            _close_levels(stack, last_sibling, level)
            muted = any(c.muted for c in stack)
            ends_colon = text.rstrip().endswith(":")
            caps = b.marked and len(text) < 120 and sum(ch.isupper() for ch in text if ch.isalpha()) > 0.8 * max(
                1, sum(ch.isalpha() for ch in text))
            trig = self._block_trigger(b, zone)
            # a paragraph ending with ':' heads the list below it; a long one only when it directs
            # ("Kết luận cuộc họp, ông ... đề nghị tháng 12/2018 thường trực HĐND ... nội dung sau:")
            # (round 31: measured from the trigger, as sentences of news before it do not make the intro long:
            # "… lũ tập trung vào tháng 10 và 11. Để …, Chủ tịch UBND tỉnh yêu cầu X … các nội dung sau:")
            # "… yêu cầu X tập trung thực hiện tốt 6 nhiệm vụ trọng tâm.": the count of tasks heads the list below (round 35)
            ends_colon = ends_colon or (trig is not None and bool(TASKS_ANNOUNCED_END.search(fold(text[-160:]))))
            is_heading = (ends_colon and (len(text) < 160 or b.marked or (
                trig is not None and len(doc[trig:b.end].strip()) < 400))) \
                or caps or self._bare_heading(b, text)
            if is_heading:
                lead_in, b, trig = self._heading_lead_in(b, trig, caps, stack, last_sibling.get(level))
                out.extend(lead_in)
                out.extend(self._heading_action(b, trig))
                ctx = self._heading_ctx(b, b.text(doc).strip(), level, trig, caps)
                zone = zone or ctx.opens_zone
                stack.append(ctx)
                prev_heading_level = level
                continue
            prev_heading_level = prev_heading_level if (not b.marked and prev_heading_level is not None) else None
            # inline narrative heading "Ưu điểm: ..."
            head, sep, rest = text.partition(":")
            if sep and len(head) < 40 and self._heading_kind(head) == "narrative" and trig is None:
                stack.append(_Ctx(level, None, True))
                continue
            if muted or self._under_petition:
                continue
            if not zone and trig is None:
                out.extend(self._forward_passage(b) or self._duty_passage(b))
                continue
            if trig is not None and self._doers_direct(b, trig):     # "Công an tỉnh, Sở X chỉ đạo …" (round 36)
                zone = True
                out.extend(self._passage_actions(b.start, b, False, None, None, None, True))
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
                ctx_intro, ctx_addr = (self._opening_time(b.start, start) or ctx_intro,
                                       self._topic_addressee(b.start, start) or ctx_addr)
                # "Văn phòng X có trách nhiệm đôn đốc .... Yêu cầu UBND các xã ...", "“Sở X chủ trì theo dõi ...
                # Đề nghị ...": the duties stated before the trigger
                out.extend(self._duty_passage(b, start, roles=prev_para is not None))
            # a plain paragraph after "... yêu cầu Sở X tăng cường ..." ("Tổ chức kiểm tra ...") keeps its addressee
            sib = last_sibling.get(level) or (prev_para if not b.marked and not opening and self._verb_first(b) else None)
            # a plain paragraph right under "yêu cầu các đơn vị ... nội dung sau:" is one of its items
            list_item = not b.marked and prev_heading_level is not None and bool(stack) and stack[-1].addr is not None
            under_list = not b.marked and prev_heading_level is not None and bool(stack) and stack[-1].opens_zone
            # a plain paragraph right after a directing one may name its own addressee by office ("Giám đốc Sở X
            # và thủ trưởng các sở, ngành liên quan phối hợp ...")
            acts = self._passage_actions(start, b, opening, ctx_addr, sib, ctx_intro,
                                         not opening and not b.marked and prev_para is not None)
            if not b.marked and not opening and not (self._reads_as_action(acts, text, list_item) and (
                    not list_kept or self._own_addressee_after_gap(acts, text))):
                # one item of a directing heading's list that is not read ("Trung tâm y tế huyện tổ triển khai …", a
                # typo) does not end the list: the items after it still read under the heading (round 33)
                zone = list_kept = under_list and not list_kept
                prev_para = None
                out.extend(self._forward_passage(b) or self._duty_passage(b))    # read as outside a passage
                continue
            list_kept = False
            for act, conf in acts:
                out.append((act, conf))
            prev_para = next((a.addr for a, _ in reversed(acts) if a.addr is not None), None) \
                if not b.marked else None
            first_explicit = next((a.addr for a, _ in acts if a.explicit and a.addr), None)
            if first_explicit is not None and b.marked:
                last_sibling[level] = first_explicit
        return out

    @staticmethod
    def _own_addressee_after_gap(acts: list[tuple[Action, float]], text: str) -> bool:
        """After a paragraph of the passage that was not read, the next one goes on with it only when it names its
        own addressee and tells no news ("Sở X đôn đốc, kiểm tra …", not "Tiếp đó, UBND xã đã …") (round 33)."""
        return acts[0][0].explicit and not re.search(r"\b(?:đã|vừa|đang)\b", text.lower())

    def _passage_actions(self, start: int, b: Block, opening: bool, ctx: Addr | None, sib: Addr | None,
                         intro: tuple[int, int, bool] | None, in_passage: bool) -> list[tuple[Action, float]]:
        """_block_actions with in_passage set for the clause reader while it reads this block."""
        self.in_passage = in_passage
        try:
            return self._block_actions(start, b.end, opening, ctx, sib, intro)
        finally:
            self.in_passage = False

    def _block_trigger(self, b: Block, zone: bool) -> int | None:
        """The block's first directing trigger, unless it is an item of a list of results."""
        trig = self._first_trigger(b)
        if trig is not None and not zone and _results_listed_before(self.doc, b.start, trig):
            return None
        if trig is not None and zone and not b.marked and _SUBJECT_GOES_ON.match(self.doc, trig) and \
                re.search(r"[.;]\s*$", self.doc[b.start:trig]):
            return None
        return trig

    def _is_summary(self, blocks: list[Block], bi: int, text: str) -> bool:
        """An article's headline or a "ban hành Công văn ..." paragraph summarising the details below."""
        doc = self.doc
        b = blocks[bi]
        # the first paragraph after the headline, past a date or by-line ("22/04/2024")
        body = next((x for x in blocks[bi + 1:bi + 4] if len(x.text(doc).split()) > 5), None)
        # (round 31: also under a page's furniture, at most two short lines: "Thứ 5, Ngày 04/06/2020 -", "#tag")
        first = bi == 0 or (bi <= 2 and all(len(x.text(doc).split()) <= 8 for x in blocks[:bi]))
        if first and body is not None and self._headline(b, text) and \
                len(body.text(doc).split()) >= 25 and not body.marked:
            return True   # an article's headline: "Quảng Ngãi yêu cầu đẩy mạnh ..." is a summary, not the directive
        if bi == 0 and body is not None and body is not b and not b.marked and len(text.split()) <= 40 \
                and _repeated_in(text, body.text(doc)):
            return True   # a headline with a full stop that the first paragraph repeats, details added (round 9)
        if not b.marked and bi <= 4 and self._lede_repeated(blocks, bi, text):
            return True
        # "UBND tỉnh ban hành Công văn ... chỉ đạo ...", then "Theo đó, ...": the summary of the details
        return not b.marked and bi + 1 < len(blocks) and \
            fold(blocks[bi + 1].text(doc)).lstrip().startswith("theo do") and bool(
                re.search(r"\bban hanh\b|\bco (?:cong van|van ban)\b", fold(text)))   # "… có Công văn số …" (round 31)

    def _heading_ctx(self, b: Block, text: str, level: float, trig: int | None, caps: bool) -> _Ctx:
        """The context a heading sets for the blocks under it: muted (narrative) or its addressee."""
        kind = self._heading_kind(text) if (trig is None or caps or len(text) < 60) else "directive"
        # "Cử tri xã X đề nghị:": the voters' petition under it, up to the next heading, directs no one (round 22)
        self._under_petition = bool(_VOTERS_HEAD.match(fold(text)))
        addr = None
        # the heading's period ("Nhiệm vụ quý II/2024:", "Trong quý III, đề nghị ...:") dates its list
        intro = (b.start, b.end, True)
        if trig is not None and len(text) >= 400:
            # a long paragraph: only the sentence of the trigger heads the list (not the news before it, round 31)
            intro = (max((c[0] for c in split_clauses(self.doc, b.start, b.end) if c[2] and c[0] <= trig),
                         default=b.start), b.end, True)
        if trig is not None or fold(text).startswith(("doi voi", "voi ")):
            start = trig if trig is not None else b.start
            for cs_, ce_, _ in split_clauses(self.doc, start, b.end):
                act, k = self._clause(cs_, ce_, opening=True)
                if act is not None and act.addr is not None:
                    addr = act.addr
            if trig is not None and kind == "narrative" and not caps:
                kind = "directive"
        if addr is None and trig is None:
            addr = self._bare_addressee_heading(b)
        if kind == "narrative":
            return _Ctx(level, None, True)
        opens = kind == "directive" or trig is not None or addr is not None
        return _Ctx(level, addr, False, intro, opens)

    def _heading_lead_in(self, b: Block, trig: int | None, caps: bool, stack: list[_Ctx],
                         sib: Addr | None) -> tuple[list[tuple[Action, float]], Block, int | None]:
        """"X yêu cầu Sở A chủ trì kiểm tra .... UBND các phường, xã:": a directing paragraph whose last
        sentence names the addressee of the list below; the sentences before it are actions of their own.
        Returns (those actions, the heading part of the block, its trigger)."""
        if caps or trig is None or any(c.muted for c in stack):
            return [], b, trig
        sents = [c for c in split_clauses(self.doc, trig, b.end) if c[2]]
        if len(sents) < 2:
            return [], b, trig
        tail = Block(sents[-1][0], b.end, b.level, b.marked)
        tail_trig = self._first_trigger(tail)
        if tail_trig is None and self._bare_addressee_heading(tail) is None:
            return [], b, trig
        ctx_addr = next((c.addr for c in reversed(stack) if c.addr is not None), None)
        return self._block_actions(trig, tail.start, True, ctx_addr, sib), tail, tail_trig

    def _bare_addressee_heading(self, b: Block) -> Addr | None:
        """"2. Đối với UBND huyện", "1. Sở Nông nghiệp và PTNT:": a heading that only names the addressee
        of the items below."""
        toks = tokenize(self.doc, b.start, b.end)
        cs = canon_tokens(toks, punct=True)
        k = 2 if cs.words[:2] == ["doi", "voi"] else (1 if cs.words[:1] == ["voi"] else 0)
        ms, nxt = parse_unit_list(self.g, cs, toks, k, titles=True)
        while ms and nxt < len(cs) and cs.words[nxt] == ";":
            more, after = parse_unit_list(self.g, cs, toks, nxt + 1, titles=True)
            if not more:
                break     # "Bộ trưởng, Thủ trưởng cơ quan ngang bộ; Chủ tịch UBND các tỉnh:" (round 19)
            ms, nxt = ms + more, after
        if ms and all(not w[:1].isalnum() for w in cs.words[nxt:]):
            return self._addr(ms)
        return None

    def _opening_time(self, s: int, start: int) -> tuple[int, int, bool] | None:
        """"Trong quý II, UBND huyện đề nghị ...": a time phrase opening the sentence of the trigger
        dates the actions that follow (read strictly: a stated deadline phrase)."""
        sent = [c for c in split_clauses(self.doc, s, start) if c[2]]
        s0 = sent[-1][0] if sent else s
        if parse_deadline(self.doc[s0:start], self.doc_date).deadline is not None:
            return (s0, start, False)
        return None

    @staticmethod
    def _headline(b: Block, text: str) -> bool:
        """The first line of a text when it reads as a title: short, unmarked, no full stop."""
        t = text.rstrip()
        return (not b.marked and 0 < len(t.split()) <= 25 and not t.endswith((".", ";", ":", "!", "?", "…", "./."))
                and not _is_caps_text(t))

    def _bare_heading(self, b: Block, text: str) -> bool:
        """'2. Nhiệm vụ thời gian tới', 'b) Kết quả đạt được': a short numbered title, no stop."""
        t = text.rstrip()
        if not b.marked or not t or t.endswith(_TERMINAL_PUNCT) or len(t.split()) > 7:
            return False
        f = fold(t)
        if f.startswith(_NARR_HEAD):
            return True
        if f.startswith("ve ") and not f.startswith(("ve dich", "ve tham", "ve lam")):
            return True   # "3. Về kiến nghị của xã", "b) Về công tác cán bộ": a topic heading (round 9)
        if not f.startswith(_DIR_HEAD):
            return False
        toks = tokenize(self.doc, b.start, b.end)
        cs = canon_tokens(toks, punct=True)
        return not self._verb_at(cs, toks, 0)

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
            if kind == "merge" or (kind == "action" and self._enumerated(act, acts)):
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
            else:
                _inherit(act, local, ctx, sib)
            acts.append(act)
        return [(a, 1.0) for a in acts]
