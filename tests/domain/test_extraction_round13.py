"""Round 13 of the extraction rules (docs/extraction.md, "Round 13"): causes of the misses, extra proposals
and wrong leads of batch ah/ai, checked against the other seen sets (the shared dev and holdout texts, batch
af/ag, the fixtures). Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2024, 6, 3)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- a quantified plural ("tất cả / toàn thể (các) …") is part of the addressee list -----------------------

def test_all_the_captains_and_the_crews_are_the_addressees_not_a_step():
    text = "Ban Chỉ huy yêu cầu tất cả chủ tàu, các ngư dân phải neo đậu tàu cá tại nơi an toàn."
    rows = _rows(text)
    assert [t for t, _ in rows] == ["Neo đậu tàu cá tại nơi an toàn"]


def test_all_the_members_with_cac_lead_as_a_group():
    text = "Bí thư yêu cầu toàn thể các chi bộ phải hoàn thành đại hội trước quý III."
    assert [t for t, _ in _rows(text)] == ["Hoàn thành đại hội trước quý III"]
    assert "chi bộ" in (_rows(text)[0][1] or "")
