"""Round 25 of the extraction rules (docs/extraction.md, "Round 25"): causes of the misses, extra proposals and wrong
leads of batches ch/ci and cj/ck, checked against the other seen sets. Every sentence here is written for these tests
(no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. "văn bản chỉ đạo": "bản" is no "Ban" (Ban Chỉ đạo, a steering committee) -----------------------------------

def test_a_document_directing_an_addressee_is_a_directive():
    text = "UBND tỉnh vừa có văn bản chỉ đạo Sở Giao thông vận tải sửa chữa các tuyến đường hư hỏng trước mùa mưa.\n"
    assert _rows(text) == [("Sửa chữa các tuyến đường hư hỏng trước mùa mưa", "Sở Giao thông vận tải")]


def test_a_letter_directing_an_addressee_is_a_directive():
    text = "Chủ tịch UBND huyện ban hành công văn chỉ đạo UBND các xã rà soát các hộ nghèo trên địa bàn.\n"
    assert _rows(text) == [("Rà soát các hộ nghèo trên địa bàn", "UBND các xã")]


def test_directing_documents_as_a_noun_are_no_directive():
    text = "Các phòng, ban nghiêm túc thực hiện các văn bản chỉ đạo của UBND tỉnh về cải cách hành chính.\n"
    assert all("văn bản chỉ đạo" not in t for t, _ in _rows(text))


# --- B. "yêu cầu, để <purpose with commas>, X …": the purpose before the addressee ---------------------------------

def test_a_purpose_with_commas_before_the_addressee():
    text = ("Kết luận cuộc họp, Phó Chủ tịch tỉnh yêu cầu, để bảo đảm tiến độ giải ngân, thanh toán vốn đầu tư công, "
            "Sở Kế hoạch và Đầu tư rà soát danh mục dự án chậm triển khai; đề xuất điều chuyển vốn.\n")
    assert _rows(text) == [("Rà soát danh mục dự án chậm triển khai", "Sở Kế hoạch và Đầu tư"),
                           ("Đề xuất điều chuyển vốn", "Sở Kế hoạch và Đầu tư")]


# --- C. "các quận huyện", "các quận-huyện": the districts' level without a comma ------------------------------------

def test_districts_written_without_a_comma_are_one_group():
    text = "UBND thành phố giao UBND các quận huyện kiểm tra an toàn phòng cháy tại các nhà trọ.\n"
    assert _rows(text) == [("Kiểm tra an toàn phòng cháy tại các nhà trọ", "UBND các quận huyện")]


def test_districts_written_with_a_hyphen_are_one_group():
    text = "UBND thành phố yêu cầu UBND các quận-huyện kiểm tra an toàn phòng cháy tại các nhà trọ.\n"
    assert _rows(text) == [("Kiểm tra an toàn phòng cháy tại các nhà trọ", "UBND các quận-huyện")]


# --- D. "nhấn mạnh, cần …": a duty stated with no addressee named ---------------------------------------------------

def test_an_emphasised_duty_without_an_addressee():
    text = ("Sau đợt kiểm tra, Thanh tra huyện nhấn mạnh, cần chấn chỉnh việc thu các khoản ngoài quy định tại các "
            "trường học. Đồng thời, phải công khai các khoản thu, chi cho cha mẹ học sinh.\n")
    assert _rows(text) == [("Chấn chỉnh việc thu các khoản ngoài quy định tại các trường học", None),
                           ("Công khai các khoản thu, chi cho cha mẹ học sinh", None)]
