"""Round 24 of the extraction rules (docs/extraction.md, "Round 24"): causes of the misses, wrong deadlines, wrong
leads and extra proposals of batches bz/ca and cb/cc, checked against the other seen sets. Every sentence here is
written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- a picture's caption or credit inside a directing passage -----------------------------------------------------

def test_a_photo_credit_line_does_not_end_the_passage():
    text = ("Ban Chỉ huy tỉnh đề nghị UBND các huyện thường xuyên theo dõi tình hình mưa lũ.\n\n"
            "Ảnh: Minh Hà\n\n"
            "Bố trí lực lượng ứng trực tại các điểm có nguy cơ sạt lở.\n")
    assert _rows(text) == [("Thường xuyên theo dõi tình hình mưa lũ", "UBND các huyện"),
                           ("Bố trí lực lượng ứng trực tại các điểm có nguy cơ sạt lở", "UBND các huyện")]


def test_what_is_left_of_a_picture_does_not_end_the_passage():
    text = ("Phó Chủ tịch tỉnh yêu cầu Ban Quản lý dự án tỉnh bảo đảm an toàn lao động trên công trường.\n"
            "![]() |\n"
            "| Phó Chủ tịch tỉnh kiểm tra công trường cầu Bến Đá. |\n"
            "Đồng thời, tăng cường giám sát chất lượng vật liệu.\n")
    assert _rows(text) == [("Bảo đảm an toàn lao động trên công trường", "Ban Quản lý dự án tỉnh"),
                           ("Tăng cường giám sát chất lượng vật liệu", "Ban Quản lý dự án tỉnh")]


def test_a_caption_with_its_credit_is_no_action():
    text = ("Chủ tịch UBND huyện yêu cầu UBND các xã xử lý dứt điểm các công trình xây dựng trái phép.\n"
            "Lực lượng chức năng tháo dỡ công trình vi phạm tại xã Tân Hòa. (Ảnh: Thanh Tùng)\n")
    assert _rows(text) == [("Xử lý dứt điểm các công trình xây dựng trái phép", "UBND các xã")]


def test_a_listed_news_item_after_a_caption_is_not_read_into_the_passage():
    text = ("Phát biểu tại hội nghị, Chủ tịch UBND tỉnh đề nghị các ngành, địa phương nâng cao chất lượng tuyển quân.\n\n"
            "Chủ tịch UBND tỉnh phát biểu tại hội nghị. Ảnh: Quang Minh\n\n"
            "* Cũng trong ngày, Chủ tịch UBND tỉnh đã đi kiểm tra thao trường huấn luyện của Bộ Chỉ huy Quân sự tỉnh.\n")
    assert _rows(text) == [("Nâng cao chất lượng tuyển quân", "các ngành, địa phương")]


def test_a_paragraph_that_does_not_go_on_with_the_passage_is_read_as_outside_it():
    text = ("Bộ trưởng yêu cầu Công an tỉnh quán triệt tư duy mới trong triển khai nhiệm vụ.\n\n"
            "Các chỉ tiêu đề ra phải đo đếm được. Bộ trưởng nhấn mạnh mục tiêu cao nhất là giữ vững ổn định.\n\n"
            "Ảnh: Hải Nam\n\n"
            "Lực lượng công an có vai trò trong mọi lĩnh vực. Do đó, Công an tỉnh phải chủ động tham mưu cho cấp ủy.\n")
    rows = _rows(text)
    assert rows[0] == ("Quán triệt tư duy mới trong triển khai nhiệm vụ", "Công an tỉnh")
    assert ("Chủ động tham mưu cho cấp ủy", "Công an tỉnh") in rows


# --- a chain of steps that trails off ("...; kiểm tra ...") still goes on with the passage ------------------------

def test_a_chain_of_steps_cut_with_an_ellipsis_goes_on_with_the_passage():
    text = ("Tại cuộc họp, Chủ tịch UBND huyện đề nghị Phòng Kinh tế thường xuyên kiểm tra đồng ruộng.\n\n"
            "Bên cạnh đó, xây dựng kế hoạch đào tạo cán bộ; xử lý nghiêm các trường hợp lấn chiếm đất công; "
            "kiểm tra công tác phòng cháy tại các chợ...\n")
    assert _rows(text) == [("Thường xuyên kiểm tra đồng ruộng", "Phòng Kinh tế"),
                           ("Xây dựng kế hoạch đào tạo cán bộ", "Phòng Kinh tế"),
                           ("Xử lý nghiêm các trường hợp lấn chiếm đất công", "Phòng Kinh tế"),
                           ("Kiểm tra công tác phòng cháy tại các chợ", "Phòng Kinh tế")]


def test_one_sentence_that_trails_off_is_not_read_into_the_passage():
    text = ("Tại cuộc họp, Chủ tịch UBND huyện đề nghị Phòng Kinh tế thường xuyên kiểm tra đồng ruộng.\n\n"
            "Tham dự cuộc họp có lãnh đạo các phòng, ban chuyên môn của huyện và các xã...\n")
    assert _rows(text) == [("Thường xuyên kiểm tra đồng ruộng", "Phòng Kinh tế")]


# --- bodies counted in words: "Hai địa phương phải ...", "yêu cầu ba xã ..." ----------------------------------------

def test_two_localities_counted_in_words_as_the_subject():
    text = ("Theo đó, Chủ tịch UBND tỉnh giao UBND xã Tân Lập và xã Tân Hòa tháo dỡ các công trình vi phạm.\n\n"
            "Hai địa phương phải khẩn trương lập hồ sơ xử lý các trường hợp vi phạm; xem xét trách nhiệm của cán bộ "
            "địa chính.\n\n"
            "Bên cạnh đó, hai địa phương thành lập tổ công tác để rà soát toàn bộ đất công.\n")
    assert _rows(text)[1:] == [("Khẩn trương lập hồ sơ xử lý các trường hợp vi phạm", "Hai địa phương"),
                               ("Xem xét trách nhiệm của cán bộ địa chính", "Hai địa phương"),
                               ("Thành lập tổ công tác để rà soát toàn bộ đất công", "hai địa phương")]


def test_communes_counted_in_words_after_a_demand():
    text = "Chủ tịch UBND huyện yêu cầu ba xã ven sông di dời các hộ dân ra khỏi vùng sạt lở.\n"
    assert _rows(text) == [("Di dời các hộ dân ra khỏi vùng sạt lở", "ba xã ven sông")]


# --- ", do đó / vì vậy <subject> cần …": a duty drawn from a statement --------------------------------------------

def test_a_duty_after_do_do_in_a_speech():
    text = ("Phát biểu tại hội nghị, Phó Chủ tịch UBND tỉnh nhấn mạnh, giảm nghèo là nhiệm vụ chính trị quan trọng "
            "của cả hệ thống, do đó các huyện, thị xã cần tập trung huy động nguồn lực xã hội.\n")
    assert _rows(text) == [("Tập trung huy động nguồn lực xã hội", "các huyện, thị xã")]


def test_vi_vay_after_a_directing_word_stays_one_directive():
    text = ("Phát biểu kết luận, Phó Chủ tịch HĐND tỉnh đề nghị huyện Kỳ Sơn cần rà soát các khoản thu ngân sách. "
            "Phó Chủ tịch HĐND tỉnh lưu ý, dự báo tình hình năm tới còn nhiều khó khăn, vì vậy huyện cần bám sát "
            "chỉ đạo của tỉnh, chủ động xây dựng phương án cân đối ngân sách.\n")
    rows = _rows(text)
    assert len(rows) == 2 and rows[1][0].endswith("chủ động xây dựng phương án cân đối ngân sách")


# --- "nhấn mạnh để <purpose>, X cần …"; "… thì <outcome> mới …" is no part of the action ---------------------------

def test_a_purpose_between_nhan_manh_and_the_addressee():
    text = ("Chủ tịch tỉnh nhấn mạnh để giữ vững an ninh ở vùng biên giới, lực lượng công an tỉnh cần phối hợp chặt "
            "chẽ với bộ đội biên phòng.\n")
    assert _rows(text) == [("Phối hợp chặt chẽ với bộ đội biên phòng", "lực lượng công an tỉnh")]


def test_the_outcome_after_thi_moi_is_left_out():
    text = ("Chủ tịch tỉnh nhấn mạnh Sở Y tế cần phối hợp với các bệnh viện tuyến huyện thì việc khám chữa bệnh "
            "mới thực sự thuận lợi cho người dân.\n")
    assert _rows(text) == [("Phối hợp với các bệnh viện tuyến huyện", "Sở Y tế")]


def test_a_condition_with_thi_stays_whole():
    text = "Chủ tịch tỉnh yêu cầu Sở Y tế rà soát danh mục thuốc, khi hết hạn hợp đồng thì mới tổ chức đấu thầu lại.\n"
    assert _rows(text) == [("Rà soát danh mục thuốc, khi hết hạn hợp đồng thì mới tổ chức đấu thầu lại", "Sở Y tế")]


# --- "thông báo để người dân …" is an action; "thông báo để các cơ quan … biết" a formality -----------------------

def test_thong_bao_de_nguoi_dan_is_an_action():
    text = ("UBND tỉnh yêu cầu UBND các xã ven biển hướng dẫn tàu thuyền vào nơi trú tránh.\n\n"
            "Sau bão, các đơn vị phải nhanh chóng thông báo để người dân tổ chức lại sản xuất.\n")
    assert _rows(text) == [("Hướng dẫn tàu thuyền vào nơi trú tránh", "UBND các xã ven biển"),
                           ("Nhanh chóng thông báo để người dân tổ chức lại sản xuất", "các đơn vị")]


def test_thong_bao_de_cac_co_quan_biet_stays_a_formality():
    text = ("Chủ tịch UBND huyện giao Phòng Tài chính bố trí kinh phí sửa chữa trường học.\n"
            "Văn phòng UBND huyện thông báo để các phòng, ban biết, thực hiện.\n")
    assert _rows(text) == [("Bố trí kinh phí sửa chữa trường học", "Phòng Tài chính")]


# --- "tháng 3.2017": a year after a dot ------------------------------------------------------------------------------

def test_a_month_and_year_joined_by_a_dot():
    text = "UBND tỉnh yêu cầu Sở Xây dựng kiểm tra việc cấp phép xây dựng, báo cáo UBND tỉnh trong tháng 4.2019.\n"
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.deadline) for p in props] == [("Sở Xây dựng", date(2019, 4, 30))]


# --- "Đối với sở X, <speaker> yêu cầu phải …": the topic in lower case names the addressee --------------------------

def test_a_lower_case_department_as_the_topic_before_the_demand():
    text = ("Đối với sở Tài nguyên và Môi trường, UBND TP. Hải Phòng yêu cầu phải rà soát hồ sơ giao đất; báo cáo "
            "UBND thành phố trong tháng 5.2018.\n")
    assert [(p.lead, p.deadline) for p in extract(text, D, EMPTY)] == [
        ("sở Tài nguyên và Môi trường", None), ("sở Tài nguyên và Môi trường", date(2018, 5, 31))]


def test_the_speaker_after_the_topic_is_still_left_out():
    text = "Đối với UBND các xã, Đoàn giám sát đề nghị tăng cường kiểm tra việc sử dụng đất công.\n"
    assert _rows(text) == [("Tăng cường kiểm tra việc sử dụng đất công", "UBND các xã")]


# --- a numbered district or ward: "UBND quận 5", "UBND phường 3" ---------------------------------------------------

def test_a_numbered_district_after_a_demand():
    text = "Thanh tra thành phố yêu cầu UBND quận 5 rà soát các công trình xây dựng sai phép.\n"
    assert _rows(text) == [("Rà soát các công trình xây dựng sai phép", "UBND quận 5")]


def test_the_chair_of_a_numbered_ward_as_the_subject():
    text = ("Thanh tra thành phố yêu cầu khẩn trương xử lý các công trình không phép. Chủ tịch UBND phường 12 cần "
            "tổ chức kiểm điểm cán bộ địa chính.\n")
    assert _rows(text)[1] == ("Tổ chức kiểm điểm cán bộ địa chính", "Chủ tịch UBND phường 12")


# --- "có công văn gửi X, Y đề nghị …": the recipients lead; "P.Hải Châu", "Q.Bình Thạnh" abbreviated ---------------

def test_the_recipients_of_a_letter_before_de_nghi():
    text = ("Ngày 5.9, Sở Tài chính có công văn gửi Công an tỉnh, UBND huyện Tân Kỳ đề nghị phối hợp kiểm tra các cơ "
            "sở kinh doanh xăng dầu.\n")
    props = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in props] == [("Phối hợp kiểm tra các cơ sở kinh doanh xăng dầu", "Công an tỉnh")]
    assert props[0].coordinating == ["UBND huyện Tân Kỳ"]


def test_an_addressee_after_de_nghi_still_wins():
    text = "Sở Tài chính có văn bản gửi UBND các huyện đề nghị Phòng Tài chính rà soát nguồn vốn sự nghiệp.\n"
    assert _rows(text) == [("Rà soát nguồn vốn sự nghiệp", "Phòng Tài chính")]


def test_a_ward_abbreviated_with_p_dot():
    text = "Chủ tịch UBND quận yêu cầu UBND P.Tân Định kiểm tra các quán ăn lấn chiếm vỉa hè.\n"
    assert _rows(text) == [("Kiểm tra các quán ăn lấn chiếm vỉa hè", "UBND P.Tân Định")]


# --- "có chỉ đạo yêu cầu X …": the second directing word names the addressee ----------------------------------------

def test_chi_dao_yeu_cau_takes_the_addressee_of_yeu_cau():
    text = ("Sau đó, Bí thư Thành ủy có chỉ đạo yêu cầu UBND thành phố kiểm tra, rà soát việc sử dụng kinh phí "
            "sự nghiệp môi trường.\n")
    assert _rows(text) == [("Kiểm tra, rà soát việc sử dụng kinh phí sự nghiệp môi trường", "UBND thành phố")]


# --- "các địa bàn còn lại, …": areas named as the topic, not an addressee --------------------------------------------

def test_the_remaining_areas_are_no_addressee():
    text = ("Chủ tịch UBND tỉnh yêu cầu các huyện thành lập tổ kiểm tra tại những xã phức tạp; các địa bàn còn lại, "
            "hướng dẫn UBND cấp xã tự rà soát.\n")
    assert [lead for _, lead in _rows(text)] == ["các huyện", "các huyện"]


# --- background told in the past: "Trước đó, …", "Được biết, hồi tháng 5/2018, … đã yêu cầu …" ----------------------

def test_a_finding_after_truoc_do_is_background():
    text = ("Đối với Sở Xây dựng, UBND tỉnh yêu cầu kiểm tra việc cấp phép xây dựng; báo cáo kết quả trong tháng 6.2019. "
            "Trước đó, vào tháng 3.2019, đội kiểm tra liên ngành phát hiện 4 công trình xây dựng sai phép.\n")
    assert _rows(text) == [("Kiểm tra việc cấp phép xây dựng", "Sở Xây dựng"),
                           ("Báo cáo kết quả trong tháng 6.2019", "Sở Xây dựng")]


def test_a_demand_told_back_in_an_earlier_month_is_background():
    text = ("Phó Thủ tướng giao Thanh tra Chính phủ thanh tra việc quản lý đất đai tại huyện Mê Linh.\n\n"
            "Được biết, hồi tháng 5/2018, sau khi xem xét báo cáo của thành phố về kết quả kiểm tra các phản ánh của báo "
            "chí liên quan đến việc giao đất trái thẩm quyền tại một số xã của huyện Mê Linh trong nhiều năm liền, "
            "Phó Thủ tướng cũng đã yêu cầu Chủ tịch UBND thành phố xử lý nghiêm các cá nhân sai phạm.\n")
    assert _rows(text) == [("Thanh tra việc quản lý đất đai tại huyện Mê Linh", "Thanh tra Chính phủ")]


# --- "yêu cầu X chịu trách nhiệm toàn diện …": a full responsibility laid on the addressee ----------------------------

def test_a_full_responsibility_laid_on_the_addressee():
    text = ("Chủ tịch UBND huyện yêu cầu UBND các xã chịu trách nhiệm toàn diện về tình hình an ninh trật tự "
            "trên địa bàn.\n")
    assert _rows(text) == [("Chịu trách nhiệm toàn diện về tình hình an ninh trật tự trên địa bàn", "UBND các xã")]


def test_a_responsibility_before_the_chair_alone_stays_unread():
    text = ("Chủ tịch UBND tỉnh yêu cầu lãnh đạo các huyện chịu trách nhiệm trước Chủ tịch UBND tỉnh về các vi phạm "
            "phát sinh trên địa bàn.\n")
    assert _rows(text) == []


# --- "X bị yêu cầu <verb> …": told in the passive with no agent, what a body underwent ------------------------------

def test_bi_yeu_cau_without_an_agent_is_news():
    text = ("Trường Tiểu học Hòa Bình bị yêu cầu hoàn trả số tiền thu vượt cho phụ huynh học sinh.\n\n"
            "Chủ tịch UBND huyện giao Phòng Giáo dục và Đào tạo kiểm tra các khoản thu đầu năm học.\n")
    assert _rows(text) == [("Kiểm tra các khoản thu đầu năm học", "Phòng Giáo dục và Đào tạo")]


# --- "toàn bộ <things / people> phải …": a quantified plural, like "tất cả"; a generic plural ends before "đã / cũng" --

def test_toan_bo_as_a_quantified_subject():
    text = ("Tỉnh cấm biển từ sáng mai.\n\n"
            "Theo đó, từ 6 giờ ngày 5-9, toàn bộ tàu cá hoạt động ven bờ phải ngừng ra khơi cho đến khi có thông báo mới.\n")
    assert _rows(text) == [("Ngừng ra khơi cho đến khi có thông báo mới", "toàn bộ tàu cá hoạt động ven bờ")]


def test_a_plural_subject_ends_before_da_and_cung():
    text = ("UBND tỉnh yêu cầu các huyện ven biển rà soát số tàu cá chưa đăng ký.\n\n"
            "Toàn bộ tàu cá cũng đã đăng ký, đánh dấu và cập nhật dữ liệu vào hệ thống quản lý nghề cá.\n")
    assert _rows(text) == [("Rà soát số tàu cá chưa đăng ký", "các huyện ven biển")]


# --- "các cơ quan thông tin đại chúng": the mass media, a body ("thông tin" is no verb there) --------------------------

def test_the_mass_media_as_a_subject_in_a_passage():
    text = ("Ban Chỉ huy tỉnh đề nghị UBND các huyện thường xuyên cập nhật tình hình mưa lũ để thông báo cho nhân dân.\n\n"
            "Báo Hà Giang và các cơ quan thông tin đại chúng tăng cường đưa tin về mưa lũ.\n")
    assert _rows(text)[1] == ("Tăng cường đưa tin về mưa lũ", "Báo Hà Giang và các cơ quan thông tin đại chúng")
