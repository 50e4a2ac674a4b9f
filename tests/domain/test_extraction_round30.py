"""Round 30 of the extraction rules (docs/extraction.md, "Round 30"): causes of the misses, extra proposals and wrong
leads of batches dj/dk and dl/dm, checked against the other seen sets. Every sentence here is written for these tests
(no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


def _deadlines(text: str, when: date = D) -> list[date | None]:
    return [p.deadline for p in extract(text, when, EMPTY)]


# --- A. "hoàn thành (vào) năm N": the year a work is to be finished is its deadline ---------------------------------

def test_a_finish_in_a_named_year():
    text = "UBND tỉnh yêu cầu Sở Giao thông vận tải đẩy nhanh thi công cầu Bến Lức, hoàn thành năm 2026.\n"
    assert _deadlines(text) == [date(2026, 12, 31)]


def test_a_finish_in_a_named_year_with_vao():
    text = "UBND tỉnh yêu cầu Sở Y tế xây dựng bệnh viện huyện mới và hoàn thành vào năm 2027.\n"
    assert _deadlines(text) == [date(2027, 12, 31)]
