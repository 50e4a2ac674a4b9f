"""Round 6 of the extraction rules (docs/extraction.md): forms seen on the fourth unseen batch and
generalised. The sentences are written for these tests."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract, parse_deadline

D = date(2022, 3, 4)
EMPTY = UnitDirectory([])


def test_a_full_stop_without_its_space_still_ends_a_sentence():
    text = ("Phó Chủ tịch UBND tỉnh yêu cầu Sở Công Thương kiểm tra giá xăng dầu tại các cửa hàng.Đồng thời "
            "báo cáo kết quả về UBND tỉnh; Cục Quản lý thị trường tăng cường kiểm soát hàng giả.")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == [
        "Kiểm tra giá xăng dầu tại các cửa hàng",
        "Báo cáo kết quả về UBND tỉnh",
        "Tăng cường kiểm soát hàng giả"]
    assert [p.lead for p in props] == ["Sở Công Thương", "Sở Công Thương", "Cục Quản lý thị trường"]


def test_abbreviations_and_addresses_with_a_glued_full_stop_are_not_cut():
    text = "Chủ tịch UBND TP.Hồ Chí Minh yêu cầu Sở Y tế cập nhật số liệu lên trang syt.gov.vn hằng ngày."
    props = extract(text, D, EMPTY)
    assert len(props) == 1
    assert props[0].text == "Cập nhật số liệu lên trang syt.gov.vn hằng ngày"


def test_ten_day_parts_of_a_month_resolve_to_their_last_day():
    assert parse_deadline("gửi bản đồ vào trung tuần tháng 4/2022", D).deadline == date(2022, 4, 20)
    assert parse_deadline("hoàn thành trong thượng tuần tháng 5", D).deadline == date(2022, 5, 10)
    assert parse_deadline("xong trước hạ tuần tháng 6 năm 2022", D).deadline == date(2022, 6, 30)
    assert parse_deadline("tổ chức vào đầu tháng 7", D).deadline == date(2022, 7, 10)


def test_a_past_span_from_the_start_of_a_month_is_not_a_deadline():
    assert parse_deadline("từ đầu tháng 1 đến nay đã tiếp nhận 30 hồ sơ", D).deadline is None


def test_the_rest_of_the_year_ends_on_the_last_day_of_the_year():
    assert parse_deadline("phấn đấu hoàn thành chỉ tiêu trong hai tháng còn lại", D).deadline == date(2022, 12, 31)
    assert parse_deadline("tập trung trong những tháng còn lại của năm 2022", D).deadline == date(2022, 12, 31)
    assert parse_deadline("duy trì từ nay đến hết năm", D).deadline == date(2022, 12, 31)


def test_a_ten_day_deadline_leaves_the_task_title():
    text = "Hội nghị giao Sở Tài nguyên và Môi trường cung cấp bản đồ ngập lụt cho các huyện vào trung tuần tháng 4/2022."
    props = extract(text, D, EMPTY)
    assert [(p.text, p.deadline) for p in props] == [
        ("Cung cấp bản đồ ngập lụt cho các huyện vào trung tuần tháng 4/2022", date(2022, 4, 20))]


def test_a_conclusion_told_in_the_past_still_directs():
    text = ("Kết luận hội nghị, đồng chí Phó Chủ tịch UBND huyện đã yêu cầu Phòng Tài chính - Kế hoạch rà soát "
            "lại nguồn vốn đầu tư công của các xã.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [
        ("Rà soát lại nguồn vốn đầu tư công của các xã", "Phòng Tài chính - Kế hoạch")]


def test_a_past_directive_reported_as_news_is_not_a_task():
    text = "Thời gian qua, UBND huyện đã chỉ đạo các phòng, ban tập trung giải quyết kiến nghị của cử tri."
    assert extract(text, D, EMPTY) == []


def test_a_stated_duty_without_a_directing_word_is_a_task():
    text = ("Ngày 3/3/2022, UBND tỉnh có văn bản về việc hỗ trợ giống cho nông dân. Trung tâm Khuyến nông tỉnh "
            "có trách nhiệm tiếp nhận giống và bàn giao cho các huyện trước ngày 20/3/2022.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead, p.deadline) for p in props] == [
        ("Tiếp nhận giống và bàn giao cho các huyện trước ngày 20/3/2022", "Trung tâm Khuyến nông tỉnh", date(2022, 3, 20))]


def test_a_stated_duty_before_a_directive_in_the_same_paragraph():
    text = ("Phòng Văn hóa có nhiệm vụ tổng hợp danh sách các thôn đăng ký, gửi UBND huyện. Yêu cầu UBND các xã "
            "phối hợp tổ chức thực hiện.")
    props = extract(text, D, EMPTY)
    assert [p.lead for p in props] == ["Phòng Văn hóa", "UBND các xã"]
    assert props[0].text == "Tổng hợp danh sách các thôn đăng ký, gửi UBND huyện"


def test_a_quoted_obligation_ends_at_the_quotation_mark():
    text = ('"Các xã phải rà soát hộ nghèo mỗi quý. Chủ tịch UBND xã phải báo cáo kết quả cho Bí thư" - đó là '
            'chỉ đạo của Bí thư Huyện ủy tại hội nghị.')
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [
        ("Rà soát hộ nghèo mỗi quý", "Các xã"),
        ("Báo cáo kết quả cho Bí thư", "Chủ tịch UBND xã")]


def test_a_bare_standing_committee_joined_to_the_boards():
    text = "Chủ tịch HĐND huyện yêu cầu Thường trực và các Ban tập trung chuẩn bị nội dung kỳ họp."
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [("Tập trung chuẩn bị nội dung kỳ họp", "Thường trực và các Ban")]


def test_an_assignment_names_its_addressee_and_a_month_end_deadline():
    text = ("Hội nghị thống nhất phân công các đồng chí Thường trực HĐND xã dự họp tổ dân phố tại các thôn để "
            "nắm kiến nghị của cử tri vào cuối tháng 5 năm 2022; các Ban HĐND xã chủ động chuẩn bị nội dung "
            "giám sát trong quý 3 năm 2022.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead, p.deadline) for p in props] == [
        ("Dự họp tổ dân phố tại các thôn để nắm kiến nghị của cử tri vào cuối tháng 5 năm 2022", "các đồng chí Thường trực HĐND xã",
         date(2022, 5, 31)),
        ("Chủ động chuẩn bị nội dung giám sát trong quý 3 năm 2022", "các Ban HĐND xã", date(2022, 9, 30))]


def test_assigning_duties_to_members_is_an_action_not_a_frame():
    text = "UBND tỉnh yêu cầu các huyện kiện toàn ban chỉ huy; phân công nhiệm vụ cụ thể cho từng thành viên."
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [
        ("Kiện toàn ban chỉ huy", "các huyện"), ("Phân công nhiệm vụ cụ thể cho từng thành viên", "các huyện")]


def test_a_month_end_after_vao_leaves_no_stray_word_in_the_title():
    text = "tổ chức hội nghị vào cuối tháng 6"
    info = parse_deadline(text, D)
    assert (info.deadline, text[info.deadline_span[0]:info.deadline_span[1]]) == (date(2022, 6, 30), "vào cuối tháng 6")


def test_a_list_of_results_in_the_past_is_not_a_list_of_tasks():
    text = ("Năm qua có 12 kiến nghị của cử tri đã được UBND xã giải quyết như: nâng cấp đường liên thôn; "
            "lắp đèn chiếu sáng. Chỉ đạo sửa chữa nhà văn hóa thôn 3. Đẩy nhanh cấp giấy chứng nhận cho nhân dân.")
    assert extract(text, D, EMPTY) == []


def test_a_speaker_after_a_list_of_results_still_directs():
    text = ("Năm qua có 12 kiến nghị đã được UBND xã giải quyết như: nâng cấp đường liên thôn; lắp đèn chiếu sáng. "
            "Chủ tịch HĐND xã yêu cầu UBND xã đẩy nhanh cấp giấy chứng nhận cho nhân dân.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [("Đẩy nhanh cấp giấy chứng nhận cho nhân dân", "UBND xã")]


def _phrase(text: str, when: date = D) -> tuple[date | None, str | None]:
    info = parse_deadline(text, when)
    span = info.deadline_span
    return info.deadline, (text[span[0]:span[1]] if span else None)


def test_the_current_and_the_next_month_or_quarter():
    nov = date(2024, 11, 6)
    assert _phrase("hoàn thành trong tháng này", nov) == (date(2024, 11, 30), "trong tháng này")
    assert _phrase("báo cáo cuối quý này", nov) == (date(2024, 12, 31), "cuối quý này")
    assert _phrase("tổ chức trong tháng tới", nov) == (date(2024, 12, 31), "trong tháng tới")
    assert _phrase("hoàn thành trong quý tới", nov) == (date(2025, 3, 31), "trong quý tới")


def test_two_months_joined_end_with_the_later_one():
    assert _phrase("kiểm tra trong tháng 4 và tháng 5") == (date(2022, 5, 31), "trong tháng 4 và tháng 5")


def test_the_end_of_a_quarter_and_a_last_day_called_han_cuoi():
    assert _phrase("hoàn thành vào cuối quý II") == (date(2022, 6, 30), "vào cuối quý II")
    assert _phrase("nộp hồ sơ, hạn cuối 30/6/2022") == (date(2022, 6, 30), "hạn cuối 30/6/2022")


def test_a_numbered_duty_after_a_news_paragraph():
    text = ("Trưởng đoàn cho biết, Ban sẽ tổng hợp kết quả báo cáo Thường trực HĐND tỉnh.\n\n"
            "Thứ nhất, UBND các xã cần tăng cường kiểm tra hoạt động kinh doanh tại chợ.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [("Tăng cường kiểm tra hoạt động kinh doanh tại chợ", "UBND các xã")]


def test_directing_remarks_introduced_with_y_kien_chi_dao():
    text = ("Đồng chí chủ trì hội nghị có ý kiến chỉ đạo: Sở Xây dựng khẩn trương hoàn thiện quy hoạch chung; "
            "UBND các huyện rà soát quỹ đất tái định cư.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [
        ("Khẩn trương hoàn thiện quy hoạch chung", "Sở Xây dựng"), ("Rà soát quỹ đất tái định cư", "UBND các huyện")]


def test_y_kien_chi_dao_as_a_noun_does_not_direct():
    text = "Các xã đã triển khai ý kiến chỉ đạo của tỉnh về phòng chống dịch trên đàn gia súc."
    assert extract(text, D, EMPTY) == []


def test_no_break_spaces_of_web_pages_separate_sentences_and_words():
    text = ("Chủ tịch UBND tỉnh yêu cầu Sở\u00a0Y tế kiểm tra các cơ sở khám bệnh.\u00a0Sở Tài chính bố trí "
            "kinh phí cho các huyện\u202ftrước ngày 15/4/2022.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead, p.deadline) for p in props] == [
        ("Kiểm tra các cơ sở khám bệnh", "Sở Y tế", None),
        ("Bố trí kinh phí cho các huyện trước ngày 15/4/2022", "Sở Tài chính", date(2022, 4, 15))]
    assert all(p.end <= len(text) for p in props)


def test_an_addressee_heading_without_a_colon_leads_its_items():
    text = ("II. KIẾN NGHỊ\n1. Đối với UBND huyện\n- Bố trí đủ vốn đối ứng cho các dự án chuyển tiếp.\n"
            "- Rà soát danh mục dự án trong quý IV.\n2. Đối với các xã\nThực hiện công khai các khoản đóng góp.\n")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [
        ("Bố trí đủ vốn đối ứng cho các dự án chuyển tiếp", "UBND huyện"),
        ("Rà soát danh mục dự án trong quý IV", "UBND huyện"),
        ("Thực hiện công khai các khoản đóng góp", "các xã")]


def test_a_numbered_heading_naming_only_a_body_leads_its_items():
    text = ("Phó Chủ tịch UBND tỉnh kết luận:\n1. Sở Nông nghiệp và PTNT:\n"
            "- Theo dõi chặt chẽ tình hình dịch bệnh trên đàn lợn;\n"
            "- Cung ứng đủ hóa chất khử trùng cho các huyện trước ngày 25/3/2022.\n"
            "2. UBND các huyện, thành phố:\n- Thành lập các chốt kiểm dịch tạm thời tại các ổ dịch.\n")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.deadline) for p in props] == [
        ("Sở Nông nghiệp và PTNT", None), ("Sở Nông nghiệp và PTNT", date(2022, 3, 25)),
        ("UBND các huyện, thành phố", None)]


def test_a_party_committee_then_its_predicate_lanh_dao():
    text = ("Bí thư Tỉnh ủy đề nghị Huyện ủy lãnh đạo thực hiện tốt công tác giảm nghèo. Bên cạnh đó, cần quan tâm "
            "phát triển cây dược liệu dưới tán rừng.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [
        ("Lãnh đạo thực hiện tốt công tác giảm nghèo", "Huyện ủy"),
        ("Quan tâm phát triển cây dược liệu dưới tán rừng", "Huyện ủy")]


def test_citizens_petitions_are_appeals_not_directives():
    text = ("Tại buổi tiếp xúc, cử tri xã Tân Lập kiến nghị tỉnh sớm nâng cấp đường liên xã; đề nghị ngành điện "
            "khắc phục tình trạng mất điện. Chủ tịch HĐND tỉnh yêu cầu Sở Giao thông vận tải kiểm tra tuyến đường.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [("Kiểm tra tuyến đường", "Sở Giao thông vận tải")]


def test_people_s_committees_and_councils_written_in_full_still_direct():
    text = ("Ủy ban nhân dân huyện yêu cầu các xã rà soát hộ nghèo. Hội đồng nhân dân tỉnh đề nghị UBND tỉnh "
            "báo cáo tiến độ dự án. Về phản ánh của người dân, đề nghị UBND huyện trả lời bằng văn bản.")
    props = extract(text, D, EMPTY)
    assert [p.lead for p in props] == ["các xã", "UBND tỉnh", "UBND huyện"]


def test_the_rest_of_the_year_opens_a_passage_of_tasks():
    text = ("Từ nay đến cuối năm, các xã tập trung đẩy nhanh tiến độ xây dựng nông thôn mới; Phòng Nông nghiệp "
            "hướng dẫn các hợp tác xã xây dựng phương án sản xuất vụ đông.")
    props = extract(text, date(2022, 9, 20), EMPTY)
    assert [(p.lead, p.deadline) for p in props] == [
        ("các xã", date(2022, 12, 31)), ("Phòng Nông nghiệp", date(2022, 12, 31))]


def test_a_single_sentence_about_the_rest_of_the_year_is_news():
    text = "Trong những tháng còn lại của năm, huyện đã tổ chức 3 hội nghị đối thoại với nhân dân."
    assert extract(text, date(2022, 9, 20), EMPTY) == []


def test_a_directive_before_a_list_introduced_by_another_addressee():
    text = ("Theo đó, UBND thành phố yêu cầu Phòng Quản lý đô thị chủ trì, phối hợp với UBND các phường kiểm tra, "
            "xử lý các công trình xây dựng không phép. UBND các phường, xã:\n"
            "- Thường xuyên kiểm tra, phát hiện sớm các vi phạm trật tự xây dựng;\n"
            "- Báo cáo kết quả về UBND thành phố trước ngày 25/10/2022.\n")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [
        ("Kiểm tra, xử lý các công trình xây dựng không phép", "Phòng Quản lý đô thị"),
        ("Thường xuyên kiểm tra, phát hiện sớm các vi phạm trật tự xây dựng", "UBND các phường, xã"),
        ("Báo cáo kết quả về UBND thành phố trước ngày 25/10/2022", "UBND các phường, xã")]
    assert props[0].coordinating == ["UBND các phường"]


def test_cu_the_opens_the_details_and_a_unit_letter_ends_a_sentence():
    text = ("Chủ tịch UBND tỉnh yêu cầu các địa phương chủ động ứng phó với rét đậm. Cụ thể, UBND các huyện hướng "
            "dẫn nhân dân che chắn chuồng trại; không để học sinh đến trường khi nhiệt độ dưới 7 độ C. Sở Nông "
            "nghiệp và PTNT theo dõi diễn biến thời tiết.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props][1:] == [
        ("Hướng dẫn nhân dân che chắn chuồng trại", "UBND các huyện"),
        ("Không để học sinh đến trường khi nhiệt độ dưới 7 độ C", "UBND các huyện"),
        ("Theo dõi diễn biến thời tiết", "Sở Nông nghiệp và PTNT")]


def test_an_initial_in_a_name_does_not_end_the_sentence():
    text = "Chủ tịch UBND huyện Nguyễn V. An yêu cầu các xã rà soát hộ nghèo."
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [("Rà soát hộ nghèo", "các xã")]


def test_a_need_or_a_fact_about_people_is_not_a_duty():
    text = ("Người dân cần cảnh giác với các chiêu lừa đảo qua mạng. Các bệnh nhân phải chờ nhiều giờ để được khám. "
            "Mùa lũ, các em học sinh phải đi bộ 5 km đến trường.")
    assert extract(text, D, EMPTY) == []


def test_items_numbered_with_a_slash():
    text = ("Đồng chí Chủ tịch UBND huyện kết luận như sau:\nI/ NHIỆM VỤ\n"
            "1/ Giao Phòng Kinh tế và Hạ tầng kiểm tra chất lượng đường huyện 12.\n2/ UBND xã Tân Hòa:\n"
            "a/ Phối hợp với đơn vị thi công giải phóng mặt bằng trước ngày 30/8/2022.\n"
            "b/ Tuyên truyền, vận động nhân dân hiến đất làm đường.\n")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.deadline) for p in props] == [
        ("Phòng Kinh tế và Hạ tầng", None), ("UBND xã Tân Hòa", date(2022, 8, 30)), ("UBND xã Tân Hòa", None)]


def test_a_date_at_the_start_of_a_line_is_not_a_number():
    text = "12/5/2022, Chủ tịch UBND huyện yêu cầu các xã rà soát hộ nghèo."
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [("Rà soát hộ nghèo", "các xã")]


def test_a_place_word_in_the_action_does_not_pull_the_name_across_its_verb():
    text = ("Kết luận:\n1. Giao Phòng Nội vụ kiểm tra chất lượng đường huyện 12.\n"
            "2. Ban Quản lý dự án đầu tư xây dựng huyện tổ chức nghiệm thu công trình.\n")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [
        ("Kiểm tra chất lượng đường huyện 12", "Phòng Nội vụ"),
        ("Tổ chức nghiệm thu công trình", "Ban Quản lý dự án đầu tư xây dựng huyện")]


def test_common_administrative_verbs_end_a_name():
    text = ("Chủ tịch UBND tỉnh yêu cầu:\n- Sở Công Thương cân đối nguồn điện cho các khu công nghiệp.\n"
            "- Cục Thuế tỉnh truy thu thuế đối với các doanh nghiệp.\n- Sở Tư pháp góp ý dự thảo quy định.\n"
            "- Trung tâm Tư vấn pháp luật tỉnh hỗ trợ người dân.\n")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [
        ("Cân đối nguồn điện cho các khu công nghiệp", "Sở Công Thương"),
        ("Truy thu thuế đối với các doanh nghiệp", "Cục Thuế tỉnh"),
        ("Góp ý dự thảo quy định", "Sở Tư pháp"),
        ("Hỗ trợ người dân", "Trung tâm Tư vấn pháp luật tỉnh")]


def test_yeu_cau_as_a_noun_after_truoc_or_dap_ung_does_not_direct():
    text = ("Ban Văn hóa - Xã hội kiến nghị UBND tỉnh bố trí kinh phí xây dựng phòng học.\n\n"
            "Trước yêu cầu đổi mới giáo dục, ngành giáo dục đã có nhiều nỗ lực. Nhiều trường chưa đáp ứng yêu cầu "
            "đổi mới phương pháp dạy học.")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [("Bố trí kinh phí xây dựng phòng học", "UBND tỉnh")]
