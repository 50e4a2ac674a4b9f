"""Text helpers for Vietnamese input: search keys and whitespace clean-up."""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "normalize_spaces", "is_blank"]

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
