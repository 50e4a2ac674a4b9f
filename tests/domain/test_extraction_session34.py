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
