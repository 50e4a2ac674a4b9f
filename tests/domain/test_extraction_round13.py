"""Round 13 of the extraction rules (docs/extraction.md, "Round 13"): causes of the misses, extra proposals
and wrong leads of batch ah/ai, checked against the other seen sets (the shared dev and holdout texts, batch
af/ag, the fixtures). Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2024, 6, 3)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- a quantified plural ("tất cả / toàn thể (các) …") is part of the addressee list -----------------------

def test_all_the_captains_and_the_crews_are_the_addressees_not_a_step():
    text = "Ban Chỉ huy yêu cầu tất cả chủ tàu, các ngư dân phải neo đậu tàu cá tại nơi an toàn."
    rows = _rows(text)
    assert [t for t, _ in rows] == ["Neo đậu tàu cá tại nơi an toàn"]


def test_all_the_members_with_cac_lead_as_a_group():
    text = "Bí thư yêu cầu toàn thể các chi bộ phải hoàn thành đại hội trước quý III."
    assert [t for t, _ in _rows(text)] == ["Hoàn thành đại hội trước quý III"]
    assert "chi bộ" in (_rows(text)[0][1] or "")


# --- a writer's byline in capitals after the last sentence is not an action -------------------------------

def test_a_byline_after_the_last_order_is_not_proposed():
    text = ("Tại buổi làm việc, Phó Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng rà soát các công trình chậm tiến độ; "
            "tổng hợp, báo cáo kết quả về UBND tỉnh. T.HÙNG")
    assert [t for t, _ in _rows(text)] == ["Rà soát các công trình chậm tiến độ",
                                           "Tổng hợp, báo cáo kết quả về UBND tỉnh"]


def test_an_order_in_capitals_with_a_verb_is_still_read():
    text = "UBND huyện yêu cầu UBND các xã kiểm tra các điểm sạt lở trước ngày 15/7/2024."
    assert [t for t, _ in _rows(text)] == ["Kiểm tra các điểm sạt lở trước ngày 15/7/2024"]


# --- the same order told twice (lead paragraph and body, a caption printed twice) is proposed once ----------

def test_an_order_restated_by_the_body_is_proposed_once():
    text = ("Bình Phước yêu cầu các chủ rừng phải khẩn trương phát dọn thực bì trong mùa khô năm nay.\n\n"
            "Chiều 3/6, tại cuộc họp, lãnh đạo tỉnh yêu cầu các chủ rừng phải khẩn trương phát dọn thực bì "
            "trong mùa khô.")
    assert len(_rows(text)) == 1


def test_a_caption_printed_twice_is_proposed_once():
    first = "Vì vậy, UBND tỉnh yêu cầu các chủ đầu tư đẩy nhanh giải ngân vốn đầu tư công năm 2024.\n\n"
    line = "Các nhà thầu đẩy nhanh tiến độ thi công tuyến tránh phía tây thành phố.\n"
    rows = _rows(first + line + line)
    assert [t for t, _ in rows].count("Đẩy nhanh tiến độ thi công tuyến tránh phía tây thành phố") == 1


def test_two_different_orders_sharing_words_are_both_kept():
    text = "UBND tỉnh yêu cầu Sở Y tế kiểm tra các cơ sở khám bệnh; kiểm tra các cơ sở khám bệnh tư nhân."
    assert len(_rows(text)) == 2


def test_the_same_order_given_to_two_bodies_is_two_tasks():
    # Each body gets its own task: the words are the same, the addressees are not.
    text = ("UBND tỉnh giao Sở Y tế rà soát danh sách các cơ sở khám bệnh tư nhân trên địa bàn. "
            "UBND tỉnh giao Sở Công Thương rà soát danh sách các cơ sở khám bệnh tư nhân trên địa bàn.")
    assert [lead for _, lead in _rows(text)] == ["Sở Y tế", "Sở Công Thương"]
