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
from collections import Counter
from datetime import date

from .assembly import Extractor
from .deadlines import parse_deadline
from .lexicon import TASKS_ANNOUNCED, VERBS
from .frames import Action, Addr  # noqa: F401  (re-exported: the records of the pipeline)
from .model import Proposal, UnitDirectory
from .narrative import CITED
from .normalize import fold, nfc, tokenize
from .segment import join_wrapped_lines


def _clean_span(doc: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (doc[s].isspace() or doc[s] in ",;:-–.…"):
        s += 1
    while e > s and (doc[e - 1].isspace() or doc[e - 1] in ",;:.…/" or (
            doc[e - 1] == "”" and "“" not in doc[s:e])):     # the end of a quotation opened before the action
        e -= 1
    # "..., đồng thời" before a second directive cut off at its trigger ("..., đồng thời yêu cầu Y ...")
    tail = re.search(r",\s*(?:đồng thời|Đồng thời)$", doc[max(s, e - 20):e])
    if tail is not None:
        e = max(s, e - 20) + tail.start()
    # "X cần phối hợp chặt chẽ … thì công tác … mới thực sự hiệu quả": what the action brings about is no part of it
    # (not after a condition: "nếu / khi … thì …") (round 24)
    gain = _THEN_ONLY.search(doc, s, e)
    if gain is not None and not re.search(r"\b(?:[Nn]ếu|[Kk]hi|[Hh]ễ)\b", doc[s:gain.start()]):
        e = gain.start()
    return s, e


_THEN_ONLY = re.compile(r"\s+thì\s+(?:[^\s,;.]+\s+){1,16}?mới\s")


def action_text(doc: str, s: int, e: int, span: tuple[int, int] | None) -> str:
    """The action as the text states it, starting with a capital letter. A deadline phrase that opens
    the action ("Trong quý II, rà soát ...") is left out (it is the deadline); one that closes it or
    stands inside it belongs to the step it times ("gửi Sở X trước ngày D", "và hoàn thành trước
    ngày D") and stays as written, as the annotators write an action (round 8). The original words
    stay in source_excerpt either way."""
    body = doc[s:e]
    if span is not None and s <= span[0] and span[1] <= e and not any(ch.isalnum() for ch in doc[s:span[0]]):
        cut = doc[span[1]:e].strip()
        cut = re.sub(r"^[,;:–-]\s*", "", cut)
        if len([w for w in tokenize(cut) if w.is_word]) >= 2:
            body = cut
    body = re.sub(r"\s+", " ", body).strip()
    return body[:1].upper() + body[1:]


_DEADLINE_LEAD_IN = re.compile(r"(?:[,;–-]\s*)?(?:\b(?:hoan\s+thanh|xong|thoi\s+han(?:\s+hoan\s+thanh)?|"
                               r"thoi\s+gian\s+hoan\s+thanh|du\s+kien(?:\s+to\s+chuc)?)\s*[:,]?\s*)?$")


_MODAL_END = re.compile(r"\b(?:phai|can|se|deu|duoc)\s*$")


def task_title(doc: str, s: int, e: int, span: tuple[int, int] | None) -> str:
    """The proposed task's wording (what the review screen fills in as the task's content): the
    action without its deadline phrase (that goes into the deadline), starting with a capital
    letter. ``action_text`` is the action as written, deadline words included."""
    body = doc[s:e]
    if span is not None and s <= span[0] and span[1] <= e:
        a, b = span[0] - s, span[1] - s
        lead_in = _DEADLINE_LEAD_IN.search(fold(body[:a]))
        if lead_in and not _MODAL_END.search(fold(body[:lead_in.start()])):
            a = lead_in.start()     # "..., hoàn thành trước ngày D"; not "X phải hoàn thành trong quý III"
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


def _confidence(act: Action, a: Addr, flags: list[str], base: float) -> float:
    """How sure the proposal is: a resolved, explicit addressee and a verb first raise it."""
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
    return round(max(0.05, min(0.99, conf * base)), 2)


# web pages carry no-break and other Unicode spaces between sentences and words: read as plain spaces
# (one character for one, so offsets stay those of the given text)
_SPACES = str.maketrans({c: " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                         "\u200a\u202f\u205f\u3000\t\u200b\u2060\ufeff"})    # and the zero-width ones (session 34)


# the bullets a list copied from Word or a PDF opens its lines with ("❖", "➢", "●", "□", "√", a Wingdings glyph in the
# private-use area): read as "•", the bullet the list reader knows (session 34). Not "►": news pages open a report of
# another event with it ("► Hội đồng … vừa tổ chức họp …")
_BULLET = re.compile("(?m)^([ ]*)[●○■□◆◇❖❑❒♦◊▫➢➤⮚‣⁃√✓✔→⇒\uf000-\uf0ff](?=[ ]*\\S)")


def normalise(text: str) -> str:
    """The text as the extraction reads it (its offsets are the proposals' start / end): spaces made plain, list bullets
    made "•" and the lines of a hard-wrapped text joined, one character for one."""
    text = _BULLET.sub(lambda m: m.group(1) + "•", nfc(text).translate(_SPACES))
    return join_wrapped_lines(text)


# a page cut off by its source mid-predicate: "..., UBND huyện X chủ động" at the very end, no full stop (round 12)
_CUT_OFF = re.compile(r"\b(?:chu\s+dong|can|phai|tiep\s+tuc|khan\s+truong|tap\s+trung|kip\s+thoi|som|tich\s+cuc"
                      r"|nghiem\s+tuc|quyet\s+liet|co\s+trach\s+nhiem)\s*$")


def _cut_off(text: str, e: int) -> bool:
    """The action stops where the text stops, unfinished, on an adverb or modal that wants its verb (read only
    for a clause that does not open with its verb: "rà soát ..., chủ động" keeps its first step)."""
    return not text[e:].strip() and text.rstrip()[-1:] not in ".!?…”\")" and bool(_CUT_OFF.search(fold(text[:e])))


# "Giao UBND thành phố X theo chỉ đạo của Chủ t": the page cut off inside the frame that comes before the verb (round 31)
_FRAME_ONLY = re.compile(r"theo\s+(?:chi\s+dao|huong\s+dan|ke\s+hoach|de\s+nghi|yeu\s+cau|quy\s+dinh)\b[^,;.:]*")


def _byline(text: str, words: list, e: int) -> bool:
    """A writer's byline after an article's last sentence ("… dự án. Đ.LAM", "… an toàn. HOÀNG NAM"): at most
    three words, all in capitals, closing its line (round 13)."""
    return len(words) <= 3 and all(w.raw.isupper() for w in words) and text[e:].split("\n", 1)[0].strip() in ("", ".")


def _bare_verb(body: str) -> bool:
    """"yêu cầu X khắc phục.": an action that is its verb alone, with no object, says nothing to do (round 20)."""
    return tuple(fold(body).strip(" .").split()) in VERBS


def _tasks_announced(body: str) -> bool:
    """The action only announces a number of tasks: "Tập trung thực hiện một số nhiệm vụ" (round 35)."""
    return bool(TASKS_ANNOUNCED.fullmatch(fold(body).strip()))


def extract_proposals(text: str, doc_date: date, directory: UnitDirectory) -> list[Proposal]:
    text = normalise(text)
    ex = Extractor(text, doc_date, directory)
    props: list[Proposal] = []
    for act, base in ex.run():
        s, e = _clean_span(text, act.text_start, act.text_end)
        if e <= s:
            continue
        body = text[s:e]
        words = [w for w in tokenize(body) if w.is_word]
        if len(words) < 2 or ((not act.verb_start or _CUT_OFF.fullmatch(fold(body).strip())) and _cut_off(text, e)) \
                or _byline(text, words, e) or _bare_verb(body) or _tasks_announced(body) or CITED.match(fold(body)) or (
                    _FRAME_ONLY.fullmatch(fold(body).strip()) and not text[e:].strip() and text.rstrip()[-1:] not in ".!?…”\")"):      # round 19: an action that is only the cut-off adverb
            continue
        info = parse_deadline(text[act.clause_start:act.clause_end], doc_date)
        for intro in act.intro if info.deadline is None and info.recurring in (None, "ongoing") else ():
            # "đề nghị tháng 12/2018 thường trực HĐND ... nội dung sau:" - the list's deadline
            outer = parse_deadline(text[intro[0]:intro[1]], doc_date, relaxed=intro[2])
            if outer.deadline is not None:
                info.deadline = outer.deadline
                info.flags.append("deadline_from_intro")
                break
        if info.recurring is None:
            # "Định kỳ ... hằng tháng, các đơn vị ... phải ...": the introduction's schedule is the duty's
            outer = next((r for r in (parse_deadline(text[i[0]:i[1]], doc_date).recurring for i in act.intro)
                          if r not in (None, "ongoing")), None)
            info.recurring = outer
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
        conf = _confidence(act, a, flags, base)
        cs_, ce_ = _clean_span(text, act.clause_start, act.clause_end)
        props.append(Proposal(
            text=action_text(text, s, e, span), title=task_title(text, s, e, span), start=s, end=e, lead=a.lead, lead_unit_id=a.lead_unit_id,
            lead_units=list(a.lead_units),
            coordinating=[n for n, _ in coords], coordinating_unit_ids=[i for _, i in coords],
            deadline=info.deadline, recurring=info.recurring, confidence=conf,
            flags=list(dict.fromkeys(flags)), frame=act.frame or ("trigger" if act.explicit else "none"),
            source_excerpt=re.sub(r"\s+", " ", text[cs_:ce_]).strip()))
    return _lede_restated(text, _restated(props))


def _words(p: Proposal) -> Counter:
    return Counter(fold(w.raw).lower() for w in tokenize(p.text) if w.is_word)


def _lede_restated(text: str, props: list[Proposal]) -> list[Proposal]:
    """A news text's first proposal, the lead paragraph's summary of the order ("Cục X yêu cầu các địa phương
    kiểm tra, rà soát ..."), is dropped when the body states it again with more words: alone in its paragraph,
    all of its five or more words stand in one longer proposal of a later paragraph that opens with the same two
    words (the same verbs: "Xây dựng đề án ..." is not restated by "Tổng hợp nhiệm vụ xây dựng đề án ..."),
    whichever body the body names (round 15; _restated drops the later of two, the lead paragraph being the
    shorter here)."""
    if len(props) < 2 or "\n" not in text[props[0].end:props[1].start]:
        return props
    first = _words(props[0])
    opening = [fold(w.raw).lower() for w in tokenize(props[0].text) if w.is_word][:2]
    if sum(first.values()) >= 5 and any(
            not (first - _words(q)) and sum(_words(q).values()) > sum(first.values())
            and [fold(w.raw).lower() for w in tokenize(q.text) if w.is_word][:2] == opening for q in props[1:]):
        return props[1:]
    return props


def _restated(props: list[Proposal]) -> list[Proposal]:
    """The same order told twice in one text — a lead paragraph restating the body, a photo caption printed twice
    — is proposed once: a proposal of five words or more whose words all stand in an earlier one with the same
    addressee (or where either names none) is dropped (round 13). The same words given to two bodies are two
    tasks. Only the earlier proposals holding the proposal's rarest word are compared (an index by word), so a
    long text with many proposals stays linear rather than comparing every pair."""
    kept: list[Proposal] = []
    seen: list[tuple[Counter, str | None]] = []
    holding: dict[str, list[int]] = {}      # word -> indexes in ``seen`` of the proposals that have it
    for p in props:
        words = Counter(fold(w.raw).lower() for w in tokenize(p.text) if w.is_word)
        lead = fold(p.lead).lower() if p.lead else None
        if sum(words.values()) >= 5:
            rarest = min(words, key=lambda w: len(holding.get(w, ())))
            if any(not (words - seen[i][0]) and (lead is None or seen[i][1] is None or lead == seen[i][1])
                   for i in holding.get(rarest, ())):
                continue
        kept.append(p)
        for w in words:
            holding.setdefault(w, []).append(len(seen))
        seen.append((words, lead))
    return kept
