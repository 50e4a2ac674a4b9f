"""Round 7 of the extraction rules (docs/extraction.md, "round 7 development log"): recall on
forms seen on batch i/j and generalised. The sentences are written for these tests."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2023, 5, 10)
EMPTY = UnitDirectory([])


def test_plain_paragraphs_under_a_directing_list_introduction_are_its_items():
    text = ("Sau đợt kiểm tra, Phòng Giáo dục nêu một số hạn chế và yêu cầu các trường khắc phục ngay "
            "những nội dung sau:\n"
            "Việc quản lý hồ sơ học sinh, cần thực hiện đúng hướng dẫn của Phòng. Sổ điểm phải được "
            "ghi chép đầy đủ.\n"
            "Riêng các trường mầm non phải bố trí đủ giáo viên cho từng nhóm lớp.\n"
            "Tuyệt đối không được thu các khoản ngoài quy định khi chưa có ý kiến của phụ huynh.\n"
            "Tăng cường kiểm tra nội bộ trong từng tổ chuyên môn.\n")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == [
        "Việc quản lý hồ sơ học sinh, cần thực hiện đúng hướng dẫn của Phòng",
        "Sổ điểm phải được ghi chép đầy đủ",
        "Bố trí đủ giáo viên cho từng nhóm lớp",
        "Tuyệt đối không được thu các khoản ngoài quy định khi chưa có ý kiến của phụ huynh",
        "Tăng cường kiểm tra nội bộ trong từng tổ chuyên môn"]
    assert [p.lead for p in props] == ["các trường", "các trường", "các trường mầm non", "các trường", "các trường"]


def test_a_news_paragraph_with_a_modal_after_a_directive_is_not_an_item():
    text = ("Chủ tịch UBND huyện yêu cầu Phòng Nông nghiệp kiểm tra các hồ chứa trước mùa mưa.\n"
            "Theo báo cáo, nhiều hộ dân phải di dời do sạt lở trong năm qua và chưa có nơi ở ổn định.\n")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == ["Kiểm tra các hồ chứa trước mùa mưa"]


def test_a_short_action_and_its_simultaneous_step_are_one_directive():
    text = "Chủ tịch UBND xã yêu cầu Ban Tài chính xã rà soát các khoản chi, đồng thời báo cáo kết quả về Thường trực HĐND."
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == [
        "Rà soát các khoản chi, đồng thời báo cáo kết quả về Thường trực HĐND"]


def test_a_long_action_and_its_simultaneous_step_are_two():
    text = ("Ban Chỉ huy phòng chống thiên tai huyện đề nghị các xã, thị trấn khẩn trương rà soát toàn bộ các hồ "
            "chứa, kè sông, các khu dân cư ven suối và những điểm có nguy cơ sạt lở cao trên địa bàn theo đúng "
            "hướng dẫn của Ban Chỉ huy tỉnh về ứng phó với mưa lũ trong mùa mưa năm nay, đồng thời gửi kết quả "
            "về Phòng Nông nghiệp trước ngày 20/5/2023.")
    props = extract(text, D, EMPTY)
    assert len(props) == 2
    assert props[1].text == "Gửi kết quả về Phòng Nông nghiệp trước ngày 20/5/2023"
    assert props[1].deadline == date(2023, 5, 20)


def test_a_counted_group_and_a_group_named_without_comma_are_addressees():
    text = ("UBND huyện vừa yêu cầu 14 đơn vị nộp lại số tiền chi sai theo kết luận thanh tra. UBND huyện cũng yêu cầu "
            "các cơ quan đơn vị nói trên tổ chức kiểm điểm trách nhiệm của cá nhân liên quan.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("14 đơn vị", "Nộp lại số tiền chi sai theo kết luận thanh tra"),
        ("các cơ quan đơn vị nói trên", "Tổ chức kiểm điểm trách nhiệm của cá nhân liên quan")]


def test_a_demand_told_in_the_past_by_an_official_directs_and_its_next_paragraph_keeps_the_addressee():
    text = ("Sau khi nghe báo cáo, Giám đốc Sở Tài chính Trần Văn B đã yêu cầu Ban Quản lý dự án huyện rà soát "
            "lại toàn bộ hồ sơ thanh toán của gói thầu.\n"
            "Hoàn thiện thủ tục quyết toán công trình. Đồng thời, báo cáo kết quả về Sở trước ngày 15/6/2023.\n"
            "Sở Tài chính sẽ cử cán bộ theo dõi việc thực hiện của đơn vị.\n")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == [
        "Rà soát lại toàn bộ hồ sơ thanh toán của gói thầu",
        "Hoàn thiện thủ tục quyết toán công trình",
        "Báo cáo kết quả về Sở trước ngày 15/6/2023"]
    assert {p.lead for p in props} == {"Ban Quản lý dự án huyện"}
    assert props[2].deadline == date(2023, 6, 15)


def test_a_past_demand_to_explain_in_a_questioning_session_is_not_a_task():
    text = ("Tại phiên họp, nhiều đại biểu đã yêu cầu Chủ tịch UBND xã giải trình về việc chậm chi trả chế độ. "
            "Thường trực HĐND xã đã yêu cầu UBND xã làm rõ nguyên nhân chậm giải ngân.")
    assert extract(text, D, EMPTY) == []


def test_a_comma_after_the_trigger_before_the_addressees():
    text = ("Phát biểu kết luận, Chủ tịch UBND tỉnh đề nghị, Sở Tài chính, các ngành, địa phương cần rà soát "
            "lại các khoản thu ngân sách.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("Sở Tài chính, các ngành, địa phương", "Rà soát lại các khoản thu ngân sách")]


def test_a_request_followed_by_its_object_after_a_comma_is_not_a_trigger():
    text = "Hội nghị đã nghe báo cáo và kiến nghị, đề xuất của Sở Nội vụ về tổ chức bộ máy."
    assert extract(text, D, EMPTY) == []


def test_a_topic_before_the_trigger_and_a_duty_assigned_with_responsibility():
    text = ("Đối với đề án sắp xếp thôn, tổ dân phố, giao Phòng Nội vụ chịu trách nhiệm thẩm định hồ sơ của các xã "
            "trước khi trình UBND huyện.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("Phòng Nội vụ", "Chịu trách nhiệm thẩm định hồ sơ của các xã trước khi trình UBND huyện")]


def test_responsibility_before_a_superior_is_not_an_action():
    text = ("Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng kiểm tra các tuyến đường. Giám đốc Sở chịu trách "
            "nhiệm trước Chủ tịch UBND tỉnh nếu để xảy ra sự cố.")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == ["Kiểm tra các tuyến đường"]


def test_a_body_leading_a_task_before_the_trigger_in_a_quoted_paragraph():
    text = ("Chủ tịch UBND huyện yêu cầu Phòng Tài chính rà soát nguồn vốn của dự án.\n"
            "“Phòng Kinh tế - Hạ tầng chủ trì giám sát chất lượng công trình. Đề nghị các xã phối hợp giải phóng "
            "mặt bằng đúng tiến độ.”\n")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("Phòng Tài chính", "Rà soát nguồn vốn của dự án"),
        ("Phòng Kinh tế - Hạ tầng", "Giám sát chất lượng công trình"),
        ("các xã", "Phối hợp giải phóng mặt bằng đúng tiến độ")]


def test_a_directing_heading_with_its_own_action_before_the_list_introduction():
    text = ("Ban Thường vụ yêu cầu các chi bộ tiếp tục nâng cao chất lượng sinh hoạt chi bộ định kỳ trong quý III, "
            "tập trung vào những nội dung sau:\n"
            "- Rà soát danh sách đảng viên miễn sinh hoạt.\n")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("các chi bộ", "Tiếp tục nâng cao chất lượng sinh hoạt chi bộ định kỳ trong quý III"),
        ("các chi bộ", "Rà soát danh sách đảng viên miễn sinh hoạt")]
    assert props[0].deadline == date(2023, 9, 30)


def test_a_list_introduction_without_an_action_of_its_own_proposes_only_the_items():
    text = ("Ban Thường vụ đề nghị các chi bộ quan tâm chỉ đạo, thực hiện tốt một số nội dung sau:\n"
            "- Rà soát danh sách đảng viên miễn sinh hoạt.\n")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == ["Rà soát danh sách đảng viên miễn sinh hoạt"]


def test_a_duty_assigned_in_the_passive_and_a_second_body_after_while():
    text = ("UBND tỉnh yêu cầu các sở, ngành rà soát quy trình nội bộ.\n"
            "Sở Nội vụ được giao hướng dẫn các địa phương sắp xếp bộ máy. Công an tỉnh bảo đảm an ninh trật tự "
            "tại các điểm bầu cử, trong khi Sở Thông tin và Truyền thông chủ trì tuyên truyền trên báo chí.\n")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("các sở, ngành", "Rà soát quy trình nội bộ"),
        ("Sở Nội vụ", "Hướng dẫn các địa phương sắp xếp bộ máy"),
        ("Công an tỉnh", "Bảo đảm an ninh trật tự tại các điểm bầu cử"),
        ("Sở Thông tin và Truyền thông", "Tuyên truyền trên báo chí")]


def test_a_body_assigned_earlier_in_a_news_report_is_not_a_task():
    text = "Năm 2022, Sở Nội vụ được giao 45 biên chế công chức, đã tuyển dụng đủ."
    assert extract(text, D, EMPTY) == []


def test_a_topic_then_the_speaker_then_the_trigger_names_the_addressee_after_the_trigger():
    text = ("Chủ tịch UBND huyện chỉ đạo: Phòng Tư pháp rà soát các văn bản. Đối với các kiến nghị của cử tri, "
            "ông đề nghị các xã, thị trấn trả lời bằng văn bản cho từng cử tri.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("Phòng Tư pháp", "Rà soát các văn bản"),
        ("các xã, thị trấn", "Trả lời bằng văn bản cho từng cử tri")]


def test_a_plan_and_a_visit_told_as_news_are_not_tasks():
    text = ("Phó Chủ tịch UBND tỉnh yêu cầu Sở Y tế bố trí đủ thuốc cho các trạm y tế.\n"
            "Dự kiến, tại phiên họp tháng sau, UBND tỉnh sẽ trình đề án sắp xếp các trạm y tế.\n"
            "Kiểm tra tại Trạm Y tế xã Tân Lập (huyện Đồng Phú, tỉnh Bình Phước), Phó Chủ tịch UBND tỉnh nghe "
            "lãnh đạo trạm báo cáo tình hình khám chữa bệnh.\n")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == ["Bố trí đủ thuốc cho các trạm y tế"]


def test_a_concession_is_not_a_directive_and_the_request_after_therefore_is():
    text = ("Mặc dù UBND huyện đã tiếp thu và chỉ đạo các phòng chuyên môn trả lời cử tri, tuy nhiên nhiều kiến "
            "nghị chưa được giải quyết. Vì vậy, Thường trực HĐND huyện đề nghị UBND huyện tập trung chỉ đạo giải "
            "quyết dứt điểm các kiến nghị tồn đọng, cần rà soát lại kết quả trả lời trước đây.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("UBND huyện", "Tập trung chỉ đạo giải quyết dứt điểm các kiến nghị tồn đọng"),
        ("UBND huyện", "Rà soát lại kết quả trả lời trước đây")]


def test_a_modal_after_an_opening_topic_does_not_split_the_action():
    text = ("Chủ tịch UBND xã yêu cầu: Đối với các hộ lấn chiếm vỉa hè, cần lập biên bản và "
            "yêu cầu tháo dỡ trước ngày 30/6/2023.")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == ["Lập biên bản và yêu cầu tháo dỡ trước ngày 30/6/2023"]


def test_the_breakdown_of_sums_after_an_order_is_not_a_list_of_tasks():
    text = ("UBND huyện yêu cầu 9 đơn vị nộp lại số tiền chi sai hơn 800 triệu đồng theo kết luận thanh tra.\n"
            "Cụ thể, UBND 5 xã nộp lại hơn 300 triệu đồng; Ban Quản lý dự án huyện trên 250,5 triệu đồng; "
            "Phòng Văn hóa huyện 40 triệu đồng.\n")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("9 đơn vị", "Nộp lại số tiền chi sai hơn 800 triệu đồng theo kết luận thanh tra")]


def test_a_general_remark_after_a_directive_paragraph_keeps_no_addressee():
    text = ("Chủ tịch UBND huyện giao Phòng Nội vụ rà soát hồ sơ cán bộ.\n"
            "Bên cạnh đó, cần quan tâm hơn nữa đến công tác tuyên truyền.\n")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("Phòng Nội vụ", "Rà soát hồ sơ cán bộ"), (None, "Quan tâm hơn nữa đến công tác tuyên truyền")]


def test_an_enumerated_noun_after_a_semicolon_goes_on_with_the_object():
    text = ("Bí thư Huyện ủy yêu cầu thành lập các tiểu ban nội dung, tuyên truyền; tiểu ban hậu cần và tiểu ban "
            "an ninh. Các xã, thị trấn rà soát danh sách đại biểu; bố trí phương tiện đưa đón.")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == [
        "Thành lập các tiểu ban nội dung, tuyên truyền; tiểu ban hậu cần và tiểu ban an ninh",
        "Rà soát danh sách đại biểu",
        "Bố trí phương tiện đưa đón"]


def test_a_second_request_after_a_comma_names_its_own_addressee():
    text = ("Kết luận buổi thẩm tra, ông Nguyễn Văn C đề nghị UBND xã hoàn chỉnh các báo cáo trình kỳ họp, "
            "kiến nghị Ban Tài chính xã rà soát lại dự toán chi thường xuyên.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("UBND xã", "Hoàn chỉnh các báo cáo trình kỳ họp"),
        ("Ban Tài chính xã", "Rà soát lại dự toán chi thường xuyên")]


def test_a_year_report_of_a_past_demand_is_not_a_task():
    text = "Năm 2022, Bộ Y tế đã yêu cầu các địa phương tăng cường tiêm chủng. Nhờ đó, tỷ lệ tiêm chủng đạt 95%."
    assert extract(text, D, EMPTY) == []


def test_an_earlier_demand_told_as_background_is_not_a_task():
    text = ("Trước đó, UBND tỉnh đã yêu cầu Sở Xây dựng kiểm tra chất lượng công trình nhưng đến nay chưa có báo cáo. "
            "Tại buổi làm việc, Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng báo cáo kết quả kiểm tra trong tháng 6/2023.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text, p.deadline) for p in props] == [
        ("Sở Xây dựng", "Báo cáo kết quả kiểm tra trong tháng 6/2023", date(2023, 6, 30))]


def test_a_body_chairing_an_event_in_the_news_is_not_a_task():
    for text in ("Hội nghị do Sở Tư pháp chủ trì tổ chức với sự tham dự của đại diện 20 xã.",
                 "Sở Y tế chủ trì, phối hợp với Sở Tài chính tổ chức hội thảo về chuyển đổi số vào sáng nay."):
        assert extract(text, D, EMPTY) == []


def test_a_prescription_in_the_passive_goes_on_with_the_passage():
    text = ("Chủ tịch UBND huyện yêu cầu Phòng Giáo dục kiểm tra cơ sở vật chất các trường.\n"
            "Các phòng học xuống cấp cần được sửa chữa trước khai giảng năm học mới.\n"
            "Theo báo cáo, nhiều hộ dân phải di dời do sạt lở trong năm qua.\n")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("Phòng Giáo dục", "Kiểm tra cơ sở vật chất các trường"),
        (None, "Các phòng học xuống cấp cần được sửa chữa trước khai giảng năm học mới")]


def test_an_order_to_recover_a_sum_stays_a_task():
    text = ("Chánh Thanh tra tỉnh kiến nghị Giám đốc Sở Công Thương tổ chức kiểm điểm các cá nhân có liên quan; "
            "thu hồi nộp ngân sách số tiền 1,2 tỷ đồng.")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == [
        "Tổ chức kiểm điểm các cá nhân có liên quan", "Thu hồi nộp ngân sách số tiền 1,2 tỷ đồng"]


def test_a_title_keeps_the_verb_after_a_modal_when_the_deadline_is_cut():
    text = ("Thường trực HĐND huyện đề nghị UBND huyện quan tâm một số nội dung sau:\n"
            "Một là, các công trình chuyển tiếp phải hoàn thành trong quý III/2023.\n"
            "Hai là, rà soát hồ sơ đất đai, hoàn thành trước ngày 15/8/2023.\n")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.deadline) for p in props] == [
        ("Các công trình chuyển tiếp phải hoàn thành trong quý III/2023", date(2023, 9, 30)),
        ("Rà soát hồ sơ đất đai, hoàn thành trước ngày 15/8/2023", date(2023, 8, 15))]


def test_a_passive_duty_in_a_list_and_an_addressee_topic_with_a_comma():
    text = ("Giám đốc Sở Y tế yêu cầu các bệnh viện tuyến huyện:\n"
            "- Bảo đảm đủ thuốc, vật tư y tế phục vụ khám chữa bệnh.\n"
            "- Các khoa cần được bố trí đủ nhân lực trực 24/24 giờ.\n"
            "Qua giám sát, Ban Pháp chế kiến nghị UBND tỉnh bố trí đủ kinh phí. Đối với UBND huyện, cần chủ động "
            "rà soát các đối tượng thụ hưởng.\n")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("các bệnh viện tuyến huyện", "Bảo đảm đủ thuốc, vật tư y tế phục vụ khám chữa bệnh"),
        ("các bệnh viện tuyến huyện", "Các khoa cần được bố trí đủ nhân lực trực 24/24 giờ"),
        ("UBND tỉnh", "Bố trí đủ kinh phí"),
        ("UBND huyện", "Chủ động rà soát các đối tượng thụ hưởng")]


def test_a_restricted_group_and_the_school_as_addressees():
    text = ("Chủ tịch UBND huyện yêu cầu: (1) Các xã ven biển rà soát phương án sơ tán dân; (2) Phòng Nông nghiệp "
            "kiểm tra hệ thống đê điều. Đoàn giám sát đề nghị nhà trường cần quan tâm hơn nữa đến công tác y tế "
            "trường học.\nCác xã đã triển khai tiêm chủng đạt 90%.\n")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("Các xã ven biển", "Rà soát phương án sơ tán dân"),
        ("Phòng Nông nghiệp", "Kiểm tra hệ thống đê điều"),
        ("nhà trường", "Quan tâm hơn nữa đến công tác y tế trường học")]


def test_while_waiting_opens_a_clause_whose_subject_follows_the_comma():
    text = ("Chủ tịch UBND huyện yêu cầu Phòng Y tế kiểm tra các cơ sở. Trong khi chờ kết quả xét nghiệm, các xã phải "
            "theo dõi chặt chẽ các hộ gia đình.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.text) for p in props] == [
        ("Phòng Y tế", "Kiểm tra các cơ sở"), ("các xã", "Theo dõi chặt chẽ các hộ gia đình")]


def test_an_obligation_missed_in_the_past_is_a_report_not_a_task():
    text = ("Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng kiểm tra chất lượng công trình.\n"
            "Công trình này phải được bàn giao từ năm 2021 nhưng chủ đầu tư chậm hoàn thiện hồ sơ.\n")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == ["Kiểm tra chất lượng công trình"]


def test_a_report_under_a_list_introduction_is_not_an_item():
    text = ("Sở yêu cầu các trường thực hiện các nội dung sau:\n"
            "Theo báo cáo, nhiều trường đã phải thuê phòng học do thiếu cơ sở vật chất.\n")
    assert extract(text, D, EMPTY) == []
