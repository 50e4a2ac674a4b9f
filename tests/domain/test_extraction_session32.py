"""Session 32: verbs the annotated actions open with that the word list missed ("dừng ngay", "ngưng", "nêu cao",
"cử cán bộ", "lập danh sách" …) start an action and end the name before them; "các khó khăn, vướng mắc" is
what is dealt with, not a body; "cuối tuần này", "thứ 2 tuần tới" and "trước Tết Nguyên đán" are dated; a deadline set
before the subject dates the action after it; "giám đốc, thủ trưởng các sở" and "Ban Chỉ đạo phòng, chống …" are read
whole. Every sentence here is written for these tests (no published sentence)."""
from datetime import date

import pytest

from tracker.domain.extraction import UnitDirectory, extract, parse_deadline
from tracker.domain.extraction.narrative import narrative

D = date(2026, 3, 2)
EMPTY = UnitDirectory([])


def _rows(text: str, engine: str = "rules") -> list[tuple[str | None, str]]:
    return [(p.lead, p.text) for p in extract(text, D, EMPTY, engine=engine)]


@pytest.mark.parametrize("verb", ["dừng ngay", "ngưng", "ngừng", "nêu cao trách nhiệm và", "cử cán bộ theo dõi",
                                  "lập danh sách", "tạm đình chỉ", "cương quyết xử lý", "đấu tranh với"])
def test_a_new_verb_ends_the_name_and_starts_the_action(verb):
    rows = _rows(f"Đoàn thanh tra yêu cầu Sở Y tế {verb} các hoạt động ngoài phạm vi chuyên môn.")
    assert len(rows) == 1
    lead, text = rows[0]
    assert lead == "Sở Y tế"
    assert text.lower().startswith(verb.split()[0])


def test_a_named_subject_with_a_new_verb_in_a_chain_is_its_own_lead():
    rows = _rows("Chủ tịch UBND huyện yêu cầu UBND các xã rà soát hộ nghèo; Phòng Y tế huyện dừng ngay việc cấp "
                 "phép cho các cơ sở vi phạm; Công an huyện lập danh sách các đối tượng.")
    assert [lead for lead, _ in rows] == ["UBND các xã", "Phòng Y tế huyện", "Công an huyện"]


def test_the_difficulties_of_a_chain_are_not_its_lead():
    # "…; các khó khăn, vướng mắc, trao đổi ý kiến …": the lead stays the addressee of the request
    rows = _rows("Đồng chí đề nghị các cơ quan, đơn vị tiếp tục rà soát lại công việc; các khó khăn, vướng mắc, "
                 "trao đổi ý kiến với các cơ quan có liên quan, kịp thời báo cáo UBND tỉnh.")
    assert rows and all(lead == "các cơ quan, đơn vị" for lead, _ in rows)


def test_a_ministry_whose_name_ends_like_a_verb_is_not_cut():
    # "Bộ Tài chính sửa đổi": "chính sửa" is not the verb "chỉnh sửa" (it stays out of the word list)
    rows = _rows("Thủ tướng yêu cầu Bộ Tài chính sửa đổi thông tư hướng dẫn.")
    assert rows == [("Bộ Tài chính", "Sửa đổi thông tư hướng dẫn")]


def test_a_finding_is_still_no_action():
    # "phát hiện" and "làm việc" stay out of the word list: an inspection's finding and "buổi làm việc" are
    # reports, not steps
    assert _rows("Qua kiểm tra, Thanh tra tỉnh phát hiện nhiều cơ sở hoạt động không phép. Kết thúc buổi làm "
                 "việc, đoàn công tác ghi nhận nhiều kết quả.") == []


@pytest.mark.parametrize(("phrase", "due"), [
    ("chậm nhất cuối tuần này", date(2024, 5, 19)),      # the document's Tuesday 14/5/2024: that week's Sunday
    ("trong tuần này", date(2024, 5, 19)),
    ("trong tuần tới", date(2024, 5, 26)),
    ("trong thứ 2 tuần tới", date(2024, 5, 20)),
    ("thứ Sáu tuần sau", date(2024, 5, 24)),
])
def test_a_day_of_this_week_or_the_next(phrase, due):
    assert parse_deadline(f"Ngân hàng Nhà nước {phrase} phải công bố quyết định thanh tra", date(2024, 5, 14)).deadline \
        == due


@pytest.mark.parametrize("engine", ["rules", "model"])
def test_a_deadline_before_the_subject_dates_the_action_after_it(engine):
    # "Đồng thời, chậm nhất đến ngày 20/9, các bộ … phải …": the date set before the subject is that action's, not a
    # task of its own
    props = extract("Thủ tướng yêu cầu các bộ báo cáo kết quả. Đồng thời, chậm nhất đến ngày 20/9, các bộ, ngành, "
                    "địa phương phải có ý kiến phản hồi với dự thảo báo cáo.", D, EMPTY, engine=engine)
    assert [(p.lead, p.text, p.deadline) for p in props][-1] == (
        "các bộ, ngành, địa phương", "Có ý kiến phản hồi với dự thảo báo cáo", date(2026, 9, 20))
    assert not any(p.text.startswith("Chậm nhất") for p in props)


@pytest.mark.parametrize("engine", ["rules", "model"])
def test_two_titles_in_lower_case_share_their_bodies(engine):
    props = extract("Chủ tịch UBND thành phố ký công điện yêu cầu giám đốc, thủ trưởng các sở, ban, ngành thành phố "
                    "và chủ tịch UBND các phường, xã chủ động ứng phó với siêu bão.", D, EMPTY, engine=engine)
    assert [(p.lead, p.text) for p in props] == [(
        "giám đốc, thủ trưởng các sở, ban, ngành thành phố và chủ tịch UBND các phường, xã",
        "Chủ động ứng phó với siêu bão")]


def test_a_steering_committee_for_prevention_keeps_its_comma():
    rows = _rows("Điều 2. Ban chỉ đạo phòng, chống dịch bệnh trên người tỉnh có trách nhiệm khẩn trương tổ chức "
                 "triển khai các biện pháp phòng, chống dịch.")
    assert rows == [("Ban chỉ đạo phòng, chống dịch bệnh trên người tỉnh",
                     "Khẩn trương tổ chức triển khai các biện pháp phòng, chống dịch")]


def test_a_name_broken_across_lines_is_proposed_on_one_line():
    rows = _rows("Chủ tịch UBND tỉnh yêu cầu Ban Chỉ huy Phòng, chống thiên\ntai và Tìm kiếm cứu nạn tỉnh khẩn trương "
                 "kiểm tra các hồ đập.")
    assert rows == [("Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh", "Khẩn trương kiểm tra các hồ đập")]


@pytest.mark.parametrize(("phrase", "due"), [
    ("hoàn thành trước tháng 9/2025", date(2025, 8, 31)),    # before the month starts: the month before's last day
    ("trước tháng 1/2026", date(2025, 12, 31)),
    ("trong tháng 9/2025", date(2025, 9, 30)),
    ("trước hết tháng 10/2025", date(2025, 10, 31)),
])
def test_before_a_month_is_the_end_of_the_month_before(phrase, due):
    assert parse_deadline(f"rà soát toàn bộ cơ sở giết mổ nhỏ lẻ, {phrase}", date(2025, 3, 1)).deadline == due


@pytest.mark.parametrize("clause", ["số 1885/UBND-CT ngày 20/3/2025 chỉ đạo công tác giải tỏa chợ cóc, chợ tạm",
                                    "Công văn số 2584/UBND-CT ngày 20/4/2025 chỉ đạo cải tạo chợ trên địa bàn"])
def test_a_document_cited_by_its_number_tells_what_was_issued(clause):
    # "UBND Thành phố đã có các văn bản chỉ đạo: số …/UBND-CT ngày … chỉ đạo …": its directing word is the document's
    assert narrative(clause, 0, len(clause), False) == "report"
    assert narrative("chỉ đạo công tác giải tỏa chợ cóc, chợ tạm", 0, 42, False) is None


@pytest.mark.parametrize("engine", ["rules", "model"])
def test_a_company_named_by_one_word_and_each_step_with_its_own_modal(engine):
    props = extract("Thứ trưởng yêu cầu Vidifi cần tăng cường việc kiểm tra, giám sát, đồng thời phải tạo điều kiện để "
                    "thanh toán cho các nhà thầu, hàng ngày phải giao ban, kiểm điểm công việc.", D, EMPTY, engine=engine)
    assert [(p.lead, p.text) for p in props] == [
        ("Vidifi", "Tăng cường việc kiểm tra, giám sát"),
        ("Vidifi", "Tạo điều kiện để thanh toán cho các nhà thầu"),
        ("Vidifi", "Hàng ngày phải giao ban, kiểm điểm công việc")]


def test_an_acronym_after_a_demand_is_its_addressee():
    assert _rows("Bộ yêu cầu VNR tập trung khắc phục các yếu tố gây mất an toàn.") == [
        ("VNR", "Tập trung khắc phục các yếu tố gây mất an toàn")]


def test_places_are_not_the_addressee_of_a_passage():
    # "Các địa điểm bỏ phiếu phải …": the places, not a body; the passage's addressee stays
    rows = _rows("Đồng chí yêu cầu Ủy ban bầu cử xã tiếp tục chuẩn bị bầu cử tại các khu dân cư. Các địa điểm bỏ phiếu "
                 "phải thường xuyên mở cửa để nhân dân theo dõi danh sách cử tri.")
    assert rows[0] == ("Ủy ban bầu cử xã", "Tiếp tục chuẩn bị bầu cử tại các khu dân cư")
    assert all(lead != "Các địa điểm bỏ phiếu" for lead, _ in rows)


def test_the_steps_of_a_past_result_are_no_tasks():
    # "X đã nêu cao …; tăng cường …; nâng cao …": the parts of a result told in the past, however task-like their verbs
    # (the model engine kept them once "nêu cao" became a verb)
    text = ("Năm 2025, bám sát chương trình, kế hoạch công tác của Ban Chỉ đạo huyện, các cấp ủy, chính quyền, đoàn "
            "thể; Đảng ủy các xã, thị trấn đã nêu cao tinh thần, trách nhiệm của người đứng đầu về công tác dân vận; "
            "tăng cường gặp gỡ, đối thoại, lắng nghe ý kiến, nguyện vọng chính đáng của người dân; nâng cao chất lượng "
            "quản lý, điều hành; đẩy mạnh cải cách thủ tục hành chính; tích cực đổi mới phương thức lãnh đạo, nâng cao "
            "hiệu quả quản lý nhà nước; phát huy quyền làm chủ của nhân dân ở cơ sở.\n\n"
            "Phát biểu kết luận, đồng chí Phó Bí thư yêu cầu các xã, thị trấn tiếp tục quán triệt các văn bản của cấp "
            "trên; vận động nhân dân hưởng ứng các phong trào thi đua.")
    for engine in ("rules", "model"):
        texts = [p.text for p in extract(text, D, EMPTY, engine=engine)]
        assert texts == ["Tiếp tục quán triệt các văn bản của cấp trên",
                         "Vận động nhân dân hưởng ứng các phong trào thi đua"], engine


def test_scope_is_no_eight_districts():
    # "nhấn mạnh tầm quan trọng …" folds like "tám quận": the demand after it keeps its own addressee
    rows = _rows("Phát biểu khai mạc, ông Chủ tịch nhấn mạnh tầm quan trọng của kỳ họp và yêu cầu UBND tỉnh, các sở, "
                 "ngành nêu cao tinh thần trách nhiệm trong việc trả lời chất vấn.")
    assert [lead for lead, _ in rows] == ["UBND tỉnh, các sở, ngành"]
    assert _rows("Chủ tịch yêu cầu tám quận khẩn trương rà soát các điểm ngập.") == [
        ("tám quận", "Khẩn trương rà soát các điểm ngập")]


def test_a_reservoirs_owner_and_the_inspectorates():
    assert _rows("Lãnh đạo tỉnh yêu cầu chủ hồ chứa nước và chính quyền địa phương huy động bao cát gia cố các điểm "
                 "rò rỉ.") == [("chủ hồ chứa nước và chính quyền địa phương", "Huy động bao cát gia cố các điểm rò rỉ")]
    assert _rows("Thanh tra tỉnh yêu cầu thanh tra các ngành, các cấp tiếp tục thực hiện tốt kế hoạch năm 2025.") == [
        ("thanh tra các ngành, các cấp", "Tiếp tục thực hiện tốt kế hoạch năm 2025")]
    # inspecting projects is the act, not a body
    assert [lead for lead, _ in _rows("Đoàn yêu cầu thanh tra các dự án chậm tiến độ.")] in ([], [None])


def test_fields_named_after_like_are_the_object_not_a_list_of_tasks():
    # "kiểm tra các lĩnh vực như: Giao thông Vận tải, Công thương, Y tế…": "Giao thông" is no "giao" (to assign), and
    # capitalised names after "như:" are what is checked
    rows = _rows("Thanh tra tỉnh yêu cầu lực lượng thanh tra chuyên ngành cần kiểm tra các lĩnh vực như: Giao thông Vận "
                 "tải, Công thương, Y tế…")
    assert rows == [("lực lượng thanh tra chuyên ngành", "Kiểm tra các lĩnh vực như: Giao thông Vận tải, Công thương, Y tế")]
