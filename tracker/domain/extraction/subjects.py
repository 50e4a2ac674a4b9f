"""Subjects of a duty stated without a directing word, read by the clause reader (clauses.py): a person
by role ("Người trả lời chất vấn cần ..."), a place named bare ("Tuyên Quang cần ..."); and what was done
under a plan, told as news ("Thực hiện kế hoạch ..., X đã ..."), and other clauses that report rather than
direct."""
from __future__ import annotations

from .frames import _PLAN_PRAISE, _REPORTING, _raw_lower
from .lexicon import TRIGGERS, UNIT_HEADS, VERBS, match_phrase
from .normalize import Canon, Tok, words_of
from .units import Mention, parse_unit_list


# capitalised words that open a sentence without naming a place: "Việc ...", "Các ...", "Đồng chí ..."
_NOT_PLACES = frozenset({"viec", "cac", "nguoi", "dong", "ong", "ba", "moi", "nhung", "chung", "ai", "dieu", "do", "day",
                         "nay", "khi", "neu", "tat", "toan", "hai", "nhieu", "tham", "quan", "mot", "rieng", "theo"})


_UNDER = frozenset(tuple(p.split()) for p in ("thuc hien", "trien khai", "trien khai thuc hien", "quan triet", "can cu",
                                              "nghiem tuc thuc hien"))


def done_under_plan(cs: list[Canon], toks: list[Tok], k: int) -> bool:
    """"Thực hiện kế hoạch của X, các cơ quan được phân công đã chủ động ...": what was done under a plan, told
    as news (the opening verb names the plan; the subject after the comma did it). Round 9."""
    words = words_of(cs)
    if not match_phrase(words, k, _UNDER):
        return False
    comma = next((i for i in range(k + 2, min(len(cs), k + 40)) if words[i] in (",", ";", ".", ":")), None)
    if comma is None or words[comma] != ",":
        return False
    for c in cs[comma + 1:comma + 13]:
        if not c.c[:1].isalnum():
            return False
        if _raw_lower(toks, c) in ("đã", "vừa", "đang"):
            return True
    return False


def place_subject(cs: list[Canon], toks: list[Tok], k: int) -> Mention | None:
    """A place named bare as the subject of a duty: "Tuyên Quang cần tập trung ...", "Tỉnh cũng cần
    quan tâm ..." (one to four capitalised words, then "(cũng) cần / phải / nên"). Inside a directing
    passage it is the addressee the speaker turns to (round 9); outside one it is left to the news (see
    passage.PassageRules._duty_passage)."""
    words = words_of(cs)
    p = k
    while p < len(cs) and p < k + 4 and words[p][:1].isalpha() and toks[cs[p].i].cap:
        p += 1
    if p == k or words[k] in _NOT_PLACES:
        return None
    q = p + 1 if p < len(cs) and _raw_lower(toks, cs[p]) == "cũng" else p
    if q + 1 < len(cs) and _raw_lower(toks, cs[q]) in ("cần", "phải", "nên") and words[q + 1][:1].isalnum() \
            and _raw_lower(toks, cs[q + 1]) != "được":
        return Mention(k, p, "unknown", start=toks[cs[k].i].start, end=toks[cs[p - 1].j].end)
    return None


def role_subject(cs: list[Canon], toks: list[Tok], k: int) -> Mention | None:
    """A person by role as the subject: "Người trả lời chất vấn cần đi thẳng vào ...", "người đứng
    đầu cơ quan phải ..." (at most 8 words before the modal)."""
    words = words_of(cs)
    if k >= len(cs) or words[k] != "nguoi":
        return None
    for p in range(k + 1, min(len(cs), k + 9)):
        if not words[p][:1].isalnum():
            return None
        if _raw_lower(toks, cs[p]) in ("cần", "phải", "nên") and p > k + 1:
            return Mention(k, p, "unknown", start=toks[cs[k].i].start, end=toks[cs[p - 1].j].end)
    return None


# a target, not a result: "phấn đấu đến cuối năm đạt 95%", "bảo đảm tỷ lệ ... đạt 100%"
_TARGET = frozenset({"phấn", "mục", "cần", "phải", "nên", "bảo", "đảm", "để", "nhằm", "cho"})


def _figure_reached(toks: list[Tok], cs: list[Canon]) -> bool:
    """"Tỷ lệ hồ sơ được giải quyết đúng hạn đạt 98%", "…, đạt 71,28%": a figure reached is a result
    (round 11), unless a target word ("phấn đấu", "bảo đảm", "cần") comes before it."""
    raws = [_raw_lower(toks, c) for c in cs]
    for i, w in enumerate(raws[:-1]):
        if w == "đạt":
            nxt = next((x for x in raws[i + 1:i + 4] if x not in ("khoảng", "gần", "hơn", "trên", "tỷ", "lệ")), "")
            return nxt[:1].isdigit() and not _TARGET & set(raws[:i])
    return False


def reported(cs: list[Canon], toks: list[Tok], k: int, explicit: bool) -> bool:
    """A clause without a verb first that states, reports a result or gives figures."""
    words = words_of(cs)
    # "Chủ tịch UBND tỉnh ... khẳng định, ...": someone's statement, not an action
    if any(match_phrase(words, i, _REPORTING) for i in range(k, min(len(cs), k + 10))):
        return True
    raws = [_raw_lower(toks, c) for c in cs[k:k + 15]]
    # after "yêu cầu X", a "đã" further on belongs to a relative clause
    # ("trên cơ sở kế hoạch đã xây dựng, bám sát tiến độ ...")
    passive_duty = raws[:2] in (["cần", "được"], ["phải", "được"])
    if ("đã" in raws and not explicit) or "đạt" in raws[:8] or ("được" in raws[:3] and not passive_duty):
        return True
    if not explicit and _figure_reached(toks, cs[k:]):
        return True
    return bool(words[k][:1].isdigit() or "%" in words[k:k + 8])


def after_time_phrase(words: list[str], k: int) -> int | None:
    """The word after the comma closing a time phrase that opens the clause ("Từ ngày D đến thời điểm thanh tra,
    ...", "Trong năm 2019 - 2021, ..."), within 20 words; None if the clause opens otherwise (round 14)."""
    if words[k:k + 1] not in (["tu"], ["trong"], ["den"], ["nam"], ["giai"]):
        return None
    comma = next((i for i in range(k + 1, min(len(words), k + 20)) if words[i] in (",", ";", ".")), None)
    return comma + 1 if comma is not None and words[comma] == "," else None


_NOW = frozenset({"đang", "vẫn", "còn", "chưa", "đã"})
_WHEN = frozenset({"ngay", "vao", "thang", "tuan", "quy", "trong"})


def under_way_or_scheduled(cs: list[Canon], toks: list[Tok], k: int) -> bool:
    """"hiện đang tiếp tục nghiên cứu …", "hiện nay vẫn …": what is under way now, a report; "Dự kiến ngày 8/9
    tổ chức …": a date on the schedule, not a duty (round 18)."""
    words = words_of(cs)
    if k < len(cs) and _raw_lower(toks, cs[k]) == "hiện":
        i = k + 1 + (words[k + 1:k + 2] == ["nay"]) + (words[k + 2:k + 3] == [","])
        return i < len(cs) and _raw_lower(toks, cs[i]) in _NOW
    return words[k:k + 2] == ["du", "kien"] and words[k + 2:k + 3] != [] and words[k + 2] in _WHEN \
        and any(w.isdigit() for w in words[k + 3:k + 6])


_STEP_OPENS = frozenset(tuple(p.split()) for p in ("khan truong", "kip thoi", "phai", "can"))


def after_condition(words: list[str], k: int) -> int:
    """Past a condition opening the clause to its step: "Nếu thấy đã làm hết các nội dung thì tổ chức đối thoại …" (what
    follows "thì"; the condition is not read for a report: its "đã" belongs to it); "Trường hợp <condition>, <step>" (the
    first comma a verb or a body follows, not a directing word: "Trường hợp có vướng mắc, yêu cầu …" names the addressee
    after it), else the first "khẩn trương / kịp thời / phải / cần" (round 35)."""
    if words[k:k + 1] == ["neu"] and "thi" in words[k + 2:k + 40]:
        j = words.index("thi", k + 2)
        return j + 1 if match_phrase(words, j + 1, VERBS) else k
    if words[k:k + 2] != ["truong", "hop"] or words[k + 2:k + 3] in (["nay"], [","]):
        return k
    for c in range(k + 3, min(len(words) - 1, k + 40)):
        if words[c] in (";", ":", "."):
            break
        if words[c] == "thi" and match_phrase(words, c + 1, VERBS):
            return c + 1
        if words[c] == "," and not match_phrase(words, c + 1, TRIGGERS) and (
                match_phrase(words, c + 1, VERBS) or match_phrase(words, c + 1, UNIT_HEADS) or words[c + 1] == "cac"):
            return c + 1
    return next((c for c in range(k + 3, min(len(words) - 1, k + 40)) if match_phrase(words, c, _STEP_OPENS)
                 and not {";", ":", "."} & set(words[k:c])), k)


def topic_then_step(words: list[str], k: int) -> int:
    """"Về thực hiện kế hoạch thanh tra định kỳ, đột xuất, báo cáo …": past a topic opened by "Về" to the step after the
    first comma that a verb (not a directing word, nor a plan: "dự kiến") follows, within 20 words, no ':' (round 31)."""
    if words[k:k + 2] == ["doi", "voi"]:
        return _topic_then_duty(words, k)
    if words[k:k + 1] != ["ve"]:
        return k
    return next((c + 1 for c in range(k + 2, min(len(words) - 1, k + 20)) if words[c] == "," and match_phrase(
        words, c + 1, VERBS) and not match_phrase(words, c + 1, TRIGGERS) and not match_phrase(words, c + 1, _PLAN_PRAISE)
        and ":" not in words[k:c]), k)


def _topic_then_duty(words: list[str], k: int) -> int:
    """"Đối với các tiêu chí chưa đạt cần có kế hoạch …", "…; đối với các trường hợp không đủ điều kiện, có văn bản trả
    lời …": inside a directing passage, past a topic opened by "Đối với" to its step: "cần / phải" and a verb, or a verb
    after a comma (not a directing word: "Đối với X, Đoàn đề nghị …" names the addressee), within 20 words (round 34)."""
    for c in range(k + 3, min(len(words) - 1, k + 20)):
        if words[c] in (":", ";", "."):
            break
        if words[c] == "thi" and (words[c + 1] in ("can", "phai") or match_phrase(words, c + 1, VERBS)) \
                and not match_phrase(words, c + 1, TRIGGERS):
            return c + 1     # "Đối với <topic> thì (phải) <step>" (round 36)
        if words[c] in ("can", "phai") and match_phrase(words, c + 1, VERBS) and not match_phrase(words, c + 1, TRIGGERS):
            return c
        if words[c] == "," and match_phrase(words, c + 1, VERBS) and not match_phrase(words, c + 1, TRIGGERS) \
                and not match_phrase(words, c + 1, _PLAN_PRAISE):
            return c + 1
    return k


def duty_topic(g, cs: list[Canon], toks: list[Tok], k: int) -> tuple[int, int | None]:
    """(k, where "đối với" stands) when the clause's step at words[k] follows a topic opened by "Đối với" (its text keeps
    the topic); a body as the topic, before a comma or its verb ("Đối với Phòng X, rà soát …", round 26; "Đối với các hạt
    kiểm lâm tổ chức …", round 5) names the addressee: (its "đối với", None)."""
    words = words_of(cs)
    t = next((i for i in range(k - 1, -1, -1) if words[i:i + 2] == ["doi", "voi"]), None)
    if t is None:
        return k, None
    ms, nxt = parse_unit_list(g, cs, toks, t + 2)
    body = ms and (words[nxt:nxt + 1] == [","] or (match_phrase(words, nxt, VERBS) and words[nxt] not in ("can", "phai")))
    return (t, None) if body else (k, t)
