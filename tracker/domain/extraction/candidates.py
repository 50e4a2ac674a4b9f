"""Candidate clauses for the model engine (clause_model.py), with the features it weighs.

The rules engine proposes a clause only inside a directing passage it recognised; on unseen text
most of its misses are clauses it never looked at (docs/extraction.md). Here every clause of every
block is a candidate (split_blocks + split_clauses over the whole text), the rules' proposals
replace the clauses they cover, and each candidate gets features: the rules' own decision and
reading of the clause, its first words, modal and report words, its place in the block and in
the text, and what its neighbours are. Pure Python, one pass over the clauses: linear in the text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .assembly import Extractor
from .deadlines import parse_deadline
from .frames import Addr
from .lexicon import TRIGGERS, VERBS, match_phrase
from .model import Proposal, UnitDirectory
from .normalize import canon_tokens, tokenize, words_of
from .own_addressee import own_addressee
from .segment import split_blocks, split_clauses

_PRAISE = ("danh gia cao", "ghi nhan", "bieu duong", "hoan nghenh", "khen ngoi", "tran trong")
_MODALS = ("cần", "phải", "nên")


@dataclass
class Candidate:
    start: int                  # the clause's span in the (normalised) text
    end: int
    block: int                  # index of its block
    marked: bool                # the block is a list item
    rule: Proposal | None = None           # the rules' proposal it stands for, if any
    kind: str = ""                         # the rules' reading of a clause they did not propose
    addr: Addr | None = None               # an addressee the rules read in the clause
    text_start: int = 0                    # where the action's words start (past an addressee)
    own: tuple[Addr, str, int | None] | None = None   # the addressee the clause names itself (own_addressee.py)
    feats: dict[str, float] = field(default_factory=dict)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def build_candidates(text: str, doc_date: date, directory: UnitDirectory,
                     rule_props: list[Proposal]) -> list[Candidate]:
    """Every clause of the text, the rules' proposals in place of the clauses they cover, in text order."""
    ex = Extractor(text, doc_date, directory)
    out: list[Candidate] = []
    pi = 0
    used: set[int] = set()
    for bi, b in enumerate(split_blocks(text)):
        for cs, ce, _new in split_clauses(text, b.start, b.end):
            # the rules' proposals are in text order: advance past those that end before this clause
            while pi < len(rule_props) and rule_props[pi].end <= cs:
                pi += 1
            hit = None
            j = pi
            while j < len(rule_props) and rule_props[j].start < ce:
                if _overlap(cs, ce, rule_props[j].start, rule_props[j].end) > 0.3 * max(1, ce - cs) or \
                        _overlap(cs, ce, rule_props[j].start, rule_props[j].end) > 0.5 * max(
                            1, rule_props[j].end - rule_props[j].start):
                    hit = j
                    break
                j += 1
            if hit is not None:
                if hit in used:
                    continue
                used.add(hit)
                p = rule_props[hit]
                c = Candidate(p.start, p.end, bi, b.marked, rule=p, text_start=p.start)
            else:
                c = Candidate(cs, ce, bi, b.marked, text_start=cs)
            try:
                act, kind = ex._clause(cs, ce, opening=True, can_merge=False)
            except (IndexError, ValueError):   # a clause the rules cannot read: no rule reading
                act, kind = None, "error"
            c.kind = kind
            if act is not None and act.explicit and act.addr is not None and c.rule is None:
                c.addr = act.addr
                if kind == "action":
                    c.text_start = act.text_start
            if c.rule is None:
                c.own = own_addressee(ex, cs, ce)
            out.append(c)
    for k, p in enumerate(rule_props):     # a proposal no clause stood for (should not happen): keep it
        if k not in used:
            out.append(Candidate(p.start, p.end, -1, False, rule=p, text_start=p.start))
    out.sort(key=lambda c: c.start)
    _features(text, doc_date, out)
    return out


def _len_bucket(n: int) -> str:
    return "len<4" if n < 4 else "len<8" if n < 8 else "len<16" if n < 16 else "len<32" if n < 32 else "len>=32"


def _rule_features(c: Candidate, f: dict[str, float]) -> None:
    """The rules' decision (a proposal: its frame, confidence, addressee) and their reading of the clause
    alone, outside any passage (for their proposals too)."""
    if c.rule is not None:
        f["rule"] = 1.0
        f["rule_frame=" + (c.rule.frame or "none")] = 1.0
        f["rule_conf"] = c.rule.confidence
        if c.rule.lead:
            f["rule_lead"] = 1.0
    f["kind=" + (c.kind or "none")] = 1.0
    if c.addr is not None and c.addr.lead:
        f["addr"] = 1.0


def _word_features(text: str, c: Candidate, f: dict[str, float]) -> None:
    """The clause's own words: its first words, a verb first, modals, report and praise words, figures."""
    toks = tokenize(text, c.start, c.end)
    words = words_of(canon_tokens(toks, punct=True))
    alnum = [w for w in words if w[:1].isalnum()]
    raws = [t.raw.lower() for t in toks if t.is_word]
    k = 0
    while k < len(words) and not words[k][:1].isalnum():
        k += 1
    if k < len(words):
        f["w0=" + words[k]] = 1.0
        if k + 1 < len(words) and words[k + 1][:1].isalnum():
            f["w01=" + words[k] + "_" + words[k + 1]] = 1.0
        if match_phrase(words, k, VERBS):
            f["verb_first"] = 1.0
    joined = " " + " ".join(alnum) + " "
    for name, hit in (("modal", any(m in raws[:8] for m in _MODALS)), ("da", "đã" in raws), ("se", "sẽ" in raws),
                      ("duoc_early", "được" in raws[:4]),
                      ("praise", any(" " + p + " " in joined for p in _PRAISE)),
                      ("trigger_in", any(match_phrase(words, j, TRIGGERS) for j in range(len(words)))),
                      ("digit_first", bool(alnum) and alnum[0][:1].isdigit()),
                      ("figures", sum(1 for w in alnum if w[:1].isdigit()) >= 3 or "%" in words)):
        if hit:
            f[name] = 1.0
    f[_len_bucket(len(alnum))] = 1.0


def _layout_features(text: str, doc_date: date, c: Candidate, f: dict[str, float]) -> None:
    """Where the clause stands: a heading in capitals, a list item, after ';' or ':', a deadline, its place."""
    letters = [ch for ch in text[c.start:c.end] if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.8 * len(letters):
        f["caps"] = 1.0
    if c.marked:
        f["marked"] = 1.0
    before = text[max(0, c.start - 3):c.start].rstrip()
    if before.endswith(";"):
        f["after_semicolon"] = 1.0
    elif before.endswith(":"):
        f["after_colon"] = 1.0
    if text[c.end:c.end + 1] == ":" or text[c.start:c.end].rstrip().endswith(":"):
        f["ends_colon"] = 1.0
    info = parse_deadline(text[c.start:c.end], doc_date)
    if info.deadline is not None:
        f["deadline"] = 1.0
    if info.recurring is not None:
        f["recurring"] = 1.0
    f["pos"] = c.start / max(1, len(text))


def _features(text: str, doc_date: date, cands: list[Candidate]) -> None:
    """Each candidate's features: its own, then its neighbours' (one pass each way)."""
    seen_rule = seen_trigger = False
    no_rule = not any(c.rule is not None for c in cands)
    for i, c in enumerate(cands):
        f: dict[str, float] = {"bias": 1.0}
        if no_rule:     # the rules saw no directing passage: the clause's own words and place decide
            f["text_without_rules"] = 1.0
        _rule_features(c, f)
        _word_features(text, c, f)
        _layout_features(text, doc_date, c, f)
        if seen_rule:
            f["rule_before"] = 1.0
        if seen_trigger:
            f["trigger_before"] = 1.0
        if i > 0:
            p = cands[i - 1]
            if p.rule is not None:
                f["prev_rule"] = 1.0
                if p.block == c.block:
                    f["prev_rule_same_block"] = 1.0
            if p.block == c.block:
                f["same_block_as_prev"] = 1.0
            if text[p.start:p.end + 1].rstrip().endswith(":") or p.kind in ("intro", "intro_narrative"):
                f["prev_intro"] = 1.0
        if i + 1 < len(cands) and cands[i + 1].rule is not None:
            f["next_rule"] = 1.0
            if "prev_rule" in f:     # "...; X; ...": a chain the rules read in part
                f["between_rules"] = 1.0
        seen_rule = seen_rule or c.rule is not None
        seen_trigger = seen_trigger or "trigger_in" in f
        c.feats = f
    _chain_features(text, cands)


def _chain_features(text: str, cands: list[Candidate]) -> None:
    """A clause in a ';' chain whose other elements start with a verb reads as one of its steps
    ("rà soát ...; đẩy nhanh ...; kiện toàn ..."), with or without a directing word before the chain."""
    blocks: dict[int, list[Candidate]] = {}
    for c in cands:
        blocks.setdefault(c.block, []).append(c)
    for group in blocks.values():
        semis = sum(1 for c in group if "after_semicolon" in c.feats)
        verbs = sum(1 for c in group if "verb_first" in c.feats)
        rules = any(c.rule is not None for c in group)
        for i, c in enumerate(group):
            in_chain = "after_semicolon" in c.feats or text[c.end:c.end + 2].lstrip()[:1] == ";"
            if in_chain and semis >= 2:
                c.feats["chain"] = 1.0
                if verbs - ("verb_first" in c.feats) >= 2:
                    c.feats["chain_of_verbs"] = 1.0
            if rules:
                c.feats["block_has_rule"] = 1.0
            if i > 0 and "verb_first" in group[i - 1].feats:
                c.feats["prev_verb_first"] = 1.0
            if i + 1 < len(group) and "verb_first" in group[i + 1].feats:
                c.feats["next_verb_first"] = 1.0
