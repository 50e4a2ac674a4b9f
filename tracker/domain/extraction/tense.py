"""Whether a directing word goes on a report (round 21): in the past ("đã tổ chức quán triệt ...", "Thường trực
HĐND tỉnh đã chủ động phối hợp với UBND tỉnh chỉ đạo tổ chức ...": what was done last month) or in the passive of
what a thing suffered ("bị cơ quan chức năng đề nghị ..."). Read by the trigger test (frames.py)."""
from __future__ import annotations

from .lexicon import TRIGGERS, match_phrase
from .normalize import Canon, Tok, words_of

# a document between "đã" and the directing word: "đã có văn bản yêu cầu ...", "đã ký công văn đề nghị ...",
# "đã ban hành Công điện chỉ đạo ...": the document directs now, as a news text tells it
_DOCUMENTS = frozenset(tuple(p.split()) for p in ("van ban", "cong van", "cong dien", "chi thi", "thong bao",
                                                  "quyet dinh", "ke hoach", "to trinh", "y kien"))


def past_before(cs: list[Canon], toks: list[Tok], k: int) -> bool:
    """"đã" opens the words before the trigger at cs[k] in its clause, over at most twelve words that name no
    document and no other directing word and hold no "được" (round 21; three words, any of them, before); or the
    sentence opens with a span up to now: "Từ đầu năm đến nay(,) UBND xã chỉ đạo …" tells what has been done (round 27)."""
    words = words_of(cs)
    if since_until_now(words, k):
        return True
    j = k
    while j > max(0, k - 12):
        j -= 1
        p = _plural_documents(words, j)
        if p is not None:
            j = p       # "đã ban hành nhiều văn bản, chỉ thị chỉ đạo …": documents counted, the work done (round 32)
            continue
        r = toks[cs[j].i].raw.lower()
        if r in ("và", ",", ";", ".", ":", "(", "được") or match_phrase(words, j, _DOCUMENTS) \
                or match_phrase(words, j, TRIGGERS):
            return False
        if r == "đã":
            return True
    return False


def _plural_documents(words: list[str], j: int) -> int | None:
    """The index of "các / nhiều / hàng loạt" when words[j:] opens a document that ends a list of documents it counts
    ("các văn bản, chỉ thị", "nhiều công văn"); else None."""
    if not match_phrase(words, j, _DOCUMENTS):
        return None
    i = j
    while i > 0 and j - i < 6:
        if words[i - 1] in ("cac", "nhieu"):
            return i - 1
        if words[i - 2:i] == ["hang", "loat"]:
            return i - 2
        if words[i - 1] == ",":
            i -= 1
        elif i >= 2 and match_phrase(words, i - 2, _DOCUMENTS) == 2:
            i -= 2
        else:
            return None
    return None


def suffered(cs: list[Canon], toks: list[Tok], k: int) -> bool:
    """"Nhiều dự án bị cơ quan chức năng đề nghị chấm dứt ...": the trigger at cs[k] is what a thing suffered, told
    in the passive with "bị" and its agent (at most four words, in one clause) before it (round 21), or right before
    it ("3 xã bị yêu cầu tiết kiệm chi ...", round 24). "được X giao ..." stays an assignment."""
    for j in range(k - 1, max(-1, k - 6), -1):
        r = toks[cs[j].i].raw.lower()
        if not r[:1].isalnum():
            return False
        if r == "bị":
            return True     # "UBND huyện X bị yêu cầu rút kinh nghiệm ...": with no agent too (round 24)
    return False


# the words of a questioning session after a demand ("đã yêu cầu X giải trình, trả lời ...")
_QUESTIONING = frozenset(tuple(p.split()) for p in ("chat van", "chi ra", "giai trinh", "tra loi"))


def past_demand(words: list[str], k: int, n: int) -> bool:
    """"Chánh Thanh tra Bộ ... đã yêu cầu Sở X tăng cường ...": a demand told in the past by a named
    official still directs; "nhiều đại biểu đã yêu cầu X giải trình ..." reports a questioning session."""
    if k < 2 or words[k - 2] in ("khi", "da", "duoc", "tung") or "nhieu" in words[max(0, k - 6):k]:
        return False
    # "Trước đó, UBND tỉnh đã yêu cầu ...", "Được biết, hồi tháng 9/2017, …, Bộ X đã yêu cầu …" (round 24): background
    for i in range(k - 1, max(-1, k - 80), -1):
        if words[i] in (".", ";", ":"):
            break
        if words[i:i + 2] in (["truoc", "do"], ["nam", "qua"], ["dau", "nam"], ["hoi", "thang"], ["hoi", "nam"],
                              ["duoc", "biet"], ["thang", "truoc"], ["tuan", "truoc"], ["nam", "truoc"], ["thang", "qua"],
                              ["tuan", "qua"]) or words[i:i + 3] == ["thoi", "gian", "qua"] \
                or (words[i] == "nam" and i + 1 < k and len(words[i + 1]) == 4 and words[i + 1].isdigit()):
            return False     # "Năm 2022, Bộ Y tế đã yêu cầu ...": a year's report
    return not asks_to_explain(words, k, n)


def asks_to_explain(words: list[str], k: int, n: int) -> bool:
    """"… đã yêu cầu X giải trình, làm rõ …": the demand at words[k:k+n] opens a questioning session."""
    for i in range(k + n, min(len(words), k + n + 25)):
        if words[i] in (".", ";"):
            break
        if match_phrase(words, i, _QUESTIONING) or words[i:i + 2] == ["lam", "ro"]:
            return True
    return False


def since_until_now(words: list[str], k: int) -> bool:
    """The sentence before words[k] opens with "từ …" and has "đến nay" within twelve words of it."""
    s = next((j + 1 for j in range(k - 1, -1, -1) if words[j] in (".", ";", ":", "!", "?")), 0)
    return words[s:s + 1] == ["tu"] and any(words[j:j + 2] == ["den", "nay"] for j in range(s, min(k, s + 12)))


def concluding_sentence(words: list[str], k: int) -> bool:
    """The trigger at words[k] is in a sentence that opens with "Kết luận ..." ("Kết luận phiên họp,
    đồng chí ... đã yêu cầu X ..."), or with the meeting ("Kết thúc buổi làm việc, ...", "Tại buổi kiểm tra, ...",
    round 30): the news tells the conclusion in the past, it still directs (frames.py)."""
    s = k
    while s > 0 and k - s < 60 and words[s - 1] not in (".", ";", "!", "?"):
        s -= 1
    if k - s >= 60:
        return False
    head = words[s:s + 6]
    return (any(head[i:i + 2] == ["ket", "luan"] for i in range(0, 4)) or _meeting_opening(head)) and "," in words[s:k]


# "Kết thúc buổi làm việc, đồng chí … đã đề nghị …", "Tại buổi kiểm tra, Thủ tướng đã chỉ đạo …": the sentence opens
# with the meeting it reports, so the news tells what was concluded there (round 30)
_MEETINGS = frozenset({"buoi", "cuoc", "phien", "hoi"})


def _meeting_opening(head: list[str]) -> bool:
    if head[:2] == ["ket", "thuc"]:
        return len(head) > 2 and head[2] in _MEETINGS
    return head[:1] == ["tai"] and len(head) > 1 and head[1] in _MEETINGS - {"hoi"}
