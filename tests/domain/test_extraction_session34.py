"""Session 34: a paragraph that opens with the coming period ("Trong tháng 5, …", "Các tháng cuối năm, …") states
its tasks for that period; one whose period has ended before the document's date reports it.
Every sentence here is written for these tests (no published sentence)."""
from datetime import date

import pytest

from tracker.domain.extraction import UnitDirectory, extract

D = date(2026, 3, 2)
EMPTY = UnitDirectory([])
TASKS = ("Thường trực HĐND tỉnh tổ chức giám sát việc giải quyết kiến nghị cử tri; tổ chức phiên họp thường kỳ "
         "theo quy định; chuẩn bị nội dung kỳ họp giữa năm.")


@pytest.mark.parametrize("engine", ["rules", "model"])
@pytest.mark.parametrize("opening, due", [("Trong tháng 5", date(2026, 5, 31)), ("Cũng trong quý II", date(2026, 6, 30)),
                                          ("Các tháng cuối năm", date(2026, 12, 31))])
def test_a_paragraph_opening_with_the_coming_period_dates_its_tasks(engine, opening, due):
    props = extract(f"{opening}, {TASKS}", D, EMPTY, engine=engine)
    assert [(p.lead, p.text, p.deadline) for p in props] == [
        ("Thường trực HĐND tỉnh", "Tổ chức giám sát việc giải quyết kiến nghị cử tri", due),
        ("Thường trực HĐND tỉnh", "Tổ chức phiên họp thường kỳ theo quy định", due),
        ("Thường trực HĐND tỉnh", "Chuẩn bị nội dung kỳ họp giữa năm", due)]


def test_a_period_that_ended_before_the_document_is_not_read_as_tasks_for_it():
    props = extract(f"Trong tháng 1, {TASKS}", D, EMPTY, engine="rules")
    assert props == []


@pytest.mark.parametrize("engine", ["rules", "model"])
@pytest.mark.parametrize("note, due", [
    ("Thời gian thực hiện kê khai đàn vật nuôi quý I/2026 hoàn thành chậm nhất vào ngày 10/5/2026.", date(2026, 5, 10)),
    ("Thời gian thực hiện đợt kiểm tra sẽ kéo dài từ nay đến ngày 28/4/2026.", date(2026, 4, 28)),
    ("Các biện pháp phải được hoàn tất trước 16 giờ cùng ngày.", D)])
def test_a_sentence_that_only_says_when_the_work_is_done_dates_the_work_before_it(engine, note, due):
    text = ("UBND tỉnh yêu cầu UBND các huyện chỉ đạo các xã rà soát, thống kê đàn vật nuôi trên địa bàn và "
            f"kiểm tra việc tiêm phòng tại các trang trại. {note}")
    props = extract(text, D, EMPTY, engine=engine)
    assert [(p.lead, p.deadline) for p in props] == [("UBND các huyện", due)]
    assert "hoàn" not in props[0].text and "kéo dài" not in props[0].text


PARAGRAPHS = [
    "Kết luận phiên họp, Chủ tịch UBND tỉnh yêu cầu Sở Nông nghiệp và Môi trường chủ trì, phối hợp với UBND các "
    "huyện rà soát toàn bộ hệ thống đê điều, hồ chứa nước trên địa bàn, báo cáo UBND tỉnh trước ngày 15/4/2026.",
    "Giao UBND các huyện, thành phố chỉ đạo các xã, thị trấn kiểm tra phương án phòng, chống thiên tai của từng "
    "thôn, bản và tổ chức diễn tập trong quý II/2026.",
    "Thứ nhất, các sở, ngành tăng cường kiểm tra, giám sát việc vận hành hồ chứa trong mùa mưa lũ. Thứ hai, rà "
    "soát, bổ sung lực lượng, phương tiện ứng cứu tại chỗ ở những nơi có nguy cơ sạt lở cao."]


def _wrapped(text: str, width: int) -> str:
    import textwrap   # noqa: PLC0415
    return "\n".join(textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False) for p in text.split("\n"))


@pytest.mark.parametrize("engine", ["rules", "model"])
@pytest.mark.parametrize("width", [60, 78, 100])
def test_a_hard_wrapped_text_as_a_pdf_copy_gives_reads_as_its_paragraphs(engine, width):
    text = "\n".join(PARAGRAPHS)
    want = [(p.lead, p.text, p.deadline) for p in extract(text, D, EMPTY, engine=engine)]
    got = [(p.lead, p.text, p.deadline) for p in extract(_wrapped(text, width), D, EMPTY, engine=engine)]
    assert len(want) >= 4 and got == want


def test_lines_of_a_text_that_is_not_wrapped_are_kept_and_offsets_stay():
    from tracker.domain.extraction.pipeline import normalise   # noqa: PLC0415
    text = "\n".join(PARAGRAPHS + ["Ban Chỉ đạo tỉnh", "- Sở Xây dựng", "- UBND các huyện"])
    assert normalise(text) == text
    wrapped = _wrapped("\n".join(PARAGRAPHS), 70)
    joined = normalise(wrapped)
    assert len(joined) == len(wrapped) and joined.count("\n") == 2


@pytest.mark.parametrize("engine", ["rules", "model"])
@pytest.mark.parametrize("text, lead, action", [
    # a speaker whose name ends on "Được" (also the passive "được"): the demand is his
    ("Chủ tịch UBND tỉnh Nguyễn Văn Được yêu cầu các sở, ngành tập trung bố trí nguồn lực chống khai thác hải sản "
     "bất hợp pháp.", "các sở, ngành", "Tập trung bố trí nguồn lực chống khai thác hải sản bất hợp pháp"),
    # the time between the demand and its addressee
    ("Chủ tịch HĐND thành phố yêu cầu, ngay sau kỳ họp, UBND thành phố khẩn trương ban hành kế hoạch triển khai "
     "nghị quyết.", "UBND thành phố", "Khẩn trương ban hành kế hoạch triển khai nghị quyết"),
    # the special zones, commune-level units since 07/2025
    ("UBND tỉnh yêu cầu UBND các xã, phường, đặc khu khẩn trương rà soát quy hoạch sử dụng đất.",
     "UBND các xã, phường, đặc khu", "Khẩn trương rà soát quy hoạch sử dụng đất"),
])
def test_addressees_read_whole(engine, text, lead, action):
    assert [(p.lead, p.text) for p in extract(text, D, EMPTY, engine=engine)] == [(lead, action)]


@pytest.mark.parametrize("engine", ["rules", "model"])
@pytest.mark.parametrize("addressee", ["lãnh đạo, chỉ huy các đơn vị", "chỉ huy các đơn vị", "các Sở Giáo dục và Đào tạo",
                                       "các sở Xây dựng, Tài chính, Công Thương", "các Sở Xây dựng, Tài chính"])
def test_offices_and_commanders_named_whole(engine, addressee):
    props = extract(f"Bộ trưởng yêu cầu {addressee} rà soát, bổ sung kế hoạch bảo đảm an toàn công trình.", D, EMPTY,
                    engine=engine)
    assert [(p.lead, p.text) for p in props] == [(addressee, "Rà soát, bổ sung kế hoạch bảo đảm an toàn công trình")]


@pytest.mark.parametrize("engine", ["rules", "model"])
def test_council_deputies_are_addressees(engine):
    props = extract("Kết luận phiên họp, Thường trực HĐND tỉnh đề nghị đại biểu HĐND tỉnh thực hiện tiếp công dân "
                    "theo quy định của Luật Tổ chức chính quyền địa phương.", D, EMPTY, engine=engine)
    assert [(p.lead, p.text) for p in props] == [
        ("đại biểu HĐND tỉnh", "Thực hiện tiếp công dân theo quy định của Luật Tổ chức chính quyền địa phương")]


@pytest.mark.parametrize("engine", ["rules", "model"])
def test_a_date_between_the_demand_and_its_addressee_dates_the_action(engine):
    props = extract("Chủ tịch UBND tỉnh cũng yêu cầu đến ngày 30/6/2026, các sở ngành phải giải quyết xong các kiến "
                    "nghị của doanh nghiệp.", D, EMPTY, engine=engine)
    assert [(p.lead, p.text, p.deadline) for p in props] == [
        ("các sở ngành", "Giải quyết xong các kiến nghị của doanh nghiệp", date(2026, 6, 30))]


@pytest.mark.parametrize("engine", ["rules", "model"])
@pytest.mark.parametrize("bullet", ["❖", "➢", "●", "□", "√", "\uf0a7", "\uf0d8", "-"])
def test_a_list_copied_from_word_reads_whatever_its_bullets(engine, bullet):
    text = (f"UBND tỉnh yêu cầu các sở, ngành thực hiện các nội dung sau:\n{bullet} Rà soát toàn bộ hồ sơ đất đai trên "
            f"địa bàn.\n{bullet} Báo cáo kết quả về UBND tỉnh trước ngày 15/7/2026.")
    assert [(p.lead, p.text, p.deadline) for p in extract(text, D, EMPTY, engine=engine)] == [
        ("các sở, ngành", "Rà soát toàn bộ hồ sơ đất đai trên địa bàn", None),
        ("các sở, ngành", "Báo cáo kết quả về UBND tỉnh trước ngày 15/7/2026", date(2026, 7, 15))]


def test_zero_width_spaces_do_not_reach_the_task_text():
    text = "UBND tỉnh yêu cầu các sở, ngành rà\u200bsoát toàn bộ hồ sơ đất đai\u2060 trên địa bàn."
    assert [(p.lead, p.text) for p in extract(text, D, EMPTY)] == [
        ("các sở, ngành", "Rà soát toàn bộ hồ sơ đất đai trên địa bàn")]
