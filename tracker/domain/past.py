"""What a figure as of a day before today reads of a task: the past view.

A report as of a day D (any period [start, end] with start <= D) classifies a task with the
rules of ``domain.categories`` over its facts, the deadline being the one in force on D
(``deadline_then``). When D is before today T, those rules read only:

- whether the task is cancelled (left out of every population);
- ``assigned_on``, and only when it is before T: a task assigned on T or later is assigned
  after every such D, so in no population (``assigned_on <= min(end, D)``);
- "done" together with ``completed_on`` and only as ``done and completed_on <= x`` with
  x = D or the period's start, both before T (COMPLETED, CARRIED): so a task done on T or
  later, or not done, reads the same (open as of every D < T), whatever its status;
  ``completed_on`` is otherwise read only under COMPLETED (on time / late);
- the deadline in force on each D in [assigned_on, T), and ``original_due_on`` only as
  "extended" (EXTENDED: ``original_due_on != deadline then``, false when either is unknown):
  the first approved extension keeps the deadline first given, which is the deadline then of
  every day before the approval, so it changes no past day's "extended".

``past_view`` keeps exactly those, so two versions of a task with the same view fall in the
same column of every report as of every day before T, for every period
(tests/domain/test_past_view.py checks it against ``classify`` on generated tasks and
changes). A write that leaves every task's view (and its units) as it was cannot change a
past figure: the cache key of those figures (tracker.cache.PAST) moves only otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from tracker.domain.reports import TaskFacts
from tracker.domain.workflow import TaskStatus

# An approved extension as the rule reads it: (the local day it was decided, the deadline it
# replaced: ExtensionRequest.current_due_on, None meaning "the task's deadline"), in
# decision order (decided_at, id).
Approved = Sequence[tuple[date, date | None]]


def deadline_then(due_on: date | None, approved: Approved, day: date) -> date | None:
    """The deadline in force on ``day`` (queries.reports.due_on_as_of): the deadline replaced by
    the earliest extension decided after ``day``, else the task's own (SQL's coalesce)."""
    for decided_on, replaced in approved:
        if decided_on > day:
            return replaced if replaced is not None else due_on
    return due_on


def past_view(facts: TaskFacts, approved: Approved, today: date) -> tuple | None:
    """What every report as of a day before ``today`` reads of the task (see the module's
    docstring); None when no such report counts it."""
    if facts.status == TaskStatus.CANCELLED.value or facts.assigned_on >= today:
        return None
    done = facts.status == TaskStatus.DONE.value and facts.completed_on is not None
    completed = facts.completed_on if done and facts.completed_on < today else None
    # The deadline then is constant between two decision days: one value from each day on which
    # it may change, equal neighbours merged (the same function gives the same list).
    days = sorted({facts.assigned_on, *(d for d, _r in approved if facts.assigned_on < d < today)})
    deadlines: list[tuple[date, date | None, bool]] = []
    first = facts.original_due_on
    for d in days:
        due = deadline_then(facts.due_on, approved, d)
        then = (due, first is not None and due is not None and first != due)  # EXTENDED's own comparison
        if not deadlines or deadlines[-1][1:] != then:
            deadlines.append((d, *then))
    return (facts.assigned_on, completed, tuple(deadlines))
