"""Clauses told after a directive that direct no one (round 11): a warning to whoever fails, a remark on what
was said, the speaker's own acts, what an inspection found, the reply of the body addressed, an intention or a
demand made once before. Read by the clause reader's narrative test (clauses.py)."""
from __future__ import annotations

from .frames import _raw_lower
from .lexicon import ADVERBS, TRIGGERS, VERBS, match_phrase
from .normalize import Canon, Tok, words_of


# words that open a phrase of time before a warning's subject: "Sau thời gian trên,", "Quá thời hạn này,",
# "Đến ngày 30/6,", "Từ nay,", "Hết thời hạn,"
_TIME_OPENERS = frozenset({"sau", "qua", "den", "tu", "het", "trong", "ke"})


def warning(words: list[str], k: int) -> bool:
    """"Xã nào để xảy ra cháy rừng, Chủ tịch UBND xã phải chịu trách nhiệm", "Đơn vị nào chậm trễ thì thủ
    trưởng bị xử lý": whoever fails is warned of a sanction, which is no task (round 11)."""
    if "nao" not in words[k:k + 4]:
        # after an opening phrase of time (round 21): "Sau thời gian trên, địa phương nào không hoàn thành, ..."
        comma = next((i for i in range(k, min(k + 7, len(words))) if words[i] == ","), None)
        if comma is None or words[k] not in _TIME_OPENERS or "nao" not in words[comma + 1:comma + 5]:
            return False
    joined = " " + " ".join(words[k:]) + " "
    return any(f" {p} " in joined for p in ("chiu trach nhiem", "bi xu ly", "bi ky luat", "bi xem xet"))


# what a speaker does that directs no one: criticism, trust, a ceremony (round 11)
_SPEAKER_ACTS = frozenset(tuple(p.split()) for p in ("phe binh", "chi ra", "tin tuong", "trao", "chuc mung", "cam on",
                                                     "hua", "tang qua", "tham hoi", "dong vien"))
_PROPER_SPEAKERS = frozenset(tuple(p.split()) for p in ("dong chi", "ong", "ba", "doan", "chu tich", "pho chu tich",
                                                        "bi thu", "pho bi thu", "truong doan", "thu tuong",
                                                        "pho thu tuong", "bo truong"))


# kiểm tra, giám sát, thanh tra, rà soát, khảo sát; thẩm tra, tổng hợp (round 12)
_INSPECTIONS = frozenset({"kiem", "giam", "thanh", "ra", "khao", "tham", "tong"})
_FOUND = frozenset(tuple(p.split()) for p in ("phat hien", "cho thay", "nhan thay", "ghi nhan", "danh gia", "da",
                                               "con", "chua", "van"))
_REPLY_WORDS = frozenset(tuple(p.split()) for p in ("se", "cho biet", "khang dinh", "cam ket", "hua", "bay to"))


def _counted(words: list[str], i: int) -> bool:
    """"21 kiến nghị", "các kiến nghị": the noun, counted, not a directing word (round 12)."""
    return i > 0 and (words[i - 1].isdigit() or words[i - 1] in ("cac", "nhung", "so"))


# what an inspecting body states it found, before a comma: "Thanh tra phát hiện, ...", "KTNN đánh giá, ..."
_FINDING_VERBS = frozenset(tuple(p.split()) for p in ("phat hien", "cho thay", "nhan thay", "danh gia", "nhan dinh"))


def _named_finding(words: list[str], k: int) -> bool:
    """"Thanh tra phát hiện, tỉnh X cấp giấy phép ... không đúng quy định": a body of at most five words, a finding
    verb and a comma — what was found, no step (round 14; round 11 read "Qua kiểm tra, phát hiện ..."). Not when a
    directing word stands anywhere in the clause, nor after a manner word: "kịp thời phát hiện, xử lý …" is a step
    (round 22)."""
    if match_phrase(words, k, ADVERBS):
        return False
    for i in range(k + 1, min(len(words), k + 6)):
        if not words[i - 1][:1].isalnum():
            return False
        n = match_phrase(words, i, _FINDING_VERBS)
        if n and words[i + n:i + n + 1] == [","]:
            return not any(match_phrase(words, j, TRIGGERS) and not _counted(words, j) for j in range(k, len(words)))
    return False


def _finding_or_reply(words: list[str], k: int) -> bool:
    """"Qua kiểm tra, phát hiện 25 cơ sở vi phạm": what an inspection found; "Tiếp thu ý kiến, Giám đốc Sở cho
    biết sẽ ...": the reply of the body addressed (round 11). Neither when a directing word follows."""
    if words[k:k + 1] == ["qua"] and words[k + 1:k + 2] and words[k + 1] in _INSPECTIONS and "," in words[k + 2:k + 16]:
        # what was found, not a step ("Qua kiểm tra, xử lý nghiêm các vi phạm" in a list directs); "Qua thẩm tra
        # của các ban và giám sát thực tế cho thấy, ..." names the finding before its comma (round 12)
        comma = words.index(",", k + 2)
        return any(match_phrase(words, i, _FOUND) for i in range(k + 2, min(len(words), comma + 9))) and \
            not any(match_phrase(words, i, TRIGGERS) and not _counted(words, i) for i in range(k, len(words)))
    if _named_finding(words, k):
        return True
    if words[k:k + 2] != ["tiep", "thu"] or "," not in words[k + 2:k + 12]:
        return False
    comma = words.index(",", k + 2)
    return any(match_phrase(words, i, _REPLY_WORDS) for i in range(comma + 1, min(len(words), comma + 14))) and \
        not any(match_phrase(words, i, TRIGGERS) for i in range(comma + 1, len(words)))


# what a speaker is said to do when the words are quoted before: '"..." - Phó Chủ tịch nhấn mạnh' (round 12)
_SAYS = frozenset(tuple(p.split()) for p in ("nhan manh", "khang dinh", "cho biet", "noi", "phat bieu", "yeu cau",
                                               "chi dao", "luu y", "de nghi", "ket luan", "neu ro", "quan triet",
                                               "cho hay", "chia se", "dan do", "luu y them"))


def attribution(words: list[str], k: int) -> bool:
    """'"Đề nghị UBND huyện ... kiểm điểm cán bộ" - Phó Chủ tịch tỉnh nhấn mạnh.': the clause after a quotation
    that names who said it ends with the speech verb; nothing is asked of anyone in it (round 12)."""
    ws = [w for w in words[k:] if w[:1].isalnum()]
    if not ws or len(ws) > 12 or any(not w[:1].isalnum() and w not in (".", "!", "-", "–") for w in words[k:]):
        return False
    for n in (3, 2, 1):
        if len(ws) > n and tuple(ws[-n:]) in _SAYS:
            return not any(match_phrase(ws, i, TRIGGERS) for i in range(len(ws) - n))
    return False


_CHAIRS = frozenset(tuple(p.split()) for p in ("chi dao", "chu tri", "ket luan", "phat bieu", "dieu hanh"))
_MEETINGS = frozenset(tuple(p.split()) for p in ("phien hop", "hoi nghi", "cuoc hop", "buoi lam viec", "ky hop",
                                                 "hoi thao", "buoi tiep xuc"))


def chairing(words: list[str], k: int) -> bool:
    """"Chỉ đạo phiên họp, bà X ... nhấn mạnh, ...", "Chủ trì cuộc họp, ông Y ...": the verb names who chaired
    or spoke at the meeting, whose name follows the comma; the clause is no duty of an addressee (round 17)."""
    n = next((len(p) for p in _CHAIRS if tuple(words[k:k + len(p)]) == p), 0)
    if not n:
        return False
    i = k + n + (words[k + n:k + n + 1] == ["tai"])
    m = next((len(p) for p in _MEETINGS if tuple(words[i:i + len(p)]) == p), 0)
    return bool(m) and "," in words[i + m:i + m + 6]


# "theo" + a plan, a rule or a document opens a step's frame ("Theo đó, …", "Theo kế hoạch, …", "Theo quy định, …")
_NOT_SOURCES = frozenset(("do", "doi", "bao", "ke", "quy", "chi", "huong", "lo", "tinh", "nghi", "thong", "van", "ket", "de", "yeu",
                          "phuong", "muc", "chuc", "tham", "phan", "dinh", "tien", "chuong", "cong", "quyet", "lich"))


def _source_told(words: list[str], k: int) -> bool:
    """"Theo thanh tra, một trẻ sơ sinh …", "Theo ông X, đường Y chậm là do …": what a source says, a person or
    body named in at most six words before the comma; no one is asked anything (round 37). "Theo đó, / kế hoạch,
    / quy định, / chỉ đạo của …," open a step and are not sources."""
    if words[k:k + 1] != ["theo"] or k + 1 >= len(words) or words[k + 1] in _NOT_SOURCES:
        return False
    return "," in words[k + 2:k + 8] and not any(w in (".", ";", ":") for w in words[k + 1:words.index(",", k + 1)])


def remark(words: list[str], k: int, explicit: bool) -> bool:
    """"Đó là chỉ đạo của UBND tỉnh ...", "Đây là nhiệm vụ quan trọng ...": a remark on what was said; "Đồng chí
    phê bình ...", "Dịp này, Chủ tịch UBND tỉnh trao bằng khen ...": the speaker's own act (round 11)."""
    if explicit:
        return False
    if attribution(words, k) or chairing(words, k):
        return True
    if words[k:k + 3] == ["dip", "nay", ","]:
        k += 3
    if words[k:k + 2] in (["do", "la"], ["day", "la"]) or _source_told(words, k):
        return True
    if _finding_or_reply(words, k):
        return True
    if not match_phrase(words, k, _PROPER_SPEAKERS):
        return False
    for i in range(k + 1, min(len(words), k + 12)):
        if words[i] in (",", ";", ":", ".") and i > k + 8 or match_phrase(words, i, TRIGGERS):
            return False
        if match_phrase(words, i, _SPEAKER_ACTS):
            return True
    return False


def own_intention(cs: list[Canon], toks: list[Tok], head_k: int, k: int) -> bool:
    """"Lãnh đạo UBND huyện tiếp thu và sẽ chỉ đạo ...", "Ông X ... hứa sẽ ...": "sẽ" between the subject and
    the first words of its predicate, no directing word before it: what someone intends (round 11)."""
    words = words_of(cs)
    end = min(len(cs), k + 4)
    raws = [_raw_lower(toks, c) for c in cs[head_k:end]]
    # "Năm 2022, HĐND huyện từng yêu cầu ...": a demand made once before ("từng" before a noun is "each")
    if any(_raw_lower(toks, cs[i]) == "từng" and match_phrase(words, i + 1, TRIGGERS)
           for i in range(head_k, min(len(cs) - 1, max(end, head_k + 10)))):
        return True
    # "… nhấn mạnh, Thường trực X sẽ tiếp thu …": the stress names what the speaker said, no demand (round 18)
    said = head_k + 3 if words[head_k:head_k + 3] == ["nhan", "manh", ","] else head_k
    return "sẽ" in raws and not any(match_phrase(words, i, TRIGGERS) for i in range(said, end))


def report_due(words: list[str], k: int) -> bool:
    """"Kết quả (thực hiện / xử lý) (phải được) báo cáo UBND tỉnh trước ngày D": the last step of a directive, the
    report of its results by a date, not a statement of results (round 22; "Kết quả …" opens a report otherwise)."""
    if words[k:k + 2] != ["ket", "qua"]:
        return False
    j = next((i for i in range(k + 2, min(len(words), k + 7)) if words[i:i + 2] in (["bao", "cao"], ["gui", "ve"])), None)
    return j is not None and not any(w in (",", ".", ";", ":") for w in words[k + 2:j]) and "truoc" in words[j + 2:j + 14]


def duty_taken(words: list[str], i: int) -> bool:
    """"(giao Sở X) chịu trách nhiệm thẩm định …", "(yêu cầu UBND cấp xã) chịu trách nhiệm toàn diện (trước pháp luật /
    về …)": a responsibility laid on the addressee named, a duty (round 24: "toàn diện"; before, only with a verb after
    it; "chịu trách nhiệm trước / về …" alone is annotated in some seen texts and not in others)."""
    return words[i:i + 3] == ["chiu", "trach", "nhiem"] and (
        bool(match_phrase(words, i + 3, VERBS)) or words[i + 3:i + 5] == ["toan", "dien"])



def told_ahead(cs: list[Canon], toks: list[Tok], k: int, explicit: bool) -> bool:
    """What a plan will bring, not an order (round 27): "Theo chủ trương của UBND tỉnh, từ năm nay toàn bộ người dân
    sẽ được cấp thẻ …", "Các kiến nghị … sẽ được Thường trực HĐND tổng hợp …" (the passive future, no addressee)."""
    raw = [toks[c.i].raw.lower() for c in cs[k:k + 30]]
    return not explicit and any(raw[i:i + 2] == ["sẽ", "được"] for i in range(len(raw) - 1))
