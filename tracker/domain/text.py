"""Text helpers for Vietnamese input: search keys and whitespace clean-up."""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "normalize_spaces", "is_blank", "sort_key"]

# Characters that Word and web pages paste in but that users never mean.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# đ is a letter of its own, not d plus a mark, so NFD does not split it.
# U+00D0/U+00F0 (Icelandic eth) look the same and are typed by some keyboards.
_D_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})


def normalize_spaces(s: str | None) -> str:
    """Collapse runs of whitespace (including NBSP, tabs, newlines) to one space and strip."""
    if not s:
        return ""
    return " ".join(s.translate(_INVISIBLE).split())


def is_blank(s: str | None) -> bool:
    """True when ``s`` shows nothing: only whitespace and invisible format characters
    (zero-width spaces and joiners, BOM, soft hyphen, direction marks: Unicode Cf)."""
    if not s:
        return True
    return all(ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp") for ch in s)


def fold(s: str | None) -> str:
    """Search key: no diacritics, đ -> d, casefolded, single spaces.

    "Quy chế Dân chủ" -> "quy che dan chu", so users find records whether or
    not they type accents (many type without, on phones or old keyboards).
    """
    if not s:
        return ""
    # NFC first so precomposed and decomposed input give the same key;
    # casefold before stripping marks because casefolding can add some.
    s = unicodedata.normalize("NFC", s).translate(_D_LETTERS).casefold()
    decomposed = unicodedata.normalize("NFD", s)
    return normalize_spaces("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


# Vietnamese alphabetical order (with the Latin letters Vietnamese lacks in their usual
# places): ă and â after a, đ after d, ê after e, ô and ơ after o, ư after u.
_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
             "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
# Tones in the order dictionaries use: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SHAPE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _code(n: int) -> str:
    return _B36[n // 36] + _B36[n % 36]


_PRIMARY = {" ": _code(1), **{str(d): _code(2 + d) for d in range(10)},
            **{ch: _code(12 + i) for i, ch in enumerate(_ALPHABET)}}
_OTHER = _code(36 * 36 - 1)


def sort_key(s: str | None) -> str:
    """Collation key for Vietnamese names: "Chiềng Đen" before "Chiềng Xôm", "Quyết Tâm"
    before "Quyết Thắng", "Đà" after "Dư".

    Letters compare in the Vietnamese alphabet, case-insensitively; tones only break
    ties (ngang < huyền < hỏi < ngã < sắc < nặng); punctuation is ignored. The key
    holds only [0-9a-z], so it sorts the same byte-wise in Python, SQLite and under
    any PostgreSQL collation: it is stored (``Unit.sort_name``) for paged SQL lists.
    """
    primary, tones = [], []
    for word in normalize_spaces(s).casefold().split(" "):
        if primary:
            primary.append(_PRIMARY[" "])
        for ch in unicodedata.normalize("NFC", word):
            if ch in "Ðð":
                ch = "đ"
            parts = unicodedata.normalize("NFD", ch)
            base = "".join(c for c in parts if c not in _TONES)
            tone = next((_TONES[c] for c in parts if c in _TONES), "0")
            base = unicodedata.normalize("NFC", base)
            if base in _PRIMARY:
                primary.append(_PRIMARY[base])
            elif unicodedata.category(base[:1] or " ").startswith(("L", "N")):
                stripped = "".join(c for c in unicodedata.normalize("NFD", base) if not unicodedata.combining(c))
                primary.append(_PRIMARY.get(stripped, _OTHER))
            else:
                continue  # punctuation
            tones.append(tone)
    return "".join(primary) + "00" + "".join(tones)  # "00" is no letter: shorter names first
