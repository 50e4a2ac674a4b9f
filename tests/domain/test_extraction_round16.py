"""Round 16 of the extraction rules (docs/extraction.md, "Round 16"): causes of the misses, extra proposals
and wrong leads of batches av/aw and at/au, checked against the other seen sets (the shared dev and holdout
texts, batches af/ag, ah/ai, aj/ak, al/am, an/ao, the fixtures). Every sentence here is written for these tests
(no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2024, 6, 3)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- "Sở X chủ trì ...; chỉ đạo tăng cường ...; tiếp tục ...": after ";" the subject goes on -----------------

def test_chi_dao_after_a_semicolon_is_the_paragraph_subjects_next_duty():
    text = ("Phó Thủ tướng yêu cầu các bộ, ngành triển khai đồng bộ các giải pháp điều hành giá.\n"
            "Bộ Công Thương chủ trì, phối hợp với các địa phương theo dõi sát cung cầu xăng dầu; chỉ đạo tăng "
            "cường kiểm tra việc niêm yết giá tại các cửa hàng; tiếp tục rà soát hệ thống phân phối.\n")
    rows = _rows(text)
    assert ("Chỉ đạo tăng cường kiểm tra việc niêm yết giá tại các cửa hàng", "Bộ Công Thương") in rows
    assert ("Tiếp tục rà soát hệ thống phân phối", "Bộ Công Thương") in rows


def test_chi_dao_a_body_after_a_semicolon_is_the_subjects_duty_with_its_own_sentence_first():
    # the convention of round 15's C: "chỉ đạo Y <verb>" stays the higher body's action
    text = ("Chủ tịch UBND tỉnh yêu cầu các sở tập trung triển khai các nhiệm vụ sau:\n"
            "Sở Y tế rà soát cơ sở vật chất các trạm y tế; chỉ đạo Trung tâm Y tế các huyện tăng cường tiêm chủng.\n")
    assert _rows(text) == [("Rà soát cơ sở vật chất các trạm y tế", "Sở Y tế"),
                           ("Chỉ đạo Trung tâm Y tế các huyện tăng cường tiêm chủng", "Sở Y tế")]


def test_guard_a_paragraph_opening_with_lowercase_chi_dao_still_directs():
    text = ("Hội nghị đánh giá cao kết quả thu ngân sách của các xã trong năm qua.\n"
            "Đồng thời chỉ đạo UBND các xã rà soát các nguồn thu trên địa bàn.\n")
    assert _rows(text) == [("Rà soát các nguồn thu trên địa bàn", "UBND các xã")]


# --- "Bộ X tập trung chỉ đạo <verb> ...": the body bent on directing is charged with what follows --------------

def test_a_body_bent_on_directing_leads_the_actions_after_chi_dao():
    text = ("Sở Giáo dục và Đào tạo tập trung chỉ đạo rà soát đội ngũ giáo viên các cấp; bảo đảm đủ phòng học "
            "cho năm học mới. Khẩn trương hoàn thiện kế hoạch tuyển sinh lớp 10.")
    rows = _rows(text)
    assert rows and all(lead == "Sở Giáo dục và Đào tạo" for _, lead in rows)
    assert ("Rà soát đội ngũ giáo viên các cấp", "Sở Giáo dục và Đào tạo") in rows


def test_guard_a_speaker_directing_without_tap_trung_names_no_lead():
    text = "Chủ tịch UBND tỉnh chỉ đạo rà soát đội ngũ giáo viên các cấp; bảo đảm đủ phòng học cho năm học mới."
    assert all(lead is None for _, lead in _rows(text))


# --- a missing space before "trước ngày" / "chậm nhất là ngày": the deadline is still read ---------------------

def test_a_deadline_glued_to_the_word_before_it_is_read():
    from tracker.domain.extraction.deadlines import parse_deadline
    assert parse_deadline("gửi báo cáo kết quả về Sở Xây dựngtrước ngày 15/11/2024", D).deadline == date(2024, 11, 15)
    got = parse_deadline("hoàn thành việc lập danh sách cử tri ở mỗi khu dân cưchậm nhất là ngày 20 tháng 8 năm 2024", D)
    assert got.deadline == date(2024, 8, 20)


def test_guard_a_glued_truoc_without_a_date_is_no_deadline():
    from tracker.domain.extraction.deadlines import parse_deadline
    assert parse_deadline("các hộ dântrước đây đã nhận 5 triệu đồng hỗ trợ của xã", D).deadline is None


# --- "Trong thời gian (sắp) tới <subject> cần / phải ...": the time phrase opens the sentence, its subject leads -----

def test_a_forward_time_phrase_without_a_comma_before_the_subject():
    assert _rows("Trong thời gian tới các phường cần rà soát lại toàn bộ hộ nghèo trên địa bàn.") == [
        ("Rà soát lại toàn bộ hộ nghèo trên địa bàn", "các phường")]
    assert _rows("Trong thời gian sắp tới UBND các xã phải hoàn thành việc cấp giấy chứng nhận quyền sử dụng đất.") == [
        ("Hoàn thành việc cấp giấy chứng nhận quyền sử dụng đất", "UBND các xã")]


def test_guard_a_forward_time_phrase_after_the_trigger_stays_in_the_action():
    assert _rows("Hội nghị yêu cầu trong thời gian tới tập trung rà soát lại toàn bộ hộ nghèo trên địa bàn.") == [
        ("Tập trung rà soát lại toàn bộ hộ nghèo trên địa bàn", None)]


# --- "các tiêu chí …" is what is to be met, not a body -------------------------------------------------------------

def test_criteria_are_no_addressee():
    assert all(lead is None or "tiêu chí" not in lead
               for _, lead in _rows("Đặc biệt các tiêu chí còn thiếu phải bảo đảm hoàn thành trong năm nay."))


def test_guard_criteria_after_a_verb_stay_in_the_action():
    assert _rows("Yêu cầu các phòng, ban rà soát các tiêu chí còn thiếu của các xã.") == [
        ("Rà soát các tiêu chí còn thiếu của các xã", "các phòng, ban")]
