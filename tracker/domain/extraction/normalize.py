"""Text helpers private to the extraction package: folding, tokens, canonical unit keys.

`fold()` keeps the length of an NFC string (one character in, one out), so offsets found
in the folded text are offsets in the original text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    if ord(ch) < 128:
        return ch.lower()
    base = unicodedata.normalize("NFD", ch)[0]
    if ord(base) < 128:
        return base.lower()
    return ch.lower() if len(ch.lower()) == 1 else ch


def fold(text: str) -> str:
    """Lowercase, strip Vietnamese diacritics, đ -> d; same length as the NFC input."""
    return "".join(_fold_char(c) for c in text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# places whose first word is the modal "cần" ("Sở Xây dựng TP. Cần Thơ vừa có …") are one token (round 27)
_TOKEN_RE = re.compile(r"(?:Cần|CẦN) (?:Thơ|Giờ|Đước|Giuộc|THƠ|GIỜ)\b|\w+|[^\w\s]")


@dataclass(frozen=True)
class Tok:
    raw: str        # as written
    f: str          # folded
    start: int      # char offsets in the text
    end: int

    @property
    def is_word(self) -> bool:
        return self.f[:1].isalnum()

    @property
    def cap(self) -> bool:
        return self.raw[:1].isupper()


def person_name_before(toks: list[Tok], cs: list, k: int) -> bool:
    """cs[k - 2], cs[k - 1] are the last two syllables of a person's name ("Chủ tịch UBND tỉnh Hồ Quốc Dũng chỉ
    đạo ..."): both capitalised, neither written all in capitals (round 15: "Dũng" folds to "dung", as in
    "nội dung yêu cầu")."""
    return k >= 2 and all(t.raw[:1].isupper() and t.raw[1:].islower() for t in (toks[cs[k - 2].i], toks[cs[k - 1].i]))


# "đ" only opens a Vietnamese syllable: after a lower-case letter it starts a word glued on by a lost space
# ("… Du lịchđề nghị các chi bộ …", round 31)
_GLUED_D = re.compile(r"(?<=[^\W\dA-ZĐ_])(?=đ)")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    end = len(text) if end is None else end
    seg = text[start:end]
    fseg = fold(seg)
    if _GLUED_D.search(seg) is None:
        return [Tok(m.group(), fseg[m.start():m.end()], start + m.start(), start + m.end())
                for m in _TOKEN_RE.finditer(seg)]
    out = []
    for m in _TOKEN_RE.finditer(seg):
        a, b = m.start(), m.end()
        cuts = [a, *(c.start() for c in _GLUED_D.finditer(seg, a + 1, b)), b] if "đ" in m.group()[1:] else [a, b]
        out.extend(Tok(seg[x:y], fseg[x:y], start + x, start + y) for x, y in zip(cuts, cuts[1:]))
    return out


def word_tokens(text: str) -> list[str]:
    """Folded word tokens (used by the evaluation's overlap measure)."""
    return re.findall(r"\w+", fold(nfc(text)))


# --- canonical unit keys ---------------------------------------------------------------
# Long forms are contracted to the abbreviations officers use, on both sides (directory
# names and text), so "Ủy ban nhân dân thành phố", "UBND TP" and "UBND thành phố" meet.
_CONTRACT = [
    (("uy", "ban", "nhan", "dan"), ("ubnd",)),
    (("hoi", "dong", "nhan", "dan"), ("hdnd",)),
    (("uy", "ban", "mat", "tran", "to", "quoc"), ("uy", "ban", "mttq")),
    (("mat", "tran", "to", "quoc"), ("mttq",)),
    (("ubmttq",), ("uy", "ban", "mttq")),
    (("ubmt",), ("uy", "ban", "mttq")),
    (("ub", "mttq"), ("uy", "ban", "mttq")),
    (("ban", "chi", "dao"), ("bcd",)),
    (("ban", "cd"), ("bcd",)),
    (("ban", "thuong", "vu"), ("btv",)),
    (("thanh", "pho"), ("tp",)),
    (("uy", "ban", "kiem", "tra"), ("ubkt",)),
    (("ubbc",), ("uy", "ban", "bau", "cu")),   # "UBBC tỉnh" is "Ủy ban bầu cử tỉnh"
    (("lien", "doan", "lao", "dong"), ("ldld",)),
    (("lien", "hiep", "phu", "nu"), ("lhpn",)),
    (("cuu", "chien", "binh"), ("ccb",)),
    (("bao", "hiem", "xa", "hoi"), ("bhxh",)),     # "BHXH Việt Nam", "BHXH tỉnh" (round 26)
    (("cong", "ty", "co", "phan"), ("cong", "ty", "cp")),
    # "quy chế dân chủ ở cơ sở" (the 2007 ordinance) and "dân chủ ở cơ sở" (the 2022 law) name
    # the same committees: both sides are reduced to "dân chủ"
    (("quy", "che", "dan", "chu"), ("dan", "chu")),
    (("qcdc",), ("dan", "chu")),
]
_DROP_AFTER = {("mttq",): ("viet", "nam")}   # "MTTQ Việt Nam" == "MTTQ"
_SKIP_PUNCT = {"-", "&", "–", ",", "/", "."}


@dataclass(frozen=True)
class Canon:
    c: str          # canonical token
    i: int          # first source token index
    j: int          # last source token index (inclusive)


class CanonSeq(list):
    """The canonical tokens of a span, with their words computed once (the helpers that read a
    clause all look at the same words: rebuilding them per call made extraction quadratic)."""

    _words: list[str] | None = None

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = [c.c for c in self]
        return self._words


def words_of(cs: list[Canon]) -> list[str]:
    return cs.words if isinstance(cs, CanonSeq) else [c.c for c in cs]


def canon_tokens(toks: list[Tok], punct: bool = False) -> list[Canon]:
    """Canonical word tokens; with punct=True, punctuation tokens are kept as themselves."""
    out: list[Canon] = CanonSeq()
    n = len(toks)
    k = 0
    while k < n:
        t = toks[k]
        if not t.is_word:
            if punct:
                out.append(Canon("&" if t.f == "&" else t.f, k, k))
            k += 1
            continue
        done = False
        for long, short in _CONTRACT:
            # match `long` over word tokens starting at k
            idx, p, ok = k, 0, True
            while p < len(long):
                if idx >= n or not toks[idx].is_word or toks[idx].f != long[p] or (
                        long[p] == "ban" and toks[idx].raw.lower() == "bản"):   # "văn bản chỉ đạo" is no "Ban Chỉ đạo" (round 25)
                    ok = False
                    break
                idx += 1
                p += 1
            if ok:
                for s in short:
                    out.append(Canon(s, k, idx - 1))
                k = idx
                done = True
                break
        if done:
            # drop "Việt Nam" after MTTQ
            if out and out[-1].c == "mttq" and k + 1 < n and toks[k].f == "viet" and toks[k + 1].f == "nam":
                last = out[-1]
                out[-1] = Canon(last.c, last.i, k + 1)
                k += 2
            continue
        if t.f == "viet" and k + 1 < n and toks[k + 1].f == "nam" and out and out[-1].c == "mttq":
            last = out[-1]
            out[-1] = Canon(last.c, last.i, k + 1)
            k += 2
            continue
        # "TP.", and "P.Hải Châu", "Q.Hải Châu": a ward or district abbreviated before its name (round 24)
        if k + 1 < n and toks[k + 1].f == "." and (t.f == "tp" or (t.raw in ("P", "Q") and k + 2 < n and toks[k + 2].cap)):
            out.append(Canon({"p": "phuong", "q": "quan"}.get(t.f, "tp"), k, k + 1))
            k += 2
            continue
        out.append(Canon(t.f, k, k))
        k += 1
    return out


def canon_key(name: str) -> tuple[str, ...]:
    toks = tokenize(nfc(name))
    return tuple(c.c for c in canon_tokens(toks) if c.c not in _SKIP_PUNCT)
