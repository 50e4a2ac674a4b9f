"""The addressee a clause names itself, for the model engine's clauses the rules did not propose.

The rules read a clause's addressee inside a directing passage; read alone (candidates.py), many
clauses that name whom they direct come back without one, and the model engine then carried the
nearest addressee before, often another unit (docs/extraction.md, "Model engine round (session 25)").
Two readings, both of the clause alone:

- a directing word and the units after it, anywhere in the clause's first words: "Tiếp thu ý kiến,
  Sở X chỉ đạo UBND huyện Y <verb> ...", "Theo đó, cử tri đề nghị HĐND tỉnh <verb> ...",
  "Yêu cầu trường <verb> ...", "Đoàn kiến nghị Công ty Z <verb> ...";
- an opening "Đối với <units>, ..." (the speaker after the comma is not the addressee);
- a subject and a word of duty a few words after it, or a verb right after it (not a directing word:
  "<speaker> nhấn mạnh ..."), at the clause's start or after a short lead-in closed by a comma:
  "Về phía địa phương, UBND các tỉnh được đề nghị ...", "Đơn vị cần ...", "mỗi tổ công tác cần ...",
  "Theo đó, trong quý IV, Thường trực HĐND xã giám sát ...".

Units are read with the rules' own unit reader (units.parse_unit_list); when it reads none, the words
between the directing word (or the clause's start) and the first verb stand for the addressee, when
they are few and not themselves an action ("Yêu cầu trường thực hiện ...").
"""
from __future__ import annotations

from .frames import Addr
from .lexicon import ADVERBS, GIAO_NOUN, TRIGGERS, VERBS, match_phrase
from .normalize import canon_tokens, tokenize, words_of
from .units import parse_unit_list

_DIRECTING = (("yeu", "cau"), ("de", "nghi"), ("kien", "nghi"), ("chi", "dao"), ("giao",))
# what follows a subject in a stated duty ("X cần ...", "X được đề nghị ...")
_DUTY = (("can",), ("phai",), ("chu", "dong"), ("duoc", "de", "nghi"), ("duoc", "yeu", "cau"),
         ("co", "trach", "nhiem"), ("chiu", "trach", "nhiem"))
_REACH = 30        # the directing word is looked for among the clause's first words
_MAX_BARE = 6      # an addressee read as bare words has at most this many
_GAP = 5           # words between a subject and its word of duty
# words that open a topic or a thing, not a doer ("Công tác này cần ...", "Việc ... phải ...")
_NOT_DOER = ("cong", "viec", "nhiem", "ket", "tinh", "van", "ke", "du", "chuong", "hoat", "noi", "de", "trong",
             "theo", "tren", "tai", "ve", "doi", "neu", "khi", "sau", "truoc", "den", "tu", "nam", "thang", "quy",
             "ngay", "dong", "cac", "nhung", "moi", "cung", "con", "da", "dang", "se", "chua", "khong", "toan",
             "thoi", "giai", "hien", "tien", "chat", "muc", "dieu", "cua", "can", "phai", "co", "chiu", "duoc")
_NOT_LAST = ("va", "cua", "cac", "voi", "cho", "cung", "nhung", "hoac")


def _names(words: list[str], k: int, end: int) -> bool:
    """words[k:end] may name an addressee: few words, no verb among them, not a topic or a thing."""
    if not 0 < end - k <= _MAX_BARE or not all(w[:1].isalnum() for w in words[k:end]):
        return False
    if any(match_phrase(words, i, VERBS) for i in range(k, end)) or words[end - 1] in _NOT_LAST:
        return False
    return words[k] not in _NOT_DOER or words[k:k + 2] in (["cac", "don"], ["moi", "don"], ["cac", "dai"],
                                                          ["moi", "dai"], ["cac", "to"], ["moi", "to"])


def _duty_after(words: list[str], k: int) -> bool:
    """A word of duty at words[k] or a few words on, with no comma between ("X được ứng vốn chịu trách
    nhiệm ..."), or a verb right there ("X giám sát ...")."""
    if (match_phrase(words, k, VERBS) or match_phrase(words, k, ADVERBS)) and not match_phrase(words, k, TRIGGERS):
        return True
    for d in range(k, min(len(words), k + _GAP + 1)):
        if words[d] in (",", ";", ":"):
            return False
        if any(tuple(words[d:d + len(t)]) == t for t in _DUTY):
            return True
    return False


def _bare(doc: str, toks, cs, k: int, end: int) -> Addr:
    return Addr(lead=doc[toks[cs[k].i].start:toks[cs[end - 1].j].end], flags=["unknown_unit"])


def _directing_at(words: list[str], i: int) -> int:
    """The length of the directing word at ``i``, else 0: not after "được" ("X được đề nghị ...": a subject,
    below), nor "giáo viên", "giao thông" (session 25, third round)."""
    n = next((len(t) for t in _DIRECTING if tuple(words[i:i + len(t)]) == t), 0)
    if i > 0 and words[i - 1] == "duoc":
        return 0
    return 0 if n == 1 and i + 1 < len(words) and words[i + 1] in GIAO_NOUN else n


def own_addressee(ex, start: int, end: int) -> tuple[Addr, str, int | None] | None:
    """(addressee, how, action) the clause doc[start:end] names, or None (``ex``: the rules' Extractor of the text).
    ``how``: "directing" or "subject", with "_loose" for the wider readings (a comma or "giao" after the
    directing word, an opening "Đối với X,", a duty a few words on, a verb after the subject). ``action``: where the
    words directed start, past the addressee: after a directing word ("<speaker> chỉ đạo X <action>"; the clause's
    end when nothing follows X; session 25, second round) or after a subject and its modal ("X phải <action>";
    session 31); None when the clause reads no further."""
    toks = tokenize(ex.doc, start, end)
    cs = canon_tokens(toks, punct=True)
    words = words_of(cs)
    if not any(w[:1].isalnum() for w in words):
        return None
    k = ex._skip_openers(words)
    for i in range(k, min(len(words), k + _REACH)):
        n = _directing_at(words, i)
        if not n:
            continue
        j = i + n
        while j < len(words) and words[j] in (",", ":"):      # "yêu cầu, X <verb> ...", "đề nghị: X ..."
            j += 1
        how = "directing" if j == i + n and words[i] != "giao" else "directing_loose"
        ms, nxt = parse_unit_list(ex.g, cs, toks, j, titles=True)
        # "... xử lý hoặc kiến nghị cấp có thẩm quyền xử lý": a directing word joined to another action is part of it
        joined = i > 0 and words[i - 1] in ("hoac", "va")
        if ms:
            if joined:
                return ex._addr(ms), how, None
            rest = next((q for q in range(nxt, len(cs)) if words[q][:1].isalnum()), None)
            # nothing directed after X ("<speaker> yêu cầu các xã:"): the clause's end (session 25, third round)
            return ex._addr(ms), how, (end if rest is None else toks[cs[nxt].i].start)
        verb = next((v for v in range(j + 1, min(len(words), j + _MAX_BARE + 1)) if match_phrase(words, v, VERBS)),
                    None)
        if verb is not None and _names(words, j, verb):
            return _bare(ex.doc, toks, cs, j, verb), how, None if joined else toks[cs[verb].i].start
        break
    if words[k:k + 2] == ["doi", "voi"]:      # "Đối với X, <speaker> giao nhiệm vụ ...": X
        ms, nxt = parse_unit_list(ex.g, cs, toks, k + 2, titles=True)
        if len(ms) > 1 and words[nxt:nxt + 1] != [","]:
            ms = ms[:-1]       # "Đối với Chi cục X, tỉnh giao ...": the list's last unit is the speaker
        if ms and words[ms[-1].k1:ms[-1].k1 + 1] == [","]:
            return ex._addr(ms), "directing_loose", None
    return _subject(ex, toks, cs, words, k)


def _after_duty(toks, cs, words: list[str], nxt: int) -> int | None:
    """Where the action starts after a subject ending at ``nxt``: past a modal or a passive directing word ("X cần
    | …", "X phải | …", "X được đề nghị | …"; "có trách nhiệm", "chủ động" stay, as the annotators write the action),
    else at ``nxt`` itself (session 31: the subject was left in the action's words)."""
    for duty in (("can",), ("phai",), ("nen",), ("duoc", "de", "nghi"), ("duoc", "yeu", "cau")):
        if tuple(words[nxt:nxt + len(duty)]) == duty:
            nxt += len(duty)
            break
    return toks[cs[nxt].i].start if nxt < len(cs) and words[nxt][:1].isalnum() else None


def _subject(ex, toks, cs, words: list[str], k: int) -> tuple[Addr, str, int | None] | None:
    """A subject with a word of duty: at the clause's start (``k``), or after a short lead-in closed by a comma
    (two at most: "Theo kế hoạch của UBND tỉnh, đến ngày 30/7, huyện X phải …")."""
    starts = [k] + [i + 1 for i in range(k, min(len(words), k + 16)) if words[i] == ","][:2]
    if words[k:k + 2] == ["phoi", "hop"]:
        # "Phối hợp với các Sở, ngành chức năng tổng hợp ...": the bodies after the comma are more partners,
        # not a subject after a lead-in (session 30)
        starts = starts[:1]
    for s in starts:
        ms, nxt = parse_unit_list(ex.g, cs, toks, s, titles=True)
        if ms and _duty_after(words, nxt):
            right_there = any(tuple(words[nxt:nxt + len(t)]) == t for t in _DUTY)
            return ex._addr(ms), "subject" if right_there else "subject_loose", _after_duty(toks, cs, words, nxt)
        if not ms:
            d = next((d for d in range(s + 1, min(len(words), s + _MAX_BARE + 1))
                      if any(tuple(words[d:d + len(t)]) == t for t in _DUTY)), None)
            if d is not None and words[d + 1:d + 2] != ["duoc"] and _names(words, s, d):
                return _bare(ex.doc, toks, cs, s, d), "subject", _after_duty(toks, cs, words, d)
    return None
