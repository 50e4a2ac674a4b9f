"""Round 19 of the extraction rules (docs/extraction.md, "Round 19"): causes of the misses, extra proposals,
wrong leads and wrong deadlines of batches bf/bg and bh/bi, checked against the other seen sets (the shared dev
and holdout texts, batches af/ag … bd/be, the fixtures). Every sentence here is written for these tests (no
published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- "nêu gương", "đề cao" open a duty as any action verb ------------------------------------------------------

def test_neu_guong_after_a_demand_is_a_duty():
    text = "Ban Thường vụ yêu cầu các chi bộ nêu gương trong việc thực hành tiết kiệm ở cơ quan.\n"
    assert _rows(text) == [("Nêu gương trong việc thực hành tiết kiệm ở cơ quan", "các chi bộ")]


def test_de_cao_opening_a_paragraph_after_a_demand_is_a_duty():
    text = ("UBND tỉnh yêu cầu các sở, ngành rà soát việc bảo quản đề thi tại các điểm thi.\n\n"
            "Đồng thời, đề cao trách nhiệm của người đứng đầu trong công tác coi thi; bố trí lực lượng bảo vệ "
            "tại các điểm thi.\n")
    texts = [t for t, _ in _rows(text)]
    assert texts == ["Rà soát việc bảo quản đề thi tại các điểm thi",
                     "Đề cao trách nhiệm của người đứng đầu trong công tác coi thi",
                     "Bố trí lực lượng bảo vệ tại các điểm thi"]


# --- a text cut after "<addressee> chủ động": the adverb alone is no action --------------------------------------

def test_a_cut_off_adverb_alone_is_no_action():
    text = ("UBND tỉnh yêu cầu các sở, ngành rà soát việc bảo quản đề thi tại các điểm thi.\n\n"
            "Ủy ban nhân dân các huyện chủ động ")
    assert _rows(text) == [("Rà soát việc bảo quản đề thi tại các điểm thi", "các sở, ngành")]
