"""A directive's progress: its visible tasks by lead unit and report category, as of a day."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.domain.reports import Period
from tracker.models import Directive, Task
from tracker.queries import reports as q
from tracker.queries.visibility import task_clause_with

CATEGORY_COLUMNS = q.CATEGORY_COLUMNS


def directive_progress(session, user, directive: Directive, today: date):
    """All visible tasks of one directive by lead unit and category, as of today."""
    # The directive's condition inside each branch of the visibility union, lead units alongside.
    tasks = session.scalars(select(Task).where(task_clause_with(user, Task.directive_id == directive.id))
                            .order_by(Task.id).options(joinedload(Task.lead_unit, innerjoin=True))).all()
    period = Period.custom(min([t.assigned_on for t in tasks] + [directive.issued_on, today]), max(today, directive.issued_on))
    by_unit: dict[int, dict] = {}
    totals = dict.fromkeys(CATEGORY_COLUMNS, 0)
    counted = 0
    for t in tasks:
        col = q.task_column(t, period, today)
        if col is None:
            continue
        counted += 1
        totals[col] += 1
        entry = by_unit.setdefault(t.lead_unit_id, {"unit": t.lead_unit, "tasks": [], **dict.fromkeys(CATEGORY_COLUMNS, 0)})
        entry[col] += 1
        entry["tasks"].append((t, col))
    done = totals["on_time"] + totals["late"]
    return {"directive": directive, "units": sorted(by_unit.values(), key=lambda e: e["unit"].sort_name),
            "totals": totals, "count": counted, "done": done, "cancelled": len(tasks) - counted}
