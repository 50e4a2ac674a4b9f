"""Round 22 of the extraction rules (docs/extraction.md, "Round 22"): causes of the misses, extra proposals,
wrong leads and wrong deadlines of batches br/bs and bt/bu, checked against the other seen sets. Every sentence
here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- a topic or a reason between the directing word and its addressee ------------------------------------------

def test_a_reason_before_the_addressee_after_luu_y():
    text = ("Phó Chủ tịch tỉnh lưu ý do thời tiết còn diễn biến phức tạp, các huyện rà soát phương án phòng "
            "chống hạn; lên kế hoạch điều tiết nước cho vụ đông.\n")
    assert _rows(text) == [("Rà soát phương án phòng chống hạn", "các huyện"),
                           ("Lên kế hoạch điều tiết nước cho vụ đông", "các huyện")]


def test_a_reason_with_vi_before_the_addressee():
    text = "Giám đốc Sở yêu cầu vì nắng nóng kéo dài, các trường học bố trí nước uống cho học sinh.\n"
    assert _rows(text) == [("Bố trí nước uống cho học sinh", "các trường học")]


def test_a_topic_after_doi_voi_before_the_addressee():
    text = ("Phó Chủ tịch tỉnh yêu cầu đối với vùng bị sạt lở, đường hư hỏng, chính quyền cơ sở huy động lực "
            "lượng dọn dẹp bùn đất; hỗ trợ các hộ bị thiệt hại.\n")
    assert _rows(text) == [("Huy động lực lượng dọn dẹp bùn đất", "chính quyền cơ sở"),
                           ("Hỗ trợ các hộ bị thiệt hại", "chính quyền cơ sở")]


def test_a_topic_naming_units_before_another_addressee():
    text = ("Phó Chủ tịch tỉnh yêu cầu đối với các xã bị ảnh hưởng nặng, chính quyền cơ sở huy động lực lượng "
            "dọn dẹp bùn đất.\n")
    assert _rows(text) == [("Huy động lực lượng dọn dẹp bùn đất", "chính quyền cơ sở")]


def test_doi_voi_a_unit_with_its_predicate_stays_the_addressee():
    text = "UBND tỉnh yêu cầu đối với các xã ven biển khẩn trương gia cố đê, kè trước mùa mưa bão.\n"
    assert [lead for _, lead in _rows(text)] == ["các xã ven biển"]


def test_a_demand_made_by_a_body_is_still_a_noun():
    text = "Yêu cầu do Sở Tài chính đưa ra, các đơn vị đã thực hiện xong trong tháng trước.\n"
    assert _rows(text) == []


# --- a duty stated without a directing word, its next steps after ";" -------------------------------------------

def test_a_stated_duty_goes_on_over_semicolons():
    text = ("Các xã phải huy động lực lượng tại chỗ dọn dẹp bùn đất; bố trí chỗ ở tạm cho các hộ mất nhà; "
            "rà soát và sơ tán dân khỏi vùng nguy hiểm.\n")
    assert _rows(text) == [("Huy động lực lượng tại chỗ dọn dẹp bùn đất", "Các xã"),
                           ("Bố trí chỗ ở tạm cho các hộ mất nhà", "Các xã"),
                           ("Rà soát và sơ tán dân khỏi vùng nguy hiểm", "Các xã")]


def test_a_stated_duty_with_dong_thoi_after_a_semicolon():
    text = ("Trường học phải rà soát sĩ số học sinh; đồng thời bố trí giáo viên dạy thay cho lớp còn thiếu.\n")
    assert [t for t, _ in _rows(text)] == ["Rà soát sĩ số học sinh", "Bố trí giáo viên dạy thay cho lớp còn thiếu"]


def test_news_after_a_full_stop_is_not_a_step_of_the_duty():
    text = ("Các xã phải huy động lực lượng tại chỗ dọn dẹp bùn đất. Tổ chức đoàn thể đã đến thăm hỏi các hộ.\n")
    assert [t for t, _ in _rows(text)] == ["Huy động lực lượng tại chỗ dọn dẹp bùn đất"]


# --- a unit's head word in lower case before its capitalised name ----------------------------------------------

def test_so_in_lower_case_after_a_demand():
    text = ("Chủ tịch UBND tỉnh yêu cầu sở Tài nguyên và Môi trường khẩn trương kiểm tra các điểm sạt lở. "
            "Các huyện phối hợp cắm biển cảnh báo.\n")
    assert _rows(text) == [("Khẩn trương kiểm tra các điểm sạt lở", "sở Tài nguyên và Môi trường"),
                           ("Phối hợp cắm biển cảnh báo", "Các huyện")]


def test_phong_in_lower_case_after_a_demand():
    text = "UBND huyện giao phòng Tài chính - Kế hoạch rà soát nguồn vốn cho các công trình thủy lợi.\n"
    assert _rows(text) == [("Rà soát nguồn vốn cho các công trình thủy lợi", "phòng Tài chính - Kế hoạch")]


def test_a_lower_case_so_before_a_common_word_is_no_unit():
    text = "UBND tỉnh yêu cầu các huyện báo cáo số hộ bị ảnh hưởng và sở dĩ chậm trễ.\n"
    assert [lead for _, lead in _rows(text)] == ["các huyện"]


# --- a year written after a dash, a school year ------------------------------------------------------------------

def _deadlines(text: str, when: date = D) -> list[date | None]:
    return [p.deadline for p in extract(text, when, EMPTY)]


def test_a_quarter_with_its_year_after_a_dash():
    text = "UBND tỉnh yêu cầu Sở Xây dựng hoàn thành việc sửa chữa các cầu yếu trong quý IV-2024.\n"
    assert _deadlines(text) == [date(2024, 12, 31)]


def test_a_month_with_its_year_after_a_dash():
    text = "UBND tỉnh yêu cầu Sở Xây dựng hoàn thành việc sửa chữa các cầu yếu trong tháng 9 - 2024.\n"
    assert _deadlines(text) == [date(2024, 9, 30)]


def test_an_undated_text_takes_the_year_of_a_quarter_after_a_dash():
    from tracker.domain.extraction import document_date
    text = "Phó Thủ tướng yêu cầu các tỉnh hoàn thành 30 dự án tái định cư trong quý III-2016.\n"
    assert document_date(text) == date(2016, 1, 1)


def test_an_undated_text_takes_the_year_of_its_school_year():
    from tracker.domain.extraction import document_date
    text = "Sở yêu cầu các trường công khai các khoản thu đầu năm học 2019 - 2020. Kết quả báo cáo trước ngày 30/9.\n"
    assert document_date(text) == date(2019, 1, 1)


def test_a_range_of_days_is_no_year():
    from tracker.domain.extraction import document_date
    assert document_date("Các xã tổ chức ra quân trong tháng 3-4, báo cáo kết quả về huyện.\n") is None


# --- "Kết quả … báo cáo X trước ngày D": the closing step of a directive ----------------------------------------

def test_the_report_of_results_by_a_date_is_a_step():
    text = ("UBND tỉnh yêu cầu Sở Y tế kiểm tra các cơ sở bán thuốc. Kết quả kiểm tra báo cáo UBND tỉnh "
            "trước ngày 15/5/2025.\n")
    assert _rows(text) == [("Kiểm tra các cơ sở bán thuốc", "Sở Y tế"),
                           ("Kết quả kiểm tra báo cáo UBND tỉnh trước ngày 15/5/2025", "Sở Y tế")]


def test_the_report_of_results_with_phai_duoc():
    text = ("Sở Giáo dục yêu cầu các trường rà soát các khoản thu. Kết quả xử lý phải được báo cáo Sở trước "
            "ngày 30/9/2025.\n")
    assert [t for t, _ in _rows(text)][1:] == ["Kết quả xử lý phải được báo cáo Sở trước ngày 30/9/2025"]


def test_results_reported_without_a_date_stay_a_report():
    text = ("UBND tỉnh yêu cầu Sở Y tế kiểm tra các cơ sở bán thuốc. Kết quả kiểm tra báo cáo cho thấy "
            "nhiều cơ sở vi phạm.\n")
    assert [t for t, _ in _rows(text)] == ["Kiểm tra các cơ sở bán thuốc"]


# --- an economic zone named for its management board --------------------------------------------------------------

def test_an_economic_zone_as_the_subject_after_a_directing_paragraph():
    text = ("Phó Chủ tịch UBND tỉnh yêu cầu các ngành chức năng xử lý nghiêm xe quá tải trên tuyến ven biển.\n\n"
            "Khu kinh tế Vũng Áng phối hợp với Công an tỉnh kiểm tra tải trọng xe ra vào cảng.\n")
    assert _rows(text)[1] == ("Kiểm tra tải trọng xe ra vào cảng", "Khu kinh tế Vũng Áng")


# --- a voters' petition under "Cử tri … đề nghị:", and the answer under the next heading ------------------------

PETITION = ("Ý kiến, kiến nghị của cử tri trước kỳ họp thứ 7\n"
            "Cử tri xã Yên Phú, huyện Hàm Yên đề nghị:\n\n"
            "Nâng cấp tuyến đường liên thôn Khuổi Pàn đã xuống cấp, đi lại khó khăn vào mùa mưa.\n\n"
            "TRẢ LỜI:\n\n"
            "Ủy ban nhân dân tỉnh giao Ủy ban nhân dân huyện Hàm Yên rà soát, đưa tuyến đường vào kế hoạch "
            "đầu tư công trung hạn.\n")


def test_a_voters_petition_under_its_heading_is_no_task():
    assert _rows(PETITION) == [("Rà soát, đưa tuyến đường vào kế hoạch đầu tư công trung hạn",
                                "Ủy ban nhân dân huyện Hàm Yên")]


def test_a_petition_of_several_sentences_is_no_task():
    text = PETITION.replace("mùa mưa.", "mùa mưa. Hiện nay, nhiều đoạn bị sạt lở, không bảo đảm an toàn.")
    assert [t for t, _ in _rows(text)] == ["Rà soát, đưa tuyến đường vào kế hoạch đầu tư công trung hạn"]


def test_a_heading_that_directs_after_a_petition_reads_its_list():
    text = ("Cử tri xã Yên Phú đề nghị:\n\nSửa chữa trạm bơm đầu mối của xã.\n\n"
            "UBND tỉnh yêu cầu UBND huyện:\n- Kiểm tra hiện trạng trạm bơm;\n- Lập dự toán sửa chữa.\n")
    assert [t for t, _ in _rows(text)] == ["Kiểm tra hiện trạng trạm bơm", "Lập dự toán sửa chữa"]


# --- "kịp thời phát hiện, xử lý …": a step, not a finding -------------------------------------------------------

def test_kip_thoi_phat_hien_after_a_semicolon_is_a_step():
    text = ("UBND tỉnh giao Công an tỉnh tăng cường tuần tra dịp Tết; kịp thời phát hiện, xử lý các hành vi "
            "đua xe trái phép.\n")
    assert _rows(text) == [("Tăng cường tuần tra dịp Tết", "Công an tỉnh"),
                           ("Kịp thời phát hiện, xử lý các hành vi đua xe trái phép", "Công an tỉnh")]


def test_an_inspectorate_that_found_something_is_still_a_finding():
    text = ("UBND tỉnh yêu cầu Sở Y tế kiểm tra các phòng khám tư nhân. Thanh tra phát hiện, nhiều cơ sở "
            "hoạt động không phép.\n")
    assert [t for t, _ in _rows(text)] == ["Kiểm tra các phòng khám tư nhân"]


# --- "Cùng với đó, / Bên cạnh đó, / Ngoài ra, <verb> …": a paragraph that adds to the duties before it ------------

def test_cung_voi_do_paragraph_keeps_the_addressee():
    text = ("Chủ tịch UBND tỉnh giao Sở Lao động, các huyện rà soát danh sách hộ nghèo trước Tết.\n\n"
            "Cùng với đó, hướng dẫn các xã chi trả trợ cấp đúng đối tượng; chủ động nắm tình hình đời sống "
            "người dân.\n")
    assert [lead for _, lead in _rows(text)] == ["Sở Lao động, các huyện"] * 3


def test_ngoai_ra_paragraph_keeps_the_addressee():
    text = ("Chủ tịch UBND tỉnh giao Sở Y tế tăng cường kiểm tra an toàn thực phẩm dịp Tết.\n\n"
            "Ngoài ra, chuẩn bị đủ cơ số thuốc cho các bệnh viện tuyến huyện.\n")
    assert _rows(text)[1] == ("Chuẩn bị đủ cơ số thuốc cho các bệnh viện tuyến huyện", "Sở Y tế")


def test_a_stated_duty_goes_on_to_a_sentence_opening_dong_thoi():
    text = ("Các xã phải huy động lực lượng tại chỗ dọn dẹp bùn đất; bố trí chỗ ở tạm cho các hộ mất nhà. "
            "Đồng thời, tổ chức cấp phát lương thực cho các hộ bị cô lập.\n")
    assert [t for t, _ in _rows(text)][2:] == ["Tổ chức cấp phát lương thực cho các hộ bị cô lập"]


# --- "các huyện/thành phố", and an office's head inside a title ("trưởng phòng Giáo dục …") ---------------------

def test_places_joined_by_a_slash_are_one_group():
    text = "Sở Y tế yêu cầu UBND các huyện/thành phố tổ chức tiêm bù cho trẻ; các xã/phường báo cáo kết quả.\n"
    assert _rows(text) == [("Tổ chức tiêm bù cho trẻ", "UBND các huyện/thành phố"),
                           ("Báo cáo kết quả", "các xã/phường")]


def test_a_head_of_office_named_by_title():
    text = ("Sở Giáo dục yêu cầu trưởng phòng Giáo dục và Đào tạo các huyện, thủ trưởng các đơn vị trực thuộc "
            "triển khai các nội dung sau:\n1. Rà soát sĩ số học sinh.\n2. Bố trí giáo viên dạy thay.\n")
    assert {lead for _, lead in _rows(text)} == {"trưởng phòng Giáo dục và Đào tạo các huyện, thủ trưởng các đơn vị "
                                                  "trực thuộc"}


def test_a_payment_period_named_by_its_month():
    text = "Thủ tướng yêu cầu Bảo hiểm xã hội chi trả lương hưu tháng 1 vào kỳ chi trả tháng 12-2024.\n"
    assert _deadlines(text) == [date(2024, 12, 31)]


def test_a_reporting_period_named_by_its_month():
    text = "UBND tỉnh yêu cầu các sở gửi số liệu thống kê trong kỳ báo cáo tháng 6.\n"
    assert _deadlines(text) == [date(2025, 6, 30)]


# --- a petition's subject line ("V/v …") and a citizen's petition as a title -------------------------------------

def test_a_subject_line_v_v_is_no_directive():
    text = ("THÔNG TIN Ý KIẾN\n\nV/v Kiến nghị hỗ trợ kinh phí di dời mộ phần khi thu hồi đất làm đường\n\n"
            "UBND tỉnh có ý kiến như sau:\n\nGiao UBND huyện Cam Lộ rà soát, giải quyết theo quy định.\n")
    assert [t for t, _ in _rows(text)] == ["Rà soát, giải quyết theo quy định"]


def test_a_citizen_named_with_an_address_asks():
    text = ("Ông Lê Văn Tâm, thôn Đông, xã Hòa Bình: Đề nghị bồi thường bổ sung 120 m2 đất vườn còn thiếu khi "
            "Nhà nước thu hồi đất của gia đình để làm tuyến đường tỉnh 305 qua địa bàn xã\n\n"
            "UBND tỉnh trả lời:\n\nGiao UBND huyện kiểm tra hồ sơ, trả lời công dân.\n")
    assert [t for t, _ in _rows(text)] == ["Kiểm tra hồ sơ, trả lời công dân"]


def test_a_named_official_with_a_colon_still_directs():
    text = "Ông Trần Văn Minh, Chủ tịch UBND huyện: Yêu cầu các xã hoàn thành thu thuế đất trong tháng 6/2025.\n"
    assert [lead for _, lead in _rows(text)] == ["các xã"]
