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


# --- B. a body named by its acronym with its level or its place right after the demand: "yêu cầu BĐBP tỉnh …", "yêu cầu
# BV quận 7 …" (the demand was lost with its unread addressee); an acronym alone stays a body only before "cần / phải" --

def test_b_acronym_with_its_level():
    text = ("Chỉ huy trưởng yêu cầu BĐBP tỉnh tăng cường tuần tra các đường mòn, lối mở; kiểm soát chặt người "
            "xuất cảnh trái phép.\n")
    assert _rows(text) == [("Tăng cường tuần tra các đường mòn, lối mở", "BĐBP tỉnh"),
                           ("Kiểm soát chặt người xuất cảnh trái phép", "BĐBP tỉnh")]


def test_b_acronym_with_its_district():
    text = "Sở Y tế yêu cầu BV quận Gò Vấp chấn chỉnh việc trông giữ xe của người nhà bệnh nhân.\n"
    assert _rows(text) == [("Chấn chỉnh việc trông giữ xe của người nhà bệnh nhân", "BV quận Gò Vấp")]


def test_b_acronym_with_a_district_number():
    text = "Giám đốc Sở đề nghị TTYT quận 3 rà soát lại danh sách tiêm chủng.\n"
    assert _rows(text) == [("Rà soát lại danh sách tiêm chủng", "TTYT quận 3")]


def test_b_acronym_alone_before_a_verb_stays_unread():
    text = "Ông Hùng yêu cầu KCN kiểm tra lại hệ thống xử lý nước thải.\n"
    assert all(lead != "KCN" for _, lead in _rows(text))


# --- C. an inspection's sums written "tỉ đồng" (the other spelling of "tỷ đồng") are figures, as round 9 reads them -----

def test_c_sum_in_ti_dong_is_a_figure():
    text = ("Đoàn thanh tra đã kiến nghị thu hồi nộp ngân sách hơn 1,5 tỉ đồng; kiến nghị chấn chỉnh, giảm trừ giá trị "
            "quyết toán, xử lý khác hơn 5 tỉ đồng.\n")
    assert _rows(text) == []


def test_c_sum_in_ty_dong_still_a_figure():
    text = ("Đoàn thanh tra đã kiến nghị thu hồi nộp ngân sách hơn 1,5 tỷ đồng; kiến nghị chấn chỉnh, giảm trừ giá trị "
            "quyết toán, xử lý khác hơn 5 tỷ đồng.\n")
    assert _rows(text) == []


# --- D. the Inspector General named by office after the demand: "giao Tổng Thanh tra Chính phủ xác minh …" -----------

def test_d_inspector_general_by_office():
    text = "Phó Thủ tướng giao Tổng Thanh tra Chính phủ kiểm tra lại nội dung đơn khiếu nại của các hộ dân.\n"
    assert _rows(text) == [("Kiểm tra lại nội dung đơn khiếu nại của các hộ dân", "Tổng Thanh tra Chính phủ")]


def test_d_inspector_general_after_chi_dao():
    text = "Thủ tướng chỉ đạo Tổng Thanh tra Chính phủ ban hành quyết định thu hồi số tiền chi sai.\n"
    assert _rows(text) == [("Ban hành quyết định thu hồi số tiền chi sai", "Tổng Thanh tra Chính phủ")]


def test_d_government_inspectorate_unchanged():
    text = "Phó Thủ tướng giao Thanh tra Chính phủ kiểm tra lại nội dung đơn khiếu nại.\n"
    assert _rows(text) == [("Kiểm tra lại nội dung đơn khiếu nại", "Thanh tra Chính phủ")]
