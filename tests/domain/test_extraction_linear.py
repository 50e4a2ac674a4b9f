"""Extraction work grows linearly with the text: counted in executed lines of the extraction
package (sys.settrace), not in seconds, so the test cannot pass by a fast machine or fail by a
slow one. A quadratic step (rebuilding a clause's word list per token, rescanning a clause at
each ':') makes the count of a doubled text four times larger, and is caught here."""
import sys
from datetime import date
from pathlib import Path

import pytest

from tracker.domain.extraction import UnitDirectory, extract

PKG = str(Path(__file__).resolve().parents[2] / "tracker" / "domain" / "extraction")


def _lines_executed(text: str) -> int:
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(PKG) else None

    sys.settrace(tracer)
    try:
        extract(text, date(2026, 1, 1), UnitDirectory(units=[]))
    finally:
        sys.settrace(None)
    return count


ADVERSARIAL = {
    # the hardening issue's text: a worker was killed by 100 KB of it
    "parens": lambda n: "(" * (n // 2) + "Giao UBND" + ")" * (n // 2),
    "one_clause_of_triggers": lambda n: ("giao cho yêu cầu " * (n // 16 + 1))[:n],
    "colons": lambda n: "Yêu cầu UBND thực hiện " + ("a: " * (n // 3)),
    "unit_list": lambda n: "Đề nghị " + ("Phòng Nội vụ, " * (n // 14)) + "rà soát hồ sơ.",
    "semicolons": lambda n: "Yêu cầu các xã: " + ("rà soát hồ sơ; " * (n // 15)),
    "one_word": lambda n: "Giao " + "a" * n + ".",
}


@pytest.mark.parametrize("shape", sorted(ADVERSARIAL))
def test_work_is_linear_in_text_length(shape):
    make = ADVERSARIAL[shape]
    small = _lines_executed(make(25_000))
    large = _lines_executed(make(100_000))
    # four times the text, about four times the work (a quadratic step would give sixteen)
    assert large <= 5 * small, (shape, small, large)


def test_adversarial_100kb_text_finishes_in_bounded_steps():
    text = ADVERSARIAL["parens"](100_000)
    assert len(text) > 100_000
    assert _lines_executed(text) < 60 * len(text)
