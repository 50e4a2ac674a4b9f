"""Round 28 of the extraction rules (docs/extraction.md, "Round 28"): causes of the misses, extra proposals and wrong
leads of batches ct/cu, cv/cw, cx/cy and cz/da, checked against the other seen sets. Every sentence here is written for
these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. "yêu cầu / đề nghị <place named bare> <verb>": a province addressed without "tỉnh" ----------------------

def test_a_province_named_bare_after_a_demand():
    text = "Bộ trưởng yêu cầu Lào Cai khẩn trương rà soát các điểm có nguy cơ sạt lở.\n"
    assert _rows(text) == [("Khẩn trương rà soát các điểm có nguy cơ sạt lở", "Lào Cai")]


def test_a_province_named_bare_then_its_duties_in_the_next_sentence():
    text = ("Thứ trưởng đề nghị Bắc Kạn tiếp tục theo dõi mực nước các hồ chứa. "
            "Tỉnh cần kiểm tra các trạm bơm; sơ tán dân ở vùng trũng.\n")
    assert _rows(text) == [("Tiếp tục theo dõi mực nước các hồ chứa", "Bắc Kạn"),
                           ("Kiểm tra các trạm bơm", "Tỉnh"), ("Sơ tán dân ở vùng trũng", "Tỉnh")]


def test_a_requirement_on_a_named_document_is_not_a_place():
    text = "Hội đồng yêu cầu Quy chế Chi tiêu phải được sửa trước tháng 6.\n"
    assert [lead for _, lead in _rows(text)] in ([], [None])


# --- B. "cơ quan chức năng cần / phải …" (no "các"): the competent bodies as the subject of a duty --------------

def test_b_competent_bodies_without_a_plural_word_have_a_duty():
    text = ("UBND huyện yêu cầu các xã rà soát các điểm bán pháo. Ngoài ra, cơ quan chức năng cần kiểm tra "
            "các kho chứa hàng.\n")
    assert _rows(text) == [("Rà soát các điểm bán pháo", "các xã"), ("Kiểm tra các kho chứa hàng", "cơ quan chức năng")]


def test_b_a_petition_to_the_competent_bodies_stays_out():
    text = "Cử tri kiến nghị cơ quan chức năng có giải pháp nạo vét kênh mương.\n"
    assert _rows(text) == []


# --- C. "Theo đó / Cụ thể, X chủ trì <verb> …": the roles a plan or decision gives, told after it -------------------

def test_c_a_lead_role_after_cu_the_is_a_duty():
    text = ("UBND huyện thống nhất tổ chức đợt kiểm tra an toàn thực phẩm. Cụ thể, Phòng Y tế chủ trì lập đoàn "
            "kiểm tra các bếp ăn tập thể.\n")
    assert _rows(text) == [("Lập đoàn kiểm tra các bếp ăn tập thể", "Phòng Y tế")]


def test_c_a_lead_role_with_a_partner_after_theo_do_is_a_duty():
    text = "Theo đó, Sở Giao thông vận tải chủ trì, phối hợp với Công an tỉnh rà soát các điểm đen giao thông.\n"
    assert [lead for _, lead in _rows(text)] == ["Sở Giao thông vận tải"]


def test_c_a_body_that_chaired_an_event_is_news():
    text = "Sở Văn hóa chủ trì tổ chức lễ hội hoa đào tại quảng trường tỉnh.\n"
    assert _rows(text) == []
