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
