"""Extraction work grows linearly with the text: counted in executed lines of the extraction
package (sys.settrace), not in seconds, so the test cannot pass by a fast machine or fail by a
slow one. A quadratic step (rebuilding a clause's word list per token, rescanning a clause at
each ':') makes the count of a doubled text four times larger, and is caught here."""
import sys
from datetime import date
from pathlib import Path

import pytest

from tracker.domain.extraction import UnitDirectory, extract
from tracker.domain.extraction.missed import possibly_missed
from tracker.domain.extraction.pipeline import normalise

PKG = str(Path(__file__).resolve().parents[2] / "tracker" / "domain" / "extraction")


def _lines_executed(text: str) -> int:
    return _lines_executed_by(lambda: extract(text, date(2026, 1, 1), UnitDirectory(units=[])))


def _lines_executed_by(work) -> int:
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
        work()
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


def _missed_lines(text: str) -> int:
    """The review page's second step alone: the sentences the proposals may have missed (missed.py)."""
    props = extract(text, date(2026, 1, 1), UnitDirectory(units=[]))
    text = normalise(text)
    return _lines_executed_by(lambda: possibly_missed(text, props, limit=10**6))


MISSED_SHAPES = dict(ADVERSARIAL, sentences=lambda n: "Sở Xây dựng sẽ rà soát các công trình. " * (n // 38))


@pytest.mark.parametrize("shape", sorted(MISSED_SHAPES))
def test_marking_missed_sentences_is_linear_and_cheap(shape):
    make = MISSED_SHAPES[shape]
    small, large = _missed_lines(make(25_000)), _missed_lines(make(100_000))
    assert large <= 5 * small + 100, (shape, small, large)
    assert large < 12 * 100_000, (shape, large)      # a few lines a character, beside the extraction's tens
