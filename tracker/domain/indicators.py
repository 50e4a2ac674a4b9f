"""Indicators (chỉ tiêu): what a directive or a task is measured by. Pure.

An indicator has a measure (count, percent, money, or achieved/not), a direction (higher
or lower is better) and an aggregation that says how unit figures roll up: the sum, the
average, or the number of units that reached their target ("12/12 xã, phường đạt").

Reported values are history: each report is a row; a correction is a new row that
replaces the row it corrects (with a reason) and keeps it. The value of a unit as of a
date is the latest (reported_on, id) row reported on or before that date that no other
row corrects.

The phrasing functions take `_` (a gettext) so pages pass Flask-Babel's and tests may
pass nothing; the literal strings are extracted like every other string.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum


class Measure(str, Enum):
    COUNT = "count"          # 27 công trình
    PERCENT = "percent"      # 100% xã, phường
    MONEY = "money"          # 1.500.000.000 đồng
    ACHIEVED = "achieved"    # đạt / chưa đạt (1 / 0)


class Direction(str, Enum):
    HIGHER = "higher"        # higher is better: reached when value >= target
    LOWER = "lower"          # lower is better: reached when value <= target


class Aggregation(str, Enum):
    SUM = "sum"
    AVERAGE = "average"
    REACHED = "reached"      # number of units that reached their target


# Values are kept with this many decimals (money in đồng may have none, percent two).
SCALE = 2
MAX_VALUE = Decimal("1e15")   # 1 triệu tỷ đồng: larger is a typing error


class BadValue(ValueError):
    """A value that cannot be an indicator value; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _achieved_from_word(s: str) -> Decimal:
    """"đạt" / "chưa đạt" (spaces already removed) and their plain equivalents as 1 / 0."""
    if s in ("đạt", "dat", "1", "co", "có", "yes", "true"):
        return Decimal(1)
    if s in ("chưađạt", "chuadat", "khôngđạt", "khongdat", "0", "no", "false"):
        return Decimal(0)
    raise BadValue("invalid")


def _decimal_from_text(s: str, measure: Measure) -> Decimal:
    """A number written the Vietnamese way (spaces and "%" already removed)."""
    if "," in s:                      # Vietnamese: "." groups thousands, "," decimals
        s = s.replace(".", "").replace(",", ".")
    elif s.count(".") > 1 or (s.count(".") == 1 and len(s.split(".")[1]) == 3 and measure is not Measure.PERCENT):
        s = s.replace(".", "")        # "1.500" is one thousand five hundred
    try:
        return Decimal(s)
    except InvalidOperation:
        raise BadValue("invalid") from None


def parse_value(text: str | float | Decimal | None, measure: Measure | str) -> Decimal:
    """A value typed the Vietnamese way ("1.234.567,5", "96,3", "96.3%", "đạt") or given as a number.

    Raises BadValue with code "empty", "invalid", "negative", "too_large" or "percent_range".
    """
    measure = Measure(measure)
    if text is None:
        raise BadValue("empty")
    if isinstance(text, bool):
        raise BadValue("invalid")
    if isinstance(text, (int, Decimal)):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(str(text))
    else:
        s = str(text).strip().lower().replace(" ", "").rstrip("%")
        if not s:
            raise BadValue("empty")
        if measure is Measure.ACHIEVED:
            return _achieved_from_word(s)
        value = _decimal_from_text(s, measure)
    if not value.is_finite():
        raise BadValue("invalid")
    if value < 0:
        raise BadValue("negative")
    if value >= MAX_VALUE:
        raise BadValue("too_large")
    if measure is Measure.PERCENT and value > 100:
        raise BadValue("percent_range")
    if measure is Measure.ACHIEVED and value not in (0, 1):
        raise BadValue("invalid")
    return value.quantize(Decimal(1).scaleb(-SCALE), rounding=ROUND_HALF_UP)


def reached(value: Decimal | None, target: Decimal | None, direction: Direction | str) -> bool:
    """Whether a unit's value reaches its target: >= when higher is better, <= when lower."""
    if value is None or target is None:
        return False
    if Direction(direction) is Direction.LOWER:
        return value <= target
    return value >= target


# -- history and as-of ----------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    """One reported value of one unit (a row of the history)."""
    id: int
    unit_id: int
    value: Decimal
    reported_on: date
    corrects_id: int | None = None


def current(reports: Iterable[Report], as_of: date) -> dict[int, Report]:
    """Per unit, the value in force on `as_of`: the latest (reported_on, id) report on or
    before the date that no other report corrects. A correction counts from its own date."""
    reports = list(reports)
    corrected = {r.corrects_id for r in reports if r.corrects_id is not None}
    out: dict[int, Report] = {}
    for r in reports:
        if r.id in corrected or r.reported_on > as_of:
            continue
        best = out.get(r.unit_id)
        if best is None or (r.reported_on, r.id) > (best.reported_on, best.id):
            out[r.unit_id] = r
    return out


# -- rollup -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """An indicator rolled up over some units as of a date.

    For SUM and AVERAGE, `achieved`/`target` are the aggregate values; for REACHED they are
    the number of units that reached their target and the number of units with a target.
    `reporting` counts the units with a value in force."""
    aggregation: Aggregation
    achieved: Decimal | None
    target: Decimal | None
    units: int          # units with a target
    reporting: int      # of those, units with a value

    @property
    def rate(self) -> Decimal | None:
        """achieved / target in percent, two decimals, half up; None without a base."""
        if self.achieved is None or not self.target:
            return None
        return (self.achieved * 100 / self.target).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rollup(aggregation: Aggregation | str, direction: Direction | str,
           targets: dict[int, Decimal], values: dict[int, Decimal]) -> Figure:
    """The indicator over the units that have a target; `values` are the values in force.

    SUM: sum of values / sum of targets. AVERAGE: mean of the reported values / mean of the
    targets. REACHED: units whose value reaches their target / units with a target."""
    units = sorted(targets)
    got = {u: values[u] for u in units if u in values}
    return from_totals(aggregation, sum_values=sum(got.values(), Decimal(0)),
                       sum_targets=sum((targets[u] for u in units), Decimal(0)),
                       units=len(units), reporting=len(got),
                       reached_units=sum(1 for u in units if reached(got.get(u), targets[u], direction)))


def from_totals(aggregation: Aggregation | str, *, sum_values: Decimal, sum_targets: Decimal,
                units: int, reporting: int, reached_units: int) -> Figure:
    """The figure from the totals a query computes (the one place both paths meet)."""
    aggregation = Aggregation(aggregation)
    sum_values, sum_targets = Decimal(sum_values or 0), Decimal(sum_targets or 0)
    if aggregation is Aggregation.REACHED:
        return Figure(aggregation, Decimal(reached_units), Decimal(units), units, reporting)
    if aggregation is Aggregation.SUM:
        return Figure(aggregation, sum_values if reporting else None, sum_targets if units else None,
                      units, reporting)
    return Figure(aggregation, _div(sum_values, reporting), _div(sum_targets, units), units, reporting)


def _div(total: Decimal, n: int) -> Decimal | None:
    if not n:
        return None
    return (total / n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# -- Vietnamese phrasing ----------------------------------------------------------------

def fmt_decimal(value: Decimal | None, empty: str = "—") -> str:
    """Vietnamese style: "." groups thousands, "," before decimals, no trailing zeros
    ("1.234.567,5", "27", "96,3")."""
    if value is None:
        return empty
    q = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _dot, frac = f"{abs(q):f}".partition(".")
    frac = frac.rstrip("0")
    out = f"{int(whole):,}".replace(",", ".")
    return sign + out + ("," + frac if frac else "")


def fmt_rate(rate: Decimal | None, empty: str = "—") -> str:
    """Percent with two decimals and a comma: "96,30%"."""
    if rate is None:
        return empty
    return f"{rate.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}".replace(".", ",") + "%"


def _identity(s: str) -> str:
    return s


def fmt_value(value: Decimal | None, measure: Measure | str, unit_label: str = "",
              _: Callable[[str], str] = _identity) -> str:
    """One value with its unit: "27 công trình", "95%", "1.500.000.000 đồng", "đạt"."""
    measure = Measure(measure)
    if value is None:
        return _("chưa báo cáo")
    if measure is Measure.ACHIEVED:
        return _("đạt") if value >= 1 else _("chưa đạt")
    if measure is Measure.PERCENT:
        return fmt_decimal(value) + "%"
    label = unit_label or (_("đồng") if measure is Measure.MONEY else "")
    return (fmt_decimal(value) + " " + label).strip()


def phrase(figure: Figure, measure: Measure | str, unit_label: str = "",
           _: Callable[[str], str] = _identity) -> str:
    """The figure the way reports write it:

    - sum:      "đạt 26/27 công trình (96,30%)"
    - reached:  "12/12 xã, phường đạt" (unit_label names the units counted)
    - average:  "đạt bình quân 95,5%/100% (95,50%)"
    Without any value yet: "chưa có số liệu (chỉ tiêu 27 công trình)".
    """
    measure = Measure(measure)
    if figure.aggregation is Aggregation.REACHED:
        label = unit_label or _("đơn vị")
        return _("%(n)s/%(total)s %(label)s đạt") % {
            "n": fmt_decimal(figure.achieved), "total": fmt_decimal(figure.target), "label": label}
    target = fmt_value(figure.target, measure, unit_label, _) if measure is not Measure.ACHIEVED else ""
    if figure.achieved is None:
        return _("chưa có số liệu (chỉ tiêu %(target)s)") % {"target": target or "—"}
    if measure is Measure.ACHIEVED:
        return fmt_value(figure.achieved, measure, unit_label, _)
    if measure is Measure.PERCENT:
        achieved = fmt_decimal(figure.achieved) + "%"
    elif measure is Measure.MONEY:
        achieved = fmt_decimal(figure.achieved)
    else:
        achieved = fmt_decimal(figure.achieved)
    values = {"achieved": achieved, "target": target, "rate": fmt_rate(figure.rate)}
    if figure.aggregation is Aggregation.AVERAGE:
        return _("đạt bình quân %(achieved)s/%(target)s (%(rate)s)") % values
    return _("đạt %(achieved)s/%(target)s (%(rate)s)") % values


def split_target(total: Decimal, units: list[int]) -> dict[int, Decimal]:
    """Split a total as evenly as possible across units, in the given order, to the cent:
    27 over 4 wards gives 7, 7, 7, 6. The parts sum to the total."""
    if not units:
        return {}
    cents = int((Decimal(total) * 100).to_integral_value(rounding=ROUND_HALF_UP))
    step = 100 if cents % 100 == 0 else 1          # whole numbers stay whole
    base, extra = divmod(cents // step, len(units))
    return {u: Decimal((base + (1 if i < extra else 0)) * step) / 100 for i, u in enumerate(units)}


def targets_for(aggregation: Aggregation | str, total: Decimal, units: list[int]) -> dict[int, Decimal]:
    """Per-unit targets from one figure: a sum is split across the units (27 công trình over
    the wards); an average or a count of units reaching their target gives every unit the
    figure itself ("100% xã, phường")."""
    if Aggregation(aggregation) is Aggregation.SUM:
        return split_target(total, units)
    return {u: Decimal(total) for u in units}


# -- a target stated in a text ("phấn đấu 100% xã, phường …") ----------------------------

@dataclass(frozen=True)
class TargetHint:
    """An indicator a sentence states, for the extraction and the Excel import to carry:
    "100% xã, phường" -> each commune/ward reaches it (achieved/not, counted "12/12 xã, phường đạt");
    "27 công trình" -> a count summed over the units; "95% hồ sơ" -> a percentage averaged;
    "1.500 triệu đồng" -> money summed."""
    measure: Measure
    aggregation: Aggregation
    target: Decimal        # per unit for REACHED (1 = đạt) and AVERAGE; the whole for SUM
    unit_label: str
    share: Decimal | None  # REACHED: the percentage of units that must reach it (100)
    phrase: str            # the words as written, "100% xã, phường"

    def to_json(self) -> dict:
        return {"measure": self.measure.value, "aggregation": self.aggregation.value,
                "target": f"{self.target:f}", "unit_label": self.unit_label,
                "share": None if self.share is None else f"{self.share:f}", "phrase": self.phrase}


_TRIGGER = r"(?:phấn đấu|chỉ tiêu|mục tiêu|đạt|bảo đảm|đảm bảo|ít nhất|tối thiểu|không dưới)"
_HINT = re.compile(
    _TRIGGER + r"[^0-9;.…\n]{0,40}?(?<![\w.,])(\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:[.,]\d+)?)\s*(%|phần trăm)?"
    r"\s*((?:triệu|tỷ)\s+đồng|đồng)?([^;.…\n(]{0,60})", re.IGNORECASE)
_STOP = {"trở", "có", "được", "đạt", "hoàn", "thực", "tham", "và", "trên", "tại", "với", "đến", "trong", "để",
         "theo", "đã", "sẽ", "là", "so", "tổ", "thành", "xây", "ban", "hằng"}
_UNIT_WORDS = {"xã", "phường", "thị", "đơn", "cơ", "thôn", "bản", "tổ", "huyện", "quận", "trường", "hộ"}
_SCALE = {"triệu đồng": Decimal(1_000_000), "tỷ đồng": Decimal(1_000_000_000), "đồng": Decimal(1)}


def _label(rest: str) -> str:
    words = []
    for raw in rest.replace(",", " , ").split():
        w = raw.lower()
        if w == ",":
            # "xã, phường": a comma joins two unit words; any other comma ends the label
            if words and words[-1].lower() in _UNIT_WORDS:
                words.append(",")
                continue
            break
        if w in _STOP and words and words[-1] != ",":
            break
        if w in _STOP and not words:
            break
        words.append(raw)
        if len(words) >= 5:
            break
    while words and words[-1] == ",":
        words.pop()
    return " ".join(words).replace(" ,", ",")


def target_in_text(text: str) -> TargetHint | None:
    """The first target the text states after "phấn đấu", "chỉ tiêu", "đạt"…, or None."""
    import unicodedata

    text = unicodedata.normalize("NFC", text or "")
    m = _HINT.search(text)
    if m is None:
        return None
    number, percent, money, rest = m.group(1), m.group(2), m.group(3), m.group(4)
    try:
        value = parse_value(number, Measure.MONEY)
    except BadValue:
        return None
    label = _label(rest)
    phrase = (number + ("%" if percent else "") + (" " + money if money else "") + (" " + label if label else ""))
    if money:
        amount = value * _SCALE[money.lower()]
        return TargetHint(Measure.MONEY, Aggregation.SUM, amount, "đồng", None, phrase.strip())
    if percent:
        if value > 100:
            return None
        first = label.split(" ")[0].rstrip(",").lower() if label else ""
        if first in _UNIT_WORDS:
            return TargetHint(Measure.ACHIEVED, Aggregation.REACHED, Decimal(1), label, value, phrase.strip())
        return TargetHint(Measure.PERCENT, Aggregation.AVERAGE, value, label, None, phrase.strip())
    if not label:
        return None
    return TargetHint(Measure.COUNT, Aggregation.SUM, value, label, None, phrase.strip())
