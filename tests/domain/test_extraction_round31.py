"""Round 31 of the extraction rules (docs/extraction.md, "Round 31"): causes of the misses, extra proposals and wrong
leads of batches dr/ds and dv/dw. Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. "Bộ cũng yêu cầu X …": the body that spoke, named again by its head alone, directs a new addressee -----------

def test_a_ministry_named_by_its_head_directs_again():
    text = ("Bộ Xây dựng yêu cầu các sở rà soát hồ sơ cấp phép năm 2024. "
            "Bộ cũng yêu cầu Thanh tra Bộ chủ trì tổng hợp kết quả, báo cáo Lãnh đạo Bộ.\n")
    assert _rows(text) == [("Rà soát hồ sơ cấp phép năm 2024", "các sở"),
                           ("Tổng hợp kết quả, báo cáo Lãnh đạo Bộ", "Thanh tra Bộ")]


def test_a_department_named_by_its_head_directs_again():
    text = ("Sở Y tế yêu cầu các bệnh viện tuyến huyện kiểm tra kho thuốc. "
            "Sở đề nghị Phòng Y tế các huyện phối hợp giám sát việc mua sắm thiết bị.\n")
    rows = _rows(text)
    assert rows[-1][1] == "Phòng Y tế các huyện"

