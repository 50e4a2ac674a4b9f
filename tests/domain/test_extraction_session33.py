"""Session 33: more verbs the annotated actions open with ("xử nghiêm", "hình thành") end the name before them.
Every sentence here is written for these tests (no published sentence)."""
from datetime import date

import pytest

from tracker.domain.extraction import UnitDirectory, extract

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
