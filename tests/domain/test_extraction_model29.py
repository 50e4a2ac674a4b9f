"""The model engine against the switch criterion (session 26): deadlines of the rows it keeps, leads, precision.
Read with fixed probabilities (a constant model), so each test states the engine's rule, not the trained weights.
Sentences written for these tests."""
from datetime import date

import pytest

from tests.domain.constant_model import FIRST, NO_UNITS, WHEN, constant, kept_texts
from tracker.domain.extraction.clause_model import extract_with_model
from tracker.domain.extraction.pipeline import extract_proposals, normalise


def _kept(text: str, p: float = 0.9):
    text = normalise(text)
    return text, extract_with_model(text, WHEN, NO_UNITS, extract_proposals(text, WHEN, NO_UNITS), constant(p))


@pytest.mark.parametrize("sentence, steps_start", [
    # The steps after the semicolons take the time phrase that opens the sentence.
    ("Chủ tịch UBND huyện đề nghị UBND các xã trong tháng 5/2026 tập trung chuẩn bị báo cáo quyết "
     "toán ngân sách, trong đó, hướng dẫn các thôn rà soát các khoản nợ đọng; đối chiếu số liệu "
     "thu chi với Kho bạc; lập danh mục dự án chậm giải ngân.", ("đối chiếu", "lập danh mục")),
    # ... also when the first clause names another time.
    ("Bà Lê Thị Hoa, Chủ tịch HĐND huyện, đề nghị Thường trực HĐND huyện trong tháng 5/2026 đặc biệt "
     "quan tâm đến công tác chuẩn bị kỳ họp cuối năm 2026, trong đó, chỉ đạo các ban HĐND huyện "
     "khảo sát thực tế; rà soát kết quả giải quyết ý kiến cử tri; chuẩn bị nội dung chất vấn.",
     ("rà soát", "chuẩn bị nội dung")),
])
def test_the_steps_after_semicolons_take_the_time_phrase_that_opens_the_sentence(sentence, steps_start):
    text, props = _kept(sentence)
    steps = [q for q in props if text[q.start:q.end].startswith(steps_start)]
    assert len(steps) == 2 and all(q.deadline == date(2026, 5, 31) for q in steps)


def test_a_time_phrase_after_the_first_step_does_not_date_the_next_steps():
    text, props = _kept("Giao Phòng Tài nguyên và Môi trường hoàn thành việc đo đạc bản đồ địa chính trước ngày "
                        "30/4/2026; rà soát hồ sơ cấp giấy chứng nhận; đôn đốc các xã thu tiền sử dụng đất.")
    steps = [q for q in props if text[q.start:q.end].startswith(("rà soát", "đôn đốc"))]
    assert steps and all(q.deadline is None for q in steps)


def test_a_range_of_years_ends_with_its_last_year():
    _, props = _kept("Giao Phòng Giáo dục và Đào tạo hoàn thành việc sáp nhập các điểm trường lẻ trong năm 2026 - 2027.")
    assert [q.deadline for q in props] == [date(2027, 12, 31)]


def test_a_single_year_ends_with_itself():
    _, props = _kept("Giao Phòng Giáo dục và Đào tạo hoàn thành việc sáp nhập các điểm trường lẻ trong năm 2026.")
    assert [q.deadline for q in props] == [date(2026, 12, 31)]


def test_a_duty_the_rules_read_with_no_addressee_takes_the_one_before_it_in_its_paragraph():
    text, props = _kept("Sở Xây dựng được giao tổng hợp khó khăn của các dự án nhà ở xã hội. Đồng thời, yêu cầu rà soát "
                        "trách nhiệm các tổ chức, cá nhân để chậm tiến độ.")
    step = [q for q in props if "rà soát" in text[q.start:q.end]]
    assert len(step) == 1 and step[0].lead == "Sở Xây dựng" and "no_lead" not in step[0].flags


def test_a_duty_with_no_addressee_takes_none_from_another_paragraph():
    text, props = _kept("Sở Xây dựng được giao tổng hợp khó khăn của các dự án nhà ở xã hội.\nĐồng thời, yêu cầu rà soát "
                        "trách nhiệm các tổ chức, cá nhân để chậm tiến độ.")
    step = [q for q in props if "rà soát" in text[q.start:q.end]]
    assert len(step) == 1 and step[0].lead is None


def test_a_photographs_caption_is_not_kept():
    assert len(kept_texts(FIRST + "Kiểm tra công tác chuẩn bị khai giảng tại trường tiểu học xã - Ảnh 2\n")) == 1


def test_a_clause_ending_on_a_brother_is_no_caption():
    assert len(kept_texts(FIRST + "Giao Phòng Tư pháp hướng dẫn thủ tục đăng ký hộ tịch cho anh\n")) == 2


def test_a_sentence_giving_only_when_it_is_carried_out_is_not_kept():
    assert len(kept_texts(FIRST + "Thời gian triển khai từ nay đến hết ngày 20/6 tới.")) == 1


def test_a_sentence_listing_what_something_holds_is_not_kept():
    assert len(kept_texts(FIRST + "Trong đó có kinh phí sửa chữa trường học, trạm y tế và nhà văn hóa các thôn.")) == 1


def test_a_short_line_ending_on_a_sum_of_money_is_a_tally():
    assert len(kept_texts(FIRST + "- Thu hồi nộp ngân sách các khoản chi sai 35 triệu đồng\n")) == 1


def test_a_long_order_ending_on_a_sum_of_money_is_kept():
    assert len(kept_texts(FIRST + "- Giao Phòng Tài chính - Kế hoạch tham mưu UBND huyện bố trí vốn đối ứng cho dự án "
                                  "nâng cấp đường liên xã với tổng mức 35 tỷ đồng\n")) == 2


ORDINALS = ("Giám đốc Sở đề nghị Trung tâm Công nghệ thông tin tập trung một số nhiệm vụ trong năm 2026 như sau:\n"
            "Thứ nhất, nâng cấp cổng dịch vụ công trực tuyến của tỉnh.\n"
            "Giám đốc Sở cũng yêu cầu các phòng chuyên môn phối hợp cung cấp dữ liệu.\n"
            "Thứ hai, bảo đảm an toàn thông tin cho hệ thống thư điện tử.")


def test_a_later_ordinal_item_takes_its_lists_addressee_and_time_across_a_paragraph():
    text, props = _kept(ORDINALS)
    second = [q for q in props if text[q.start:q.end].startswith("bảo đảm an toàn")]
    assert len(second) == 1
    assert second[0].lead == "Trung tâm Công nghệ thông tin" and second[0].deadline == date(2026, 12, 31)


def test_a_paragraph_with_no_ordinal_does_not_continue_the_list():
    text, props = _kept(ORDINALS.replace("Thứ hai, bảo đảm", "Bảo đảm"))
    last = [q for q in props if text[q.start:q.end].lower().startswith("bảo đảm an toàn")]
    assert len(last) == 1 and last[0].deadline is None


def test_a_voters_petition_is_not_kept():
    assert len(kept_texts(FIRST + "Cử tri thôn Đông kiến nghị, sớm nâng cấp tuyến đường liên thôn bị xuống cấp.")) == 1


def test_an_order_to_answer_the_voters_is_kept():
    assert len(kept_texts(FIRST + "Giao Phòng Kinh tế trả lời kiến nghị của cử tri thôn Đông về tuyến đường liên thôn.")) == 2
