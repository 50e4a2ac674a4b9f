"""Ranking units for a report: by on-time rate among the units with a task come due.

Part of the report definitions (``tracker.domain.reports`` re-exports these names);
only ``Counts``' attributes are used here, so this module does not import it at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.domain.reports import Counts


@dataclass
class RankedRow:
    key: object
    counts: Counts
    rank: int | None = 0     # None: not ranked ("chưa xếp hạng", see is_ranked)
    previous_rank: int | None = None
    previous_on_time_rate: Decimal | None = None
    extra: dict = field(default_factory=dict)

    @property
    def rank_change(self) -> int | None:
        """Positive when the unit moved up."""
        return None if self.previous_rank is None or self.rank is None else self.previous_rank - self.rank

    @property
    def on_time_rate_change(self) -> Decimal | None:
        now = self.counts.on_time_rate
        if now is None or self.previous_on_time_rate is None:
            return None
        return now - self.previous_on_time_rate


def is_ranked(c: Counts) -> bool:
    """A unit is ranked when at least one of its tasks has come due in the period
    (completed, or open past its deadline): only then is there an on-time rate to
    compare. Units whose tasks are all within deadline or without one are "chưa
    xếp hạng", never listed as best or worst."""
    return c.due > 0


def _rank_key(c: Counts):
    # On-time rate, then completion rate, then volume (more tasks first), all descending.
    return (-c.on_time_rate, -(c.completion_rate or 0), -c.total)


def rank_rows(current: dict, previous: dict | None = None) -> list[RankedRow]:
    """Rank units by on-time rate (ties: completion rate, then volume); equal keys share a rank.

    ``current`` and ``previous`` map a unit key to Counts. Only units with a due task
    are ranked (``is_ranked``); units with tasks but none due follow with ``rank``
    None ("chưa xếp hạng"); units without tasks are left out.
    """
    def ranks(data):
        items = sorted(((k, c) for k, c in data.items() if is_ranked(c)), key=lambda kc: (_rank_key(kc[1]), str(kc[0])))
        out, last_key, last_rank = [], None, 0
        for i, (k, c) in enumerate(items, start=1):
            rk = _rank_key(c)
            if rk != last_key:
                last_rank, last_key = i, rk
            out.append((k, c, last_rank))
        return out

    prev = {k: (r, c) for k, c, r in ranks(previous or {})}
    rows = []
    for k, c, r in ranks(current):
        row = RankedRow(k, c, r)
        if k in prev:
            row.previous_rank = prev[k][0]
            row.previous_on_time_rate = prev[k][1].on_time_rate
        rows.append(row)
    for k, c in current.items():
        if c.total and not is_ranked(c):
            rows.append(RankedRow(k, c, None))
    return rows


def best_and_weakest(ranking: list[RankedRow], limit: int = 3) -> tuple[list[RankedRow], list[RankedRow]]:
    """The units a report names as best and as weakest, among ranked units only.

    With n ranked units each list holds at most min(limit, n // 2) units, so no unit
    is both; a unit at 0% on time is never "best", a unit at 100% never "weakest".
    The weakest list starts with the lowest rank.
    """
    ranked = [r for r in ranking if r.rank is not None]
    k = min(limit, len(ranked) // 2)
    if not k:
        return [], []
    best = [r for r in ranked[:k] if r.counts.on_time_rate > 0]
    weakest = [r for r in reversed(ranked[-k:]) if r.counts.on_time_rate < 100]
    return best, weakest
