"""Round 31 of the extraction rules (docs/extraction.md, "Round 31"): causes of the misses, extra proposals and wrong
leads of batches dr/ds and dv/dw. Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. "Bộ cũng yêu cầu X …": the body that spoke, named again by its head alone, directs a new addressee -----------

def test_a_ministry_named_by_its_head_directs_again():
    text = ("Bộ Xây dựng yêu cầu các sở rà soát hồ sơ cấp phép năm 2024. "
            "Bộ cũng yêu cầu Thanh tra Bộ chủ trì tổng hợp kết quả, báo cáo Lãnh đạo Bộ.\n")
    assert _rows(text) == [("Rà soát hồ sơ cấp phép năm 2024", "các sở"),
                           ("Tổng hợp kết quả, báo cáo Lãnh đạo Bộ", "Thanh tra Bộ")]


def test_a_department_named_by_its_head_directs_again():
    text = ("Sở Y tế yêu cầu các bệnh viện tuyến huyện kiểm tra kho thuốc. "
            "Sở đề nghị Phòng Y tế các huyện phối hợp giám sát việc mua sắm thiết bị.\n")
    rows = _rows(text)
    assert rows[-1][1] == "Phòng Y tế các huyện"


# --- B. a text wrapped by hard line breaks: a line starting "11." after a line ending "… và" goes on the sentence; a
# long paragraph ending with ':' heads its list when its directing sentence (from the trigger) is short, and only that
# sentence dates the list ------------------------------------------------------------------------------------------

_WRAPPED = (
    "Theo dự báo của cơ quan khí tượng, năm nay có khoảng 8 đến 11 cơn bão hoạt động trên biển, trong\n"
    "đó khoảng 3 cơn có thể ảnh hưởng trực tiếp hoặc gián tiếp đến tỉnh, mưa lớn tập trung chủ yếu vào\n"
    "các tháng cuối năm và có khả năng xảy ra khoảng 5 đợt lũ, lũ lớn tập trung vào tháng 9 và\n"
    "10. Để chủ động ứng phó với thiên tai trong mùa mưa bão, Chủ tịch UBND tỉnh yêu cầu Ban Chỉ huy\n"
    "quân sự tỉnh, Giám đốc các sở, ngành, Chủ tịch UBND các huyện, thị xã thực hiện tốt các nội dung sau:\n"
    "1. Rà soát phương án sơ tán dân ở vùng trũng thấp; kiểm tra các hồ chứa\n"
    "xung yếu trước mùa lũ.\n"
)


def test_b_a_wrapped_number_after_va_goes_on_the_sentence():
    from tracker.domain.extraction.segment import split_blocks
    blocks = split_blocks(_WRAPPED)
    assert [b.marked for b in blocks] == [False, True]


def test_b_the_directing_sentence_of_a_long_paragraph_heads_the_list():
    rows = [(p.text, " ".join((p.lead or "").split()), p.deadline) for p in extract(_WRAPPED, D, EMPTY)]
    assert rows == [("Rà soát phương án sơ tán dân ở vùng trũng thấp", "Ban Chỉ huy quân sự tỉnh, Giám đốc các sở, ngành, "
                     "Chủ tịch UBND các huyện, thị xã", None),
                    ("Kiểm tra các hồ chứa xung yếu trước mùa lũ", "Ban Chỉ huy quân sự tỉnh, Giám đốc các sở, ngành, "
                     "Chủ tịch UBND các huyện, thị xã", None)]


def test_b_a_numbered_line_after_a_full_stop_stays_an_item():
    from tracker.domain.extraction.segment import split_blocks
    text = _WRAPPED.replace("tháng 9 và\n10. Để", "tháng 9.\n10. Để")
    assert [b.marked for b in split_blocks(text)] == [False, True, True]


# --- C. "nhấn mạnh, nhiệm vụ … mà <body> cần <verb> là <actions>": the tasks named for a body ------------------------

def test_c_the_tasks_a_province_needs_to_attend_to():
    text = ("Bộ trưởng nhấn mạnh, những nhiệm vụ trọng tâm mà tỉnh Hà Giang cần tập trung là hoàn thiện quy hoạch "
            "vùng chè; đẩy nhanh tiến độ các dự án giao thông liên huyện.\n")
    assert _rows(text) == [("Hoàn thiện quy hoạch vùng chè", "tỉnh Hà Giang"),
                           ("Đẩy nhanh tiến độ các dự án giao thông liên huyện", "tỉnh Hà Giang")]


def test_c_tasks_already_done_are_no_directive():
    text = ("Bộ trưởng nhấn mạnh, nhiệm vụ mà tỉnh Hà Giang đã làm tốt là hoàn thiện quy hoạch vùng chè; "
            "đẩy nhanh tiến độ các dự án giao thông liên huyện.\n")
    assert _rows(text) == []


# --- D. a space lost before "đ" ("… Du lịchđề nghị …"): "đ" only opens a syllable, so the glued word is read apart ---

def test_d_a_directing_word_glued_to_the_name_before_it():
    text = "Giám đốc Sở Văn hóa và Du lịchđề nghị các phòng chuyên môn rà soát hồ sơ di tích cấp tỉnh.\n"
    assert _rows(text) == [("Rà soát hồ sơ di tích cấp tỉnh", "các phòng chuyên môn")]


def test_d_abbreviations_with_capital_d_stay_whole():
    from tracker.domain.extraction.normalize import tokenize
    assert [t.raw for t in tokenize("HĐND và KĐT mới, cácđơn vị")] == ["HĐND", "và", "KĐT", "mới", ",", "các", "đơn", "vị"]


# --- E. "theo chỉ đạo của …" after an addressee is a frame, no part of its name; a page cut off inside that frame, before
# the verb, proposes nothing ---------------------------------------------------------------------------------------

def test_e_theo_ends_the_addressee_name():
    text = "Giao UBND huyện theo chỉ đạo của Chủ tịch UBND tỉnh rà soát lại hồ sơ giao đất năm 2023.\n"
    assert [lead for _, lead in _rows(text)] == ["UBND huyện"]


def test_e_theo_doi_stays_the_verb():
    text = "Giao UBND thành phố Hòa Lạc theo dõi việc rà soát hồ sơ giao đất năm 2023.\n"
    assert _rows(text) == [("Theo dõi việc rà soát hồ sơ giao đất năm 2023", "UBND thành phố Hòa Lạc")]


def test_e_a_page_cut_off_inside_the_frame_proposes_nothing_from_it():
    text = ("Chủ tịch UBND tỉnh giao Sở Nội vụ tham mưu thành lập hội đồng kỷ luật đối với cán bộ vi phạm.\n\n"
            "Giao UBND thành phố Hòa Lạc theo chỉ đạo của Chủ t")
    assert _rows(text) == [("Tham mưu thành lập hội đồng kỷ luật đối với cán bộ vi phạm", "Sở Nội vụ")]


# --- F. "thực hiện kết luận, kiến nghị ngay sau khi …": "kiến nghị" after "kết luận," is the noun -----------------------

def test_f_ket_luan_kien_nghi_is_a_noun_pair():
    text = ("Sở yêu cầu các phòng thực hiện nghiêm các kết luận thanh tra.\n\n"
            "Báo cáo kế hoạch tổ chức thực hiện kết luận, kiến nghị ngay sau khi phòng nhận được kết luận.\n")
    assert all(not text.startswith("Ngay") for text, _ in _rows(text))


# --- G. "Về <topic>, <verb> …" after a directing paragraph: the topic, then a step of the same addressee ----------------

def test_g_a_topic_then_its_steps_after_a_directing_paragraph():
    text = ("Sở yêu cầu các trường thực hiện nghiêm túc các kết luận kiểm tra.\n\n"
            "Về thực hiện kế hoạch kiểm tra định kỳ, đột xuất, báo cáo kế hoạch kiểm tra của trường ngay khi nhận được "
            "thông báo. Báo cáo tiến độ khắc phục khi đoàn kiểm tra làm việc tại trường.\n")
    assert _rows(text) == [("Thực hiện nghiêm túc các kết luận kiểm tra", "các trường"),
                           ("Báo cáo kế hoạch kiểm tra của trường ngay khi nhận được thông báo", "các trường"),
                           ("Báo cáo tiến độ khắc phục khi đoàn kiểm tra làm việc tại trường", "các trường")]


def test_g_a_topic_in_news_stays_news():
    text = ("Năm nay huyện hoàn thành kế hoạch thu ngân sách.\n\n"
            "Về thực hiện kế hoạch thanh tra, triển khai 12 cuộc thanh tra tại các xã, phát hiện nhiều sai phạm.\n")
    assert _rows(text) == []


# --- H. a news page's headline under its furniture (a date line, a tag) summarises the article: no action of its own ---

def test_h_a_headline_under_a_date_line_is_a_summary():
    text = ("Thứ 3, Ngày 12/03/2024 -\n\n"
            "Chủ tịch UBND tỉnh yêu cầu kiểm tra toàn diện dự án kè sông chậm tiến độ kéo dài nhiều năm tại huyện Vĩnh Lộc\n"
            "Ngày đăng: 12/03/2024 08:15\n\n"
            "Sau khi kiểm tra hiện trường, Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng kiểm tra toàn diện dự án kè sông "
            "Vĩnh Lộc, làm rõ nguyên nhân chậm tiến độ và trách nhiệm của chủ đầu tư, nhà thầu thi công.\n")
    assert [lead for _, lead in _rows(text)] == ["Sở Xây dựng"]


def test_h_a_long_first_line_with_a_full_stop_is_no_headline():
    text = ("Thứ 3, Ngày 12/03/2024 -\n\n"
            "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng kiểm tra toàn diện dự án kè sông chậm tiến độ tại huyện Vĩnh Lộc.\n\n"
            "Theo báo cáo, dự án được khởi công từ năm 2019 với tổng mức đầu tư hơn 120 tỷ đồng, đến nay mới hoàn thành "
            "khoảng 60% khối lượng, nhiều đoạn kè đã xuống cấp.\n")
    assert [lead for _, lead in _rows(text)] == ["Sở Xây dựng"]


# --- I. "X có Công văn số … yêu cầu …", then "Theo đó, …": the summary of the details below (as "ban hành Công văn") ---

def test_i_a_letter_summarised_before_its_details():
    text = ("UBND tỉnh có Công văn số 215/UBND-KT yêu cầu các đơn vị liên quan kiểm tra, làm rõ thông tin báo chí "
            "phản ánh về việc khai thác cát trái phép trên sông Đà.\n\n"
            "Theo đó, UBND tỉnh giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với UBND huyện Thanh Sơn khẩn trương "
            "kiểm tra, làm rõ thông tin phản ánh, báo cáo UBND tỉnh trước ngày 30/5/2024.\n")
    assert [lead for _, lead in _rows(text)] == ["Sở Tài nguyên và Môi trường"]


# --- J. "Cử tri huyện X: Kiến nghị tỉnh …": a voters' petition named with a colon asks, it directs no one -------------

def test_j_a_petition_after_the_voters_and_a_colon_is_no_directive():
    text = ("Trả lời kiến nghị của cử tri trước Kỳ họp thứ 5\n\n"
            "Cử tri thành phố Tân An: Kiến nghị Tỉnh quan tâm đầu tư hệ thống thoát nước trên tuyến Tỉnh lộ 8 để chống ngập.\n\n"
            "Hiện nay hệ thống thoát nước dọc tuyến do thành phố quản lý; UBND tỉnh đã bố trí vốn năm 2024 để nâng cấp.\n")
    assert _rows(text) == []


def test_j_a_body_before_a_colon_still_directs():
    text = "Kết luận của Chủ tịch UBND tỉnh: Đề nghị Sở Giao thông vận tải nâng cấp tuyến đường liên xã Bản Khe.\n"
    assert [lead for _, lead in _rows(text)] == ["Sở Giao thông vận tải"]


# --- K. "X phối hợp với Y." with nothing after: the cooperation itself is the action -----------------------------------

def test_k_a_bare_cooperation_is_the_action():
    text = ("Thường trực HĐND huyện đề nghị UBND huyện chỉ đạo các phòng chuẩn bị báo cáo trình kỳ họp; "
            "Ủy ban MTTQ huyện phối hợp với HĐND huyện.\n")
    assert _rows(text)[-1] == ("Phối hợp với HĐND huyện", "Ủy ban MTTQ huyện")


def test_k_a_cooperation_before_a_step_stays_a_role():
    text = "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng kiểm tra hồ sơ quyết toán công trình.\n"
    assert _rows(text) == [("Kiểm tra hồ sơ quyết toán công trình", "Sở Tài chính")]
