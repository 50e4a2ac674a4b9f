"""Sentences the review screen marks as possibly holding a missed action (tracker/domain/extraction/missed.py):
a clause with a directing cue that no proposal covers. Every sentence here is written for these tests."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract
from tracker.domain.extraction.missed import MAX_CHARS, possibly_missed
from tracker.domain.extraction.pipeline import normalise

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _marked(text: str, limit: int | None = None) -> list[tuple[str, str]]:
    text = normalise(text)
    props = extract(text, D, EMPTY)
    got = possibly_missed(text, props) if limit is None else possibly_missed(text, props, limit=limit)
    return [(m.text, m.cue) for m in got]


def test_a_proposed_action_is_not_marked_again():
    text = "Chủ tịch UBND tỉnh yêu cầu Sở Tài chính rà soát các khoản chi thường xuyên của năm 2025.\n"
    assert [p.text for p in extract(text, D, EMPTY)] == ["Rà soát các khoản chi thường xuyên của năm 2025"]
    assert _marked(text) == []


def test_a_body_named_with_its_verb_and_no_directing_word_is_marked():
    # a dispatch's paragraph with no "yêu cầu": the body, then its verb
    text = ("Mưa lớn kéo dài nhiều ngày trên địa bàn tỉnh.\n"
            "Trung tâm Điều hành giao thông hướng dẫn các phương tiện tránh tuyến đường bị ngập sâu.\n")
    assert _marked(text) == [("Trung tâm Điều hành giao thông hướng dẫn các phương tiện tránh tuyến đường bị ngập sâu.",
                              "name_verb")]


def test_a_modal_or_a_future_duty_is_marked():
    text = ("Kết thúc buổi làm việc, đoàn công tác ghi nhận nhiều kết quả.\n"
            "Thời gian tới, đội kiểm tra liên ngành sẽ phúc tra các cơ sở kinh doanh xăng dầu ven quốc lộ.\n")
    assert _marked(text) == [("Thời gian tới, đội kiểm tra liên ngành sẽ phúc tra các cơ sở kinh doanh xăng dầu ven quốc lộ.",
                              "future")]


def test_a_report_of_what_was_done_is_not_marked():
    text = ("Sở Y tế đã tổ chức ba đợt kiểm tra an toàn thực phẩm tại các bếp ăn tập thể.\n"
            "Ngày 12/3, Đoàn giám sát làm việc với UBND xã Tân Phong về công tác tiếp dân.\n")
    assert _marked(text) == []


def test_a_directing_word_with_nothing_after_it_only_heads_the_next_lines():
    text = "Phó Chủ tịch tỉnh yêu cầu\nBan quản lý dự án đẩy nhanh việc giải ngân vốn đầu tư công.\n"
    assert all(not t.startswith("Phó Chủ tịch tỉnh yêu cầu") for t, _ in _marked(text))


def test_uncovered_clauses_of_one_sentence_are_shown_together():
    text = ("Hội nghị thống nhất nhiều nội dung.\n"
            "Đội quản lý thị trường số 3 tăng cường kiểm tra hàng giả; kiên quyết xử lý các cơ sở tái phạm.\n")
    assert _marked(text) == [("Đội quản lý thị trường số 3 tăng cường kiểm tra hàng giả; "
                              "kiên quyết xử lý các cơ sở tái phạm.", "name_verb")]


def test_offsets_point_at_the_text_and_long_sentences_are_cut():
    long_tail = " ".join(["các tuyến kênh nội đồng"] * 60)
    text = normalise(f"Tiếp đó, đội kiểm tra liên ngành sẽ phúc tra {long_tail}.\n")
    props = extract(text, D, EMPTY)
    marked = possibly_missed(text, props)
    assert marked and marked[0].text.endswith("…") and len(marked[0].text) <= MAX_CHARS + 2
    assert text[marked[0].start:marked[0].start + 20] == marked[0].text[:20]


def test_the_list_is_capped():
    text = "".join(f"Tổ công tác số {i} sẽ rà soát hồ sơ đất đai của thôn {i}.\n" for i in range(1, 60))
    assert len(_marked(text, limit=5)) == 5


def test_a_sentence_taken_as_a_task_gets_its_body_as_lead_and_its_deadline():
    from tracker.domain.extraction.missed import read_as_task
    (p,) = read_as_task("Trung tâm Phát triển quỹ đất hoàn thiện hồ sơ giao đất tái định cư trước ngày 15/12/2025.",
                        D, EMPTY)
    assert p.lead == "Trung tâm Phát triển quỹ đất" and p.deadline == date(2025, 12, 15)
    assert p.title == "Hoàn thiện hồ sơ giao đất tái định cư"


def test_a_chain_taken_as_a_task_gives_one_proposal_per_step():
    from tracker.domain.extraction.missed import read_as_task
    got = read_as_task("Phòng Kinh tế hướng dẫn các hợp tác xã chuyển đổi cây trồng; hỗ trợ giống cho các hộ bị "
                       "thiệt hại.", D, EMPTY)
    assert [(p.text, p.lead) for p in got] == [
        ("Hướng dẫn các hợp tác xã chuyển đổi cây trồng", "Phòng Kinh tế"),
        ("Hỗ trợ giống cho các hộ bị thiệt hại", "Phòng Kinh tế")]


def test_a_committee_named_for_its_directing_is_no_directing_word():
    text = "Ban Chỉ đạo huyện về công tác tuyển quân năm 2025 họp phiên thường kỳ quý III tại hội trường lớn.\n"
    assert all(cue != "directing" for _, cue in _marked(text))


def test_what_was_done_and_praise_are_not_marked():
    text = ("Năm qua, Hội Nông dân xã đã tổ chức mười lớp tập huấn kỹ thuật cho hội viên.\n"
            "Phát biểu tại hội nghị, đồng chí Bí thư đánh giá cao kết quả phong trào thi đua của các thôn.\n")
    assert _marked(text) == []


def test_a_direction_reported_as_given_is_still_marked():
    # "đã" before a directing word: annotators count the direction; the extraction does not propose this one
    text = "Trước đó, Sở Y tế đã đề nghị các trạm y tế xã rà soát tủ thuốc.\n"
    assert extract(normalise(text), D, EMPTY) == []          # "Trước đó, … đã …": background, not proposed
    assert [cue for _, cue in _marked(text)] == ["directing"]


def test_a_short_line_without_a_full_stop_is_a_heading():
    text = "Video tuyên truyền xây dựng nông thôn mới\nTìm kiếm theo ngày\n"
    assert _marked(text) == []
