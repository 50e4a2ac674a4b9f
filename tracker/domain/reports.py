"""Report definitions (báo cáo kết quả thực hiện nhiệm vụ): periods, counts, rates, ranking.

What each column counts is declared once, as rules, in ``tracker.domain.categories``:
``classify`` evaluates those rules and the SQL in ``tracker.queries.reports`` is compiled
from them (tested against each other on generated tasks). Everything is computed from
dates as of a day D, never from the current status alone, so a report "as of
31/12/2025" says the same thing whenever it is run (docs/reports.md has worked
examples).

For a period [start, end] and a day D (start <= D):

- population: tasks not cancelled (cancelled tasks are left out entirely: there is
  no cancellation date to tell when they stopped counting), that were either
  * assigned in the period: start <= assigned_on <= min(end, D), or
  * carried over: assigned before start and not completed before start;
- completed as of D: status done and completed_on (the day the accepted report was
  submitted) <= D; a task finished after D is open as of D;
- on time: completed and (no deadline or completed_on <= due_on); late: completed
  after due_on;
- open within deadline: open and due_on >= D; open overdue: open and due_on < D;
  "overdue more than N days": D - due_on > N; no deadline: open without due_on;
- extension granted: original_due_on kept and different from due_on;
- completion rate = completed / population; on-time rate = on time / (completed +
  open overdue), i.e. among the tasks whose deadline has come ("đến hạn");
- carried over and still open: carried over and open as of D.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from tracker.domain.categories import OVERDUE_THRESHOLDS, REPORT_RULES, report_columns, report_params
from tracker.domain.deadlines import Recurrence, period_bounds
from tracker.domain.ranking import RankedRow, best_and_weakest, is_ranked, rank_rows

__all__ = [
    "PeriodKind", "Period", "ReportError", "OVERDUE_THRESHOLDS", "COLUMNS", "Counts",
    "TaskFacts", "classify", "count_tasks", "rate", "fmt_percent", "fmt_number", "rank_rows",
    "RankedRow", "is_ranked", "best_and_weakest", "rollup", "rollup_top", "ancestors", "ended_periods", "summary_sentence",
]

class ReportError(ValueError):
    """Invalid report input; ``code`` is stable for forms and the API."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class PeriodKind(str, Enum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    CUSTOM = "custom"


_RECURRENCE = {
    PeriodKind.MONTH: Recurrence.MONTHLY,
    PeriodKind.QUARTER: Recurrence.QUARTERLY,
    PeriodKind.HALF_YEAR: Recurrence.HALF_YEARLY,
    PeriodKind.YEAR: Recurrence.YEARLY,
}
STANDARD_KINDS = tuple(_RECURRENCE)


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ReportError("end_before_start")

    @classmethod
    def containing(cls, kind: PeriodKind | str, d: date) -> "Period":
        """The month/quarter/half-year/year containing ``d``."""
        try:
            kind = PeriodKind(kind)
        except ValueError:
            raise ReportError("bad_period") from None
        if kind is PeriodKind.CUSTOM:
            raise ReportError("custom_needs_bounds")
        start, end = period_bounds(_RECURRENCE[kind], d)
        return cls(kind, start, end)

    @classmethod
    def custom(cls, start: date, end: date) -> "Period":
        return cls(PeriodKind.CUSTOM, start, end)

    def previous(self) -> "Period":
        """The period just before: same kind; a custom period of the same length."""
        if self.kind is PeriodKind.CUSTOM:
            length = self.end - self.start
            end = self.start - timedelta(days=1)
            return Period.custom(end - length, end)
        return Period.containing(self.kind, self.start - timedelta(days=1))

    def next(self) -> "Period":
        if self.kind is PeriodKind.CUSTOM:
            length = self.end - self.start
            start = self.end + timedelta(days=1)
            return Period.custom(start, start + length)
        return Period.containing(self.kind, self.end + timedelta(days=1))

    def default_as_of(self, today: date) -> date:
        """As of today for the running period, as of its last day once it has ended."""
        return min(max(today, self.start), self.end)

    def check_as_of(self, as_of: date) -> None:
        if as_of < self.start:
            raise ReportError("as_of_before_start")

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.start.isoformat()}:{self.end.isoformat()}"

    def label(self) -> str:
        """Short neutral label: 03/2026, Q1/2026, H1/2026, 2026, dd/mm/yyyy–dd/mm/yyyy."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.month:02d}/{self.start.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"Q{(self.start.month - 1) // 3 + 1}/{self.start.year}"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"H{1 if self.start.month == 1 else 2}/{self.start.year}"
        if self.kind is PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


def ended_periods(day: date) -> list[Period]:
    """Standard periods whose last day is ``day`` (what the nightly job closes the day after)."""
    out = []
    for kind in STANDARD_KINDS:
        p = Period.containing(kind, day)
        if p.end == day:
            out.append(p)
    return out


# The count columns, in the order of tables, exports and the API.
COLUMNS = (
    "assigned", "carried", "total", "on_time", "late", "within", "overdue",
    "overdue_30", "overdue_90", "overdue_120", "no_deadline", "extended", "carried_open",
)


@dataclass
class Counts:
    assigned: int = 0        # giao trong kỳ
    carried: int = 0         # kỳ trước chuyển sang (chưa hoàn thành khi đầu kỳ)
    total: int = 0           # assigned + carried
    on_time: int = 0
    late: int = 0
    within: int = 0          # đang thực hiện trong hạn (due soon included)
    overdue: int = 0
    overdue_30: int = 0
    overdue_90: int = 0
    overdue_120: int = 0
    no_deadline: int = 0
    extended: int = 0
    carried_open: int = 0

    @classmethod
    def from_seq(cls, values) -> "Counts":
        return cls(*[int(v or 0) for v in values])

    def as_list(self) -> list[int]:
        return [getattr(self, c) for c in COLUMNS]

    def add(self, other: "Counts") -> "Counts":
        for c in COLUMNS:
            setattr(self, c, getattr(self, c) + getattr(other, c))
        return self

    @property
    def completed(self) -> int:
        return self.on_time + self.late

    @property
    def open(self) -> int:
        return self.within + self.overdue + self.no_deadline

    @property
    def due(self) -> int:
        """Tasks whose deadline has come or that are finished: the on-time rate's base."""
        return self.completed + self.overdue

    @property
    def completion_rate(self) -> Decimal | None:
        return rate(self.completed, self.total)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.due)

    def to_dict(self) -> dict:
        out = {c: getattr(self, c) for c in COLUMNS}
        out.update(completed=self.completed, open=self.open, due=self.due,
                   completion_rate=_float(self.completion_rate), on_time_rate=_float(self.on_time_rate))
        return out


def _float(r: Decimal | None) -> float | None:
    return None if r is None else float(r)


def rate(part: int, whole: int) -> Decimal | None:
    """Percentage with two decimals, half up (98,625 -> 98,63); None when there is no base."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fmt_percent(r: Decimal | float | None, empty: str = "—") -> str:
    """Vietnamese style: comma decimal, "98,62%"."""
    if r is None:
        return empty
    return f"{Decimal(str(r)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}".replace(".", ",") + "%"


def fmt_number(n: int) -> str:
    """Vietnamese thousands separator: 16.051."""
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True)
class TaskFacts:
    """What a report needs of one task (status only to tell done and cancelled)."""
    status: str
    assigned_on: date
    due_on: date | None = None
    original_due_on: date | None = None
    completed_on: date | None = None


def classify(t: TaskFacts, period: Period, as_of: date) -> Counts | None:
    """The task's contribution (0/1 per column) to a report, or None if it is not counted."""
    period.check_as_of(as_of)
    columns = report_columns(vars(t), report_params(period.start, period.end, as_of))
    return None if columns is None else Counts(**columns)


def count_tasks(tasks, period: Period, as_of: date) -> Counts:
    total = Counts()
    for t in tasks:
        c = classify(t, period, as_of)
        if c is not None:
            total.add(c)
    return total


def ancestors(path: str) -> list[int]:
    """Unit ids on a materialised path "/1/5/23/", root first, the unit itself last."""
    return [int(p) for p in path.strip("/").split("/") if p]


def rollup(own: dict[int, list[int]], paths: dict[int, str], root_path: str = "/") -> dict[int, list[int]]:
    """Add each unit's own counts into itself and every ancestor inside ``root_path``.

    ``paths`` must hold every unit under the root. Bottom-up, deepest units first:
    each unit's total is added once into its parent, so 10,000 units cost 10,000
    vector additions whatever the depth. Lead counts roll up exactly (a task has
    one lead unit); coordinating counts add up participations.
    """
    root_ids = len(ancestors(root_path))
    out: dict[int, list[int]] = {}
    for uid, values in own.items():
        path = paths.get(uid)
        if path is not None and path.startswith(root_path):
            out[uid] = list(values)
    order = sorted(((p.count("/") - 1, uid) for uid, p in paths.items() if p.startswith(root_path)), reverse=True)
    for n_ids, uid in order:
        acc = out.get(uid)
        if acc is None or n_ids - 1 < max(root_ids, 1):
            continue
        parent = ancestors(paths[uid])[-2]
        pa = out.get(parent)
        out[parent] = acc[:] if pa is None else [a + b for a, b in zip(pa, acc)]
    return out


def rollup_top(own: dict[int, list[int]], paths: dict[int, str], root_path: str = "/") -> tuple[dict[int, list[int]], list[int]]:
    """What a rolled-up report shows of ``rollup``: (the totals of the units one level below
    ``root_path`` (every top unit when "/"), the total of everything under it).

    One pass: each unit's own counts go straight to the unit of that level on its path (its
    path's next id after the root's), and each column is summed once per such unit. The same
    sums as ``rollup`` (tests/test_reports_rollup.py), without adding a vector into every
    ancestor of 10,000 units, of which a report shows the 63 below the root."""
    cut = len(root_path)
    groups: dict[str, list[list[int]]] = {}
    for uid, values in own.items():
        path = paths.get(uid)
        if path is None or not path.startswith(root_path):
            continue
        # "76" for "/1/3/76/7699/" below "/1/3/"; "" for the root itself (its own tasks)
        groups.setdefault(path[cut:path.find("/", cut)], []).append(values)
    tops = {int(top): [sum(col) for col in zip(*rows)] for top, rows in groups.items() if top}
    total = [sum(col) for col in zip(*tops.values(), *groups.get("", ()))] or [0] * len(COLUMNS)
    return tops, total


def summary_sentence(c: Counts, gettext=lambda s, **kw: s % kw) -> str:
    """The headline of a report, e.g. "Tổng số nhiệm vụ được giao 12; đã hoàn thành 4, đạt 33,33%; ..."."""
    parts = [
        gettext("Tổng số nhiệm vụ được giao %(total)s (giao trong kỳ %(assigned)s, kỳ trước chuyển sang %(carried)s)",
                total=fmt_number(c.total), assigned=fmt_number(c.assigned), carried=fmt_number(c.carried)),
        gettext("đã hoàn thành %(done)s, đạt %(rate)s (đúng hạn %(on_time)s, quá hạn %(late)s)",
                done=fmt_number(c.completed), rate=fmt_percent(c.completion_rate),
                on_time=fmt_number(c.on_time), late=fmt_number(c.late)),
        gettext("tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đến hạn đạt %(rate)s",
                rate=fmt_percent(c.on_time_rate)),
        gettext("đang thực hiện trong hạn %(within)s; quá hạn %(overdue)s (quá hạn hơn 120 ngày %(o120)s); "
                "không có thời hạn %(none)s; được gia hạn %(ext)s",
                within=fmt_number(c.within), overdue=fmt_number(c.overdue), o120=fmt_number(c.overdue_120),
                none=fmt_number(c.no_deadline), ext=fmt_number(c.extended)),
    ]
    return "; ".join(parts) + "."


assert tuple(f.name for f in fields(Counts)) == COLUMNS and set(REPORT_RULES) == set(COLUMNS)
