"""Whether a clause the rules did not propose tells what happened rather than what is to be done (session 25,
second round): the model engine keeps such a clause on its first words and its place, and on the seen sets a
third of the clauses it kept alone were past results, reports of a meeting or background. Read by
clause_model.py for the clauses the rules did not propose only (a rules proposal is never dropped here).

Three readings, each over the clause's own words (folded, without diacritics):
- ``past``: "đã" in a clause that names its own subject and does not open with a verb ("<unit> đã tổ chức ...",
  "các vụ việc ... cơ bản đã được giải quyết"); a step with no subject of its own ("Đồng thời, chuyển hồ sơ vụ
  việc đã ... ", "rà soát các nhiệm vụ đã báo cáo ...") is a task that names a past one;
- ``opening``: a lead-in of background or of a report ("Trước đó, ...", "Tuy nhiên, ...", "Qua giám sát, ...",
  "Trong thời gian thanh tra, ...", "Nhìn chung, ...", "Trong 6 tháng đầu năm, ...", "Bày tỏ ...");
- ``report``: a verb of a meeting's account ("ghi nhận", "đánh giá cao", "tiếp thu và", "trả lời:", "cho biết",
  "thảo luận") or of an inspection's findings ("chỉ ra", session 25 third round);
- ``future``: what someone will do, told with "sẽ" ("HĐND huyện sẽ xem xét ...", "Thông báo sẽ được công bố ..."),
  or "dự kiến" after the clause's first words ("<unit> dự kiến tổ chức ...", third round).
A sentence giving only a time ("Thời gian hoàn thành trước ngày ...", "Thời gian triển khai từ nay đến ...") reads as
``opening`` (third round; session 26), and so does one listing contents ("Trong đó có ...", session 26); a photograph's
caption ("... - Ảnh 1", "(Ảnh: ...)") as ``caption``, and a short line ending on a sum of money ("Nộp NSNN các khoản
khác 268 tỷ đồng": an inspection's tally) as ``tally``, and a voters' petition ("Cử tri xã X kiến nghị, ...") as
``report`` whatever directing word it holds (session 26), and so does a document cited by its number ("số 1885/UBND-CT
ngày … chỉ đạo …", session 32).
None of them when the clause holds a directing word used as a verb ("Qua kiểm tra, Đoàn yêu cầu nhà trường ..."
directs; "các kiến nghị của cử tri" does not, nor one told as past, "đã chỉ đạo", nor "giao thông", "giáo dục").
"""
from __future__ import annotations

import re

from .lexicon import GIAO_NOUN, RETRIGGERS, VERBS, match_phrase
from .normalize import canon_tokens, fold, tokenize, words_of

# the connectives a step opens with before its verb ("Đồng thời, rà soát ...")
_CONNECTIVES = (("dong", "thoi"), ("theo", "do"), ("vi", "vay"), ("do", "do"), ("ben", "canh", "do"),
                ("ngoai", "ra"), ("trong", "do"), ("cu", "the"), ("tiep", "theo"))
_OPENING = re.compile(r"^\W*(?:truoc do|tuy nhien|qua (?:ra soat|giam sat|kiem tra|thanh tra|khao sat)"
                      r"|trong thoi gian (?:thanh tra|kiem tra|giam sat|qua)|thoi gian qua|nhin chung|bay to"
                      r"|trong phan thao luan|trong \d+ thang dau nam|ket qua"
                      r"|thoi (?:gian|han) (?:hoan thanh|thuc hien|trien khai)|trong do co)\b")
# "... năm học mới - Ảnh 1", "... (Ảnh: TTXVN)": a photograph's caption (session 26)
_CAPTION = re.compile(r"(?:[-–(]\s*anh|\banh\s*\d+|\banh\s*:[^.;]*)\W*$")
# "nộp NSNN các khoản khác 268 tỷ đồng": a tally of an inspection's money, an amount and a few words (session 26)
_TALLY = re.compile(r"\d[\d.,]*\s*(?:ty|trieu|nghin|ngan)\s+dong\W*$")
_TALLY_WORDS = 12
# "Cử tri xã X kiến nghị, ...", "Đề xuất của cử tri xã đề nghị ...": a voters' petition reported, not an order (session 26)
_PETITION = re.compile(r"^\W*(?:(?:y kien|de xuat|kien nghi) cua )?cu tri\b[^.;:]{0,80}?\b(?:kien nghi|de nghi|phan anh)\b")
# "số 1885/UBND-CT ngày 20/3/2015 chỉ đạo công tác giải tỏa chợ cóc": a document cited by its number, in a list of
# what was issued before ("UBND Thành phố đã có các văn bản chỉ đạo: số …; số …"); its directing word is the
# document's, not an order given now (session 32)
CITED = re.compile(r"^\W*(?:(?:van ban|cong van|quyet dinh|chi thi|ke hoach|thong bao|cong dien)\s+)?so\s*\d+\s*/\s*\w")
_MORE = frozenset({("chi", "dao"), ("phan", "cong"), ("nhac", "nho"), ("luu", "y")})
_NOUN_BEFORE = frozenset({"cac", "nhung", "theo", "cua", "moi", "su"})
# "X đã chỉ đạo ...", "vừa yêu cầu ...": a directing word told as past directs no one now (session 25, third round)
_PAST = frozenset({"da", "vua", "tung"})
# ("trả lời:" with no word boundary after its colon: the round before never read it)
_REPORT = re.compile(r"\b(?:ghi nhan|danh gia cao|tiep thu va|cho biet|thao luan|chi ra)\b|\btra loi\s*:")


def after_connectives(words: list[str]) -> int:
    k = 0
    while k < len(words):
        if not words[k][:1].isalnum():
            k += 1
            continue
        for c in _CONNECTIVES:
            if tuple(words[k:k + len(c)]) == c:
                k += len(c)
                break
        else:
            return k
    return k


def _directing(words: list[str]) -> bool:
    """A word that directs someone ("yêu cầu", "đề nghị", "giao", "kiến nghị", "chỉ đạo") used as a verb: not a
    noun after "các / những / theo / của" ("các kiến nghị của cử tri", "theo chỉ đạo của ...")."""
    return any(match_phrase(words, j, RETRIGGERS | _MORE) and (j == 0 or words[j - 1] not in _NOUN_BEFORE | _PAST)
               and not (words[j] == "giao" and j + 1 < len(words) and words[j + 1] in GIAO_NOUN)
               for j in range(len(words)))


def narrative(text: str, start: int, end: int, subject: bool) -> str | None:
    """The reading ("past", "opening", "report", "caption", "tally", "future") by which the clause text[start:end] tells what
    happened, else None; ``subject``: the clause names its own subject (the addressee it would be given)."""
    toks = tokenize(text, start, end)
    words = words_of(canon_tokens(toks, punct=True))
    folded = fold(text[start:end]).strip()
    if _PETITION.match(folded):
        return "report"     # the voters' words: the directing word is theirs
    if CITED.match(folded):
        return "report"
    if _directing(words):
        return None     # "Qua kiểm tra, Đoàn yêu cầu X ...": a directing word in the clause directs
    k = after_connectives(words)
    if _OPENING.match(" ".join(words[k:])) or _OPENING.match(folded):
        return "opening"
    if _REPORT.search(folded):
        return "report"
    if _CAPTION.search(folded):
        return "caption"
    if _TALLY.search(folded) and sum(1 for w in words if w[:1].isalnum()) <= _TALLY_WORDS:
        return "tally"
    if any(t.raw.lower() == "sẽ" for t in toks if t.is_word):
        return "future"
    if any(words[j:j + 2] == ["du", "kien"] for j in range(k + 1, len(words))):
        return "future"     # "<unit> dự kiến tổ chức ...": a plan told, not a task ("Theo đó, dự kiến ..." opens one)
    if subject and any(t.raw.lower() == "đã" for t in toks if t.is_word) and not match_phrase(words, k, VERBS):
        return "past"
    return None
