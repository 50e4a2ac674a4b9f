"""Round 23 of the extraction rules (docs/extraction.md, "Round 23"): causes of the misses, extra proposals and
wrong leads of batches bv/bw and bx/by, checked against the other seen sets. Every sentence here is written for
these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- "Chánh" as a title: "Chánh Thanh tra tỉnh", "Chánh Văn phòng UBND huyện" ----------------------------------

def test_chanh_thanh_tra_after_giao():
    text = "Chủ tịch UBND huyện giao Chánh Thanh tra huyện tổng hợp kết quả kiểm tra các xã.\n"
    assert _rows(text) == [("Tổng hợp kết quả kiểm tra các xã", "Chánh Thanh tra huyện")]


def test_chanh_van_phong_after_yeu_cau():
    text = "Phó Chủ tịch tỉnh yêu cầu Chánh Văn phòng UBND tỉnh theo dõi việc trả lời đơn thư của công dân.\n"
    assert _rows(text) == [("Theo dõi việc trả lời đơn thư của công dân", "Chánh Văn phòng UBND tỉnh")]


# --- a petitioner named before an ellipsis or a line break is not the speaker of the next sentence -------------

def test_petitioner_before_an_ellipsis_does_not_own_the_next_demand():
    text = ("Trưởng đoàn ghi nhận nỗ lực của tỉnh trong việc sắp xếp lại doanh nghiệp nhà nước…\n"
            "Bà Lan đề nghị UBND tỉnh hoàn thiện phương án sắp xếp các công ty nông lâm nghiệp.\n")
    assert _rows(text) == [("Hoàn thiện phương án sắp xếp các công ty nông lâm nghiệp", "UBND tỉnh")]


def test_petitioner_on_the_line_before_does_not_own_the_demand():
    text = ("Hỗ trợ người dân vùng lũ\n"
            "Phó Chủ tịch tỉnh đề nghị Sở Tài chính bố trí kinh phí hỗ trợ các hộ bị thiệt hại.\n")
    assert _rows(text) == [("Bố trí kinh phí hỗ trợ các hộ bị thiệt hại", "Sở Tài chính")]


def test_petitioners_in_the_same_sentence_still_ask():
    text = "Cử tri xã Tân Lập đề nghị Sở Giao thông vận tải sửa chữa tuyến đường liên xã.\n"
    assert _rows(text) == []


# --- a time between "yêu cầu," / "đề nghị," and the addressee ----------------------------------------------------

def test_a_time_span_between_the_comma_and_the_addressee():
    text = "Chủ tịch UBND tỉnh yêu cầu, từ nay đến hết tháng 6, UBND các huyện rà soát danh sách hộ nghèo.\n"
    assert _rows(text) == [("Rà soát danh sách hộ nghèo", "UBND các huyện")]


def test_the_months_left_before_a_place_named_bare():
    text = ("Trưởng đoàn đề nghị, hơn 3 tháng còn lại của năm, huyện Đông Sơn cần đẩy nhanh tiến độ giải ngân "
            "vốn đầu tư công.\n")
    assert _rows(text) == [("Đẩy nhanh tiến độ giải ngân vốn đầu tư công", "huyện Đông Sơn")]


def test_a_condition_before_the_addressee_still_read():
    text = "Sở Xây dựng yêu cầu, nếu phát hiện công trình sai phép, UBND các phường phải xử lý ngay.\n"
    assert _rows(text) == [("Xử lý ngay", "UBND các phường")]


# --- two titles of one body list: "Giám đốc, Thủ trưởng các Sở, ngành" --------------------------------------------

def test_two_titles_before_one_body_list():
    text = ("UBND tỉnh yêu cầu Giám đốc, Thủ trưởng các Sở, ngành cấp tỉnh tăng cường kiểm tra việc chấp hành "
            "giờ làm việc.\n")
    assert _rows(text) == [("Tăng cường kiểm tra việc chấp hành giờ làm việc",
                            "Giám đốc, Thủ trưởng các Sở, ngành cấp tỉnh")]


def test_chairman_and_deputy_of_the_communes():
    text = "Chủ tịch UBND huyện yêu cầu Chủ tịch, Phó Chủ tịch UBND các xã trực tiếp đối thoại với người dân.\n"
    assert _rows(text) == [("Trực tiếp đối thoại với người dân", "Chủ tịch, Phó Chủ tịch UBND các xã")]


# --- "các tỉnh, thành phố (trực thuộc Trung ương)": the provinces' level as one group -------------------------------

def test_ubnd_of_the_provinces_and_cities_under_the_centre():
    text = "Bộ Tài chính đề nghị UBND các tỉnh, thành phố trực thuộc Trung ương rà soát nguồn cải cách tiền lương.\n"
    assert _rows(text) == [("Rà soát nguồn cải cách tiền lương", "UBND các tỉnh, thành phố trực thuộc Trung ương")]


def test_a_department_of_the_provinces_and_cities():
    text = "Bộ Y tế yêu cầu Sở Y tế các tỉnh, thành phố giám sát chặt chẽ các ổ dịch sốt xuất huyết.\n"
    assert _rows(text) == [("Giám sát chặt chẽ các ổ dịch sốt xuất huyết", "Sở Y tế các tỉnh, thành phố")]


# --- "trên cơ sở …" after a unit's name is the basis of its task, not part of the name ------------------------------

def test_tren_co_so_ends_the_name():
    text = ("UBND tỉnh giao Sở Nội vụ trên cơ sở đề xuất của các huyện, tổng hợp nhu cầu biên chế năm 2026.\n")
    assert [lead for _, lead in _rows(text)] == ["Sở Nội vụ"]
