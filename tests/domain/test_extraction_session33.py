"""Session 33: more verbs the annotated actions open with ("xử nghiêm", "hình thành") end the name before them.
Every sentence here is written for these tests (no published sentence)."""
from datetime import date

import pytest

from tracker.domain.extraction import UnitDirectory, extract, parse_deadline

D = date(2026, 3, 2)
EMPTY = UnitDirectory([])


def _rows(text: str, engine: str = "rules") -> list[tuple[str | None, str]]:
    return [(p.lead, p.text) for p in extract(text, D, EMPTY, engine=engine)]


@pytest.mark.parametrize("engine", ["rules", "model"])
@pytest.mark.parametrize("lead, verb", [("các Sở Tư pháp", "xử nghiêm các trường hợp chậm trả hồ sơ"),
                                        ("Sở Công Thương", "hình thành chuỗi liên kết tiêu thụ vải thiều")])
def test_a_new_verb_ends_the_name_and_starts_the_action(engine, lead, verb):
    rows = _rows(f"Chủ tịch UBND tỉnh giao {lead} {verb} trong năm 2026.", engine)
    assert rows == [(lead, verb[0].upper() + verb[1:] + " trong năm 2026")]


@pytest.mark.parametrize("engine", ["rules", "model"])
@pytest.mark.parametrize("body", ["MTTQ các cấp", "Mặt trận các cấp", "Công đoàn các cấp", "Công đoàn ngành Giáo dục"])
def test_the_front_and_the_unions_are_addressees(engine, body):
    rows = _rows(f"Ban Thường vụ Huyện ủy đề nghị {body} vận động hội viên tham gia hiến đất làm đường.", engine)
    assert rows == [(body, "Vận động hội viên tham gia hiến đất làm đường")]


def test_a_half_year_between_the_demand_and_its_addressee_dates_the_action():
    props = extract("Phát biểu bế mạc, Chủ tịch UBND huyện đề nghị, 6 tháng cuối năm 2026, UBND các xã rà soát "
                    "hộ nghèo và báo cáo kết quả.", D, EMPTY)
    assert [(p.lead, p.text, p.deadline) for p in props] == [
        ("UBND các xã", "Rà soát hộ nghèo và báo cáo kết quả", date(2026, 12, 31))]


@pytest.mark.parametrize("phrase, due", [
    ("ghi nhận kết quả các cấp Hội đã đạt được trong năm 2025, đồng thời", None),
    ("rà soát các dự án đã được phê duyệt trong năm 2024", None),
    ("các dự án đã được phê duyệt phải hoàn thành trong năm 2026", date(2026, 12, 31)),
])
def test_a_time_told_after_da_is_no_deadline(phrase, due):
    assert parse_deadline(phrase, D).deadline == due


def test_the_chain_after_a_past_result_takes_the_year_it_is_asked_for():
    # the year of the results ("đã đạt được trong năm 2025") is not the year the steps are due; the default (model)
    # engine gives the steps after ';' the time phrase that opens their sentence
    props = extract("Kết luận hội nghị, Chủ tịch Hội Nông dân tỉnh ghi nhận những kết quả các cấp Hội đã đạt được "
                    "trong năm 2025, đồng thời nhấn mạnh trong năm 2026, các cấp Hội cần làm tốt công tác nắm bắt dư "
                    "luận; tổ chức Hội thi Nhà nông đua tài; tham gia xây dựng nông thôn mới.", D, EMPTY, engine="model")
    assert len(props) == 3
    assert {p.deadline for p in props} == {date(2026, 12, 31)}


@pytest.mark.parametrize("phrase, due", [("trong 02 tuần tới", date(2026, 3, 16)), ("trong 10 ngày tới", date(2026, 3, 12)),
                                         ("trong ba tháng tới", date(2026, 6, 2))])
def test_a_span_ahead_counts_from_the_document(phrase, due):
    info = parse_deadline(f"Các phòng hoàn thành việc rà soát {phrase}.", D)
    assert info.deadline == due and "deadline_ambiguous" not in info.flags


def test_a_span_with_no_start_stays_undated():
    info = parse_deadline("Các phòng hoàn thành việc rà soát trong 15 ngày.", D)
    assert info.deadline is None and "deadline_ambiguous" in info.flags


def test_leaders_and_staff_of_an_office_are_one_addressee():
    rows = _rows("Chánh Văn phòng yêu cầu lãnh đạo, công chức, viên chức và người lao động Văn phòng UBND tỉnh khẩn "
                 "trương rà soát các nhiệm vụ còn tồn đọng.")
    assert rows == [("lãnh đạo, công chức, viên chức và người lao động Văn phòng UBND tỉnh",
                     "Khẩn trương rà soát các nhiệm vụ còn tồn đọng")]


@pytest.mark.parametrize("engine", ["rules", "model"])
def test_traffic_is_part_of_a_name_not_the_verb_to_assign(engine):
    rows = _rows("UBND tỉnh chỉ đạo Hạt Quản lý giao thông huyện Lâm Bình tăng cường bảo dưỡng tuyến đường tỉnh.",
                 engine)
    assert rows == [("Hạt Quản lý giao thông huyện Lâm Bình", "Tăng cường bảo dưỡng tuyến đường tỉnh")]


def test_inspection_teams_named_by_both_checks_are_one_addressee():
    rows = _rows("Sở Y tế lập 6 đoàn liên ngành. Các đoàn thanh tra, kiểm tra có trách nhiệm kiểm tra việc bảo đảm an "
                 "toàn thực phẩm tại các quận.")
    assert rows == [("Các đoàn thanh tra, kiểm tra", "Kiểm tra việc bảo đảm an toàn thực phẩm tại các quận")]


def test_to_inspect_and_check_is_no_inspectorate():
    # "Thanh tra, kiểm tra việc …" opens with two verbs; the inspectorate is not its lead
    props = extract("Các đoàn thanh tra, kiểm tra có trách nhiệm kiểm tra công tác bảo đảm an toàn thực phẩm. Thanh tra, "
                    "kiểm tra việc thực hiện quy định tại các cơ sở sản xuất.", D, EMPTY)
    assert "Thanh tra" not in [p.lead for p in props]


def test_in_the_year_dates_the_action():
    assert parse_deadline("để Chính phủ trình Quốc hội vào năm 2027", D).deadline == date(2027, 12, 31)


@pytest.mark.parametrize("engine", ["rules", "model"])
def test_the_police_by_its_force_and_a_religious_affairs_board_are_read_whole(engine):
    rows = _rows("Giám đốc Công an tỉnh yêu cầu Cảnh sát Phòng cháy và Chữa cháy tỉnh tăng cường kiểm tra các chợ.", engine)
    assert rows == [("Cảnh sát Phòng cháy và Chữa cháy tỉnh", "Tăng cường kiểm tra các chợ")]
    rows = _rows("Ban Chỉ đạo công tác tôn giáo thị xã yêu cầu các phường nắm chắc tình hình các cơ sở tôn giáo.", engine)
    assert rows == [("các phường", "Nắm chắc tình hình các cơ sở tôn giáo")]


@pytest.mark.parametrize("text, lead, action", [
    ("Đảng ủy yêu cầu từng ủy viên Ban Thường vụ theo dõi các chi bộ cơ sở.", "từng ủy viên Ban Thường vụ",
     "Theo dõi các chi bộ cơ sở"),
    ("Huyện ủy yêu cầu các cấp ủy viên, đảng viên gương mẫu thực hiện quy định nêu gương.", "các cấp ủy viên, đảng viên",
     "Gương mẫu thực hiện quy định nêu gương"),
])
def test_party_committee_members_are_addressees(text, lead, action):
    assert _rows(text) == [(lead, action)]
