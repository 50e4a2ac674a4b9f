"""Round 37 of the extraction rules (docs/extraction.md, "Round 37"): causes of the misses, extra proposals and wrong
leads of batches ex/ey, ez/fa, fb/fc and fd/fe. Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. what a source says, "Theo <person or body>, …", inside a directing paragraph: news, not a step ---------------

def test_a_source_told_after_a_demand_is_no_step():
    text = ("Sở Giao thông vận tải yêu cầu UBND phường Tân An khẩn trương hoàn trả mặt đường. Theo ông Lê Văn Hòa, "
            "tuyến đường này chậm tiến độ là do thiếu vốn.\n")
    assert _rows(text) == [("Khẩn trương hoàn trả mặt đường", "UBND phường Tân An")]


def test_a_inspectors_said_is_no_step():
    text = ("Sở Y tế yêu cầu Bệnh viện huyện Đức Phong siết chặt việc ra vào khoa sản. Theo thanh tra, bệnh viện "
            "không có camera ở lối đi phía sau.\n")
    assert _rows(text) == [("Siết chặt việc ra vào khoa sản", "Bệnh viện huyện Đức Phong")]


def test_a_theo_do_and_theo_doi_still_steps():
    text = ("UBND tỉnh yêu cầu Sở Tài nguyên và Môi trường kiểm tra các mỏ cát. Theo đó, rà soát giấy phép của từng "
            "mỏ.\n\nChủ tịch UBND huyện yêu cầu các xã theo dõi, cập nhật diễn biến mưa lũ.\n")
    rows = _rows(text)
    assert ("Kiểm tra các mỏ cát", "Sở Tài nguyên và Môi trường") in rows
    assert ("Theo dõi, cập nhật diễn biến mưa lũ", "các xã") in rows
    assert any(t.startswith("Theo đó, rà soát giấy phép") or t.startswith("Rà soát giấy phép") for t, _ in rows)
