"""The directing passage's edges (round 7): a heading's own action before its list introduction,
plain paragraphs read as a list's items or as the continuation of the paragraph before, and
enumerations that go on after ';'; duties stated without a directing word (moved here from assembly.py
in round 9). Mixin of Extractor (assembly.py)."""
from __future__ import annotations

import re

from .clauses import DUTY_WORDS
from .deadlines import parse_deadline
from .frames import Action, Addr, _raw_lower
from .lexicon import VERBS, match_phrase
from .normalize import canon_tokens, fold, tokenize, words_of
from .segment import Block, split_clauses
from .subjects import place_subject
from .units import parse_unit_list

# people, not bodies: "Người dân cần cảnh giác ...", "Các bệnh nhân phải chờ ..." state a need or a fact
_PEOPLE = re.compile(r"(?:(?:cac|nhung|moi|nhieu)\s+)?(?:nguoi(?!\s+dung\s+dau)|nhan dan|ba con|em|hoc sinh|sinh vien|"
                     r"benh nhan|ho|cong nhan|nong dan|du khach|phu huynh|tre|doanh nghiep|cong dan|hanh khach)\b")
# "Sở X phải kiểm tra ..., đồng thời yêu cầu bệnh viện này ...": a stated duty's second demand
_SECOND_DEMAND = re.compile(r"\s*,?\s*dong thoi,? (?:yeu cau|de nghi|kien nghi|giao)\b")

# what was done or is going on, not a role given: "Theo đó, UBND huyện đã hỗ trợ …"
_TOLD_DONE = re.compile(r"\b(?:đã|vừa|đang|được)\b")
# the decision itself, not a role it gives: "Theo đó, UBND tỉnh công bố tình huống khẩn cấp …"
_ENACTING = re.compile(r"(?:cong bo|phe duyet|ban hanh|quyet dinh|thong qua|cho phep|dong y|chap thuan)\b")

# "Cùng với đó, …", "Bên cạnh đó, …", "Đồng thời, …": a paragraph that goes on with the one before
_GOES_ON = re.compile(r"\s*(?:cung voi do|ben canh do|dong thoi|ngoai ra)\s*,")
_ADDING = frozenset(tuple(p.split()) for p in ("dong thoi", "cung voi do", "ben canh do", "ngoai ra"))
# the introduction of a list after a heading's own action: "..., tập trung những nội dung trọng tâm sau:"
# ("nghiêm túc, có hiệu quả một số nhiệm vụ ... như sau:": a second manner word after the comma, no own action; round 20)
_HEAD_INTRO = re.compile(r",(?!\s*(?:co\s+)?hieu\s+qua\b)[^,;:.]{0,70}?\b(?:sau|nhu sau|sau day)\s*:\s*$")


# a quotation, then the sentence that names it a directive: "“...”. Đó là (một trong những) (ý kiến) chỉ đạo của ..."
_QUOTED_DIRECTIVE = re.compile(r"\s*“([^”]{20,})”\s*[.,]?\s*(?:[-–]\s*)?(?:Đó|đó|Đây|đây) là (?:một trong những )?"
                               r"(?:ý kiến |nội dung )?(?:chỉ đạo|yêu cầu|kết luận|đề nghị)\b")


# a paragraph that quotes a directive and then names its speaker and the demand: "“Cần rà soát …”, Thủ tướng yêu cầu.",
# "\"… phải kiểm điểm …\" - Phó Thủ tướng đề nghị, đồng thời …" (round 36; not "… nhấn mạnh", a remark as often)
_QUOTE_THEN_DEMAND = re.compile(r"\s*[“\"]([^”\"]{20,})[”\"]\s*,?\s*(?:[-–]\s*)?[A-ZĐ][^\s,.;:]*(?:\s+[^\s,.;:]+){0,7}?\s+"
                                r"(?:yêu cầu|đề nghị|chỉ đạo|quán triệt)\s*[.,]")
# the sentence after a headline that names it a directive: "Đó là chỉ đạo của Phó Chủ tịch ... đối với ..." (round 14)
_NAMED_BELOW = re.compile(r"\s*(?:Đó|Đây) là (?:một trong những )?(?:ý kiến |nội dung )?(?:chỉ đạo|yêu cầu|kết luận)\b")
# "Nghệ An: Yêu cầu gấp rút ...": the place before the headline's colon and its directing word
_HEADLINE_LEAD = re.compile(r"(?:[^:.;]{2,40}:\s*)?(?:(?:Yêu cầu|Đề nghị|Chỉ đạo)\s+)?")

_FORWARD = re.compile(r"^\s*(?:(?:de hoan thanh|trong|den) [^.;:]{0,40}?)?(?:6 thang cuoi nam|(?:nhung|cac) thang cuoi nam|"
                      r"thoi gian toi|thoi gian sap toi|(?:nhung|cac|\d|hai|ba) thang con lai)\b"
                      r"|^\s*tu nay den (?:cuoi|het) nam\b"
                      r"|^\s*(?:cung )?trong (?:thang \d{1,2}|quy (?:iv|i{1,3}|[1-4]))(?:\s*/\s*\d{4})?(?: nay| toi)?(?=\s*,)"
                      # a recurring duty: "Định kỳ từ ngày 1 đến ngày 5 hằng tháng, các đơn vị ... phải ..."
                      r"|^\s*(?:dinh ky )?(?:tu ngay \d{1,2} den ngay \d{1,2} )?hang (?:thang|tuan|quy|nam)\b")


# an article's lede on a document: "… vừa có văn bản / công văn (số …) đề nghị <three words of the addressee>"
_LEDE = re.compile(r"\bvua co (?:van ban|cong van)\b[^.;:]{0,40}?\b(?:yeu cau|de nghi)\s+((?:\S+\s+){2}\S+)")


class PassageRules:
    """Needs self.doc, the clause reader (clauses.py) and _verb_at (addressees.py)."""

    def _named_headline(self, blocks: list[Block], bi: int, out: list[tuple[Action, float]]) -> bool:
        """"Cần sớm hoàn chỉnh các thủ tục ..." / "Đó là chỉ đạo của ... đối với 5 xã điểm ...": a headline that
        the next paragraph names a directive is the order, its addressee the one after "đối với" (round 14;
        round 13's ah09 and round 14's aj10). Its action goes on `out`; True when it was one."""
        b = blocks[bi]
        if bi + 1 >= len(blocks) or b.marked or blocks[bi + 1].marked:
            return False
        head = self.doc[b.start:b.end].rstrip()
        below = blocks[bi + 1]
        if head.endswith((".", ":", ";")) or len(head.split()) > 30 or not _NAMED_BELOW.match(self.doc, below.start, below.end):
            return False
        ts = _HEADLINE_LEAD.match(self.doc, b.start, b.end).end()
        toks = tokenize(self.doc, ts, b.start + len(head))
        cs = canon_tokens(toks, punct=True)
        # a verb in its first three words ("Gấp rút hoàn thành ...", "Cần sớm hoàn chỉnh ...")
        if not any(self._verb_at(cs, toks, i) or _raw_lower(toks, cs[i]) in ("cần", "phải") for i in range(min(3, len(cs)))):
            return False
        btoks = tokenize(self.doc, below.start, below.end)
        bcs = canon_tokens(btoks, punct=True)
        words = words_of(bcs)
        at = next((i + 2 for i in range(len(words) - 1) if words[i:i + 2] == ["doi", "voi"]), None)
        ms = parse_unit_list(self.g, bcs, btoks, at)[0] if at is not None else []
        addr = self._addr(ms) if ms else None
        out.append((Action(b.start, b.start + len(head), ts, b.start + len(head), addr, bool(ms), [], True,
                           "trigger" if ms else "none"), 0.7))
        return True

    def _lede_repeated(self, blocks: list[Block], bi: int, text: str) -> bool:
        """"Sở X vừa có văn bản đề nghị các đơn vị Y …", then a paragraph below (within three) that demands of the same
        addressee again ("Văn bản yêu cầu các đơn vị Y …", "… kính đề nghị các đơn vị Y triển khai …"): the article's
        lede summarising the details, not an order of its own (round 33)."""
        m = _LEDE.search(fold(text[:400]))
        if m is None:
            return False
        again = re.compile(r"\b(?:yeu cau|de nghi|giao)\s+" + re.escape(m.group(1).rstrip(",;")) + r"(?!\w)")
        return any(again.search(fold(self.doc[x.start:min(x.end, x.start + 600)])) for x in blocks[bi + 1:bi + 4])

    def _heading_action(self, b: Block, trig: int | None) -> list[tuple[Action, float]]:
        """"yêu cầu X tiếp tục lãnh đạo ... trong quý 4, tập trung những nội dung trọng tâm sau:": a
        directing heading whose own action comes before the list's introduction (after its last comma)."""
        if trig is None:
            return []
        m = _HEAD_INTRO.search(fold(self.doc[trig:b.end]))
        if m is None:
            return []
        clauses = split_clauses(self.doc, trig, trig + m.start())
        if len(clauses) != 1:
            return []
        act, kind = self._clause(clauses[0][0], clauses[0][1], opening=True)
        if kind != "action" or act is None or not act.explicit or not act.verb_start \
                or len(self.doc[act.text_start:act.text_end].split()) < 6:
            return []
        return [(act, 1.0)]

    def _enumerated(self, act: Action | None, acts: list[Action]) -> bool:
        """"thành lập các nhóm về xây dựng báo cáo; nhóm thi đua khen thưởng và nhóm ...": after ';' a noun
        the action before enumerates ("các nhóm") goes on with its object, not a new action."""
        if act is None or not acts or act.explicit or act.verb_start:
            return False
        prev = acts[-1]
        if self.doc[prev.clause_end:prev.clause_end + 1] != ";":
            return False
        first = fold(self.doc[act.text_start:act.text_start + 20]).split()[:1]
        before = " " + fold(self.doc[max(prev.text_start, prev.text_end - 300):prev.text_end]) + " "
        return bool(first) and first[0].isalpha() and (any(f" {q} {first[0]} " in before for q in ("cac", "nhung")) or (
            " tai " in before and self._more_places(act, first[0])))

    def _more_places(self, act: Action, first: str) -> bool:
        """"lấy mẫu nước tại nhà máy X; tuyến ống truyền dẫn; tại các điểm phân phối …": after an action done "tại" a
        place, a clause with no verb (opening with "tại", or a short noun phrase) names more places (round 27)."""
        words = fold(self.doc[act.text_start:act.text_end]).split()
        return first == "tai" or (len(words) <= 6 and not any(match_phrase(words, i, VERBS) for i in range(len(words))))

    def _verb_first(self, b: Block) -> bool:
        """The paragraph opens with a verb (no connector, no modal): it goes on with the actions before it."""
        toks = tokenize(self.doc, b.start, min(b.end, b.start + (60 if self.doc[b.start:b.start + 3] != "Về " else 160)))
        cs = canon_tokens(toks, punct=True)
        words = words_of(cs)
        # "Đồng thời, <verb> ...": a paragraph that adds to the same duties (round 19); "Cùng với đó, / Bên cạnh đó, /
        # Ngoài ra, <verb> ..." too (round 22); "Về <topic>, <verb> …" (round 31)
        k = match_phrase(words, 0, _ADDING)
        k += k > 0 and words[k:k + 1] == [","]
        k = self._skip_openers(words) if words[:1] == ["ve"] else k
        return k < len(cs) and self._skip_openers(words) == k and self._verb_at(cs, toks, k) \
            and _raw_lower(toks, cs[k]) not in ("cần", "phải")

    @staticmethod
    def _looks_like_prose(text: str) -> bool:
        """A sentence of some length ending like one (not a caption, a by-line or page furniture); a chain of steps
        may trail off ("...; kiểm tra ...") (round 24)."""
        t = text.rstrip()
        return len(t.split()) >= 8 and t[:1].isupper() and t.endswith((".", ";", "./.", ".”")) and (
            not t.endswith("..") or ";" in t)

    def _reads_as_action(self, acts: list[tuple[Action, float]], text: str, list_item: bool) -> bool:
        """A plain paragraph goes on the passage only if it reads as an action: an addressee, or a
        sentence opening with a verb (under a list introduction, also one stating an obligation)."""
        first = acts[0][0] if acts else None
        return first is not None and (first.explicit or ((first.verb_start or self._obliged(first, passive=not list_item))
                                                         and self._looks_like_prose(text)))

    def _obliged(self, act: Action, passive: bool = False) -> bool:
        """The action states an obligation without a verb first: "Việc tiếp nhận hồ sơ, cần thực hiện
        đúng quy trình", "Hồ sơ phải được lưu trữ đầy đủ", "Tuyệt đối không được ..." (a modal early on);
        with passive, only a prescription in the passive ("... cần được / phải được ..."), which a news
        paragraph ("nhiều hộ phải di dời") does not use."""
        raw = re.findall(r"\w+", self.doc[act.clause_start:act.clause_end].lower())[:30]
        pairs = [raw[i:i + 2] for i in range(len(raw) - 1)]
        # not a report of an obligation missed: "... phải được bàn giao từ năm 2021 nhưng ...", "nhiều trường đã phải ..."
        if {"nhưng", "đã", "vẫn", "chưa"} & set(raw) or ["đến", "nay"] in pairs:
            return False
        if passive:
            return (["cần", "được"] in pairs[:15] or ["phải", "được"] in pairs[:15]) and not (
                "theo" in raw or ["từ", "năm"] in pairs)
        return any(w in ("cần", "phải") for w in raw[:15]) or ["không", "được"] in pairs[:14]

    def _duty_passage(self, b: Block, end: int | None = None, roles: bool = False) -> list[tuple[Action, float]]:
        """"Sở X có trách nhiệm đôn đốc ...", "Các xã phải tổ chức ...": a duty stated of a named body
        without a directing word (its actions only; the rest of the paragraph is news)."""
        acts = self._block_actions(b.start, b.end if end is None else end, False, None, None)
        out: list[tuple[Action, float]] = []
        for a, c in acts:
            # with roles (inside a directing passage): also "X chủ trì ..."; outside one, that is news of an event
            if a.explicit and a.addr is not None and not _PEOPLE.match(fold(a.addr.lead or "")) \
                    and not self._bare_place(a) and (
                    (a.frame == "lead_role" and (roles or self._plan_specifics(a))) or (
                    a.frame == "subject" and (fold(self.doc[a.clause_start:a.text_start]).endswith(DUTY_WORDS + ("duoc giao ",)) or (
                        a.verb_start and self._plan_specifics(a) and not _TOLD_DONE.search(
                            self.doc[a.clause_start:a.clause_end].lower()) and not _ENACTING.match(
                            fold(self.doc[a.text_start:a.text_start + 20])))))):
                out.append((a, c))
            elif out and out[-1][0].clause_end + 2 >= a.clause_start and _SECOND_DEMAND.match(
                    fold(self.doc[a.clause_start:a.text_end])):
                # "Sở X phải kiểm tra ..., đồng thời yêu cầu bệnh viện này ...": the duty's second demand, made by
                # the same body (as the annotators read it: the demand is the duty's action)
                if not a.explicit:
                    a.addr, a.frame = out[-1][0].addr, "same_sentence"
                out.append((a, c))
            elif out and a.verb_start and not a.explicit and a.addr is out[-1][0].addr and (
                    self.doc[out[-1][0].clause_end:a.clause_start].strip().startswith(";") or self._next_sentence_step(
                        out[-1][0], a) or
                    fold(self.doc[a.clause_start:a.clause_start + 14]).lstrip().startswith("dong thoi")):
                # "Các xã phải huy động …; bố trí …; rà soát …. Đồng thời, tổ chức …": the duty's next steps (round 22)
                out.append((a, c))
        return out

    def _plan_specifics(self, a: Action) -> bool:
        """"Theo đó, Sở X chủ trì …", "Cụ thể, Sở X chủ trì thành lập …": the roles a plan or decision gives, told
        after it (round 28); a body that "chủ trì" with no such opener is news of an event it chaired."""
        return fold(self.doc[a.clause_start:a.clause_start + 12]).lstrip().startswith(("theo do ,", "theo do,", "cu the ,",
                                                                                       "cu the,"))

    def _next_sentence_step(self, prev: Action, a: Action) -> bool:
        """"Các xã cần kiểm tra …. Bố trí …": after a full stop, a sentence opening with its verb goes on with the duty
        (round 26), unless it tells what was done ("Tổ chức đoàn thể đã đến thăm …", round 22's guard)."""
        return self.doc[prev.clause_end:a.clause_start].strip().startswith(".") and not re.search(
            r"\b(?:đã|vừa|đang)\b", self.doc[a.clause_start:a.clause_end].lower())

    def _quoted_directive(self, b: Block, out: list[tuple[Action, float]]) -> bool:
        """"“Sở X phối hợp với Y tập trung kiểm tra ...; chủ động theo dõi ...”. Đó là chỉ đạo của UBND tỉnh ...": a
        quotation that the next sentence names as a directive is read as a directing passage, its subject the
        lead (round 11). Its actions go on `out`; True when it was one."""
        m = _QUOTED_DIRECTIVE.match(self.doc, b.start, b.end)
        said = None if m else _QUOTE_THEN_DEMAND.match(self.doc, b.start, b.end)
        if m is None and said is None:
            return False
        m = m or said
        acts = self._passage_actions(m.start(1), Block(m.start(1), m.end(1), b.level, b.marked), False, None, None,
                                     None, True)
        if not acts or not (acts[0][0].explicit or said):
            return False
        out.extend(acts)
        return True

    def _doers_direct(self, b: Block, trig: int) -> bool:
        """"Công an tỉnh, Sở X chỉ đạo các đơn vị liên quan phối hợp …; …": bodies named together that "chỉ đạo" their units
        (right after them, past "cũng / tiếp tục", at trig) do their own step of a plan, its lead the bodies; one body that
        does is its issuer ("UBND tỉnh chỉ đạo Sở Y …"), and "vừa chỉ đạo" is news of the issuers (round 36)."""
        if trig - b.start > 300 or not fold(self.doc[trig:trig + 8]).startswith("chi dao"):
            return False
        toks = tokenize(self.doc, b.start, trig + 8)
        cs = canon_tokens(toks, punct=True)
        words = words_of(cs)
        ms, nxt = parse_unit_list(self.g, cs, toks, self._skip_openers(words))
        while nxt < len(cs) and words[nxt] in ("cung", "tiep", "tuc"):
            nxt += 1
        return len(ms) >= 2 and words[nxt:nxt + 2] == ["chi", "dao"] and toks[cs[nxt].i].start == trig

    def _bare_place(self, a: Action) -> bool:
        """The subject is a place named bare ("Tuyên Quang cần ..."): outside a directing passage that is an
        opinion in the news ("Việt Nam cần ..."), not a duty."""
        toks = tokenize(self.doc, a.clause_start, min(a.clause_end, a.text_start + 40))
        cs = canon_tokens(toks, punct=True)
        k = self._skip_openers(words_of(cs))
        return place_subject(cs, toks, k) is not None and not parse_unit_list(self.g, cs, toks, k)[0]

    def _deadline_note(self, b: Block, text: str, out: list[tuple[Action, float]]) -> bool:
        """"Thời hạn hoàn thành trước ngày D.", "Thời hạn chậm nhất để nhận phiếu là ngày D.": a paragraph that only
        states a deadline dates the actions of the paragraph before it (round 9; round 4 read the same sentence
        inside the paragraph). Called once per block: it also records where each block's actions start."""
        self._marks.append(len(out))
        f = fold(text)
        if len(self._marks) < 2 or self._marks[-2] == len(out) or len(text.split()) > 30 or not re.match(
                r"(?:thoi han|thoi gian (?:thuc hien|hoan thanh))\b", f):
            return False
        if parse_deadline(text, self.doc_date).deadline is None:
            return False
        for act, _ in out[self._marks[-2]:]:
            act.intro.insert(0, (b.start, b.end, False))
        return True

    def _topic_addressee(self, s: int, start: int) -> Addr | None:
        """"Đối với UBND các xã, Đoàn giám sát đề nghị tăng cường ...": the topic before the trigger names the
        addressee when none follows the trigger (round 9); so does a body "tập trung / tăng cường" before it (round 16)."""
        toks = tokenize(self.doc, s, start)
        cs = canon_tokens(toks, punct=True)
        if cs.words[-2:] in (["tap", "trung"], ["tang", "cuong"]):
            # "Bộ X tập trung chỉ đạo triển khai ...": the body bent on directing is the one charged (round 16)
            ms, nxt = parse_unit_list(self.g, cs, toks, 0)
            return self._addr(ms) if ms and nxt == len(cs) - 2 else None
        if cs.words[:2] != ["doi", "voi"]:
            sent = self._sent_to(cs, toks, len(cs))     # "Sở X có công văn gửi Y, Z đề nghị …" (round 24)
            return self._addr(sent) if sent else None
        ms, _ = parse_unit_list(self.g, cs, toks, 2, titles=True)      # ("Đối với sở Xây dựng, …" (round 24))
        # the speaker after the last comma ("..., Đoàn giám sát đề nghị", "..., UBND TP. Hải Phòng yêu cầu") is not the topic
        last = max((i for i, w in enumerate(cs.words) if w == ","), default=-1)
        ms = [m for m in ms if m.k1 <= last]
        return self._addr(ms) if ms and cs.words[ms[-1].k1:ms[-1].k1 + 1] == [","] else None

    def _forward_passage(self, b: Block) -> list[tuple[Action, float]]:
        """"Trong 6 tháng cuối năm, huyện tập trung các nhiệm vụ trọng tâm như ...": a passage of
        tasks for the coming period without a directing word; read like one, with a subject."""
        fw = None if b.marked else _FORWARD.search(fold(self.doc[b.start:b.end]))
        if fw and (due := parse_deadline(self.doc[b.start:b.start + fw.end()], self.doc_date, relaxed=True).deadline) \
                and due < self.doc_date:
            fw = None       # "Trong tháng 1, huyện …" told in March: a period that has ended is a report (session 34)
        s = b.start + fw.end() if fw else None
        last = getattr(self, "_forward_end", None)
        if s is None and not b.marked and last is not None and not self.doc[last:b.start].strip() and \
                _GOES_ON.match(fold(self.doc[b.start:b.start + 20])):
            s = b.start     # "Cùng với đó, tỉnh X hoàn thành …": the paragraph after goes on with the tasks (round 30)
        subj = self._forward_subject(s, b.end) if s is not None else None
        if subj is None and s is None and not b.marked and last is not None and not self.doc[last:b.start].strip() \
                and self._verb_first(b):
            # "Hoàn thành việc triển khai Đề án …": a paragraph opening with its verb goes on with them (round 30)
            acts = self._block_actions(b.start, b.end, False, self._forward_addr, None, None)
            if acts and not _TOLD_DONE.search(self.doc[b.start:b.end].lower()):
                self._forward_end = b.end
                return acts
            return []
        if subj is None:
            return []
        acts = self._block_actions(subj[0], b.end, False, subj[1], None, (b.start, subj[0], True))
        if len(acts) < 2:
            return []      # a chain of tasks, not one sentence of news
        self._forward_end, self._forward_addr = b.end, subj[1]
        return acts

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
