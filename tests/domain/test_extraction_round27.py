"""Round 27 of the extraction rules (docs/extraction.md, "Round 27"): causes of the misses, extra proposals and wrong
leads of batches cp/cq and cr/cs, checked against the other seen sets. Every sentence here is written for these tests
(no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. "cử tri" before "chỉ đạo" is no appointment ("cử"); the passive "được X chỉ đạo" is a report --------------

def test_a_directive_after_taking_in_the_voters_views():
    text = ("Tiếp thu ý kiến cử tri, UBND huyện chỉ đạo Phòng Kinh tế và Hạ tầng khảo sát, sửa chữa cầu "
            "treo ở thôn Hạ.\n")
    assert _rows(text) == [("Khảo sát, sửa chữa cầu treo ở thôn Hạ", "Phòng Kinh tế và Hạ tầng")]


def test_a_directive_under_a_voters_topic():
    text = "Về kiến nghị của cử tri xã Tân An, UBND huyện chỉ đạo Phòng Tài nguyên và Môi trường kiểm tra bãi rác.\n"
    assert _rows(text) == [("Kiểm tra bãi rác", "Phòng Tài nguyên và Môi trường")]


def test_a_body_appointed_to_direct_is_still_no_directive():
    text = "Ban Thường vụ cử Đảng ủy xã Tân An chỉ đạo tổ chức đại hội điểm.\n"
    assert _rows(text) == []


def test_directing_told_in_the_passive_is_a_report():
    text = ("Đến nay, các kiến nghị của cử tri đã được UBND huyện quan tâm chỉ đạo các phòng, ban tập trung "
            "giải quyết.\n")
    assert _rows(text) == []


# --- B. "… sẽ được <verb> …" with no addressee: what a plan will bring, not an order -----------------------------

def test_what_people_will_be_given_is_no_step_of_the_order_before():
    text = ("UBND tỉnh vừa yêu cầu Sở Y tế lập danh sách người cao tuổi chưa có thẻ bảo hiểm y tế. Theo kế hoạch "
            "của tỉnh, từ đầu năm tới, toàn bộ người cao tuổi ở các xã vùng cao sẽ được cấp thẻ miễn phí. Mỗi "
            "người có thêm một lần khám sức khỏe định kỳ.\n")
    assert _rows(text) == [("Lập danh sách người cao tuổi chưa có thẻ bảo hiểm y tế", "Sở Y tế")]


def test_an_order_with_a_future_passive_inside_keeps_its_addressee():
    text = "UBND huyện yêu cầu các xã rà soát hồ sơ để các hộ nghèo sẽ được hỗ trợ kịp thời.\n"
    assert _rows(text) == [("Rà soát hồ sơ để các hộ nghèo sẽ được hỗ trợ kịp thời", "các xã")]


# --- C. "TP. Cần Thơ" is no modal; "gửi X, yêu cầu …" names X; counted owners ("6 chủ đầu tư") --------------------

def test_a_place_starting_with_can_is_no_modal():
    text = ("Sở Giao thông vận tải TP. Cần Thơ vừa có văn bản gửi các nhà thầu, yêu cầu bố trí đủ biển báo "
            "tại các công trường.\n")
    assert _rows(text) == [("Bố trí đủ biển báo tại các công trường", "các nhà thầu")]


def test_a_document_sent_to_bodies_then_a_comma_names_them():
    text = "Sở Tài chính có công văn gửi UBND các huyện, đề nghị nộp báo cáo quyết toán trước ngày 15/4/2025.\n"
    assert [r[1] for r in _rows(text)] == ["UBND các huyện"]


def test_counted_owners_are_the_addressee():
    text = "Sở Xây dựng yêu cầu 5 chủ đầu tư hoàn thiện hồ sơ nghiệm thu các khu nhà ở xã hội.\n"
    assert _rows(text) == [("Hoàn thiện hồ sơ nghiệm thu các khu nhà ở xã hội", "5 chủ đầu tư")]


# --- D. "Vườn Quốc gia X" / "Khu bảo tồn X" are bodies (their boards); "tuần tra" is a verb ------------------------

def test_a_national_park_with_a_duty():
    text = "Vườn Quốc gia Cúc Phương có trách nhiệm tuần tra các khu rừng đặc dụng trong mùa khô.\n"
    assert _rows(text) == [("Tuần tra các khu rừng đặc dụng trong mùa khô", "Vườn Quốc gia Cúc Phương")]


def test_a_district_and_a_nature_reserve_share_a_duty():
    text = ("UBND huyện Bá Thước và Khu bảo tồn thiên nhiên Pù Luông có trách nhiệm vận động người dân không vào "
            "rừng; nghiêm cấm khai thác gỗ trái phép.\n")
    assert [r[0] for r in _rows(text)] == ["Vận động người dân không vào rừng", "Nghiêm cấm khai thác gỗ trái phép"]


# --- E. after an action done "tại" a place, "; <a place with no verb>" goes on with it -----------------------------

def test_more_places_after_a_semicolon_are_one_action():
    text = ("Sở Y tế yêu cầu lấy mẫu thực phẩm tại bếp ăn tập thể của Công ty may Hòa Bình; kho lạnh của công ty; "
            "tại các quầy bán lẻ để xét nghiệm.\n")
    assert [r[0] for r in _rows(text)] == [
        "Lấy mẫu thực phẩm tại bếp ăn tập thể của Công ty may Hòa Bình; kho lạnh của công ty; tại các quầy bán lẻ "
        "để xét nghiệm"]


def test_a_new_step_after_a_place_stays_apart():
    text = ("Sở Y tế yêu cầu lấy mẫu thực phẩm tại bếp ăn tập thể của Công ty may Hòa Bình; báo cáo kết quả "
            "xét nghiệm về Sở.\n")
    assert len(_rows(text)) == 2


# --- F. "Từ … đến nay(,) X chỉ đạo / yêu cầu …": a span up to now tells what has been done --------------------------

def test_directing_since_the_start_of_the_year_is_a_report():
    text = ("Từ đầu năm đến nay UBND xã chỉ đạo hoàn thành 3 tiêu chí còn thiếu: giao thông, trường học, môi "
            "trường.\n")
    assert _rows(text) == []


def test_a_span_from_now_on_still_directs():
    text = "Từ nay đến cuối năm, UBND huyện yêu cầu các xã rà soát hộ nghèo.\n"
    assert [r[1] for r in _rows(text)] == ["các xã"]
