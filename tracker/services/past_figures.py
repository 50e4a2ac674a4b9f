"""Does a transaction change any figure as of a day before today? (tracker.cache.PAST)

Cached figures as of a past day — the trend's past points, the previous period the dashboard
ranks against, a report of a past or custom period as of a past day — were keyed by the global
data version, so every write (a receipt, a progress report) recomputed them: at national scale a
0.5-0.9 s scan after every step. They are keyed instead by a counter that moves only when a
write can change one of them.

The test is the domain's rule, not a list of actions: for each task the transaction tracked
(services.report_counts.track / track_new, the same choke points the standing counts rely on),
the task's past view (domain.past.past_view: what every report as of a day before today reads
of it — cancelled or not, assigned_on, done-before-today, the deadline in force on each past day
from its approved extensions, and whether that was an extended one) and the units it counts for (lead, coordinators,
assigning body: the scope and the visibility rule) are compared before and after. Equal for
every task: no past figure can have changed. Anything else — a write that tracked nothing, a bulk
change (``invalidate``), a raw update — moves the counter (tracker.cache.bump_data_version).

The day it judges by: a write is "of today" when it commits, and a reader after midnight counts
yesterday as past. A transaction deciding in the last minutes of a day may commit after midnight,
so then it judges by tomorrow (today's own changes count as past ones): exact as long as the
flush-to-commit of a use case takes less than MARGIN, which is milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select

from tracker.domain.past import past_view
from tracker.domain.states import ExtensionStatus
from tracker.models import ExtensionRequest
from tracker.timeutil import LOCAL_TZ, to_local

MARGIN = timedelta(minutes=5)


def judging_day(today: date, now: datetime | None = None) -> date:
    """``today``, or the next day when the local clock (``now``) is within MARGIN of midnight."""
    now = now or datetime.now(LOCAL_TZ)
    return today + timedelta(days=1) if (now + MARGIN).date() != now.date() else today


def read_approved(session, task_ids) -> dict[int, tuple]:
    """Each task's approved extensions as the rule reads them: (local day decided, deadline it
    replaced), in decision order (queries.reports.past.due_then orders by decided_at, id)."""
    ids = sorted(set(task_ids))
    out: dict[int, list] = defaultdict(list)
    if not ids:
        return {}
    er = ExtensionRequest
    for tid, at, replaced in session.connection().execute(
            select(er.task_id, er.decided_at, er.current_due_on)
            .where(er.task_id.in_(ids), er.status == ExtensionStatus.APPROVED.value, er.decided_at.is_not(None))
            .order_by(er.task_id, er.decided_at, er.id)):
        out[tid].append((to_local(at).date(), replaced))
    return {tid: tuple(v) for tid, v in out.items()}


def _view(f, approved, day: date):
    """The task's past view and the units it counts for; None when no past report counts it."""
    if f is None:
        return None
    v = past_view(f.facts, approved, day)
    return None if v is None else (v, f.lead_unit_id, f.assigned_by_unit_id, f.coordinators)


def changes_past(before: dict, approved_before: dict, after: dict, approved_after: dict, today: date) -> bool:
    """Did any tracked task's past view change? ``before``/``after``: {task id: report_counts._Facts
    or None}; ``approved_*``: read_approved of the same moments."""
    day = judging_day(today)
    return any(_view(old, approved_before.get(tid, ()), day) != _view(after.get(tid), approved_after.get(tid, ()), day)
               for tid, old in before.items())
