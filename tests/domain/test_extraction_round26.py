"""Round 26 of the extraction rules (docs/extraction.md, "Round 26"): causes of the misses, extra proposals and wrong
leads of batches cl/cm and cn/co, checked against the other seen sets. Every sentence here is written for these tests
(no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. "Để <a long purpose>, X cần …": the purpose before the subject may run past nine words ---------------------

def test_a_long_purpose_before_a_subject_with_a_duty():
    text = ("Để làm tốt công tác quản lý và bảo vệ rừng trong mùa khô năm nay, UBND các xã cần rà soát "
            "các tổ đội phòng cháy ở từng thôn.\n")
    assert _rows(text) == [("Rà soát các tổ đội phòng cháy ở từng thôn", "UBND các xã")]


def test_a_long_purpose_before_a_report_is_no_duty():
    text = ("Để làm tốt công tác quản lý và bảo vệ rừng trong mùa khô năm nay, UBND các xã đã rà soát "
            "các tổ đội phòng cháy ở từng thôn.\n")
    assert _rows(text) == []


# --- B. "các / 04 cơ sở lưu trú …": establishments named by their kind, or counted --------------------------------

def test_establishments_named_by_their_kind_are_the_addressee():
    text = "Đoàn kiểm tra yêu cầu các cơ sở lưu trú trên địa bàn niêm yết giá phòng công khai.\n"
    assert _rows(text) == [("Niêm yết giá phòng công khai", "các cơ sở lưu trú trên địa bàn")]


def test_counted_establishments_are_the_addressee():
    text = ("Thanh tra Sở yêu cầu 03 cơ sở giáo dục bổ sung hồ sơ cấp phép; 02 cơ sở báo cáo việc "
            "tuyển sinh về Sở.\n")
    assert _rows(text) == [("Bổ sung hồ sơ cấp phép", "03 cơ sở giáo dục"),
                           ("Báo cáo việc tuyển sinh về Sở", "02 cơ sở")]


def test_departments_before_a_verb_stay_departments():
    text = "UBND tỉnh yêu cầu các sở kiểm tra việc niêm yết giá tại các chợ.\n"
    assert _rows(text) == [("Kiểm tra việc niêm yết giá tại các chợ", "các sở")]



# --- C. "BHXH": the social insurance body by its abbreviation ------------------------------------------------------

def test_social_insurance_abbreviated_is_a_body():
    text = "Kiểm toán Nhà nước kiến nghị BHXH tỉnh thu hồi số tiền chi trả sai chế độ.\n"
    assert _rows(text) == [("Thu hồi số tiền chi trả sai chế độ", "BHXH tỉnh")]


# --- D. "Ban Chỉ đạo diễn tập … huyện X năm 2024": a committee for a task named with its year ----------------------

def test_a_committee_named_with_its_year_after_a_comma():
    text = ("Kết luận buổi kiểm tra, Thiếu tướng yêu cầu, Ban Chỉ đạo diễn tập phòng thủ huyện Lạc Sơn năm 2025 "
            "hướng dẫn các xã hoàn thiện văn kiện diễn tập.\n")
    assert _rows(text) == [("Hướng dẫn các xã hoàn thiện văn kiện diễn tập",
                            "Ban Chỉ đạo diễn tập phòng thủ huyện Lạc Sơn năm 2025")]


def test_a_year_after_a_people_s_committee_is_not_its_name():
    text = "UBND tỉnh yêu cầu UBND huyện Lạc Sơn năm 2025 hoàn thành việc rà soát hộ nghèo.\n"
    assert [lead for _, lead in _rows(text)] == ["UBND huyện Lạc Sơn"]


# --- E. "Chỉ thị số 06 … về việc tăng cường chỉ đạo …": a directing word in a cited document's title ---------------

def test_a_directing_word_in_a_document_title_is_no_directive():
    text = ("Chủ tịch UBND huyện yêu cầu:\n\nPhòng Giáo dục và UBND các xã tiếp tục thực hiện Kế hoạch số 12 của UBND "
            "tỉnh về việc tăng cường chỉ đạo công tác phòng, chống bạo lực học đường.\n")
    assert _rows(text) == [("Tiếp tục thực hiện Kế hoạch số 12 của UBND tỉnh về việc tăng cường chỉ đạo công tác "
                            "phòng, chống bạo lực học đường", "Phòng Giáo dục và UBND các xã")]


def test_a_letter_about_an_assignment_is_no_directive():
    text = ("Ngày 3/3, UBND huyện ban hành Công văn số 210/UBND về việc giao nhiệm vụ cho các phòng chuyên môn "
            "rà soát hồ sơ đất đai tồn đọng.\n")
    assert _rows(text) == []


# --- F. "lưu ý thêm một số nội dung …": "thêm" after the directing word ------------------------------------------

def test_a_directing_word_with_more_to_add():
    text = ("Kết thúc buổi làm việc, Phó Giám đốc Sở lưu ý thêm một số việc cần làm ngay: rà soát danh sách "
            "hộ nghèo; cập nhật hồ sơ hưởng trợ cấp.\n")
    assert [t for t, _ in _rows(text)][1:] == ["Cập nhật hồ sơ hưởng trợ cấp"]
    assert len(_rows(text)) == 2


# --- G. "Đối với Sở X, <verb> …": a body as the topic, its duty after the comma -----------------------------------

def test_a_body_as_topic_then_its_verb():
    text = ("Đoàn giám sát đề nghị UBND huyện bố trí kinh phí sửa chữa trường học. Đối với Phòng Giáo dục và Đào tạo, "
            "rà soát đội ngũ giáo viên còn thiếu ở các xã vùng cao.\n")
    assert _rows(text) == [("Bố trí kinh phí sửa chữa trường học", "UBND huyện"),
                           ("Rà soát đội ngũ giáo viên còn thiếu ở các xã vùng cao", "Phòng Giáo dục và Đào tạo")]


# --- H. "yêu cầu trường …": the school named in lower case after a demand -----------------------------------------

def test_the_school_in_lower_case_after_a_demand():
    text = "Qua xác minh, Phòng Giáo dục yêu cầu trường hoàn trả các khoản thu sai cho phụ huynh.\n"
    assert _rows(text) == [("Hoàn trả các khoản thu sai cho phụ huynh", "trường")]


def test_a_case_after_a_demand_is_no_school():
    text = "Phòng Giáo dục yêu cầu trường hợp thu sai phải hoàn trả cho phụ huynh.\n"
    assert all(lead != "trường" for _, lead in _rows(text))


# --- I. "Các xã cần …. <Verb> …": a stated duty's next step after a full stop ---------------------------------------

def test_a_duty_goes_on_over_a_full_stop_with_a_verb():
    text = ("Để chuẩn bị cho mùa mưa bão, các xã ven biển cần kiểm tra lại hệ thống đê bao. Bố trí lực lượng "
            "thường trực tại các điểm xung yếu.\n")
    assert _rows(text) == [("Kiểm tra lại hệ thống đê bao", "các xã ven biển"),
                           ("Bố trí lực lượng thường trực tại các điểm xung yếu", "các xã ven biển")]


def test_a_report_after_a_duty_is_not_its_step():
    text = ("Các xã ven biển cần kiểm tra lại hệ thống đê bao. Năm qua, nhiều đoạn đê đã được gia cố bằng "
            "nguồn vốn của tỉnh.\n")
    assert _rows(text) == [("Kiểm tra lại hệ thống đê bao", "Các xã ven biển")]


# --- J. "…; quyết định thành lập …": a decision to act, not a document named in a list ---------------------------

def test_deciding_to_set_up_is_an_action():
    text = ("Chủ tịch UBND tỉnh giao Sở Nội vụ rà soát biên chế các đơn vị sự nghiệp; quyết định thành lập "
            "tổ công tác kiểm tra việc tuyển dụng.\n")
    assert _rows(text) == [("Rà soát biên chế các đơn vị sự nghiệp", "Sở Nội vụ"),
                           ("Quyết định thành lập tổ công tác kiểm tra việc tuyển dụng", "Sở Nội vụ")]


def test_a_decision_named_in_a_list_stays_with_its_action():
    text = ("UBND tỉnh yêu cầu các sở tiếp tục thực hiện Chỉ thị số 05 của Tỉnh ủy; Quyết định số 120/QĐ-UBND "
            "của UBND tỉnh về cải cách hành chính.\n")
    assert len(_rows(text)) == 1
