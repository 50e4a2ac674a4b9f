"""Round 36 of the extraction rules (docs/extraction.md, "Round 36"): causes of the misses, extra proposals and wrong
leads of batches ep/eq, er/es, et/eu and ev/ew. Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. an inspection's recommendation told in the past, to a body named with its action: "Đoàn kiểm tra đã kiến nghị
# UBND tỉnh X xử lý …" (as "đã đề nghị", round 34) ---------------------------------------------------------------------

def test_a_inspection_recommended_a_named_body():
    text = ("Qua kiểm tra, Đoàn thanh tra liên ngành đã kiến nghị UBND huyện Sơn Hà thu hồi đất của các dự án chậm "
            "triển khai.\n")
    assert _rows(text) == [("Thu hồi đất của các dự án chậm triển khai", "UBND huyện Sơn Hà")]


def test_a_recommendation_names_the_body_not_the_one_it_directs():
    text = ("Để chấm dứt tình trạng này, Sở Xây dựng đã kiến nghị UBND tỉnh tiếp tục chỉ đạo UBND các huyện rà soát "
            "các bến bãi ven sông.\n")
    assert _rows(text) == [("Tiếp tục chỉ đạo UBND các huyện rà soát các bến bãi ven sông", "UBND tỉnh")]


def test_a_recommendation_without_a_body_stays_news():
    text = "Trong năm, Thanh tra huyện đã kiến nghị xử lý nhiều vụ việc vi phạm trật tự xây dựng.\n"
    assert _rows(text) == []


def test_a_background_recommendation_stays_news():
    text = "Trước đó, Đoàn kiểm tra đã kiến nghị UBND xã Tân Lập hoàn trả số tiền thu sai.\n"
    assert _rows(text) == []


# --- B. a numbered picture's caption closing its line: "… kiểm tra việc thực hiện chính sách - Ảnh 1." is no action
# and no break in the passage ------------------------------------------------------------------------------------------

def test_b_numbered_caption_is_no_action():
    text = ("Liên đoàn Lao động huyện đề nghị các công đoàn cơ sở tăng cường tư vấn pháp luật cho công nhân.\n\n"
            "Rà soát chế độ bảo hiểm cho người lao động tại khu công nghiệp - Ảnh 1.\n")
    assert _rows(text) == [("Tăng cường tư vấn pháp luật cho công nhân", "các công đoàn cơ sở")]


def test_b_passage_goes_on_over_a_numbered_caption():
    text = ("Sở Công Thương yêu cầu các ban quản lý chợ thực hiện các nội dung sau:\n"
            "- Rà soát phương án phòng cháy tại các chợ.\n"
            "Lực lượng chữa cháy diễn tập tại chợ trung tâm huyện - Ảnh 2.\n"
            "- Kiểm tra hệ thống điện của các ki-ốt.\n")
    assert _rows(text) == [("Rà soát phương án phòng cháy tại các chợ", "các ban quản lý chợ"),
                           ("Kiểm tra hệ thống điện của các ki-ốt", "các ban quản lý chợ")]


def test_b_illustration_note_still_read():
    text = "Bộ Xây dựng yêu cầu các địa phương rà soát nhà chung cư cũ - Ảnh minh họa\n"
    assert _rows(text) == [("Rà soát nhà chung cư cũ - Ảnh minh họa", "các địa phương")]


# --- C. a time between the demand and its addressee or action, without a comma: "yêu cầu thời gian tới X …", "yêu cầu
# trước mắt tập trung …", "yêu cầu từ nay đến hết năm 2026, X phải …" ----------------------------------------------------

def test_c_coming_period_before_the_addressee():
    text = "Đoàn kiểm tra yêu cầu thời gian tới Ban Chỉ huy Quân sự huyện tiếp tục rà soát kế hoạch huấn luyện.\n"
    assert _rows(text) == [("Tiếp tục rà soát kế hoạch huấn luyện", "Ban Chỉ huy Quân sự huyện")]


def test_c_from_now_to_the_year_end_before_the_addressee():
    text = "Bộ trưởng yêu cầu từ nay đến hết năm 2026, Cục Đường bộ phải hoàn thành việc kiểm tra các dự án.\n"
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [("Hoàn thành việc kiểm tra các dự án", "Cục Đường bộ")]
    assert props[0].deadline == date(2026, 12, 31)


def test_c_for_now_before_the_action():
    text = "Thủ tướng yêu cầu trước mắt tập trung kiểm tra các chợ, trung tâm thương mại.\n"
    assert _rows(text) == [("Tập trung kiểm tra các chợ, trung tâm thương mại", None)]


def test_c_time_told_of_a_past_demand_stays_news():
    text = "Trước đó, UBND tỉnh đã yêu cầu thời gian tới các huyện rà soát quỹ đất công.\n"
    assert _rows(text) == []


# --- D. a paragraph that quotes a directive, its speaker and demand after it: "“Cần …”, Thủ tướng yêu cầu.", "\"…\" -
# Phó Thủ tướng đề nghị, …"; a quoted remark ("… nhấn mạnh") stays news -------------------------------------------------

def test_d_quote_then_the_demand():
    text = ("Chiều 5/3, Thủ tướng chủ trì cuộc họp về giải ngân vốn đầu tư công.\n\n"
            "\"Không để hồ sơ của doanh nghiệp bị chậm trễ quá thời hạn mà không có lý do\", Thủ tướng yêu cầu.\n")
    assert _rows(text) == [("Không để hồ sơ của doanh nghiệp bị chậm trễ quá thời hạn mà không có lý do", None)]


def test_d_quote_then_the_direction_with_a_named_speaker():
    text = "\"Cần hỗ trợ kịp thời cho các gia đình bị thiệt hại do lũ quét\", Phó Thủ tướng Trần Văn An chỉ đạo.\n"
    assert _rows(text) == [("Hỗ trợ kịp thời cho các gia đình bị thiệt hại do lũ quét", None)]


def test_d_quote_names_its_addressee():
    text = ("“Các sở, ngành phải rà soát ngay danh mục dự án chậm tiến độ” - Chủ tịch UBND tỉnh đề nghị, đồng thời "
            "khẳng định tỉnh sẽ hỗ trợ nhà đầu tư.\n")
    assert _rows(text) == [("Rà soát ngay danh mục dự án chậm tiến độ", "Các sở, ngành")]


def test_d_quoted_remark_stays_news():
    text = "\"Việc thành lập Ban quản lý đã phát huy vai trò dẫn dắt của tỉnh\" - Phó Thủ tướng nhấn mạnh.\n"
    assert _rows(text) == []


# --- E. inside a directing passage, a topic closed by "thì" before its step: "Đối với <topic> thì phải <step>" (as round
# 34's "Đối với <topic> cần …"; the item keeps the topic) ------------------------------------------------------------------

def test_e_topic_then_step_after_thi():
    text = ("Phó Thủ tướng yêu cầu tập trung kiểm tra an toàn phòng cháy tại các chung cư mini, nhà trọ.\n\n"
            "Đối với những cơ sở vi phạm nghiêm trọng thì phải tạm thời đình chỉ hoạt động.\n")
    assert _rows(text) == [("Tập trung kiểm tra an toàn phòng cháy tại các chung cư mini, nhà trọ", None),
                           ("Đối với những cơ sở vi phạm nghiêm trọng thì phải tạm thời đình chỉ hoạt động", None)]


def test_e_topic_with_thi_and_a_directing_word_names_the_addressee():
    text = ("Đối với các dự án chậm tiến độ thì UBND tỉnh yêu cầu Sở Kế hoạch và Đầu tư rà soát, đề xuất thu hồi.\n")
    assert _rows(text) == [("Rà soát, đề xuất thu hồi", "Sở Kế hoạch và Đầu tư")]


# --- F. bodies named together that "chỉ đạo" their units do their own step of a plan: "Sở Y tế và UBND các huyện chỉ đạo
# các trạm y tế …; phối hợp …"; one body that "chỉ đạo" another is its issuer, and "vừa chỉ đạo" is news of the issuer ----

def test_f_bodies_together_direct_their_units():
    text = ("Sở Y tế và UBND các huyện chỉ đạo các trạm y tế rà soát danh sách người cao tuổi; phối hợp với Bảo hiểm xã hội "
            "tỉnh cấp thẻ bảo hiểm y tế.\n")
    assert _rows(text) == [("Chỉ đạo các trạm y tế rà soát danh sách người cao tuổi", "Sở Y tế và UBND các huyện"),
                           ("Phối hợp với Bảo hiểm xã hội tỉnh cấp thẻ bảo hiểm y tế", "Sở Y tế và UBND các huyện")]


def test_f_after_a_plans_duty():
    text = ("Theo đó, Sở Tư pháp có trách nhiệm phối hợp với các huyện tuyên truyền pháp luật về đất đai.\n"
            "Công an tỉnh, Sở Xây dựng chỉ đạo các đơn vị liên quan kiểm tra các bãi cát trái phép.\n")
    assert [lead for _, lead in _rows(text)] == ["Sở Tư pháp", "Công an tỉnh"]     # the first body of the list


def test_f_one_issuer_names_the_units():
    text = "UBND tỉnh chỉ đạo Sở Y tế rà soát các cơ sở khám bệnh tư nhân.\n"
    assert _rows(text) == [("Rà soát các cơ sở khám bệnh tư nhân", "Sở Y tế")]


def test_f_bodies_that_have_just_directed_name_the_units():
    text = "Sở Y tế và UBND các huyện vừa chỉ đạo các trạm y tế rà soát danh sách người cao tuổi.\n"
    assert _rows(text) == [("Rà soát danh sách người cao tuổi", "các trạm y tế")]
