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


# --- "<step> trước ngày D1, gửi về X trước ngày D2": the action's deadline is its own, the first -----------------

def test_the_next_steps_date_after_a_comma_is_not_the_actions_deadline():
    text = ("Đề nghị Sở Tài chính hoàn chỉnh phương án giá trước ngày 20/8/2024, gửi về Bộ Tài chính trước ngày "
            "5/9/2024 để thẩm định.\n")
    [p] = extract(text, D, EMPTY)
    assert p.lead == "Sở Tài chính" and p.deadline == date(2024, 8, 20)


def test_guard_a_single_date_after_a_sending_step_stays_the_deadline():
    text = "Đề nghị Sở Tài chính hoàn chỉnh phương án giá, gửi về Bộ Tài chính trước ngày 5/9/2024.\n"
    [p] = extract(text, D, EMPTY)
    assert p.deadline == date(2024, 9, 5)


# --- "hiện (nay) đang / vẫn …" reports what is under way; "Dự kiến ngày D …" is a date on the schedule ------------

def test_hien_dang_after_a_report_of_results_is_no_duty():
    text = ("Tính đến ngày 30/9/2024, UBND huyện chỉ đạo các phòng chuyên môn đã trả lời xong 20 kiến nghị; hiện đang "
            "tiếp tục xem xét 8 kiến nghị còn lại của cử tri.\n")
    assert _rows(text) == []


def test_du_kien_with_a_date_is_a_schedule_not_a_duty():
    text = ("Chủ tịch UBND xã yêu cầu các thôn rà soát danh sách cử tri. Dự kiến ngày 15/9/2024 (thứ bảy) tổ chức họp "
            "dân tại các thôn.\n")
    assert _rows(text) == [("Rà soát danh sách cử tri", "các thôn")]


def test_guard_du_kien_with_an_object_is_the_verb_to_plan():
    text = "Đề nghị các đơn vị dự kiến các chức danh bổ sung trong nhiệm kỳ tới.\n"
    assert _rows(text) == [("Dự kiến các chức danh bổ sung trong nhiệm kỳ tới", "các đơn vị")]


def test_guard_hien_dai_hoa_is_a_verb():
    text = "Đề nghị UBND huyện hiện đại hóa hệ thống tiếp nhận hồ sơ một cửa.\n"
    assert _rows(text) == [("Hiện đại hóa hệ thống tiếp nhận hồ sơ một cửa", "UBND huyện")]


# --- "Câu hỏi: Đề nghị …" on a question-and-answer page is the asker's, as a voters' petition -------------------

def test_the_question_of_a_question_and_answer_page_is_not_a_duty():
    text = ("Câu hỏi: Đề nghị Thành phố quan tâm xây dựng cầu vượt tại nút giao thôn Đông.\n"
            "Trả lời: UBND Thành phố giao Sở Xây dựng chủ trì khảo sát, đề xuất phương án xây dựng cầu vượt.\n")
    assert _rows(text) == [("Khảo sát, đề xuất phương án xây dựng cầu vượt", "Sở Xây dựng")]


# --- "<speaker> nhấn mạnh, X sẽ …": what X intends, reported by the speaker, is no duty -------------------------

def test_an_intention_after_nhan_manh_is_no_duty():
    text = ("Phát biểu bế mạc hội nghị, đồng chí Bí thư Huyện ủy nhấn mạnh, Thường trực Huyện ủy sẽ tiếp thu đầy đủ các "
            "ý kiến góp ý của các đại biểu để hoàn thiện dự thảo.\n")
    assert _rows(text) == []


def test_guard_a_duty_after_nhan_manh_stays():
    text = "Đồng chí Bí thư Huyện ủy nhấn mạnh, các cấp ủy phải tập trung chỉ đạo thu hoạch lúa vụ mùa.\n"
    assert _rows(text) == [("Tập trung chỉ đạo thu hoạch lúa vụ mùa", "các cấp ủy")]
