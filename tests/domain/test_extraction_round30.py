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


# --- B. a sentence that opens with the meeting it reports ("Kết thúc buổi làm việc, …", "Tại buổi kiểm tra, …") tells
# what was concluded there: "đã đề nghị / đã chỉ đạo" still directs; a questioning session does not -------------------

def test_b_a_request_at_the_end_of_a_working_session_directs():
    text = ("Kết thúc buổi làm việc, đồng chí Phó Chủ tịch HĐND tỉnh đã đề nghị huyện cần đẩy nhanh tiến độ "
            "xây dựng trường học; quan tâm sửa chữa kênh mương nội đồng.\n")
    assert _rows(text) == [("Đẩy nhanh tiến độ xây dựng trường học", "huyện"),
                           ("Quan tâm sửa chữa kênh mương nội đồng", "huyện")]


def test_b_an_instruction_at_an_inspection_directs():
    text = "Tại buổi kiểm tra, Bộ trưởng đã chỉ đạo Sở Xây dựng sớm hoàn thiện hồ sơ điều chỉnh dự án.\n"
    assert _rows(text) == [("Sớm hoàn thiện hồ sơ điều chỉnh dự án", "Sở Xây dựng")]


def test_b_a_questioning_at_a_session_stays_news():
    text = "Tại phiên họp, Thường trực HĐND xã đã yêu cầu UBND xã giải trình, làm rõ việc chi ngân sách năm trước.\n"
    assert _rows(text) == []


def test_b_a_past_instruction_without_the_meeting_stays_news():
    text = "Tháng trước, UBND huyện đã chỉ đạo Phòng Nội vụ rà soát biên chế các trường học.\n"
    assert _rows(text) == []


# --- C. a group's scope "trong tỉnh / huyện" belongs to the group; "bằng mọi biện pháp" ends it ------------------------

def test_c_a_group_in_the_province():
    text = ("Chủ tịch UBND tỉnh yêu cầu các địa phương và cơ quan, ban, ngành liên quan trong tỉnh bằng mọi biện pháp "
            "hoàn thành di dời dân cư vùng sạt lở.\n")
    assert [lead for _, lead in _rows(text)] == ["các địa phương và cơ quan, ban, ngành liên quan trong tỉnh"]


# --- D. "Cùng với đó, X <verb> …" right after a paragraph of tasks for the coming period goes on with them ----------

FORWARD = ("Trong thời gian tới, huyện Tân Phú tiếp tục nâng cấp hệ thống thủy lợi nội đồng. Hoàn thành việc kiên cố "
           "hóa kênh mương của các xã vùng cao.\n\n")


def test_d_a_paragraph_going_on_with_the_tasks_for_the_coming_period():
    text = FORWARD + ("Cùng với đó, huyện Tân Phú hoàn thành việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân. "
                      "Triển khai số hóa hồ sơ địa chính của các xã.\n")
    rows = _rows(text)
    assert len(rows) == 4
    assert rows[3] == ("Triển khai số hóa hồ sơ địa chính của các xã", "huyện Tân Phú")


def test_d_the_same_connective_after_news_stays_news():
    text = ("Năm qua, huyện Tân Phú đã nâng cấp 20 km kênh mương.\n\n"
            "Cùng với đó, huyện Tân Phú hoàn thành việc cấp giấy chứng nhận cho 300 hộ dân. Triển khai số hóa hồ sơ "
            "địa chính của các xã.\n")
    assert _rows(text) == []


# --- E. short noun items after "về / gồm / như" parted by ";" are one enumeration --------------------------------------

def test_e_noun_items_parted_by_semicolons_are_one_action():
    text = ("UBND tỉnh yêu cầu Sở Thông tin và Truyền thông xây dựng các cơ sở dữ liệu chuyên ngành về đất đai; "
            "giáo dục; tài nguyên và môi trường; y tế; du lịch.\n")
    assert len(_rows(text)) == 1


def test_e_steps_parted_by_semicolons_stay_steps():
    text = ("UBND tỉnh yêu cầu Sở Y tế tăng cường kiểm tra về an toàn thực phẩm; xử lý nghiêm vi phạm; "
            "báo cáo kết quả trước ngày 30/6/2025.\n")
    assert len(_rows(text)) == 3


# --- F. "về <things> cần lưu ý …": the topic that needs attention, no one is directed ----------------------------------

def test_f_things_that_need_attention_direct_no_one():
    text = ("Tại buổi họp, cán bộ kỹ thuật trình bày về các loại sâu bệnh cần lưu ý để các xã chủ động phòng trừ.\n\n"
            "- Ngày 12/9/2025: xã An Bình, xã An Phú\n\n- Ngày 13/9/2025: xã Tân Hòa\n")
    assert _rows(text) == []


def test_f_a_body_that_needs_to_mind_something_is_still_directed():
    text = "UBND tỉnh yêu cầu các xã cần lưu ý đến công tác phòng chống sạt lở đất trong mùa mưa.\n"
    assert [lead for _, lead in _rows(text)] == ["các xã"]


# --- G. "với đề nghị / yêu cầu …" (after "đồng ý với", "phù hợp với"): the noun, not a directing verb -----------------

def test_g_agreeing_with_a_proposal_directs_no_one():
    text = ("Ngày 5/1/2025, UBND tỉnh ban hành văn bản đồng ý với đề nghị tổ chức lễ hội hoa xuân của UBND huyện "
            "Kim Sơn.\n")
    assert _rows(text) == []


# --- H. "Tổ đề nghị …": the delegates' group named by its head is the speaker, "tổ" is no noun before a noun ---------

def test_h_the_group_of_delegates_requests():
    text = ("Tổ đại biểu HĐND huyện thảo luận về dự thảo báo cáo. Qua thảo luận, Tổ đề nghị UBND huyện bổ sung giải pháp "
            "phát triển chăn nuôi; rà soát lại chỉ tiêu thu ngân sách.\n")
    assert [lead for _, lead in _rows(text)] == ["UBND huyện", "UBND huyện"]


# --- I. a paragraph opening with its verb right after a paragraph of tasks for the coming period goes on with them -----

def test_i_a_verb_first_paragraph_after_the_tasks_for_the_coming_period():
    text = FORWARD + "Hoàn thành việc sáp nhập các thôn có quy mô nhỏ,\n"
    rows = _rows(text)
    assert len(rows) == 3
    assert rows[2] == ("Hoàn thành việc sáp nhập các thôn có quy mô nhỏ", "huyện Tân Phú")


def test_i_a_verb_first_paragraph_telling_what_was_done_stays_news():
    text = FORWARD + "Hoàn thành việc sáp nhập 12 thôn đã được tỉnh công nhận năm trước.\n"
    assert len(_rows(text)) == 2
