"""Documents cited around a directing word (moved here from frames.py in round 26): a trigger that describes a document
— the one a sentence acts under, or the subject of a document's title — is no directive of the text."""
from __future__ import annotations

from .lexicon import DOC_REFS, match_phrase

_UNDER_DOC = (["thuc", "hien"], ["trien", "khai"], ["can", "cu"], ["quan", "triet"])


def document_cited(words: list[str], k: int) -> bool:
    """"Thực hiện Công văn số 456 của UBND tỉnh yêu cầu các huyện ..., UBND huyện đã ...": the trigger describes
    the document the sentence acts under (a requirement quoted as its basis), not a directive (round 11)."""
    for j in range(k - 1, max(-1, k - 26), -1):
        if words[j] in (",", ";", ":", "."):
            return False
        if words[j:j + 2] in _UNDER_DOC and (j == 0 or not words[j - 1][:1].isalnum()) \
                and match_phrase(words, j + 2, DOC_REFS):
            return True
    return False


def document_title(words: list[str], k: int) -> bool:
    """"… thực hiện Chỉ thị số 06 của Chủ tịch UBND tỉnh về việc tăng cường chỉ đạo phòng, chống …": the trigger
    stands in the title of a document named in the same clause (after its "về việc"), not a directive (round 26)."""
    for j in range(k - 1, max(-1, k - 8), -1):
        if words[j] in (",", ";", ":", "."):
            return False
        if words[j:j + 2] == ["ve", "viec"]:
            return any(match_phrase(words, i, DOC_REFS) for i in range(max(0, j - 16), j)
                       if not any(w in (",", ";", ":", ".") for w in words[i:j]))
    return False
