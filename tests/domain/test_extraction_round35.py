"""Round 35 of the extraction rules (docs/extraction.md, "Round 35"): causes of the misses, extra proposals and wrong
leads of batches eh/ei, ej/ek, el/em and en/eo. Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. the head of a body named by the body's kind or place, without "các": "người đứng đầu cơ quan, đơn vị", "lãnh
# đạo cơ sở", "lãnh đạo huyện Tân Phú", "lãnh đạo xã này"; "… trong ngành" as a group's scope -----------------------------

def test_a_heads_of_agencies_and_units():
    text = "Đoàn kiểm tra đề nghị người đứng đầu cơ quan, đơn vị chấn chỉnh ngay việc niêm yết thủ tục hành chính.\n"
    assert _rows(text) == [("Chấn chỉnh ngay việc niêm yết thủ tục hành chính", "người đứng đầu cơ quan, đơn vị")]


def test_a_grassroots_leaders():
    text = "Phó Chủ tịch UBND tỉnh đề nghị lãnh đạo cơ sở chủ động nắm bắt tâm tư của người dân vùng dự án.\n"
    assert _rows(text) == [("Chủ động nắm bắt tâm tư của người dân vùng dự án", "lãnh đạo cơ sở")]


def test_a_leaders_of_a_named_district_as_a_subject():
    text = ("Chủ tịch UBND tỉnh yêu cầu các sở hoàn thiện hồ sơ giao đất. Bên cạnh đó, lãnh đạo huyện Tân Phú rà soát lại "
            "quy trình cấp phép xây dựng.\n")
    assert _rows(text) == [("Hoàn thiện hồ sơ giao đất", "các sở"),
                           ("Rà soát lại quy trình cấp phép xây dựng", "lãnh đạo huyện Tân Phú")]


def test_a_leaders_of_this_commune():
    text = ("Chủ tịch UBND huyện yêu cầu các xã khắc phục hậu quả sạt lở. Lãnh đạo xã này khẩn trương kiểm điểm, làm rõ "
            "trách nhiệm của cán bộ địa chính.\n")
    assert _rows(text)[1] == ("Khẩn trương kiểm điểm, làm rõ trách nhiệm của cán bộ địa chính", "Lãnh đạo xã này")


def test_a_heads_within_the_sector_in_a_list_item():
    text = ("Bộ trưởng yêu cầu Thủ trưởng các đơn vị trực thuộc Bộ tập trung các nội dung sau:\n"
            "1. Tiếp tục khắc phục các hạn chế đã chỉ ra. Người đứng đầu các cơ quan, đơn vị trong ngành tiếp tục đổi mới "
            "phương thức chỉ đạo; tăng cường phối hợp với các địa phương.\n")
    assert [lead for _, lead in _rows(text)] == ["Thủ trưởng các đơn vị trực thuộc Bộ",
                                                 "Người đứng đầu các cơ quan, đơn vị trong ngành",
                                                 "Người đứng đầu các cơ quan, đơn vị trong ngành"]


def test_a_provincial_leaders_told_in_the_past_stay_news():
    text = "Trước đó, lãnh đạo tỉnh đã kiểm tra thực tế tại công trình kè sông.\n"
    assert _rows(text) == []


# --- B. a count of tasks announced, no task of its own: "tập trung thực hiện tốt 5 nhiệm vụ trọng tâm", "triển khai đồng
# bộ nhiều nhiệm vụ trọng tâm nhằm …", "trong đó, tập trung thực hiện một số nhiệm vụ" ----------------------------------

def test_b_five_key_tasks_announced():
    text = "Theo đó, Thường trực Tỉnh ủy yêu cầu các huyện ủy, thị ủy tập trung thực hiện tốt 5 nhiệm vụ trọng tâm.\n"
    assert _rows(text) == []


def test_b_many_tasks_announced_with_their_aim():
    text = ("Chủ tịch UBND tỉnh yêu cầu các sở, ngành triển khai đồng bộ nhiều nhiệm vụ trọng tâm nhằm giữ vững an ninh "
            "trật tự trong mùa lễ hội; Sở Văn hóa kiểm tra các điểm tổ chức lễ hội.\n")
    assert _rows(text) == [("Kiểm tra các điểm tổ chức lễ hội", "Sở Văn hóa")]


def test_b_a_named_task_is_kept():
    text = "UBND huyện yêu cầu các xã thực hiện tốt nhiệm vụ phòng, chống cháy rừng trong mùa khô.\n"
    assert _rows(text) == [("Thực hiện tốt nhiệm vụ phòng, chống cháy rừng trong mùa khô", "các xã")]


# --- C. a picture's caption: a credit closing the line without a stop before it ("… ẢNH: BÁO TỈNH", "… Ảnh: X. |"),
# "(Trong ảnh: …)", "Ảnh minh họa. Nguồn …"; a directing passage goes on over a caption to the list items after it -------

def test_c_a_credit_without_a_stop_is_a_caption():
    text = ("Theo đó, Chủ tịch UBND tỉnh yêu cầu các sở, ngành tập trung vào những việc trọng tâm.\n\n"
            "Chủ tịch UBND tỉnh kiểm tra tuyến đê biển ở xã Hải An ẢNH: BÁO TỈNH\n\n"
            "Thứ nhất, rà soát các điểm sạt lở ven biển.\n\n"
            "Thứ hai, tổ chức di dời các hộ dân ra khỏi khu vực nguy hiểm.\n")
    assert [t for t, _ in _rows(text)] == ["Tập trung vào những việc trọng tâm", "Rà soát các điểm sạt lở ven biển",
                                           "Tổ chức di dời các hộ dân ra khỏi khu vực nguy hiểm"]


def test_c_the_list_after_a_caption_goes_on_the_passage():
    text = ("Chủ tịch UBND huyện yêu cầu các xã tăng cường phòng, chống dịch sốt xuất huyết.\n\n"
            "Chủ tịch UBND huyện phát biểu tại hội nghị. (Ảnh: Minh Anh)\n\n"
            "- Tổ chức phun hóa chất diệt muỗi tại các ổ dịch.\n"
            "- Vận động người dân vệ sinh môi trường hằng tuần.\n")
    assert [t for t, _ in _rows(text)][1:] == ["Tổ chức phun hóa chất diệt muỗi tại các ổ dịch",
                                               "Vận động người dân vệ sinh môi trường hằng tuần"]


def test_c_a_photo_note_line_is_no_action():
    text = ("Trong ảnh: Chủ tịch UBND tỉnh kiểm tra công tác chuẩn bị bầu cử tại xã Đông Sơn.\n\n"
            "Ảnh minh họa. Nguồn Internet\n")
    assert _rows(text) == []


# --- D. the count of tasks ending a directing paragraph heads the list below it, like "… các nhiệm vụ sau:" ------------

def test_d_the_count_of_tasks_heads_the_items():
    text = ("Theo đó, Thường trực Huyện ủy yêu cầu các chi bộ, đảng bộ cơ sở tập trung thực hiện tốt 3 nhiệm vụ trọng tâm.\n\n"
            "Thứ nhất, tổ chức kiểm điểm tập thể, cá nhân cuối năm đúng hướng dẫn.\n\n"
            "Thứ hai, rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ tới.\n")
    assert _rows(text) == [("Tổ chức kiểm điểm tập thể, cá nhân cuối năm đúng hướng dẫn", "các chi bộ, đảng bộ cơ sở"),
                           ("Rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ tới", "các chi bộ, đảng bộ cơ sở")]


# --- E. a condition opening a step, "Trường hợp <condition>, <step>" / "… thì <step>" / "… khẩn trương <step>": the
# step is the action (as "Nếu … thì …", round 8); "Trường hợp …, yêu cầu …" still names the addressee after it ------------

def test_e_a_case_then_a_modal_step():
    text = ("Hội Nông dân huyện đề nghị các chi hội giám sát việc bán phân bón tại các đại lý. Trường hợp phát hiện phân bón "
            "giả, kém chất lượng, cần kịp thời báo cáo cơ quan quản lý thị trường.\n")
    assert _rows(text) == [("Giám sát việc bán phân bón tại các đại lý", "các chi hội"),
                           ("Kịp thời báo cáo cơ quan quản lý thị trường", "các chi hội")]


def test_e_a_case_without_a_comma_before_its_step():
    text = ("Chủ tịch UBND tỉnh giao Thanh tra tỉnh kiểm tra lại các gói thầu; trường hợp phát hiện dấu hiệu thông thầu, "
            "gây thất thoát khẩn trương chuyển hồ sơ sang cơ quan điều tra.\n")
    assert _rows(text) == [("Kiểm tra lại các gói thầu", "Thanh tra tỉnh"),
                           ("Khẩn trương chuyển hồ sơ sang cơ quan điều tra", "Thanh tra tỉnh")]


def test_e_a_case_then_a_demand_keeps_its_trigger():
    text = "Trường hợp có khó khăn, vướng mắc, yêu cầu các địa phương kịp thời báo cáo UBND tỉnh.\n"
    assert _rows(text) == [("Kịp thời báo cáo UBND tỉnh", "các địa phương")]
