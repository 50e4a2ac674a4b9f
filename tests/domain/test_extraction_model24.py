"""The model engine's clauses with no addressee (session 24): a clause the rules did not propose, with no
addressee of its own and none carried from before it in its paragraph or list, needs the stricter
``threshold_no_lead`` (or a sure step in its ';' chain). The decisions are read with fixed probabilities (a constant model), so each test
states the rule, not the trained weights. Sentences written for these tests."""
import json
import math
from datetime import date
from pathlib import Path

from tracker.domain.extraction import UnitDirectory, extract
from tracker.domain.extraction.candidates import build_candidates
from tracker.domain.extraction.clause_model import WEIGHTS, decide
from tracker.domain.extraction.pipeline import normalise

NO_UNITS = UnitDirectory(units=[])
WHEN = date(2026, 3, 1)


def _constant(p: float, **weights: float) -> dict:
    """A model giving every clause probability ``p`` (features in ``weights`` move it)."""
    return {"intercept": math.log(p / (1 - p)), "weights": dict(weights), "threshold": 0.5,
            "threshold_no_lead": 0.7}


def _decide(text: str, model: dict) -> list[tuple[str | None, str]]:
    """(lead, text) of what the model keeps when the rules propose nothing (every clause the model's)."""
    text = normalise(text)
    return [(p.lead, p.text) for p in decide(text, WHEN, build_candidates(text, WHEN, NO_UNITS, []), model)]


def test_a_clause_with_no_addressee_needs_the_stricter_threshold():
    text = ("Tổ chức tập huấn nghiệp vụ cho công chức các xã trong quý III.\n"
            "Giao Phòng Nội vụ rà soát hồ sơ cán bộ, công chức của huyện.")
    # at 0.65 the addressed clause is kept, the one before any addressee is not
    assert _decide(text, _constant(0.65)) == [("Phòng Nội vụ", "Rà soát hồ sơ cán bộ, công chức của huyện")]
    assert _decide(text, _constant(0.75)) == [
        (None, "Tổ chức tập huấn nghiệp vụ cho công chức các xã trong quý III"),
        ("Phòng Nội vụ", "Rà soát hồ sơ cán bộ, công chức của huyện"),
    ]


def test_a_clause_after_an_addressee_keeps_the_ordinary_threshold():
    text = ("Đồng chí Chủ tịch giao Phòng Nội vụ thực hiện các việc sau:\n"
            "- Rà soát hồ sơ cán bộ, công chức của huyện;\n"
            "- Tổ chức tập huấn nghiệp vụ cho công chức các xã.")
    got = _decide(text, _constant(0.6))
    assert ("Phòng Nội vụ", "Rà soát hồ sơ cán bộ, công chức của huyện") in got
    assert ("Phòng Nội vụ", "Tổ chức tập huấn nghiệp vụ cho công chức các xã") in got


def test_an_addressee_carried_from_another_paragraph_needs_the_stricter_threshold():
    text = ("Giao Phòng Nội vụ rà soát hồ sơ cán bộ, công chức của huyện; cập nhật phần mềm quản lý hồ sơ.\n"
            "Tổ chức tập huấn nghiệp vụ cho công chức các xã trong quý III.")
    # in its paragraph the addressee is carried at the ordinary threshold; into the next one only from 0.7
    assert _decide(text, _constant(0.65)) == [
        ("Phòng Nội vụ", "Rà soát hồ sơ cán bộ, công chức của huyện"),
        ("Phòng Nội vụ", "Cập nhật phần mềm quản lý hồ sơ"),
    ]
    assert _decide(text, _constant(0.75))[2] == (
        "Phòng Nội vụ", "Tổ chức tập huấn nghiệp vụ cho công chức các xã trong quý III")


def test_a_chain_with_a_sure_step_keeps_its_other_steps_without_an_addressee():
    text = ("Thời gian tới cần rà soát hồ sơ cán bộ, công chức; tổ chức tập huấn nghiệp vụ cho công chức xã; "
            "cập nhật phần mềm quản lý văn bản.")
    # no step is sure: none is kept
    assert _decide(text, _constant(0.6)) == []
    # the first step ("cần ...") is sure: the chain's other steps come with it
    sure_first = _constant(0.6, modal=math.log(0.9 / 0.1) - math.log(0.6 / 0.4))
    assert [t for _lead, t in _decide(text, sure_first)] == [
        "Thời gian tới cần rà soát hồ sơ cán bộ, công chức",
        "Tổ chức tập huấn nghiệp vụ cho công chức xã",
        "Cập nhật phần mềm quản lý văn bản",
    ]


def test_the_committed_model_records_the_stricter_threshold():
    model = json.loads(Path(WEIGHTS).read_text(encoding="utf-8"))
    assert model["threshold"] == 0.5 and model["threshold_no_lead"] == 0.7


def test_a_kept_duty_addressed_to_no_one_stays_marked_for_attention():
    text = ("Kết luận buổi làm việc, đồng chí Phó Chủ tịch UBND huyện giao Phòng Tư pháp rà soát các văn bản quy "
            "phạm pháp luật, hoàn thành trước ngày 15/10/2026.\n"
            "Bên cạnh đó, cần chú trọng hơn công tác phổ biến pháp luật ở cơ sở.")
    rules = extract(text, WHEN, NO_UNITS)
    model = extract(text, WHEN, NO_UNITS, engine="model")
    assert [p.text for p in model] == [p.text for p in rules]
    # the rules' proposal with no addressee: the row's confidence is the lower of the model's and the rules'
    assert model[1].lead is None and model[1].confidence == rules[1].confidence < 0.6
    assert "low_confidence" in model[1].flags and "no_lead" in model[1].flags
