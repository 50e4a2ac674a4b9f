"""Session 31: a sentence that only says when the work before it is due dates that work (completion_notes.py), a
chain's closing "…, hoàn thành trước ngày D" dates its earlier steps, three deadline phrases the reader missed, and
a unit's name is not cut at the "trình" of "công trình".
Every sentence here is written for these tests (no published sentence)."""
from datetime import date

import pytest

from tracker.domain.extraction import UnitDirectory, extract, parse_deadline

D = date(2026, 3, 2)
EMPTY = UnitDirectory([])
ENGINES = ("rules", "model")


def _rows(text: str, engine: str) -> list[tuple[str, date | None]]:
    return [(p.text, p.deadline) for p in extract(text, D, EMPTY, engine=engine)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_note_after_a_chain_dates_every_step_and_is_no_task(engine):
    text = ("UBND tỉnh yêu cầu Sở Xây dựng rà soát các dự án nhà ở chậm tiến độ; kiểm tra các công trình xây dựng "
            "không phép ven quốc lộ. Hoàn thành trước ngày 30/6/2026.\n")
    assert _rows(text, engine) == [("Rà soát các dự án nhà ở chậm tiến độ", date(2026, 6, 30)),
                                   ("Kiểm tra các công trình xây dựng không phép ven quốc lộ", date(2026, 6, 30))]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_note_with_its_subject_dates_the_sentence_before(engine):
    text = ("Chủ tịch UBND tỉnh giao Sở Tài chính tham mưu bố trí kinh phí sửa chữa trường học cho các huyện. "
            "Việc bố trí kinh phí phải hoàn thành chậm nhất là ngày 15/7/2026.\n")
    rows = extract(text, D, EMPTY, engine=engine)
    assert [(p.text, p.lead, p.deadline) for p in rows] == [
        ("Tham mưu bố trí kinh phí sửa chữa trường học cho các huyện", "Sở Tài chính", date(2026, 7, 15))]
    # the reviewer sees where the date came from
    assert "deadline_from_note" in rows[0].flags


@pytest.mark.parametrize("engine", ENGINES)
def test_a_note_set_apart_in_its_own_paragraph_dates_the_paragraph_before(engine):
    text = ("Phó Chủ tịch UBND huyện yêu cầu Phòng Nông nghiệp rà soát lại diện tích lúa bị hạn trên địa bàn.\n\n"
            "Việc rà soát phải hoàn thành trước ngày 20/4/2026.\n\nTin: Minh Anh\n")
    assert _rows(text, engine) == [("Rà soát lại diện tích lúa bị hạn trên địa bàn", date(2026, 4, 20))]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_task_that_starts_with_finishing_something_is_a_task(engine):
    # "Hoàn thành thủ tục ... trước ngày D" names what is to be finished: a task with its own date, no note
    text = ("UBND thành phố giao Ban Quản lý dự án tổ chức khởi công cầu Bến Lội. "
            "Hoàn thành thủ tục giao đất cho nhà đầu tư trước ngày 30/6/2026.\n")
    rows = _rows(text, engine)
    assert ("Hoàn thành thủ tục giao đất cho nhà đầu tư trước ngày 30/6/2026", date(2026, 6, 30)) in rows
    assert ("Tổ chức khởi công cầu Bến Lội", None) in rows


@pytest.mark.parametrize("engine", ENGINES)
def test_a_chain_closed_by_its_finishing_date_dates_the_steps_before(engine):
    text = ("Ban Chỉ đạo yêu cầu UBND các xã kiểm tra các lò gạch thủ công trên địa bàn; lập hồ sơ xử lý các cơ sở "
            "gây ô nhiễm theo quy định, hoàn thành trước ngày 30/9/2026.\n")
    assert [d for _, d in _rows(text, engine)] == [date(2026, 9, 30), date(2026, 9, 30)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_last_step_that_is_itself_finishing_something_keeps_its_date(engine):
    # "hoàn thành việc X trong quý II" is that step's own date, not the chain's
    text = ("Tỉnh ủy yêu cầu các huyện ủy rà soát quy hoạch cán bộ nhiệm kỳ mới; hoàn thành việc kiện toàn "
            "các chi bộ thôn trong quý II/2026.\n")
    assert [d for _, d in _rows(text, engine)] == [None, date(2026, 6, 30)]


@pytest.mark.parametrize("phrase, due", [
    ("khắc phục ô nhiễm tại cụm công nghiệp (chậm nhất quý 2/2026)", date(2026, 6, 30)),
    ("trình đề án chậm nhất tháng 8/2026", date(2026, 8, 31)),
    ("gia cố kho tàng, bến bãi trước 9h sáng ngày 27/9", date(2026, 9, 27)),
    ("báo cáo kết quả trước 16 giờ chiều ngày 5/10/2026", date(2026, 10, 5)),
])
def test_deadline_phrases_read_since_session_31(phrase, due):
    assert parse_deadline(phrase, D).deadline == due


def test_a_day_the_month_has_not_is_its_last_day_marked_for_review():
    info = parse_deadline("báo cáo Thường trực HĐND trước ngày 31/11", D)
    assert info.deadline == date(2026, 11, 30)
    assert "deadline_ambiguous" in info.flags
    leap = parse_deadline("nộp hồ sơ trước ngày 30/2/2028", D)
    assert leap.deadline == date(2028, 2, 29)
    # no month 13, no day 32
    assert parse_deadline("trước ngày 32/1", D).deadline is None
    assert parse_deadline("trước ngày 15/13", D).deadline is None


@pytest.mark.parametrize("engine", ENGINES)
def test_a_name_holding_cong_trinh_is_not_cut_at_trinh(engine):
    # "trình" (to submit) ends a name before its predicate, but "công trình", "chương trình" are nouns
    text = ("Sở Nông nghiệp yêu cầu Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Sơn vận hành các hồ chứa bảo đảm "
            "an toàn cho vùng hạ du.\n")
    rows = extract(text, D, EMPTY, engine=engine)
    assert [(p.text, p.lead) for p in rows] == [
        ("Vận hành các hồ chứa bảo đảm an toàn cho vùng hạ du", "Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Sơn")]
    # a body that submits is still read as submitting
    rows = extract("Giao Sở Tài chính trình UBND tỉnh phương án phân bổ vốn trước ngày 15/4/2026.\n", D, EMPTY,
                   engine=engine)
    assert [(p.text, p.lead) for p in rows] == [("Trình UBND tỉnh phương án phân bổ vốn trước ngày 15/4/2026",
                                                "Sở Tài chính")]


def _names(text: str) -> list[str]:
    from tracker.domain.extraction.assembly import Extractor
    from tracker.domain.extraction.normalize import canon_tokens, tokenize
    from tracker.domain.extraction.units import parse_unit_list
    ex = Extractor(text, D, EMPTY)
    toks = tokenize(text, 0, len(text))
    cs = canon_tokens(toks, punct=True)
    ms, _ = parse_unit_list(ex.g, cs, toks, 0, titles=True)
    return [text[toks[cs[m.k0].i].start:toks[cs[m.k1 - 1].j].end] for m in ms]


def test_a_name_ends_where_its_body_just_did_something_or_gave_its_view():
    # "UBND tỉnh vừa công nhận xã X": a report of what the body just did, no part of its name (the model engine
    # carried "UBND tỉnh vừa công nhận xã X" as the lead of the next sentence); "Ủy ban X cho rằng …" likewise
    assert _names("UBND tỉnh vừa công nhận xã Tân Lập đạt chuẩn nông thôn mới nâng cao.") == ["UBND tỉnh"]
    assert _names("Ủy ban Kinh tế cho rằng Chính phủ cần chủ động điều hành.") == ["Ủy ban Kinh tế"]
    # "nhỏ và vừa" (small and medium) stays in a name
    assert _names("Trung tâm Hỗ trợ doanh nghiệp nhỏ và vừa tỉnh Lạng Sơn kiến nghị tháo gỡ.") == [
        "Trung tâm Hỗ trợ doanh nghiệp nhỏ và vừa tỉnh Lạng Sơn"]


def test_a_subject_after_two_lead_ins_is_the_lead_and_not_part_of_the_task():
    # "Theo kế hoạch của X, đến ngày D, huyện Y phải <action>": the model engine's row names Y and starts at the action
    text = ("Theo kế hoạch của UBND tỉnh Yên Bình, đến ngày 30/7, huyện Lục An phải hoàn thành công tác thu hồi đất "
            "để xây dựng khu đô thị mới phía tây thị trấn.\n")
    rows = extract(text, D, EMPTY, engine="model")
    assert [(p.text, p.lead, p.deadline) for p in rows] == [
        ("Hoàn thành công tác thu hồi đất để xây dựng khu đô thị mới phía tây thị trấn", "huyện Lục An",
         date(2026, 7, 30))]
