"""Round 11 of the extraction rules (docs/extraction.md, "Round 11"): causes of the extra proposals and
wrong deadlines of batch x/y, checked against the other seen sets (p/q, t/u, the shared dev texts, the
fixtures). Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2024, 6, 3)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- deadlines: the date of the purpose clause is the next body's step -----------------------------

def test_the_date_in_a_purpose_clause_is_not_the_actions_deadline():
    text = ("Phó Chủ tịch UBND tỉnh yêu cầu Sở Tài chính tổng hợp dự toán, gửi Sở Kế hoạch và Đầu tư trước "
            "ngày 12-7 để sở thẩm tra, trình UBND tỉnh trước ngày 26-7.")
    [p] = extract(text, D, EMPTY)
    assert p.deadline == date(2024, 7, 12)


def test_a_single_date_after_the_purpose_word_stays_the_deadline():
    text = "UBND huyện giao Phòng Nội vụ hoàn thiện hồ sơ để trình Sở Nội vụ trước ngày 20/8."
    [p] = extract(text, D, EMPTY)
    assert p.deadline == date(2024, 8, 20)


# --- figures reached are results, not steps of the passage --------------------------------------------

def test_a_rate_reached_after_a_directive_is_a_result():
    text = ("Giám đốc Sở Nội vụ yêu cầu các phòng rà soát quy trình tiếp nhận hồ sơ. Tỷ lệ hồ sơ được tiếp "
            "nhận, thẩm định và trả kết quả đúng hạn đạt 96%; trong đó tỷ lệ hồ sơ nộp trực tuyến đạt 38,5%.")
    assert _rows(text) == [("Rà soát quy trình tiếp nhận hồ sơ", "các phòng")]


def test_a_rate_set_as_a_target_stays_in_the_action():
    text = ("Giám đốc Sở Nội vụ yêu cầu các phòng rà soát quy trình tiếp nhận hồ sơ, phấn đấu tỷ lệ hồ sơ "
            "trực tuyến đạt 60%.")
    assert _rows(text) == [("Rà soát quy trình tiếp nhận hồ sơ, phấn đấu tỷ lệ hồ sơ trực tuyến đạt 60%",
                            "các phòng")]


# --- findings, appeals and a speaker's commitment told after a directive --------------------------------

def test_a_finding_after_a_directive_is_not_an_action():
    text = ("Trưởng ban Pháp chế đề nghị UBND xã cập nhật sổ địa chính. Qua kiểm tra, Đoàn nhận thấy nhiều "
            "thửa đất công bị lấn chiếm kéo dài.")
    assert _rows(text) == [("Cập nhật sổ địa chính", "UBND xã")]


def test_an_appeal_after_a_directive_is_not_an_action():
    text = ("Chủ tịch UBND huyện yêu cầu các xã ven sông di dời dân khỏi vùng sạt lở. Đồng chí kêu gọi các "
            "doanh nghiệp trên địa bàn chung tay hỗ trợ lương thực cho bà con.")
    assert _rows(text) == [("Di dời dân khỏi vùng sạt lở", "các xã ven sông")]


def test_a_directed_appeal_stays_an_action():
    text = "Chủ tịch UBND huyện yêu cầu Ủy ban MTTQ huyện vận động, kêu gọi các doanh nghiệp ủng hộ quỹ."
    assert _rows(text) == [("Vận động, kêu gọi các doanh nghiệp ủng hộ quỹ", "Ủy ban MTTQ huyện")]


# --- a report in the passive past goes on over the comma ------------------------------------------------

def test_a_direction_told_in_the_passive_past_is_a_report():
    text = ("Các nội dung giải trình mà doanh nghiệp chưa đồng tình, tiếp tục kiến nghị, đã được UBND huyện "
            "tiếp thu, chỉ đạo các phòng, ban chuyên môn tiếp tục xem xét trả lời.")
    assert _rows(text) == []


# --- a warning to whoever fails ----------------------------------------------------------------------

def test_a_warning_to_whoever_fails_is_not_an_action():
    text = ("Chủ tịch UBND huyện yêu cầu các xã tăng cường tuần tra rừng. Xã nào để xảy ra cháy rừng do chủ "
            "quan, Chủ tịch UBND xã phải chịu trách nhiệm.")
    assert _rows(text) == [("Tăng cường tuần tra rừng", "các xã")]


def test_a_warning_with_then_is_not_an_action():
    text = ("Giám đốc Sở Y tế yêu cầu các bệnh viện bảo đảm đủ thuốc. Đơn vị nào để thiếu thuốc kéo dài thì "
            "thủ trưởng đơn vị đó bị xem xét kỷ luật.")
    assert _rows(text) == [("Bảo đảm đủ thuốc", "các bệnh viện")]


# --- remarks, the speaker's own acts, intentions and demands made before --------------------------------

DIRECTIVE = "Đoàn giám sát đề nghị UBND huyện chỉ đạo giải quyết dứt điểm các đơn thư tồn đọng. "
FIRST = ("Chỉ đạo giải quyết dứt điểm các đơn thư tồn đọng", "UBND huyện")


def test_a_remark_on_what_was_said_is_not_an_action():
    assert _rows(DIRECTIVE + "Đây là việc cấp bách trong những tháng cuối năm.") == [FIRST]
    assert _rows(DIRECTIVE + "Đó là kết luận của Trưởng đoàn tại buổi làm việc với huyện.") == [FIRST]


def test_criticism_and_a_ceremony_by_the_speaker_are_not_actions():
    assert _rows(DIRECTIVE + "Đồng chí phê bình hai xã còn chậm gửi báo cáo.") == [FIRST]
    assert _rows(DIRECTIVE + "Dịp này, Chủ tịch UBND tỉnh trao giấy khen cho ba tập thể.") == [FIRST]
    assert _rows(DIRECTIVE + "Đồng chí tin tưởng rằng, huyện sẽ hoàn thành các chỉ tiêu.") == [FIRST]


def test_the_reply_of_the_body_supervised_is_not_an_action():
    assert _rows(DIRECTIVE + "Lãnh đạo UBND huyện tiếp thu và sẽ chỉ đạo các phòng khắc phục.") == [FIRST]


def test_a_demand_made_once_before_is_history():
    text = DIRECTIVE + "Năm 2022, HĐND huyện từng yêu cầu UBND huyện xử lý việc này nhưng đến nay chưa xong."
    assert _rows(text) == [FIRST]


def test_each_body_with_a_duty_stays_an_action():
    text = DIRECTIVE + "Từng xã phải báo cáo kết quả trước ngày 30/6."
    assert _rows(text) == [FIRST, ("Từng xã phải báo cáo kết quả trước ngày 30/6", "UBND huyện")]


# --- what an inspection found, the reply of the body addressed, a document cited as the basis ----------

def test_what_an_inspection_found_is_not_an_action():
    text = ("UBND tỉnh yêu cầu các sở tăng cường kiểm tra an toàn thực phẩm. Qua kiểm tra, phát hiện "
            "25 cơ sở kinh doanh vi phạm.")
    assert _rows(text) == [("Tăng cường kiểm tra an toàn thực phẩm", "các sở")]


def test_a_step_after_an_inspection_in_a_list_stays():
    text = "UBND huyện yêu cầu các phòng: Qua kiểm tra, xử lý nghiêm các vi phạm."
    assert _rows(text) == [("Qua kiểm tra, xử lý nghiêm các vi phạm", "các phòng")]


def test_the_reply_of_the_body_addressed_is_not_an_action():
    text = ("Kết luận buổi làm việc, Chủ tịch UBND tỉnh yêu cầu Sở Y tế rà soát nhu cầu thuốc.\n\n"
            "Tiếp thu ý kiến chỉ đạo, Giám đốc Sở Y tế cho biết sẽ tổ chức đấu thầu thuốc trong tháng 7.")
    assert _rows(text) == [("Rà soát nhu cầu thuốc", "Sở Y tế")]


def test_a_requirement_cited_as_the_basis_is_not_a_directive():
    text = ("Thực hiện Công văn số 456 của UBND tỉnh yêu cầu các huyện tăng cường phòng chống cháy rừng, UBND huyện "
            "đã thành lập năm tổ xung kích.")
    assert _rows(text) == []


def test_a_directive_made_under_a_plan_stays():
    text = "Thực hiện Kế hoạch số 12 của UBND tỉnh, UBND huyện yêu cầu các xã rà soát hộ nghèo."
    assert _rows(text) == [("Rà soát hộ nghèo", "các xã")]


# --- an addressee list after "đề nghị," is not split off as an action ----------------------------------

def test_an_addressee_list_after_a_trigger_and_comma_stays_whole():
    text = ("Phát biểu tại phiên họp, Chủ tịch UBND tỉnh đề nghị, Sở Giáo dục và Đào tạo, các huyện cần tập trung "
            "rà soát đội ngũ giáo viên.")
    assert _rows(text) == [("Tập trung rà soát đội ngũ giáo viên", "Sở Giáo dục và Đào tạo, các huyện")]


# --- a quotation named a directive by the sentence after it ---------------------------------------------

def test_a_quotation_named_a_directive_is_read_as_one():
    text = ("“Sở Nông nghiệp và Phát triển nông thôn phối hợp với UBND các huyện tập trung kiểm tra, hướng dẫn việc "
            "tiêm phòng cho đàn gia súc; chủ động theo dõi tình hình dịch bệnh, không để lây lan diện rộng”. Đó là "
            "yêu cầu của Chủ tịch UBND tỉnh tại cuộc họp sáng 3/6.")
    lead = "Sở Nông nghiệp và Phát triển nông thôn"
    assert _rows(text) == [("Tập trung kiểm tra, hướng dẫn việc tiêm phòng cho đàn gia súc", lead),
                           ("Chủ động theo dõi tình hình dịch bệnh, không để lây lan diện rộng", lead)]


def test_a_quotation_named_an_assessment_is_not_a_directive():
    text = ("“Năm nay, huyện đã hoàn thành vượt mức kế hoạch giải ngân vốn đầu tư công”. Đó là đánh giá của Chủ tịch "
            "UBND huyện tại hội nghị.")
    assert _rows(text) == []
