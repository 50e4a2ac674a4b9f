"""The model engine's precision (session 25, third round): more clauses the rules did not propose that tell what
happened or only introduce what follows are not kept, whatever the model gives them. Read with fixed
probabilities (a constant model), so each test states the rule, not the trained weights. Sentences written for
these tests."""
from tests.domain.constant_model import FIRST, NO_UNITS, WHEN, constant as _constant, kept_texts as _texts
from tracker.domain.extraction.candidates import build_candidates
from tracker.domain.extraction.clause_model import decide
from tracker.domain.extraction.pipeline import normalise


def test_a_directing_word_told_as_past_does_not_keep_the_clause():
    text = FIRST + "Phòng Y tế huyện đã chỉ đạo các trạm y tế xã phun thuốc khử khuẩn tại khu chợ."
    assert len(_texts(text)) == 1


def test_a_directing_word_now_still_keeps_the_clause():
    text = FIRST + "Qua kiểm tra, Phòng Y tế huyện chỉ đạo các trạm y tế xã phun thuốc khử khuẩn tại khu chợ."
    assert len(_texts(text)) == 2


def test_traffic_and_education_are_not_the_directing_giao():
    text = FIRST + "Đội Cảnh sát giao thông trả lời: trong quý I, đội đã xử lý 120 trường hợp vi phạm tốc độ."
    assert len(_texts(text)) == 1


def test_an_inspections_findings_are_not_kept():
    text = FIRST + "Đoàn kiểm tra cũng chỉ ra một số thiếu sót trong việc lưu trữ hồ sơ đất đai."
    assert len(_texts(text)) == 1


def test_a_plan_told_of_a_subject_is_not_kept():
    text = FIRST + "Ban Tổ chức dự kiến tổ chức hội thao vào cuối tháng 5 tại sân vận động huyện."
    assert len(_texts(text)) == 1


def test_a_plan_opening_the_clause_is_kept():
    text = FIRST + "Theo đó, dự kiến trong quý III, Ban Pháp chế HĐND huyện giám sát việc cấp giấy chứng nhận."
    assert len(_texts(text)) == 2


def test_a_sentence_giving_only_the_time_is_not_kept():
    text = FIRST + "Thời gian hoàn thành trước ngày 15/4/2026."
    assert len(_texts(text)) == 1


def test_a_clause_directing_its_addressee_to_nothing_is_not_kept():
    text = FIRST + "Để bảo đảm an toàn mùa mưa, UBND huyện yêu cầu các xã, thị trấn\n"
    assert len(_texts(text)) == 1


def test_a_clause_ending_on_what_introduces_items_is_not_kept():
    text = FIRST + "Đoàn đề nghị xã cần làm tốt một số việc, như\n"
    assert len(_texts(text)) == 1


def test_a_teacher_is_not_the_addressee_of_the_directing_giao():
    text = normalise(FIRST + "Ban Pháp chế cần khảo sát chế độ của giáo viên và nhân viên các trường mầm non.")
    props = decide(text, WHEN, build_candidates(text, WHEN, NO_UNITS, []), _constant(0.9))
    assert len(props) == 2 and "viên" not in (props[1].lead or "")
