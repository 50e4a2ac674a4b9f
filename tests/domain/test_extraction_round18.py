"""Round 18 of the extraction rules (docs/extraction.md, "Round 18"): causes of the misses, extra proposals,
wrong leads and wrong deadlines of batches bb/bc and bd/be, checked against the other seen sets (the shared dev
and holdout texts, batches af/ag … az/ba, the fixtures). Every sentence here is written for these tests (no
published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2024, 6, 3)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- "lấy mẫu (xét nghiệm)" is an action verb ---------------------------------------------------------------

def test_lay_mau_after_a_bare_demand_is_a_duty():
    text = "Ban Chỉ đạo phòng, chống dịch huyện yêu cầu lấy mẫu xét nghiệm toàn bộ người về từ vùng có dịch.\n"
    assert _rows(text) == [("Lấy mẫu xét nghiệm toàn bộ người về từ vùng có dịch", None)]


# --- "<step> trước ngày D1, gửi về X trước ngày D2": the action's deadline is its own, the first -----------------

def test_the_next_steps_date_after_a_comma_is_not_the_actions_deadline():
    text = ("Đề nghị Sở Tài chính hoàn chỉnh phương án giá trước ngày 20/8/2024, gửi về Bộ Tài chính trước ngày "
            "5/9/2024 để thẩm định.\n")
    [p] = extract(text, D, EMPTY)
    assert p.lead == "Sở Tài chính" and p.deadline == date(2024, 8, 20)


def test_guard_a_single_date_after_a_sending_step_stays_the_deadline():
    text = "Đề nghị Sở Tài chính hoàn chỉnh phương án giá, gửi về Bộ Tài chính trước ngày 5/9/2024.\n"
    [p] = extract(text, D, EMPTY)
    assert p.deadline == date(2024, 9, 5)
