"""Round 32 of the extraction rules (docs/extraction.md, "Round 32"): causes of the misses, extra proposals and wrong
leads of batches dt/du and dx/dy. Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. "<official> đã giao / đã chỉ đạo X <verb> …": a demand told in the past by the one who made it still directs,
# as "đã yêu cầu" did since round 24 (background openers and deputies' questioning stay news) --------------------------

def test_a_past_assignment_by_a_named_body_directs():
    text = "Lãnh đạo tỉnh đã giao Sở Y tế Quảng Bình rà soát lại hồ sơ của các bệnh nhân.\n"
    assert _rows(text) == [("Rà soát lại hồ sơ của các bệnh nhân", "Sở Y tế Quảng Bình")]


def test_a_past_direction_with_a_colon_directs_its_list():
    text = ("Phó Chủ tịch UBND tỉnh Lê Văn An đã chỉ đạo: Các sở, ngành có liên quan, nhất là Sở Tài chính cung cấp "
            "đường dây nóng cho người dân. Nạo vét kênh mương để tránh ngập úng.\n")
    rows = _rows(text)
    assert [r[0] for r in rows] == ["Cung cấp đường dây nóng cho người dân", "Nạo vét kênh mương để tránh ngập úng"]


def test_a_background_past_assignment_stays_news():
    assert _rows("Năm 2022, UBND tỉnh đã giao Sở Y tế rà soát lại hồ sơ của các bệnh nhân.\n") == []
    assert _rows("Trước đó, UBND tỉnh đã chỉ đạo Sở Giao thông vận tải sửa chữa cầu Bến Lội.\n") == []
    assert _rows("Nhiều đại biểu đã chỉ đạo các xã làm rõ nguyên nhân.\n") == []


def test_a_last_months_assignment_stays_news():
    assert _rows("Tuần qua, Sở Nội vụ đã giao các phòng chuyên môn thống kê biên chế.\n") == []


# --- B. "đã ban hành các văn bản, chỉ thị chỉ đạo …", "đã có nhiều công văn chỉ đạo …": documents counted in the past
# are the work done, not one document that directs now ("đã có văn bản chỉ đạo X …" still directs) -------------------

def test_b_documents_counted_in_the_past_are_work_done():
    text = ("Ngay từ đầu năm, chính quyền các xã đã chủ động ban hành các văn bản, chỉ thị chỉ đạo triển khai công tác "
            "tuyên truyền phòng cháy.\n")
    assert _rows(text) == []
    assert _rows("UBND huyện đã ban hành nhiều công văn chỉ đạo các xã rà soát hộ nghèo.\n") == []


def test_b_one_document_still_directs():
    assert _rows("UBND tỉnh đã có văn bản chỉ đạo các sở rà soát hộ nghèo.\n") == [("Rà soát hộ nghèo", "các sở")]


# --- C. "chỉ đạo cơ quan chức năng (và địa phương) <verb> …": right after a trigger, the bare "cơ quan chức năng" is
# the bodies charged, as "các cơ quan chức năng" is; elsewhere ("kiến nghị của cơ quan chức năng") it names no one ---

def test_c_bare_authorities_after_a_trigger():
    text = ("Tại cuộc họp ngày 12/5, Chủ tịch UBND tỉnh Lê Văn Hòa chỉ đạo cơ quan chức năng và địa phương tập trung "
            "xử lý ô nhiễm tại các làng nghề.\n")
    assert _rows(text) == [("Tập trung xử lý ô nhiễm tại các làng nghề", "cơ quan chức năng và địa phương")]
    assert _rows("Sở Công Thương yêu cầu cơ quan chức năng kiểm tra, xử lý nghiêm các cửa hàng vi phạm.\n") == [
        ("Kiểm tra, xử lý nghiêm các cửa hàng vi phạm", "cơ quan chức năng")]


def test_c_authorities_named_in_passing_are_no_addressee():
    assert _rows("Cử tri đề nghị xem xét kiến nghị của cơ quan chức năng về việc sửa đường.\n") == []


# --- D. "yêu cầu chậm nhất (là) (hết) ngày D / tháng M, X phải …": the deadline between the trigger and the addressee,
# as round 14 read "yêu cầu trước ngày D, X phải …" -------------------------------------------------------------------

def test_d_latest_date_before_the_addressee():
    text = "UBND tỉnh yêu cầu chậm nhất là ngày 30/6, các huyện phải hoàn thành việc rà soát hộ nghèo.\n"
    got = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in got] == [("Hoàn thành việc rà soát hộ nghèo", "các huyện")]
    assert got[0].deadline == date(2025, 6, 30)


def test_d_latest_month_before_the_addressee():
    text = "Sở Tài nguyên và Môi trường yêu cầu chậm nhất là hết tháng 9-2024, các cơ sở phải lắp đặt thiết bị quan trắc.\n"
    got = extract(text, D, EMPTY)
    assert [(p.text, p.lead) for p in got] == [("Lắp đặt thiết bị quan trắc", "các cơ sở")]
    assert got[0].deadline == date(2024, 9, 30)


def test_d_deadline_after_the_action_unchanged():
    text = "UBND tỉnh yêu cầu các xã gửi báo cáo chậm nhất ngày 15/7/2025.\n"
    assert [p.deadline for p in extract(text, D, EMPTY)] == [date(2025, 7, 15)]


# --- E. "Với <a circumstance or role>, X cần …": an opening "Với …," is an adverbial before the subject, like
# "Trong …," or "Theo …," ------------------------------------------------------------------------------------------

def test_e_with_opener_before_the_subject():
    text = ("Phó Bí thư đề nghị Ban Thường vụ Huyện ủy chủ động hơn trong việc thực hiện Nghị quyết. "
            "Với số lượng trên 500 hợp tác xã, Huyện ủy Tam Đảo cần phấn đấu đạt kết quả cao hơn.\n")
    assert _rows(text)[-1] == ("Phấn đấu đạt kết quả cao hơn", "Huyện ủy Tam Đảo")


def test_e_with_a_role_opener():
    text = "Với vai trò là cơ quan thường trực, Sở Nội vụ cần tham mưu kịp thời cho UBND tỉnh.\n"
    assert _rows(text) == [("Tham mưu kịp thời cho UBND tỉnh", "Sở Nội vụ")]
