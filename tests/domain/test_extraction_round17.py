"""Round 17 of the extraction rules (docs/extraction.md, "Round 17"): causes of the misses, extra proposals
and wrong leads of batches ax/ay and az/ba, checked against the other seen sets (the shared dev and holdout
texts, batches af/ag, ah/ai, aj/ak, al/am, an/ao, at/au, av/aw, the fixtures). Every sentence here is written
for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2024, 6, 3)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- "UBBC" is the abbreviation of "Ủy ban bầu cử" (the election committee) ----------------------------------

def test_ubbc_is_an_election_committee():
    text = "Đề nghị UBBC huyện kiểm tra việc niêm yết danh sách cử tri tại các khu vực bỏ phiếu.\n"
    assert _rows(text) == [("Kiểm tra việc niêm yết danh sách cử tri tại các khu vực bỏ phiếu", "UBBC huyện")]


def test_ubbc_of_a_group_of_districts_keeps_the_whole_group():
    text = "Đề nghị UBBC các huyện, thị xã, thành phố bố trí đủ hòm phiếu cho các tổ bầu cử.\n"
    assert _rows(text) == [("Bố trí đủ hòm phiếu cho các tổ bầu cử", "UBBC các huyện, thị xã, thành phố")]


def test_the_long_name_of_the_election_committee_of_a_group_keeps_the_whole_group():
    text = "Đề nghị Ủy ban bầu cử các xã, phường tổ chức niêm yết danh sách cử tri.\n"
    assert _rows(text) == [("Tổ chức niêm yết danh sách cử tri", "Ủy ban bầu cử các xã, phường")]
