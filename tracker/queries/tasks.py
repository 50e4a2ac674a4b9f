"""Task list: filters, category conditions in SQL, sorting. Pagination is the caller's."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, false, func, or_, select, union

from tracker.domain.calendar import WorkCalendar
from tracker.domain.deadlines import DeadlineCategory as C
from tracker.domain.text import fold
from tracker.domain.workflow import CLOSED_VALUES
from tracker.limits import search_words
from tracker.models import Directive, Task, Unit, task_coordinators
from tracker.queries.categories import task_category_case, task_category_condition
from tracker.queries.visibility import subtree_ids, task_clause

_CLOSED = CLOSED_VALUES


def category_condition(category: C, today: date, calendar: WorkCalendar):
    """Tasks in a task's own ``category`` on ``today``: the rule of domain.categories, in SQL."""
    return task_category_condition(category, today, calendar, Task)


def category_expression(today: date, calendar: WorkCalendar):
    """CASE expression giving each row's category; NULL for cancelled tasks."""
    return task_category_case(today, calendar, Task)


def _folded_unit_names(session) -> list[tuple[int, str]]:
    """Every unit's id with the search key of its name and short name (a few thousand at most)."""
    from tracker.cache import STRUCTURE, memo

    def compute():
        rows = session.execute(select(Unit.id, Unit.name, Unit.short_name)).all()
        return [(uid, fold(" ".join(filter(None, (name, short))))) for uid, name, short in rows]
    return memo("unit_search_keys", (), compute, session=session, kind=STRUCTURE)


# Document symbols are canonical ASCII letters and digits plus Đ ("154-QĐ/BCĐ"): replacing
# Đ and lowering gives fold() of them in SQL, on SQLite and PostgreSQL alike.
_SYMBOL_KEY = func.lower(func.replace(func.replace(func.coalesce(Directive.symbol, ""), "Đ", "d"), "đ", "d"))


def search_condition(q: str, session):
    """One search box: every word, folded, must appear in the task's text, its lead or a
    coordinating unit's name, or its source's document number. None when q has no words."""
    words = search_words(q)
    if not words:
        return None
    units = _folded_unit_names(session)
    conds = []
    for word in words:
        unit_ids = [uid for uid, key in units if word in key]
        alternatives = [Task.search_text.contains(word, autoescape=True),
                        Task.directive_id.in_(select(Directive.id).where(
                            _SYMBOL_KEY.contains(word, autoescape=True)).scalar_subquery())]
        if unit_ids:
            alternatives.append(Task.lead_unit_id.in_(unit_ids))
            alternatives.append(Task.id.in_(select(task_coordinators.c.task_id).where(
                task_coordinators.c.unit_id.in_(unit_ids)).scalar_subquery()))
        conds.append(or_(*alternatives))
    return and_(*conds)


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
    "unit": (Unit.sort_name.asc(), Task.id.asc()),
}


def task_list(user, f: TaskFilter, *, today: date, calendar: WorkCalendar, session=None):
    from tracker.extensions import db

    session = session or db.session
    stmt = select(Task).join(Unit, Unit.id == Task.lead_unit_id)
    scoped_unit = None
    if f.unit_id:
        scoped_unit = session.get(Unit, f.unit_id)
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
    if f.q:
        found = search_condition(f.q, session)
        if found is not None:
            conds.append(found)
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
