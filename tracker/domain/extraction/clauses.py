"""Clauses: one clause read into an action, an introduction, a continuation or narrative.
Stages 2–4 of pipeline.py's description."""
from __future__ import annotations

from .deadlines import parse_deadline
from .frames import (Action, _amount_only, _scene, _BARE_COMMITTEES, _ORDINALS, _ORDINALS2, _PLAN_PRAISE, _SPEAKERS,
                     _raw_lower)
from .lexicon import (CONNECTORS, DOC_REFS, NARRATIVE_ANY, NARRATIVE_RAW, NARRATIVE_START, RETRIGGERS, SELF_NAMED,
                      TRIGGERS, VERBS, match_phrase)
from .normalize import words_of, Canon, Tok, canon_tokens, tokenize
from .remarks import duty_taken, own_intention, remark, report_due, told_ahead, warning
from .subjects import (after_condition, after_time_phrase, done_under_plan, duty_topic, place_subject, reported, role_subject,
                       topic_then_step, under_way_or_scheduled)
from .time_phrases import time_phrase
from .units import Mention, parse_unit_list


# "X có trách nhiệm / có nhiệm vụ <verb> ...": the duty's words are not the action
_DUTY = {("co", "trach", "nhiem"): 3, ("co", "nhiem", "vu"): 3}
# what stands between a subject and its action in a stated duty (a text without a directing word)
DUTY_WORDS = ("co trach nhiem ", "co nhiem vu ", "phai ", "can ")


class ClauseRules:
    """Mixin of Extractor (assembly.py): needs self.doc, self.doc_date, self.g, the trigger test
    (frames.py) and the addressee helpers (addressees.py)."""

    # Kept whole (complexity 17): the one place where a clause's stages run in order (openers, continuation,
    # heading, trigger or subject, roles, narrative); each stage is a named helper, what stays is the order.
    def _clause(self, cstart: int, cend: int, opening: bool, can_merge: bool = True) -> tuple[Action | None, str]:  # noqa: C901
        """Read one clause. Returns (action or None, kind) where kind is 'action', 'narrative',
        'intro' (only sets an addressee), 'merge' (continues the clause before) or 'empty'."""
        toks = tokenize(self.doc, cstart, cend)
        cs = canon_tokens(toks, punct=True)
        words = words_of(cs)
        if not any(c.c[:1].isalnum() for c in cs):
            return None, "empty"
        k, topic = duty_topic(self.g, cs, toks, self._skip_openers(words))    # "Đối với các hồ sơ …, cần …" (round 34)
        head_k = open_k = k
        # continuation of the clause before: a document named in a list, a bare deadline
        cont = self._continuation(toks, cs, k, cend) if can_merge else None
        if cont is not None:
            return Action(cstart, cend, cstart, cend, None, False, [], False), cont
        later = self._topic_trigger(cs, toks, k)     # "Đối với kế hoạch X, (ông) giao Y ..."
        topic_k = k if later is not None else None
        if later is not None:
            explicit, frame, addr_set_only = [], "", False
        else:
            explicit, k, frame, addr_set_only = self._heading_addressee(cs, toks, k)
            if not explicit and not match_phrase(words, k, RETRIGGERS):
                # "Đồng chí cũng đề nghị ...", "Hội đồng nhân dân tỉnh đề nghị ...", "UBND huyện cũng yêu cầu Y ..."
                later = self._speaker_trigger(cs, toks, k) if (
                    match_phrase(words, k, _SPEAKERS) or self._speaker_opening(cs, toks, k)) else \
                    self._body_trigger(cs, toks, k)
        if later is not None:
            k = head_k = later
        text_k = k
        t = self._valid_trigger(cs, toks, k) if (opening or later is not None or match_phrase(words, k, RETRIGGERS)) \
            else 0
        if t and not explicit:
            explicit, k, frame = self._trigger_addressee(cs, toks, k + t)
            text_k = k
            if not explicit and topic_k is not None:   # "Đối với UBND các xã, Đoàn đề nghị tăng cường ..." (round 9)
                explicit, frame = parse_unit_list(self.g, cs, toks, topic_k + 2)[0], "heading"
        elif not explicit:
            found = self._subject_addressee(cs, toks, k, in_passage=can_merge or getattr(self, "in_passage", False))
            if found is None:
                return None, "empty"
            explicit, k, frame = found
            text_k = k
        # appositive / parenthesis after the addressee: ", cơ quan thường trực của BCĐ," "(chủ trì)"
        coords: list[tuple[str, int | None]] = []
        if explicit:
            k = self._skip_apposition(cs, toks, k)
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
        a0, text_k = self._action_start(cs, toks, text_k, bool(explicit))
        verb_start = self._verb_at(cs, toks, a0)
        if self._narrative(cs, toks, a0, head_k, verb_start, bool(explicit)):
            if explicit:   # "UBND các phường chịu trách nhiệm chính ...; thành lập ..." keeps its addressee
                return Action(cstart, cend, cend, cend, self._addr(explicit), True, coords, False,
                              frame), "intro_narrative"
            return None, "narrative"
        ts = toks[cs[a0].i].start if a0 < len(cs) else cend
        if not explicit and not had_role:
            ts = toks[cs[topic if topic is not None and head_k == open_k else min(text_k, len(cs) - 1)].i].start
        a = self._addr(explicit) if explicit else None
        if had_role and frame == "subject":
            frame = "lead_role"
        return Action(cstart, cend, ts, cend, a, bool(explicit), coords, verb_start, frame), "action"

    @staticmethod
    def _skip_openers(words: list[str]) -> int:
        """Index of the clause's first word past list markers, connectors and ordinals."""
        cs = words
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
        if words[k:k + 3] == ["theo", "do", ","]:
            k += 3       # "Theo đó, Thủ tướng yêu cầu Bộ X ...": the details of the directive named before
        if k + 2 < len(cs) and words[k + 1] == "la" and words[k] in _ORDINALS and words[k + 2] in (",", ":"):
            k += 3
        elif k + 2 < len(cs) and words[k] == "thu" and words[k + 1] in _ORDINALS2 and words[k + 2] in (",", ":"):
            k += 3
        # "Nếu … thì …", "Trường hợp …, …" (round 35); "Về thực hiện kế hoạch X, báo cáo …" (round 31)
        return topic_then_step(words, after_condition(words, k))

    def _continuation(self, toks: list[Tok], cs: list[Canon], k: int, cend: int) -> str | None:
        """'merge' (a document named in a list, not "quyết định <verb> …", round 26; a bare deadline tail), 'deadline_all' or None."""
        words = words_of(cs)
        if match_phrase(words, k, DOC_REFS) and not match_phrase(words, k + 2 * (words[k:k + 2] == ["quyet", "dinh"]), VERBS):
            return "merge"
        if words[k:k + 2] in (["thoi", "gian"], ["thoi", "han"]) and \
                sum(1 for w in words[k:] if w[:1].isalnum()) <= 16 and \
                parse_deadline(self.doc[toks[cs[k].i].start:cend], self.doc_date).deadline is not None:
            # "...; có văn bản trả lời; đồng thời báo cáo UBND tỉnh. Thời gian thực hiện hoàn thành trước
            # ngày D.": the deadline of every action before it
            return "deadline_all"
        if self._deadline_tail(toks, cs, k):
            return "merge"
        return None

    def _heading_addressee(self, cs: list[Canon], toks: list[Tok], k: int) -> tuple[list[Mention], int, str, bool]:
        """(addressee, next index, frame, heading only) of "Về X:", "Đối với X:", "Đối với X <verb>"."""
        words = words_of(cs)
        explicit: list[Mention] = []
        frame = ""
        addr_set_only = False
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
        elif words[k:k + 2] == ["doi", "voi"]:
            # "Đối với các đoàn thể tổ chức thẩm tra ...": the heading's addressee, its action in the same sentence
            ms, nxt = parse_unit_list(self.g, cs, toks, k + 2)
            if ms and nxt < len(cs) and words[nxt] != "," and self._predicate_follows(cs, toks, nxt):
                explicit, k, frame = ms, nxt, "heading"
            elif ms and nxt + 1 < len(cs) and words[nxt] == "," and toks[cs[k + 2].i].cap \
                    and (_raw_lower(toks, cs[nxt + 1]) in ("cần", "phải") or self._verb_at(cs, toks, nxt + 1)):
                explicit, k, frame = ms, nxt + 1, "heading"    # "Đối với UBND huyện, cần chủ động rà soát ..."
        return explicit, k, frame, addr_set_only

    def _trigger_addressee(self, cs: list[Canon], toks: list[Tok], kk: int) -> tuple[list[Mention], int, str]:
        """The addressee after a trigger ending at cs[kk]: (mentions, next index, frame)."""
        words = words_of(cs)
        kk += time_phrase(words, kk)     # "đề nghị tháng 12/2018 thường trực HĐND ..."
        kk = next((i for i in range(kk, len(cs)) if words[i] not in (":", ",", "cho")), len(cs))
        lead_in = self._addressee_past_lead_in(cs, toks, kk) or self._task_named(cs, toks, kk)   # "đối với <topic>, X …"
        kk += 2 * (words[kk:kk + 2] == ["doi", "voi"])
        ms, nxt = lead_in or parse_unit_list(self.g, cs, toks, kk, titles=True)
        if not ms:
            reach = 25 if words[kk:kk + 1] and words[kk] in ("tu", "trong", "den", "truoc", "sau", "ngay", "thang",
                                                              "quy", "nam", "nhan", "truong", "neu", "khi", "de") else 10
            # "yêu cầu: từ ngày 30/4 đến hết ngày 3/5/2024, các đơn vị ...": a time phrase may be long; "để bảo đảm
            # thu, chi …, Sở X chủ trì …": a purpose may hold commas, the addressee follows one of them (round 25)
            commas = [i for i in range(kk, min(len(cs), kk + reach)) if words[i] == ","] + [None]
            comma = next((i for i in commas[:-1] if words[kk] == "de" and self._names_doer(cs, toks, i + 1)), commas[0])
            if comma is not None and not match_phrase(words, kk, VERBS):
                ms, nxt = parse_unit_list(self.g, cs, toks, comma + 1, titles=True)
        if ms:
            return self._assignee(cs, toks, ms, nxt)
        return self._bare_place_named(cs, toks, kk)   # "yêu cầu Quảng Trị tiếp tục …" (round 28), else none

    def _subject_addressee(self, cs: list[Canon], toks: list[Tok], k: int,
                           in_passage: bool = False) -> tuple[list[Mention], int, str] | None:
        """The clause's subject, possibly after a leading adverbial: (mentions, next index, frame);
        None when the clause is only a name (one of several addressees). in_passage: the clause goes on
        a directing passage (after an action in its block, or a paragraph after a directing one)."""
        words = words_of(cs)
        if words[k:k + 1] == ["phia"] and toks[cs[k].i].cap:
            k += 1       # "Phía Sở Y tế cũng phải ...": the side named
        ms, nxt = parse_unit_list(self.g, cs, toks, k)
        bare = [w for w in words[k:] if w[:1].isalnum()]
        if (ms and not any(w[:1].isalnum() for w in words[nxt:])) or (
                len(bare) <= 3 and " ".join(bare) in _BARE_COMMITTEES):
            # "yêu cầu BTV Thành ủy; các huyện ủy; thị ủy; các đảng ủy ... tạm dừng ...": a name
            # alone between semicolons is one of several addressees, not an action
            return None
        if ms and nxt + 1 < len(cs) and _raw_lower(toks, cs[nxt]) in ("cần", "phải") \
                and _raw_lower(toks, cs[nxt + 1]) == "được":
            return [], k, ""     # "Các khoa cần được bố trí ...": what undergoes a passive duty, not who does it
        if ms and self._predicate_follows(cs, toks, nxt):
            return ms, nxt, "subject"
        pas = 1 if words[nxt + 1:nxt + 2] == ["giao"] else 2 * (words[nxt + 1:nxt + 3] in (["de", "nghi"], ["yeu", "cau"]))
        if ms and pas and _raw_lower(toks, cs[nxt]) == "được":   # "X được giao / được đề nghị (round 19) hoàn thiện ..."
            p = nxt + 1 + pas + (2 if pas == 1 and words[nxt + 2:nxt + 4] == ["nhiem", "vu"] else 0)
            if self._predicate_follows(cs, toks, p):
                return ms, p, "subject"
        if not ms:
            # a person by office with a modal: "Chủ tịch UBND xã phải báo cáo ...", "Giám đốc Sở cần ..."
            ms, nxt = parse_unit_list(self.g, cs, toks, k, titles=True)
            # inside a directing passage also with a verb: "...; lãnh đạo các sở, ngành nghiên cứu kỹ ...",
            # "Giám đốc Sở X và thủ trưởng các sở, ngành liên quan phối hợp triển khai ..." (round 9)
            if ms and not (nxt < len(cs) and _raw_lower(toks, cs[nxt]) in ("cần", "phải")) and not (
                    in_passage and self._verb_at(cs, toks, nxt) and _raw_lower(toks, cs[nxt]) not in NARRATIVE_RAW):
                ms, nxt = [], k
            if ms:
                return ms, nxt, "subject"
        role = (role_subject(cs, toks, k) or place_subject(cs, toks, k)) if not ms else None
        if role is not None:
            return [role], role.k1, "subject"
        else:
            # a leading adverbial: "Trong mùa mưa bão, các đơn vị thực hiện ..."
            # "Sau khi công bố ... và lấy ý kiến nhân dân, UBND các huyện ...": a "khi" clause may be long; "Với …," (round 32)
            # round 9: "(Cũng) theo chỉ đạo của Bộ Y tế, Sở Y tế phải ..." (a directive told second hand: the
            # subject's duty), "Thực hiện chỉ đạo của UBND tỉnh, các xã rà soát ..." (the plan, then the subject)
            k += 1 if words[k:k + 2] == ["cung", "theo"] else 0
            under = words[k:k + 2] in (["thuc", "hien"], ["trien", "khai"]) or words[k:k + 1] == ["de"]   # a purpose (round 26)
            reach = 20 if words[k + 1:k + 2] == ["khi"] or under else (14 if words[k:k + 1] == ["theo"] else 9)
            comma = next((i for i in range(k, min(len(cs), k + reach)) if words[i] == ","), None)
            if comma is not None and words[k:k + 1] and (under or words[k] in (
                    "trong", "den", "tu", "sau", "truoc", "nhan", "de", "qua", "tai", "ngay", "thoi", "theo", "voi")):
                ms, nxt = parse_unit_list(self.g, cs, toks, comma + 1)
                if ms and self._predicate_follows(cs, toks, nxt):
                    return ms, nxt, "subject"
        return [], k, ""

    @staticmethod
    def _action_start(cs: list[Canon], toks: list[Tok], text_k: int, explicit: bool) -> tuple[int, int]:
        """(first word of the action, start of its text) past ordinals and a modal after the addressee."""
        words = words_of(cs)
        a0 = text_k
        while a0 < len(cs) and not words[a0][:1].isalnum():
            a0 += 1
        if a0 + 2 < len(cs) and ((words[a0] == "thu" and words[a0 + 1] in _ORDINALS2) or (
                words[a0] in _ORDINALS and words[a0 + 1] == "la")) and words[a0 + 2] in (",", ":"):
            a0 += 3       # "yêu cầu Sở Xây dựng: thứ nhất, rà soát ...; thứ hai, ..."
            text_k = a0
        if a0 + 2 < len(cs) and _raw_lower(toks, cs[a0]) == "cũng" and _raw_lower(toks, cs[a0 + 1]) in ("cần", "phải"):
            a0 += 1      # "Sở Y tế cũng phải tăng cường ...": the action is after the modal
        if a0 + 1 < len(cs) and _raw_lower(toks, cs[a0]) in ("cần", "phải", "nên") \
                and words[a0 + 1][:1].isalnum() and (explicit or match_phrase(words, a0 + 1, VERBS) or words[a0] == "nen") \
                and _raw_lower(toks, cs[a0 + 1]) != "được":     # "Các khoa cần được bố trí ...": a passive duty
            a0 += 1      # "Đoàn thanh tra cần có lịch làm việc": the action is "có lịch làm việc"
            text_k = a0
        if explicit and a0 + 1 < len(cs) and _raw_lower(toks, cs[a0]) == "để" and match_phrase(words, a0 + 1, VERBS):
            a0 += 1      # "giao Sở X phối hợp với Y để cung cấp ...": the task is what follows "để" (round 12)
            text_k = a0
        duty = _DUTY.get(tuple(words[a0:a0 + 3]), 0) if explicit else 0
        if duty and match_phrase(words, a0 + duty, VERBS):
            a0 += duty   # "Sở X có trách nhiệm đôn đốc ...": the action is "đôn đốc ..."
            text_k = a0
        return a0, text_k

    def _speaker_opening(self, cs: list[Canon], toks: list[Tok], k: int) -> bool:
        """A body that speaks ("Hội đồng nhân dân tỉnh đề nghị UBND tỉnh ...") or a topic ("Về phản ánh của
        người dân, đề nghị ...") before a trigger: the addressee is the one after the trigger."""
        words = words_of(cs)
        if k >= len(cs):
            return False
        if words[k] == "ve" or words[k:k + 2] == ["doi", "voi"]:
            return True
        ms, nxt = parse_unit_list(self.g, cs, toks, k)
        return bool(ms) and bool(match_phrase(words, nxt, RETRIGGERS))

    def _speaker_trigger(self, cs: list[Canon], toks: list[Tok], k: int) -> int | None:
        """"Đồng chí cũng đề nghị ...", "Đoàn giám sát còn yêu cầu ...": the speaker's trigger (a new addressee follows)."""
        words = words_of(cs)
        for p in range(k + 1, min(len(cs), k + 25)):
            if words[p] in (";", ".", ":"):
                break
            if match_phrase(words, p, RETRIGGERS) and self._valid_trigger(cs, toks, p):
                return p
        return None

    def _topic_trigger(self, cs: list[Canon], toks: list[Tok], k: int) -> int | None:
        """A topic before the trigger: "Đối với kế hoạch khảo sát, giao các Ban ...", "Về công tác thu,
        ông đề nghị ..." (the trigger within four words after a comma)."""
        words = words_of(cs)
        if not (words[k:k + 2] == ["doi", "voi"] or words[k:k + 1] == ["ve"]):
            return None
        comma = None
        for p in range(k + 2, min(len(cs) - 1, k + 40)):
            if words[p] in (";", ":", "."):
                return None
            if words[p] == ",":
                comma = p
            elif comma is not None and (p - comma <= 4 or (p - comma <= 10 and self._names_speaker(cs, toks, comma + 1, p))) \
                    and match_phrase(words, p, TRIGGERS) and self._valid_trigger(cs, toks, p):
                return p
        return None

    def _names_speaker(self, cs: list[Canon], toks: list[Tok], a: int, b: int) -> bool:
        """cs[a:b] names who speaks ("Chủ tịch HĐND thành phố", "đồng chí Bí thư Huyện ủy"): "Đối với phiên
        chất vấn, Chủ tịch HĐND huyện yêu cầu ..." (round 9)."""
        words = words_of(cs)
        if match_phrase(words, a, _SPEAKERS):
            return True
        ms, nxt = parse_unit_list(self.g, cs, toks, a, titles=True)
        return bool(ms) and nxt == b

    def _body_trigger(self, cs: list[Canon], toks: list[Tok], k: int) -> int | None:
        """A body named as the speaker of a trigger: "UBND huyện cũng yêu cầu ...", "Sở Y tế đề nghị ..."."""
        words = words_of(cs)
        ms, nxt = parse_unit_list(self.g, cs, toks, k)
        if not ms and (k >= len(cs) or toks[cs[k].i].raw not in SELF_NAMED):   # "Bộ cũng yêu cầu X …" (round 31)
            return None
        nxt += not ms
        while nxt < len(cs) and _raw_lower(toks, cs[nxt]) in ("cũng", "còn", "tiếp", "tục"):
            nxt += 1
        if match_phrase(words, nxt, RETRIGGERS) and self._valid_trigger(cs, toks, nxt):
            return nxt
        return None

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

    def _reported_subject(self, cs: list[Canon], toks: list[Tok], at: int | None) -> bool:
        ms, nxt = parse_unit_list(self.g, cs, toks, at) if at is not None else ([], 0)
        return bool(ms) and nxt < len(cs) and (_raw_lower(toks, cs[nxt]) in NARRATIVE_RAW | {"sẽ"}
                                               or bool(match_phrase(words_of(cs), nxt, NARRATIVE_START)))

    def _narrative(self, cs: list[Canon], toks: list[Tok], k: int, head_k: int, verb_start: bool,
                   explicit: bool) -> bool:
        words = words_of(cs)
        if k >= len(cs):
            return True
        if _raw_lower(toks, cs[k]) in NARRATIVE_RAW or done_under_plan(cs, toks, head_k) or under_way_or_scheduled(cs, toks, k):
            return True
        # "Ban Thường vụ Thành ủy cơ bản thống nhất với báo cáo", "Các xã đã ..."; after a long time phrase
        # "Từ ngày 1/7/2019 đến thời điểm thanh tra, UBND huyện X đã giao ..." (round 14)
        if not explicit and any(self._reported_subject(cs, toks, at) for at in (k, after_time_phrase(words, k))):
            return True
        def _narr_start(i: int) -> bool:
            # "Lưu: VT" closes a document; "lưu ý các địa phương ..." directs; "giao Sở X chịu trách nhiệm
            # thẩm định ..." assigns a duty (a verb follows)
            if explicit and duty_taken(words, i):
                return False
            return bool(match_phrase(words, i, NARRATIVE_START)) and words[i:i + 2] != ["luu", "y"] and not report_due(words, i)
        if _narr_start(k) or _narr_start(head_k) or warning(words, head_k) or remark(words, head_k, explicit):
            return True
        if own_intention(cs, toks, head_k, k) or told_ahead(cs, toks, k, explicit):
            return True
        if (_amount_only(words[head_k:]) and not self._verb_at(cs, toks, head_k)) or (not explicit and _scene(words, k)):
            return True
        joined = " " + " ".join(words[head_k:]) + " "
        for p in NARRATIVE_ANY:
            if p == ("chiu", "trach", "nhiem", "truoc") and (verb_start or (explicit and duty_taken(words, head_k))):
                continue   # "nâng cao trách nhiệm ..., quán xuyến và chịu trách nhiệm trước Chủ tịch ..."
            if " " + " ".join(p) + " " in joined:
                return True
        if not explicit and not verb_start:
            # "Liên quan đến kỳ họp, dự kiến HĐND tỉnh xem xét ...", "Đoàn cũng ghi nhận ...",
            # "Đoàn sẽ tổng hợp ...": a plan, praise or the speaker's own intention, not a directed action
            # (an opening "dự kiến các chức danh ..." is the verb "to plan", an action)
            raws = [_raw_lower(toks, c) for c in cs[k:k + 12]]
            if "sẽ" in raws[:8] or any(match_phrase(words, i, _PLAN_PRAISE) and (i > k or words[i] != "du")
                                         for i in range(k, min(len(cs), k + 12))):
                return True
        return not verb_start and reported(cs, toks, k, explicit)
