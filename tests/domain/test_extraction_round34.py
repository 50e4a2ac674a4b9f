"""Round 34 of the extraction rules (docs/extraction.md, "Round 34"): causes of the misses, extra proposals and wrong
leads of batches ed/ee and ef/eg. Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. staff named by their status right after a demand: "đề nghị cán bộ, công chức phường …", "giao các cán bộ
# chuyên môn …", "giao công chức Địa chính - Xây dựng …" ---------------------------------------------------------------

def test_a_civil_servants_of_the_ward():
    text = ("Kết luận cuộc họp, Chủ tịch UBND phường đề nghị cán bộ, công chức phường thực hiện nghiêm nội quy cơ quan; "
            "nâng cao thái độ phục vụ người dân.\n")
    assert _rows(text) == [("Thực hiện nghiêm nội quy cơ quan", "cán bộ, công chức phường"),
                           ("Nâng cao thái độ phục vụ người dân", "cán bộ, công chức phường")]


def test_a_specialist_staff_after_giao():
    text = "Bên cạnh đó, UBND huyện giao các cán bộ chuyên môn kiểm tra lại hồ sơ cấp phép xây dựng tại hai thị trấn.\n"
    assert _rows(text) == [("Kiểm tra lại hồ sơ cấp phép xây dựng tại hai thị trấn", "các cán bộ chuyên môn")]


def test_a_a_civil_servant_named_by_field():
    text = "Chủ tịch UBND xã giao công chức Địa chính - Xây dựng lập danh sách các hộ lấn chiếm hành lang giao thông.\n"
    assert _rows(text) == [("Lập danh sách các hộ lấn chiếm hành lang giao thông", "công chức Địa chính - Xây dựng")]


def test_a_staff_with_three_statuses():
    text = "Giám đốc Sở yêu cầu cán bộ, công chức, viên chức không uống rượu bia trong giờ làm việc.\n"
    assert _rows(text) == [("Không uống rượu bia trong giờ làm việc", "cán bộ, công chức, viên chức")]


def test_a_staff_as_an_object_is_no_addressee():
    text = "UBND huyện yêu cầu các xã tăng cường đào tạo cán bộ, công chức trẻ.\n"
    assert _rows(text) == [("Tăng cường đào tạo cán bộ, công chức trẻ", "các xã")]


# --- B. "X đã đề nghị Y …": a demand told in the past by its maker, like "đã yêu cầu" (round 24) and "đã giao / đã chỉ
# đạo" (round 32); background ("Trước đó, …") and deputies' questions ("Nhiều đại biểu đã đề nghị …") stay news -----------

def test_b_a_team_told_in_the_past_to_have_asked():
    text = ("Qua kiểm tra, Đoàn kiểm tra liên ngành của huyện đã đề nghị các xã khẩn trương phát quang đường băng cản lửa "
            "trước mùa khô.\n")
    assert _rows(text) == [("Khẩn trương phát quang đường băng cản lửa trước mùa khô", "các xã")]


def test_b_background_asked_before_stays_news():
    text = "Trước đó, UBND tỉnh đã đề nghị các huyện rà soát lại quỹ đất tái định cư.\n"
    assert _rows(text) == []


def test_b_many_deputies_asking_stays_news():
    text = "Trong buổi tiếp xúc, nhiều đại biểu đã đề nghị Sở Giao thông vận tải sớm sửa chữa tuyến đường tỉnh 12.\n"
    assert _rows(text) == []


# --- C. "Vụ <Name>": a department of a ministry is a body ("giao Vụ Pháp chế …"); "Vụ việc …", "Vụ án …" and the
# surname "Vũ" are not ----------------------------------------------------------------------------------------------------

def test_c_a_ministry_department_after_a_second_demand():
    text = ("Thứ trưởng yêu cầu các cục theo dõi sát tiến độ các gói thầu, đồng thời yêu cầu Vụ Pháp chế rà soát lại "
            "các thông tư hướng dẫn.\n")
    assert _rows(text) == [("Theo dõi sát tiến độ các gói thầu", "các cục"),
                           ("Rà soát lại các thông tư hướng dẫn", "Vụ Pháp chế")]


def test_c_a_department_after_giao():
    text = "Bộ trưởng giao Vụ Kế hoạch - Tài chính tổng hợp nhu cầu vốn của các đơn vị.\n"
    assert _rows(text) == [("Tổng hợp nhu cầu vốn của các đơn vị", "Vụ Kế hoạch - Tài chính")]


def test_c_a_case_and_a_surname_are_no_department():
    text = "Vụ việc được ông Vũ Văn Hải báo cáo; UBND huyện yêu cầu Công an huyện điều tra làm rõ.\n"
    assert _rows(text) == [("Điều tra làm rõ", "Công an huyện")]


# --- D. inside a directing passage, a step told of a topic opened by "Đối với …": "Đối với các hồ sơ còn vướng mắc cần
# lập danh sách …", "…; đối với các hộ chưa đồng ý, tổ chức đối thoại …" is an action, its topic kept in its text ----------

def test_d_a_topic_then_a_modal_step_in_the_next_sentence():
    text = ("Chủ tịch UBND huyện đề nghị các xã đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất. Đối với các hồ sơ "
            "còn vướng mắc cần lập danh sách, báo cáo về Phòng Tài nguyên và Môi trường.\n")
    assert _rows(text) == [
        ("Đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất", "các xã"),
        ("Đối với các hồ sơ còn vướng mắc cần lập danh sách, báo cáo về Phòng Tài nguyên và Môi trường", "các xã")]


def test_d_a_topic_then_a_step_after_a_comma_in_a_chain():
    text = ("UBND tỉnh yêu cầu UBND thành phố hoàn thành việc kiểm đếm trong tháng này; đối với các hộ chưa đồng ý phương án "
            "bồi thường, tổ chức đối thoại trực tiếp với từng hộ.\n")
    rows = _rows(text)
    assert rows[1] == ("Đối với các hộ chưa đồng ý phương án bồi thường, tổ chức đối thoại trực tiếp với từng hộ",
                       "UBND thành phố")


def test_d_a_topic_naming_the_addressee_is_unchanged():
    text = "Đối với UBND các xã, Đoàn giám sát đề nghị tăng cường kiểm tra các cơ sở kinh doanh thực phẩm.\n"
    assert _rows(text) == [("Tăng cường kiểm tra các cơ sở kinh doanh thực phẩm", "UBND các xã")]


def test_d_a_topic_in_the_news_stays_news():
    text = "Đối với các hộ bị ảnh hưởng, huyện đã hỗ trợ mỗi hộ 5 triệu đồng để sửa chữa nhà cửa.\n"
    assert _rows(text) == []
