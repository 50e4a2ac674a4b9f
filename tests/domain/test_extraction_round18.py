"""Round 18 of the extraction rules (docs/extraction.md, "Round 18"): causes of the misses, extra proposals,
wrong leads and wrong deadlines of batches bb/bc and bd/be, checked against the other seen sets (the shared dev
and holdout texts, batches af/ag … az/ba, the fixtures). Every sentence here is written for these tests (no
published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2024, 6, 3)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- "lấy mẫu (xét nghiệm)" is an action verb ---------------------------------------------------------------

def test_lay_mau_after_a_bare_demand_is_a_duty():
    text = "Ban Chỉ đạo phòng, chống dịch huyện yêu cầu lấy mẫu xét nghiệm toàn bộ người về từ vùng có dịch.\n"
    assert _rows(text) == [("Lấy mẫu xét nghiệm toàn bộ người về từ vùng có dịch", None)]
