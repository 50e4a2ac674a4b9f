"""Indicators in the domain: parsing, the reached rule, as-of history, rollup and phrasing."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.indicators import (
    Aggregation,
    BadValue,
    Direction,
    Figure,
    Measure,
    Report,
    current,
    fmt_decimal,
    fmt_value,
    parse_value,
    phrase,
    reached,
    rollup,
    split_target,
)

D = Decimal


def test_phrasing_of_a_sum_as_reports_write_it():
    fig = rollup(Aggregation.SUM, Direction.HIGHER, {1: D(7), 2: D(20)}, {1: D(6), 2: D(20)})
    assert phrase(fig, Measure.COUNT, "công trình") == "đạt 26/27 công trình (96,30%)"


def test_phrasing_of_units_reaching_their_target():
    targets = {u: D(100) for u in range(12)}
    fig = rollup(Aggregation.REACHED, Direction.HIGHER, targets, {u: D(100) for u in range(12)})
    assert phrase(fig, Measure.PERCENT, "xã, phường") == "12/12 xã, phường đạt"
    values = {u: D(100) for u in range(11)} | {11: D("99.5")}
    fig = rollup(Aggregation.REACHED, Direction.HIGHER, targets, values)
    assert phrase(fig, Measure.PERCENT, "xã, phường") == "11/12 xã, phường đạt"


def test_money_has_dot_thousands_and_comma_decimals():
    assert fmt_decimal(D("1234567.5")) == "1.234.567,5"
    assert fmt_decimal(D("1500000000")) == "1.500.000.000"
    fig = rollup(Aggregation.SUM, Direction.HIGHER, {1: D(1500000000)}, {1: D(1200000000)})
    assert phrase(fig, Measure.MONEY) == "đạt 1.200.000.000/1.500.000.000 đồng (80,00%)"


def test_average_and_no_data_and_achieved():
    fig = rollup(Aggregation.AVERAGE, Direction.HIGHER, {1: D(100), 2: D(100)}, {1: D(90), 2: D(100)})
    assert phrase(fig, Measure.PERCENT) == "đạt bình quân 95%/100% (95,00%)"
    fig = rollup(Aggregation.SUM, Direction.HIGHER, {1: D(27)}, {})
    assert phrase(fig, Measure.COUNT, "công trình") == "chưa có số liệu (chỉ tiêu 27 công trình)"
    assert fmt_value(D(1), Measure.ACHIEVED) == "đạt"
    assert fmt_value(D(0), Measure.ACHIEVED) == "chưa đạt"


def test_reached_follows_the_direction():
    assert reached(D(5), D(5), Direction.HIGHER) and reached(D(6), D(5), "higher")
    assert not reached(D(4), D(5), Direction.HIGHER)
    assert reached(D(2), D(3), Direction.LOWER) and not reached(D(4), D(3), Direction.LOWER)
    assert not reached(None, D(3), Direction.LOWER)


@pytest.mark.parametrize("text,measure,expected", [
    ("1.234.567,5", Measure.MONEY, D("1234567.50")),
    ("1.500", Measure.COUNT, D("1500")),
    ("96,3", Measure.PERCENT, D("96.30")),
    ("96.3%", Measure.PERCENT, D("96.30")),
    ("27", Measure.COUNT, D(27)),
    ("đạt", Measure.ACHIEVED, D(1)),
    ("chưa đạt", Measure.ACHIEVED, D(0)),
])
def test_parse_value(text, measure, expected):
    assert parse_value(text, measure) == expected


@pytest.mark.parametrize("text,measure,code", [
    ("", Measure.COUNT, "empty"), ("abc", Measure.COUNT, "invalid"), ("-3", Measure.COUNT, "negative"),
    ("101", Measure.PERCENT, "percent_range"), ("1e20", Measure.MONEY, "too_large"),
    ("NaN", Measure.COUNT, "invalid"), ("2", Measure.ACHIEVED, "invalid"),
])
def test_parse_value_refuses(text, measure, code):
    with pytest.raises(BadValue) as e:
        parse_value(text, measure)
    assert e.value.code == code


def test_a_correction_replaces_the_value_and_keeps_history():
    d = date(2026, 3, 1)
    reports = [Report(1, 10, D(5), d), Report(2, 10, D(8), d + timedelta(days=10)),
               Report(3, 10, D(7), d + timedelta(days=10), corrects_id=2)]
    assert current(reports, d + timedelta(days=5))[10].value == D(5)
    assert current(reports, d + timedelta(days=10))[10].value == D(7)
    assert current(reports, d - timedelta(days=1)) == {}


reports_st = st.lists(st.tuples(st.integers(1, 4), st.integers(0, 50), st.integers(0, 30), st.booleans()),
                      max_size=25)


@settings(max_examples=200, deadline=None)
@given(reports_st, st.integers(0, 30))
def test_current_is_the_latest_uncorrected_report(rows, day):
    base = date(2026, 1, 1)
    reports = []
    for i, (unit, value, offset, corrects) in enumerate(rows, start=1):
        prev = [r for r in reports if r.unit_id == unit]
        reports.append(Report(i, unit, D(value), base + timedelta(days=offset),
                              corrects_id=prev[-1].id if corrects and prev else None))
    as_of = base + timedelta(days=day)
    got = current(reports, as_of)
    corrected = {r.corrects_id for r in reports}
    for unit in {r.unit_id for r in reports}:
        live = [r for r in reports if r.unit_id == unit and r.id not in corrected and r.reported_on <= as_of]
        if not live:
            assert unit not in got
        else:
            assert got[unit] == max(live, key=lambda r: (r.reported_on, r.id))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.integers(1, 999), min_size=1, max_size=40, unique=True))
def test_split_target_sums_to_the_total_and_differs_by_at_most_one(total, units):
    parts = split_target(D(total), units)
    assert sum(parts.values()) == total
    assert max(parts.values()) - min(parts.values()) <= 1


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=D("1e14"), places=2))
def test_fmt_decimal_round_trips_through_parse(value):
    assert parse_value(fmt_decimal(value), Measure.MONEY) == value


def test_figure_rate_needs_a_base():
    assert Figure(Aggregation.SUM, D(3), D(0), 1, 1).rate is None
    assert Figure(Aggregation.SUM, None, D(3), 1, 0).rate is None


def test_targets_for_splits_a_sum_and_repeats_a_share():
    from tracker.domain.indicators import targets_for
    assert list(targets_for(Aggregation.SUM, D(27), [1, 2, 3, 4]).values()) == [7, 7, 7, 6]
    assert targets_for(Aggregation.REACHED, D(100), [1, 2]) == {1: D(100), 2: D(100)}
    assert sum(split_target(D("10.01"), [1, 2, 3]).values()) == D("10.01")


@pytest.mark.parametrize("text,expected", [
    ("Phấn đấu 100% xã, phường tổ chức hội nghị đối thoại với nhân dân …",
     ("achieved", "reached", D(1), "xã, phường", D(100))),
    ("Phấn đấu đến cuối năm hoàn thành 27 công trình dân vận khéo.", ("count", "sum", D(27), "công trình dân vận khéo", None)),
    ("bảo đảm 95% hồ sơ được giải quyết đúng hạn", ("percent", "average", D(95), "hồ sơ", None)),
    ("chỉ tiêu huy động 1.500 triệu đồng cho quỹ", ("money", "sum", D(1_500_000_000), "đồng", None)),
])
def test_target_in_text(text, expected):
    from tracker.domain.indicators import target_in_text
    hint = target_in_text(text)
    assert hint is not None
    assert (hint.measure.value, hint.aggregation.value, hint.target, hint.unit_label, hint.share) == expected


@pytest.mark.parametrize("text", [
    "Công an Thành phố nắm chắc tình hình, thực hiện thường xuyên.",
    "Báo cáo kết quả trước ngày 05/12/2024.",
    "", "phấn đấu 250% xã",
])
def test_no_target_in_text(text):
    from tracker.domain.indicators import target_in_text
    assert target_in_text(text) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_target_in_text_never_raises(text):
    from tracker.domain.indicators import target_in_text
    target_in_text(text)
