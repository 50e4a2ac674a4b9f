"""What the model engine keeps when its model gives every clause the same probability: the tests of the
model rounds state the engine's rules (what is narrative, whose addressee), not the trained weights."""
import math
from datetime import date

from tracker.domain.extraction import UnitDirectory
from tracker.domain.extraction.candidates import build_candidates
from tracker.domain.extraction.clause_model import decide
from tracker.domain.extraction.pipeline import normalise

NO_UNITS = UnitDirectory(units=[])
WHEN = date(2026, 3, 1)
# An order the rules read, so that the text has one proposal of theirs before the clause under test.
FIRST = "Giao Phòng Nội vụ rà soát hồ sơ cán bộ, công chức của huyện.\n"


def constant(p: float) -> dict:
    return {"intercept": math.log(p / (1 - p)), "weights": {}, "threshold": 0.5, "threshold_no_lead": 0.7}


def kept_texts(text: str, p: float = 0.9) -> list[str]:
    """What a model giving every clause ``p`` keeps when the rules propose nothing."""
    text = normalise(text)
    return [q.text for q in decide(text, WHEN, build_candidates(text, WHEN, NO_UNITS, []), constant(p))]
