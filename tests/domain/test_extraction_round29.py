"""Round 29 of the extraction rules (docs/extraction.md, "Round 29"): causes of the misses, extra proposals and wrong
leads of batches db/dc and dd/de, checked against the other seen sets. Every sentence here is written for these tests
(no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. "Theo đó, X <verb> …" (no modal, no past marker): the roles a plan or decision gives, told after it ---------

def test_a_a_bare_verb_after_theo_do_is_a_duty():
    text = ("Sở Nông nghiệp vừa có văn bản về phòng chống dịch tả lợn. Theo đó, các trạm thú y kiểm tra "
            "các cơ sở giết mổ trên địa bàn.\n")
    assert _rows(text) == [("Kiểm tra các cơ sở giết mổ trên địa bàn", "các trạm thú y")]


def test_a_what_was_done_after_theo_do_stays_news():
    text = "Theo đó, UBND huyện đã hỗ trợ mỗi hộ 5 triệu đồng để sửa nhà.\n"
    assert _rows(text) == []


def test_a_the_decision_itself_after_theo_do_is_no_duty():
    text = "Theo đó, UBND tỉnh công bố tình trạng khẩn cấp về hạn hán tại ba huyện ven biển.\n"
    assert _rows(text) == []


# --- B. "trả lại / hoàn lại" (a refund) opens a predicate; "phải buộc / việc buộc" is no enforcement order ---------

def test_b_a_refund_ends_the_addressee():
    text = "Thanh tra Sở yêu cầu Trường Tiểu học Hòa Bình trả lại tiền học thêm cho phụ huynh trong thời gian sớm nhất.\n"
    assert _rows(text) == [("Trả lại tiền học thêm cho phụ huynh trong thời gian sớm nhất", "Trường Tiểu học Hòa Bình")]


def test_b_a_compulsion_told_inside_a_besides_phrase_leaves_the_demand_its_addressee():
    text = ("Ngoài việc phải buộc hoàn lại các khoản đã thu, Sở cũng đề nghị Phòng Giáo dục huyện xem xét "
            "trách nhiệm của hiệu trưởng.\n")
    assert [lead for _, lead in _rows(text)] == ["Phòng Giáo dục huyện"]


# --- C. "Buộc / yêu cầu ông X phải …": a person named with "ông / bà" is the addressee ------------------------------

def test_c_an_enforcement_order_on_a_named_person():
    text = "Buộc ông Lê Văn Tâm phải tháo dỡ công trình xây dựng trái phép trước ngày 30/6/2025.\n"
    assert [lead for _, lead in _rows(text)] == ["ông Lê Văn Tâm"]


def test_c_an_enforcement_order_on_a_named_company_still_reads():
    text = "Buộc Công ty Minh Phát phải khôi phục hiện trạng khu đất.\n"
    assert [lead for _, lead in _rows(text)] == ["Công ty Minh Phát"]


# --- D. "cơ quan <Unit name>": a body's name after "cơ quan" is the addressee ------------------------------------------

def test_d_a_body_named_after_co_quan_is_the_addressee():
    text = ("Chủ tịch HĐND huyện yêu cầu cơ quan Văn phòng HĐND huyện chuẩn bị kỹ tài liệu kỳ họp. "
            "Chủ động phối hợp với các ban theo dõi việc trả lời kiến nghị.\n")
    assert _rows(text) == [("Chuẩn bị kỹ tài liệu kỳ họp", "cơ quan Văn phòng HĐND huyện"),
                           ("Chủ động phối hợp với các ban theo dõi việc trả lời kiến nghị",
                            "cơ quan Văn phòng HĐND huyện")]


def test_d_the_competent_bodies_stay_a_group():
    text = "UBND huyện đề nghị các cơ quan chức năng kiểm tra các cơ sở kinh doanh xăng dầu.\n"
    assert _rows(text) == [("Kiểm tra các cơ sở kinh doanh xăng dầu", "các cơ quan chức năng")]


# --- E. "X được giao <verb> …": a body assigned a task, told in the passive, has that duty ------------------------------

def test_e_a_body_assigned_in_the_passive_has_the_duty():
    text = ("Ngoài ra, Sở Tài chính được giao rà soát các khoản chi thường xuyên; hướng dẫn các huyện lập dự toán "
            "năm sau.\n")
    assert _rows(text) == [("Rà soát các khoản chi thường xuyên", "Sở Tài chính"),
                           ("Hướng dẫn các huyện lập dự toán năm sau", "Sở Tài chính")]


def test_e_land_handed_over_is_no_duty():
    text = "Năm 2023, hộ ông Lâm được giao 2 ha đất rừng sản xuất.\n"
    assert _rows(text) == []


# --- F. "tăng cường chỉ đạo <adverb> …": directing as the work to do, not a new directing word ----------------------

def test_f_stepping_up_direction_is_one_action():
    text = "UBND các huyện cần tiếp tục tăng cường chỉ đạo quyết liệt việc thu hồi nợ đọng thuế.\n"
    assert _rows(text) == [("Tiếp tục tăng cường chỉ đạo quyết liệt việc thu hồi nợ đọng thuế", "UBND các huyện")]


def test_f_stepping_up_direction_of_a_named_body_still_directs_it():
    text = "Sở cần tăng cường chỉ đạo các trường rà soát hồ sơ học sinh.\n"
    assert [lead for _, lead in _rows(text)][-1:] == ["các trường"]


# --- G. "Hội nghị …", "Hội thảo …": a meeting is no body ----------------------------------------------------------------

def test_g_a_meeting_after_a_demand_is_no_addressee():
    text = ("Bí thư yêu cầu các chi bộ rà soát danh sách đảng viên.\n\n"
            "Hội nghị giao ban hằng tháng được xem là dịp nắm bắt tình hình, góp phần tăng cường sự lãnh đạo.\n")
    assert _rows(text) == [("Rà soát danh sách đảng viên", "các chi bộ")]


def test_g_a_meeting_with_its_attendance_is_no_duty():
    text = "Hội nghị có đồng chí Trần Văn Bình, Phó Chủ tịch UBND tỉnh tham dự và chỉ đạo.\n"
    assert _rows(text) == []
