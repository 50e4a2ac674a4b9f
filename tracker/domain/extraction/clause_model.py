"""The model engine: every clause a candidate, "action or not" decided by a logistic regression.

Selected with ``extract(..., engine="model")`` (the app's EXTRACTION_ENGINE setting, the bench's
``--engine model``); the rules engine stays the default. The weights are data
(clause_model.json), produced by scripts/train_extraction_model.py from the shared corpus's
development split; inference here is a dot product and a sigmoid in pure Python, so the product
gains no dependency and nothing is downloaded. A kept proposal of the rules keeps the rules'
addressee, deadline and wording; a clause the rules did not propose takes the addressee it names
(after a directing word, else the rules' reading of it, else a subject with a word of duty:
own_addressee.py, session 25), else the one of the nearest addressed clause before it (a list's addressee carried
over its items). A clause with no addressee at all, or only one carried from another paragraph
(not over a list's items), is kept only at the stricter ``threshold_no_lead``, or as a step of a ';'
chain whose surest step reaches it (session 24). A clause the rules did not propose that tells what happened (a
past result, a meeting's account, background: narrative.py) is not kept (session 25, second round), nor one that
only introduces what follows ("<speaker> yêu cầu các xã", "..., như": third round). Every
proposal carries the model's probability as its confidence and ``frame = "model:<rule frame>"``;
under LOW it is flagged low_confidence, and a clause the rules did not propose is flagged model_only (both mark the
row for attention on the review screen: model.ATTENTION_FLAGS).
"""
from __future__ import annotations

import json
import math
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from .candidates import Candidate, build_candidates
from .deadlines import parse_deadline
from .frames import Addr
from .model import Proposal, UnitDirectory
from .narrative import after_connectives, narrative
from .lexicon import VERBS, match_phrase
from .normalize import canon_tokens, tokenize, words_of
from .pipeline import action_text, task_title

WEIGHTS = Path(__file__).with_name("clause_model.json")
LOW = 0.5     # a row kept under this probability is flagged low_confidence (model.ATTENTION_FLAGS; session 30)


@lru_cache(maxsize=4)
def load_weights(path: str = str(WEIGHTS)) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def probability(feats: dict[str, float], weights: dict) -> float:
    w = weights["weights"]
    z = weights["intercept"] + sum(v * w.get(k, 0.0) for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def candidate_text(text: str, c: Candidate) -> tuple[int, int]:
    """The span a non-rule candidate proposes: past list markers and punctuation at both ends."""
    s, e = c.text_start, c.end
    while s < e and (text[s].isspace() or text[s] in ",;:-–.…+•*()"):
        s += 1
    m = re.match(r"(?:\(?\d{1,2}[.)/]|[a-zđ]\))\s+", text[s:e])
    if m:
        s += m.end()
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:.…"):
        e -= 1
    return s, e


def _new_proposal(text: str, doc_date: date, c: Candidate, addr: Addr | None, frame: str) -> Proposal | None:
    s, e = candidate_text(text, c)
    if c.own is not None and c.own[2] is not None and c.text_start == c.start and c.own[2] < e:
        # "<speaker> chỉ đạo X <action>": the action, as the rules give it (the training's labels keep the clause)
        s = candidate_text(text, Candidate(c.own[2], c.end, c.block, c.marked, text_start=c.own[2]))[0]
    if len([w for w in tokenize(text, s, e) if w.is_word]) < 2:
        return None
    info = parse_deadline(text[c.start:c.end], doc_date)
    span = None if info.deadline_span is None else (c.start + info.deadline_span[0], c.start + info.deadline_span[1])
    # the wording as the rules engine gives it: the action as written, the task's title without its deadline
    body, title = action_text(text, s, e, span), task_title(text, s, e, span)
    a = addr or Addr()
    flags = list(a.flags) + list(info.flags)
    if a.lead is None:
        flags.append("no_lead")
    return Proposal(text=body, title=title, start=s, end=e, lead=a.lead, lead_unit_id=a.lead_unit_id,
                    lead_units=list(a.lead_units), coordinating=[n for n, _ in a.extra],
                    coordinating_unit_ids=[i for _, i in a.extra], deadline=info.deadline,
                    recurring=info.recurring, flags=list(dict.fromkeys(flags)), frame=frame,
                    source_excerpt=re.sub(r"\s+", " ", text[c.start:c.end]).strip())


def _chained(probs: list[float], cands: list[Candidate], threshold: float, floor: float | None) -> list[float]:
    """The elements of a ';' chain are alike (the annotation convention: each is an item): when at least
    two other elements of a chain in the same block are kept, an element over ``floor`` is kept too, at
    the threshold's confidence (so it is marked for attention)."""
    if floor is None:
        return probs
    out = list(probs)
    i = 0
    while i < len(cands):
        j = i
        while j < len(cands) and cands[j].block == cands[i].block:
            j += 1
        chain = [k for k in range(i, j) if "chain" in cands[k].feats]
        kept = sum(1 for k in chain if probs[k] >= threshold)
        for k in chain:
            if floor <= probs[k] < threshold and kept >= 2:
                out[k] = threshold
        i = j
    return out


def _opening_deadline(text: str, doc_date: date, c: Candidate) -> date | None:
    """The deadline of a time phrase that opens the clause ("Trong quý II, ..."), else None."""
    if c.rule is not None:
        # a proposal whose deadline is not in its own words took it from an opening phrase or an introduction;
        # one whose words open on it ("đề nghị X trong tháng 11 quan tâm ...; rà soát ...") opens the sentence
        if c.rule.deadline is None:
            return None
        if parse_deadline(c.rule.text, doc_date).deadline is None:
            return c.rule.deadline
        own = parse_deadline(text[c.rule.start:c.rule.end], doc_date)
        before = text[c.rule.start:c.rule.start + (own.deadline_span or (0, 0))[0]]
        return c.rule.deadline if own.deadline_span is not None and not any(ch.isalnum() for ch in before) else None
    clause = text[c.start:c.end]
    info = parse_deadline(clause, doc_date)
    if info.deadline is None or info.deadline_span is None:
        return None
    before = clause[:info.deadline_span[0]]
    return info.deadline if not any(ch.isalnum() for ch in before) else None


_YEAR_RANGE = re.compile(r"\bnăm\s+(\d{4})\s*[-–]\s*(\d{4})\b", re.IGNORECASE)


def _range_end(text: str, prop: Proposal) -> None:
    """"trong năm 2021-2022": the range's last year ends it, not its first (the deadline reader stops at the
    first year; session 26)."""
    if prop.deadline is None:
        return
    for m in _YEAR_RANGE.finditer(text, prop.start, prop.end):
        y1, y2 = int(m.group(1)), int(m.group(2))
        if y1 < y2 and prop.deadline == date(y1, 12, 31):
            prop.deadline = date(y2, 12, 31)


def _strong_chains(cands: list[Candidate], raw: list[float], bar: float) -> set[int]:
    """The blocks holding a ';' chain with a step at ``bar`` or more: its weaker steps need no addressee."""
    return {c.block for c, p in zip(cands, raw) if "chain" in c.feats and p >= bar}


def _where(text: str, c: Candidate) -> tuple[int, bool]:
    """Where an addressee was read: its block, and whether it reaches the list items below (its clause
    introduces them with ':' or is one of them)."""
    return c.block, c.marked or "ends_colon" in c.feats or text[c.end:c.end + 1] == ":"


def _own(c: Candidate) -> tuple[Addr | None, bool]:
    """The addressee a clause the rules did not propose names itself, and whether it is sure: the one after a
    directing word ("<speaker> đề nghị X ...") before the rules' reading of the clause alone (which may be
    the speaker), else the rules' reading, else a subject with a word of duty ("X cần ...", own_addressee.py).
    The rules' reading and own_addressee's narrower readings are sure; its wider ones ("_loose") name the lead
    but do not lower the threshold (session 25: with the ordinary threshold, both gates' precision fell)."""
    rules = c.addr if (c.addr is not None and c.addr.lead) else None
    if c.own is not None and (rules is None or c.own[1].startswith("directing")):
        return c.own[0], rules is not None or not c.own[1].endswith("_loose")
    return rules, rules is not None


def _names_only(text: str, c: Candidate) -> bool:
    """"<speaker> yêu cầu các quận, huyện", "... các nội dung, như": a clause that directs its addressee to nothing,
    or ends on a word that introduces items, introduces what follows (session 25, third round)."""
    s, e = candidate_text(text, c)
    if re.search(r"(?:\bnhư|\bnhư sau|\bsau đây|\bgồm|\bcụ thể)$", text[s:e].lower()):
        return True     # "... thực hiện tốt các nội dung, như": the items follow
    return c.own is not None and c.own[1].startswith("directing") and c.own[2] is not None and c.own[2] >= e


_ORDINAL = re.compile(r"[\s\-–+•*]*thứ\s+(nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)[\s,:.]*", re.IGNORECASE)
_List = tuple[Addr | None, date | None]


def _ordinal(text: str, c: Candidate) -> str | None:
    """"Thứ nhất, ...", "Thứ hai, ...": the ordinal opening the clause's line, else None."""
    m = _ORDINAL.fullmatch(text, text.rfind("\n", 0, c.start) + 1, c.start)
    return m.group(1).lower() if m else None


def _ordinal_list(text: str, c: Candidate, ordered: _List | None, carried: Addr | None, near: tuple[int, bool],
                  intro: tuple[date | None, int]) -> tuple[_List | None, Addr | None, tuple[int, bool],
                                                           tuple[date | None, int], bool]:
    """Items numbered "Thứ nhất, ... Thứ hai, ..." belong to the list introduced before the first, even with a
    paragraph between them (session 26): the first records the list's addressee and deadline, a later one takes
    them back. Returns the new state and whether the clause continues such a list."""
    k = _ordinal(text, c)
    if k == "nhất":
        return (carried if near[1] else None, intro[0]), carried, near, intro, False
    if k is None or ordered is None:
        return ordered, carried, near, intro, False
    return ordered, ordered[0] or carried, (c.block, True), (ordered[1], c.block), True


def _kept_rule(prop: Proposal, p: float, c: Candidate, opening: date | None, near: Addr | None,
               listed: date | None = None) -> Proposal:
    """A rules proposal the model keeps: its frame marked, its confidence the lower of the model's and the rules'
    own (which is low for a duty addressed to no one). Session 26: a ';' step with no time of its own takes the
    time phrase that opens its sentence; a duty the rules read with no addressee takes ``near``, the addressee
    read before it in its paragraph or over its list; an ordinal item ("Thứ hai, ...") takes ``listed``, its
    list's time."""
    prop.frame = "model:" + (prop.frame or "none")
    if prop.lead is None and near is not None:
        prop.lead, prop.lead_unit_id, prop.lead_units = near.lead, near.lead_unit_id, list(near.lead_units)
        prop.flags = [f for f in prop.flags if f != "no_lead"]
    if prop.deadline is None and prop.recurring is None and opening is not None and "after_semicolon" in c.feats:
        prop.deadline = opening
    elif prop.deadline is None and prop.recurring is None and listed is not None:
        prop.deadline = listed      # an ordinal item of a list whose introduction gives the time
        prop.flags.append("deadline_from_intro")
    prop.confidence = round(min(p, prop.confidence), 2)
    return prop


def _tells_past(text: str, c: Candidate) -> bool:
    """"Đảng ủy các xã, phường đã nêu cao …", "Trong năm, cấp Thành phố … đã tổ chức …", "Chương trình … đã được …
    triển khai": a clause that does not open with a verb and tells one with "đã", a result; not "rà soát các nhiệm vụ đã
    báo cáo" (a step whose object names a past one: its verb comes first)."""
    toks = tokenize(text, c.start, c.end)
    cs = canon_tokens(toks)
    words = words_of(cs)
    at = next((k for k, w in enumerate(cs) if toks[w.i].raw.lower() == "đã"), None)
    # "đã được … triển khai" (passive), "đã và đang phát huy": a result too
    if at is None or at < 2 or not (match_phrase(words, at + 1, VERBS) or words[at + 1:at + 2] == ["duoc"]
                                    or words[at + 1:at + 3] == ["va", "dang"]):
        return False
    # past a named subject, its own verb before "đã" makes the "đã" a relative clause: "Các sở, ngành tham mưu, triển
    # khai … nhiệm vụ đã được UBND tỉnh giao"
    named = next((k for k, w in enumerate(cs) if toks[w.i].start >= c.text_start), at) if c.own is not None else at
    return not match_phrase(words, after_connectives(words), VERBS) \
        and not any(match_phrase(words, k, VERBS) for k in range(named, at))


def decide(text: str, doc_date: date, cands: list[Candidate], weights: dict) -> list[Proposal]:
    """The candidates the model keeps, as proposals, in text order."""
    threshold = weights.get("threshold", 0.5)
    no_lead = weights.get("threshold_no_lead", threshold)
    raw = [probability(c.feats, weights) for c in cands]
    probs = _chained(raw, cands, threshold, weights.get("chain_floor"))
    strong = _strong_chains(cands, raw, no_lead)
    out: list[Proposal] = []
    carried: Addr | None = None      # the nearest addressee before: a list's, the previous item's
    near: tuple[int, bool] = (-1, False)           # its block, and whether its clause introduces a list (':')
    intro: tuple[date | None, int] = (None, -1)    # a list introduction's deadline and block
    opening: date | None = None                    # the deadline opening the current sentence
    told = False                  # a clause of this sentence told a past result ("X đã nêu cao …; tăng cường …")
    ordered: _List | None = None                   # the addressee and deadline of a list numbered "Thứ nhất, ..."
    for c, p in zip(cands, probs):
        if intro[0] is not None and not c.marked and c.block != intro[1]:
            intro = (None, -1)        # the list under the introduction has ended
        if "after_semicolon" not in c.feats:
            opening = _opening_deadline(text, doc_date, c)   # a new sentence: its opening time phrase, if any
            told = False
        ordered, carried, near, intro, listed = _ordinal_list(text, c, ordered, carried, near, intro)
        if c.rule is not None:
            prop = c.rule
            if p >= threshold:
                close = c.block == near[0] or (near[1] and c.marked)
                out.append(_kept_rule(prop, p, c, opening, carried if close else None, intro[0] if listed else None))
            if prop.lead:
                carried = Addr(lead=prop.lead, lead_unit_id=prop.lead_unit_id, lead_units=list(prop.lead_units))
                near = _where(text, c)
            continue
        own, sure = _own(c)
        lead = own or carried
        # an addressee carried from another paragraph (not over a list's items) is as unsure as none
        close = sure or (carried is not None and (c.block == near[0] or (near[1] and c.marked)))
        bar = threshold if close or ("chain" in c.feats and c.block in strong) else no_lead
        # a past result, a meeting's account or background is not a task (narrative.py, session 25 second round); the
        # steps after ';' of a sentence that told a past result are that result's parts (session 32: "Đảng ủy các xã đã
        # nêu cao ý thức …; tăng cường tiếp xúc …; nâng cao hiệu lực …")
        if p >= bar and c.kind not in ("intro", "intro_narrative") and not _names_only(text, c) \
                and not (told and "after_semicolon" in c.feats) \
                and narrative(text, c.start, c.end, own is not None) is None:
            frame = "model:" + ("subject" if own is not None and c.kind == "action" else
                                "previous_item" if carried is not None else "none")
            prop = _new_proposal(text, doc_date, c, lead, frame)
            if prop is not None:
                prop.confidence = round(p, 2)
                prop.flags.append("model_only")     # the rules did not read it as a task: marked for attention
                if prop.deadline is None and prop.recurring is None and opening is not None \
                        and "after_semicolon" in c.feats:
                    # "Trong 6 tháng cuối năm, huyện tập trung ...; tiếp ...; tổ chức ...": the sentence's time
                    prop.deadline = opening
                elif prop.deadline is None and prop.recurring is None and intro[0] is not None:
                    # "đề nghị trong tháng 12/2026 các xã thực hiện các nội dung sau: ...": the list's deadline
                    prop.deadline = intro[0]
                    prop.flags.append("deadline_from_intro")
                out.append(prop)
        told = told or ("đã" in text[c.start:c.end] and (
            _tells_past(text, c) or narrative(text, c.start, c.end, own is not None) == "past"))
        if own is not None:
            carried = own
            near = _where(text, c)
        if "ends_colon" in c.feats:
            intro = (parse_deadline(text[c.start:c.end], doc_date).deadline, c.block)
    for prop in out:
        _range_end(text, prop)
        if prop.confidence < LOW and "low_confidence" not in prop.flags:
            prop.flags.append("low_confidence")
    return out


def extract_with_model(text: str, doc_date: date, directory: UnitDirectory, rule_props: list[Proposal],
                       weights: dict | None = None) -> list[Proposal]:
    """``text`` already normalised as the rules engine reads it (pipeline._SPACES, NFC)."""
    cands = build_candidates(text, doc_date, directory, rule_props)
    return decide(text, doc_date, cands, weights or load_weights())
