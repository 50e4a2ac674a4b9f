"""Report definitions: the worked examples of docs/reports.md, periods, rates, ranking, rollup."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from tracker.domain.reports import (
    COLUMNS, Counts, Period, PeriodKind, ReportError, TaskFacts, classify, count_tasks,
    best_and_weakest, ended_periods, fmt_number, fmt_percent, is_ranked, rank_rows, rate, rollup, summary_sentence,
)

D = date
Q1 = Period.containing("quarter", D(2026, 2, 10))


@pytest.mark.parametrize("kind, day, start, end, label", [
    ("month", D(2026, 2, 10), D(2026, 2, 1), D(2026, 2, 28), "02/2026"),
    ("quarter", D(2026, 5, 31), D(2026, 4, 1), D(2026, 6, 30), "Q2/2026"),
    ("half_year", D(2026, 7, 1), D(2026, 7, 1), D(2026, 12, 31), "H2/2026"),
    ("year", D(2024, 2, 29), D(2024, 1, 1), D(2024, 12, 31), "2024"),
])
def test_period_bounds_and_labels(kind, day, start, end, label):
    p = Period.containing(kind, day)
    assert (p.start, p.end, p.label()) == (start, end, label)
    assert p.previous().end == start - timedelta(days=1) and p.previous().kind is PeriodKind(kind)
    assert p.next().previous() == p


def test_custom_period_previous_has_same_length():
    p = Period.custom(D(2026, 3, 10), D(2026, 3, 19))
    assert p.previous() == Period.custom(D(2026, 2, 28), D(2026, 3, 9))
    assert p.label() == "10/03/2026–19/03/2026"
    with pytest.raises(ReportError):
        Period.custom(D(2026, 3, 10), D(2026, 3, 9))
    with pytest.raises(ReportError):
        Period.containing("week", D(2026, 1, 1))


def test_default_as_of_and_ended_periods():
    assert Q1.default_as_of(D(2026, 2, 15)) == D(2026, 2, 15)
    assert Q1.default_as_of(D(2026, 8, 1)) == D(2026, 3, 31)
    assert [p.kind.value for p in ended_periods(D(2026, 6, 30))] == ["month", "quarter", "half_year"]
    assert [p.kind.value for p in ended_periods(D(2026, 12, 31))] == ["month", "quarter", "half_year", "year"]
    assert ended_periods(D(2026, 6, 29)) == []
    with pytest.raises(ReportError):
        Q1.check_as_of(D(2025, 12, 31))


# The worked example of docs/reports.md: Q1/2026 as of 15/03/2026.
AS_OF = D(2026, 3, 15)
EXAMPLE = {
    "A": TaskFacts("done", D(2026, 1, 5), D(2026, 2, 1), None, D(2026, 1, 30)),            # on time
    "B": TaskFacts("done", D(2026, 1, 5), D(2026, 2, 1), None, D(2026, 2, 3)),             # late
    "C": TaskFacts("done", D(2026, 1, 5), D(2026, 3, 31), None, D(2026, 3, 20)),           # done after D: open, within
    "D": TaskFacts("in_progress", D(2026, 2, 1), D(2026, 3, 1), D(2026, 2, 15), None),     # overdue 14 days, extended
    "E": TaskFacts("in_progress", D(2025, 10, 1), D(2025, 11, 10), None, None),            # carried, overdue 125 days
    "F": TaskFacts("received", D(2026, 1, 20), None, None, None),                          # no deadline
    "G": TaskFacts("cancelled", D(2026, 1, 20), D(2026, 2, 1), None, None),                # excluded
    "H": TaskFacts("done", D(2025, 11, 1), D(2025, 12, 1), None, D(2025, 12, 20)),         # finished before Q1: out
    "I": TaskFacts("assigned", D(2026, 3, 20), D(2026, 4, 1), None, None),                 # assigned after D: out
    "J": TaskFacts("done", D(2025, 12, 1), None, None, D(2026, 1, 10)),                    # carried, done, no deadline: on time
}


def test_worked_example_per_task():
    cat = {}
    for k, t in EXAMPLE.items():
        c = classify(t, Q1, AS_OF)
        cat[k] = None if c is None else [col for col in COLUMNS if getattr(c, col) and col != "total"]
    assert cat == {
        "A": ["assigned", "on_time"], "B": ["assigned", "late"], "C": ["assigned", "within"],
        "D": ["assigned", "overdue", "extended"],
        "E": ["carried", "overdue", "overdue_30", "overdue_90", "overdue_120", "carried_open"],
        "F": ["assigned", "no_deadline"], "G": None, "H": None, "I": None, "J": ["carried", "on_time"],
    }


def test_worked_example_totals_and_rates():
    c = count_tasks(EXAMPLE.values(), Q1, AS_OF)
    assert (c.assigned, c.carried, c.total) == (5, 2, 7)
    assert (c.on_time, c.late, c.within, c.overdue, c.no_deadline) == (2, 1, 1, 2, 1)
    assert (c.overdue_30, c.overdue_120, c.extended, c.carried_open) == (1, 1, 1, 1)
    assert c.completed == 3 and c.due == 5
    assert c.completion_rate == Decimal("42.86") and fmt_percent(c.completion_rate) == "42,86%"
    assert c.on_time_rate == Decimal("40.00") and fmt_percent(c.on_time_rate) == "40,00%"
    assert summary_sentence(c).startswith(
        "Tổng số nhiệm vụ được giao 7 (giao trong kỳ 5, kỳ trước chuyển sang 2); đã hoàn thành 3, đạt 42,86%")


def test_as_of_end_of_quarter_counts_later_completion():
    c = count_tasks(EXAMPLE.values(), Q1, D(2026, 3, 31))
    assert c.on_time == 3 and c.within == 1  # C finished 20/03 on time; I (due 01/04) is within
    assert c.assigned == 6  # I (20/03) is now inside


def test_overdue_thresholds_are_strict():
    p = Period.containing("year", D(2026, 1, 1))
    due = D(2026, 1, 1)
    for days, expect in [(30, (0, 0, 0)), (31, (1, 0, 0)), (91, (1, 1, 0)), (121, (1, 1, 1))]:
        c = classify(TaskFacts("assigned", due, due), p, date.fromordinal(due.toordinal() + days))
        assert (c.overdue_30, c.overdue_90, c.overdue_120) == expect
    assert classify(TaskFacts("assigned", due, due), p, due).within == 1  # due today: still within


@pytest.mark.parametrize("part, whole, text", [(16051, 16276, "98,62%"), (1, 3, "33,33%"), (2, 3, "66,67%"),
                                               (0, 5, "0,00%"), (5, 5, "100,00%"), (1, 0, "—")])
def test_rates_half_up_comma(part, whole, text):
    assert fmt_percent(rate(part, whole)) == text


def test_fmt_number():
    assert fmt_number(16051) == "16.051" and fmt_number(12) == "12"


def C(**kw):
    return Counts(**kw)


def test_ranking_ties_then_change():
    cur = {
        "a": C(total=10, on_time=8, late=0, overdue=2),          # 80% on time, 80% done
        "b": C(total=20, on_time=8, late=0, overdue=2, within=10),  # 80%, 40% done
        "c": C(total=5, on_time=4, overdue=1),                     # 80%, 80%, fewer tasks than a
        "d": C(total=3, within=3),                                 # nothing due yet: not ranked
        "e": C(),                                                  # nothing: not ranked
        "f": C(total=10, on_time=8, overdue=2),                    # identical to a: same rank
    }
    prev = {"a": C(total=4, on_time=1, overdue=3), "c": C(total=4, on_time=4)}
    rows = rank_rows(cur, prev)
    assert [(r.key, r.rank) for r in rows] == [("a", 1), ("f", 1), ("c", 3), ("b", 4), ("d", None)]
    a = rows[0]
    assert a.previous_rank == 2 and a.rank_change == 1
    assert a.on_time_rate_change == Decimal("55.00")
    assert rows[2].rank_change == -2 and rows[3].previous_rank is None


def test_units_without_due_task_are_not_ranked_below_an_overdue_one():
    # The "A day of real use" case: one overdue task (0% on time) must not rank above
    # units with nothing due; those are "chưa xếp hạng", never best nor worst.
    cur = {
        "chieng_le": C(total=2, on_time=2),
        "to_hieu": C(total=1, overdue=1),
        "hua_la": C(total=2, within=2),
        "quyet_tam": C(total=1, no_deadline=1),
    }
    rows = rank_rows(cur)
    assert [(r.key, r.rank) for r in rows] == [("chieng_le", 1), ("to_hieu", 2), ("hua_la", None),
                                               ("quyet_tam", None)]
    assert not is_ranked(cur["hua_la"]) and is_ranked(cur["to_hieu"])
    best, weakest = best_and_weakest(rows)
    assert [r.key for r in best] == ["chieng_le"] and [r.key for r in weakest] == ["to_hieu"]


def test_best_and_weakest_never_overlap_nor_praise_zero():
    cur = {k: C(total=4, on_time=n, overdue=4 - n) for k, n in [("a", 4), ("b", 3), ("c", 0), ("d", 0), ("e", 0)]}
    best, weakest = best_and_weakest(rank_rows(cur), limit=3)
    # 5 ranked units: at most 2 on each side; the 0% units are not "best".
    assert [r.key for r in best] == ["a", "b"]
    assert [r.key for r in weakest] == ["c", "d"] or [r.key for r in weakest] == ["e", "d"]
    assert {r.key for r in best}.isdisjoint(r.key for r in weakest)
    only = rank_rows({"a": C(total=1, on_time=1), "x": C(total=1, within=1)})
    assert best_and_weakest(only) == ([], [])
    all_full = rank_rows({"a": C(total=1, on_time=1), "b": C(total=1, on_time=1)})
    assert best_and_weakest(all_full)[1] == []


def test_rollup_adds_into_ancestors_within_root():
    w = len(COLUMNS)
    one = [1] + [0] * (w - 1)
    paths = {1: "/1/", 2: "/1/2/", 3: "/1/2/3/", 4: "/1/4/"}
    out = rollup({1: one, 3: one, 4: one}, paths)
    assert out[1][0] == 3 and out[2][0] == 1 and out[3][0] == 1 and out[4][0] == 1
    sub = rollup({1: one, 3: one, 4: one}, paths, "/1/2/")
    assert set(sub) == {2, 3}


_dates = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 12, 31))
_task = st.builds(TaskFacts, st.sampled_from(["assigned", "in_progress", "done", "cancelled", "returned"]),
                  _dates, st.none() | _dates, st.none() | _dates, st.none() | _dates)


@given(_task, _dates)
def test_every_counted_task_is_in_exactly_one_category(t, as_of):
    p = Period.containing("quarter", D(2026, 1, 1))
    if as_of < p.start:
        return
    c = classify(t, p, as_of)
    if c is None:
        return
    assert c.on_time + c.late + c.within + c.overdue + c.no_deadline == 1 == c.total == c.assigned + c.carried
    assert c.overdue_120 <= c.overdue_90 <= c.overdue_30 <= c.overdue
    assert c.carried_open <= c.carried
