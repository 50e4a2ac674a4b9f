"""Task list: filters, category conditions in SQL, sorting. Pagination is the caller's."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, false, literal, or_, select, union

from tracker.domain.calendar import WorkCalendar
from tracker.domain.deadlines import DUE_SOON_WORKING_DAYS, DeadlineCategory as C
from tracker.domain.text import fold
from tracker.domain.workflow import CLOSED_VALUES, TaskStatus
from tracker.models import Task, Unit, task_coordinators
from tracker.queries.visibility import subtree_ids, task_clause

_CLOSED = CLOSED_VALUES


def soon_limit(today: date, calendar: WorkCalendar, soon_days: int = DUE_SOON_WORKING_DAYS) -> date:
    """Last date still "due soon": just before the (soon_days+1)-th working day after today.

    Matches domain.deadlines.deadline_category, which every page uses per row.
    """
    return calendar.add_working_days(today, soon_days + 1) - timedelta(days=1)


def category_condition(category: C, today: date, calendar: WorkCalendar):
    is_open = Task.status.notin_(_CLOSED)
    done = Task.status == TaskStatus.DONE.value
    limit = soon_limit(today, calendar)
    return {
        C.ON_TIME: and_(done, or_(Task.due_on.is_(None), Task.completed_on <= Task.due_on)),
        C.LATE: and_(done, Task.completed_on > Task.due_on),
        C.OVERDUE: and_(is_open, Task.due_on < today),
        C.DUE_SOON: and_(is_open, Task.due_on >= today, Task.due_on <= limit),
        C.WITHIN: and_(is_open, Task.due_on > limit),
        C.NO_DEADLINE: and_(is_open, Task.due_on.is_(None)),
    }[category]


def category_expression(today: date, calendar: WorkCalendar):
    """CASE expression giving each row's category; NULL for cancelled tasks."""
    return case(*[(category_condition(c, today, calendar), literal(c.value)) for c in C], else_=None)


@dataclass
class TaskFilter:
    unit_id: int | None = None
    include_subunits: bool = True
    role: str | None = None            # "lead" | "coordinating" | None (either)
    directive_id: int | None = None
    status: str | None = None
    category: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    q: str | None = None
    sort: str = "urgency"


# Open work first, the nearest deadline first; finished work after it.
_OPEN_FIRST = case((Task.status.in_(_CLOSED), 1), else_=0)

SORTS = {
    "urgency": (_OPEN_FIRST, Task.due_on.is_(None), Task.due_on.asc(), Task.id.asc()),
    "due": (Task.due_on.is_(None), Task.due_on.asc(), Task.id.asc()),
    "-due": (Task.due_on.is_(None), Task.due_on.desc(), Task.id.desc()),
    "assigned": (Task.assigned_at.asc(), Task.id.asc()),
    "-assigned": (Task.assigned_at.desc(), Task.id.desc()),
    "status": (Task.status.asc(), Task.id.asc()),
    "unit": (Unit.name.asc(), Task.id.asc()),
}


def task_list(user, f: TaskFilter, *, today: date, calendar: WorkCalendar, session=None):
    stmt = select(Task).join(Unit, Unit.id == Task.lead_unit_id)
    scoped_unit = None
    if f.unit_id:
        from tracker.extensions import db

        scoped_unit = (session or db.session).get(Unit, f.unit_id)
        if scoped_unit is None:
            return stmt.where(false())
    # Tasks of a unit inside the user's own subtree are all visible to them: the
    # visibility clause would only cost time there (a province has 100k tasks).
    inside_own = scoped_unit is not None and user.unit is not None and f.include_subunits \
        and scoped_unit.is_within(user.unit)
    if not inside_own:
        stmt = stmt.where(task_clause(user))
    conds = []
    if f.directive_id:
        conds.append(Task.directive_id == f.directive_id)
    if f.status:
        conds.append(Task.status == f.status)
    if f.category:
        conds.append(category_condition(C(f.category), today, calendar))
    if f.due_from:
        conds.append(Task.due_on >= f.due_from)
    if f.due_to:
        conds.append(Task.due_on <= f.due_to)
    if f.q and fold(f.q):
        for word in fold(f.q).split():
            conds.append(Task.search_text.contains(word, autoescape=True))
    if scoped_unit is None:
        return stmt.where(*conds).order_by(*SORTS.get(f.sort, SORTS["urgency"]))
    if f.include_subunits:
        units = subtree_ids(scoped_unit)
    else:
        units = [scoped_unit.id]
    # The filters go inside each branch, so that a district's 1,500 tasks become its
    # 100 overdue ones before the union rather than after it.
    # correlate(None): the branches read their own tasks, never the outer row.
    lead = select(Task.id).where(Task.lead_unit_id.in_(units), *conds).correlate(None)
    coord = (select(task_coordinators.c.task_id).join(Task, Task.id == task_coordinators.c.task_id)
             .where(task_coordinators.c.unit_id.in_(units), *conds).correlate(None))
    # A union, not an OR, so that each side can use its index (see visibility.task_clause).
    ids = lead if f.role == "lead" else coord if f.role == "coordinating" else union(lead, coord)
    stmt = stmt.where(Task.id.in_(ids))
    return stmt.order_by(*SORTS.get(f.sort, SORTS["urgency"]))
