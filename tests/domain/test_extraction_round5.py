"""Round 5 of the extraction rules (docs/extraction.md): recurring duties, plan steps and
questioning sessions. The sentences are written for these tests."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2021, 3, 2)
EMPTY = UnitDirectory([])


def test_monthly_duties_without_a_directing_word_are_proposed_as_recurring():
    text = ("Từ ngày 1 đến ngày 3 hằng tháng, các trạm và phòng ban được giao phải nhập số liệu quan trắc "
            "của tháng trước vào hệ thống; từ ngày 4 đến ngày 8 hằng tháng, Phòng Tổng hợp rà soát, "
            "đối chiếu và gửi báo cáo cho lãnh đạo sở.")
    props = extract(text, D, EMPTY)
    assert [p.text for p in props] == [
        "Nhập số liệu quan trắc của tháng trước vào hệ thống",
        "Rà soát, đối chiếu và gửi báo cáo cho lãnh đạo sở"]
    assert [p.lead for p in props] == ["các trạm và phòng ban được giao", "Phòng Tổng hợp"]
    assert [p.recurring for p in props] == ["monthly", "monthly"]


def test_a_single_news_sentence_about_a_month_is_not_a_duty():
    text = "Hằng tháng, huyện đã tổ chức đối thoại với nhân dân tại các xã."
    assert extract(text, D, EMPTY) == []


def test_a_report_of_a_questioning_session_proposes_nothing():
    text = ("Chiều 12/4, Thường trực HĐND phường tổ chức phiên chất vấn. Thường trực HĐND phường đã chất vấn "
            "và yêu cầu UBND phường giải trình việc chậm bàn giao mặt bằng chợ mới; tình trạng lấn chiếm vỉa hè "
            "trên tuyến đường trung tâm. Ban Kinh tế - Xã hội đã kịp thời chỉ ra những hạn chế và yêu cầu "
            "các đơn vị có liên quan khắc phục.")
    assert extract(text, D, EMPTY) == []


def test_a_demand_addressed_with_a_directing_verb_stays_a_task():
    text = ("Kết luận phiên chất vấn, Chủ tịch HĐND phường yêu cầu UBND phường giải trình bằng văn bản việc "
            "chậm bàn giao mặt bằng chợ mới trước ngày 30/4/2021.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.deadline) for p in props] == [("UBND phường", date(2021, 4, 30))]


def test_levels_of_government_and_should_after_a_reminder():
    text = ("Phát biểu kết luận, Phó Chủ tịch HĐND huyện lưu ý cấp xã nên bố trí lịch tiếp công dân vào buổi "
            "tối tại các thôn; Thường trực HĐND cấp xã cần theo dõi sát để các tổ đại biểu chuẩn bị nội dung, "
            "có kế hoạch trả lời kiến nghị đúng hạn.")
    props = extract(text, D, EMPTY)
    assert [p.lead for p in props] == ["cấp xã", "Thường trực HĐND cấp xã"]
    assert props[0].text.startswith("Bố trí lịch tiếp công dân")
    assert props[1].text.endswith("có kế hoạch trả lời kiến nghị đúng hạn")


def test_plan_steps_after_a_directive_without_a_directing_word():
    text = ("UBND tỉnh vừa yêu cầu các huyện đẩy nhanh việc kiểm kê rừng.\n\n"
            "Sau khi lấy ý kiến các thôn và niêm yết công khai tại trụ sở xã, UBND các huyện tổng hợp số liệu, "
            "báo cáo Sở Nông nghiệp trước ngày 20/5/2021.\n\n"
            "Đối với các hạt kiểm lâm tổ chức kiểm tra ngẫu nhiên kết quả kiểm kê, báo cáo UBND tỉnh trước "
            "ngày 10/6/2021.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.deadline) for p in props] == [
        ("các huyện", None), ("UBND các huyện", date(2021, 5, 20)), ("các hạt kiểm lâm", date(2021, 6, 10))]
    assert props[2].text.startswith("Tổ chức kiểm tra ngẫu nhiên")


def test_a_person_by_role_as_the_subject():
    text = ("Kết luận, Chủ tịch HĐND tỉnh đề nghị các đại biểu đặt câu hỏi ngắn gọn; người được hỏi phải trả lời "
            "thẳng vào câu hỏi và nêu rõ giải pháp khắc phục.")
    props = extract(text, D, EMPTY)
    role = [p for p in props if p.lead == "người được hỏi"]
    assert len(role) == 1 and role[0].text.startswith("Trả lời thẳng vào câu hỏi")


def test_town_and_district_party_committees_and_the_departments_group():
    text = ("Đoàn kiểm tra đề nghị Thị ủy Đông Triều, Quận ủy Hồng Bàng rà soát danh sách nhân sự trước "
            "ngày 15/3/2021.\n\nKết luận, Chủ tịch UBND huyện yêu cầu các phòng ngành tập trung hoàn thành "
            "các chỉ tiêu còn lại.")
    props = extract(text, D, EMPTY)
    assert [(p.lead, p.deadline) for p in props] == [
        ("Thị ủy Đông Triều", date(2021, 3, 15)), ("các phòng ngành", None)]
    assert props[1].text.startswith("Tập trung hoàn thành")
