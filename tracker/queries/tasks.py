"""Task list: filters, category conditions in SQL, sorting. Pagination is the caller's."""
from dataclasses import dataclass, replace
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, case, false, func, or_, select, union

from tracker.domain.calendar import WorkCalendar
from tracker.domain.deadlines import DeadlineCategory as C
from tracker.domain.text import fold
from tracker.domain.workflow import CLOSED_VALUES, OPEN_VALUES
from tracker.limits import search_words
from tracker.models import Directive, Task, Unit, task_coordinators
from tracker.queries.categories import task_category_case, task_category_condition
from tracker.queries.urgency import urgency_page
from tracker.queries.visibility import (in_ids, scope_branches, sees_every_task, status_branches, subtree_ids,
                                        task_clause)

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


def _filter_scope(user, f: TaskFilter, *, today: date, calendar: WorkCalendar, session):
    """What task_list and task_keys share: (the filters' conditions, the scoped unit's ids or
    None when the list is not limited to a unit, whether that unit is inside the user's
    own subtree). None when the filter names a unit that does not exist."""
    units = None
    inside_own = False
    if f.unit_id:
        scoped_unit = session.get(Unit, f.unit_id)
        if scoped_unit is None:
            return None
        # Tasks of a unit inside the user's own subtree are all visible to them: the
        # visibility clause would only cost time there (a province has 100k tasks).
        inside_own = user.unit is not None and f.include_subunits and scoped_unit.is_within(user.unit)
        units = subtree_ids(scoped_unit) if f.include_subunits else [scoped_unit.id]
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
    return conds, units, inside_own


def _unit_branches(units, role: str | None, conds, *columns):
    """Selects of ``columns`` over the tasks that the units lead or coordinate (``role``:
    one of them only), with the filters inside each branch, so that a district's 1,500
    tasks become its 100 overdue ones before the union rather than after it.
    correlate(None): the branches read their own tasks, never an outer row."""
    lead = select(*columns).where(in_ids(Task.lead_unit_id, units), *conds).correlate(None)
    coord = (select(*columns).select_from(task_coordinators).join(Task, Task.id == task_coordinators.c.task_id)
             .where(in_ids(task_coordinators.c.unit_id, units), *conds).correlate(None))
    return [lead] if role == "lead" else [coord] if role == "coordinating" else [lead, coord]


def task_list(user, f: TaskFilter, *, today: date, calendar: WorkCalendar, session=None):
    from tracker.extensions import db

    session = session or db.session
    stmt = select(Task).join(Unit, Unit.id == Task.lead_unit_id)
    scope = _filter_scope(user, f, today=today, calendar=calendar, session=session)
    if scope is None:
        return stmt.where(false())
    conds, units, inside_own = scope
    if not inside_own:
        stmt = stmt.where(task_clause(user))
    if units is None:
        return stmt.where(*conds).order_by(*SORTS.get(f.sort, SORTS["urgency"]))
    branches = _unit_branches(units, f.role, conds, Task.id)
    # A union, not an OR, so that each side can use its index (see visibility.task_clause).
    stmt = stmt.where(Task.id.in_(branches[0] if len(branches) == 1 else union(*branches)))
    return stmt.order_by(*SORTS.get(f.sort, SORTS["urgency"]))


# What the list sorts by, besides the unit's name: one narrow row per task (task_keys).
_KEY_COLUMNS = (Task.id, Task.status, Task.due_on, Task.assigned_at, Task.lead_unit_id)


def _key_branches(user, f: TaskFilter, columns, *, today: date, calendar: WorkCalendar, session) -> list:
    """The selects of ``columns`` whose union is task_list(user, f)'s tasks, each reading its
    own index with every condition inside (see task_keys)."""
    scope = _filter_scope(user, f, today=today, calendar=calendar, session=session)
    if scope is None:
        return [select(*columns).where(false())]
    conds, units, inside_own = scope
    if units is not None:
        if not inside_own:
            conds = [*conds, task_clause(user)]
        return _unit_branches(units, f.role, conds, *columns)
    if sees_every_task(user):
        return [select(*columns).where(*conds)]
    if user.unit is None:
        return [select(*columns).where(false())]
    return [b.where(*conds).correlate(None) for b in scope_branches(user.unit, *columns)]


def task_keys(user, f: TaskFilter, *, today: date, calendar: WorkCalendar, session=None):
    """The tasks of task_list(user, f) as narrow rows (id, status, due_on, assigned_at,
    lead_unit_id): a union whose branches each read their own index with every condition
    inside, so that the database never joins a province's 16,000 visible ids back to the
    million-row table to sort them (a sequential scan), and the sort and the count read
    five columns rather than whole tasks. The rows are exactly task_list's."""
    from tracker.extensions import db

    branches = _key_branches(user, f, _KEY_COLUMNS, today=today, calendar=calendar, session=session or db.session)
    return branches[0] if len(branches) == 1 else union(*branches)


def _standing_total(session, user, f: TaskFilter) -> int | None:
    """The number of tasks in the unfiltered list of a wide scope (a province), from the standing
    home tiles that the writers keep: their rows count every task the scope's union of branches
    reaches (cancelled ones too), which is this list. None when the list is filtered, the scope
    keeps no rows or they are stale (queries.home_counts.tiles)."""
    from tracker.queries.home_counts import standing_total

    if f != TaskFilter(sort=f.sort):
        return None
    return standing_total(session, user)  # None where the user's scope keeps no rows


def _deadline_order(c):
    return c.due_on.is_(None), c.due_on.asc(), c.id.asc()


def firsts_by_deadline(session, unit: Unit, statuses, n: int, skip: int = 0) -> list[int]:
    """Ids [skip, n) in the order (deadline, none last; id) of the tasks in ``statuses`` that
    ``unit``'s people see by the unit rule (visibility.status_branches). A row among the union's
    first n is among the first n of every branch that holds it, so each branch keeps only those,
    read in order from its (unit, status, due_on) index (a top-N), and only those are merged.
    OFFSET 0 fences each branch: unfenced, PostgreSQL walked every open task by deadline and
    probed the coordinators of each (19,527 probes for a province)."""
    fenced = [b.offset(0).subquery(f"s{i}") for i, b in enumerate(status_branches(unit, statuses))]
    firsts = [select(s.c.id, s.c.due_on).order_by(*_deadline_order(s.c)).limit(n).subquery(f"b{i}") for i, s in enumerate(fenced)]
    merged = union(*(select(b.c.id, b.c.due_on) for b in firsts)).subquery("firsts")
    return list(session.scalars(select(merged.c.id).order_by(*_deadline_order(merged.c)).limit(n - skip).offset(skip)))


# Beyond this many rows into the list (page 80 of 25) the branches' firsts are most of their
# rows: the page's ids fetched and merged cost more than the one statement's sort (the last page
# of a province, 17,332 rows: 240-300 ms against 150-230).
MERGE_DEPTH = 2000


def branch_urgency_page(session, unit: Unit, *, limit: int, offset: int) -> list[int]:
    """The ids of one page in the urgency order (open work first, then by deadline, none last,
    then id) of the tasks ``unit``'s people see by the unit rule, without sorting or
    deduplicating a province's 16,000 keys: the open tasks' first offset + limit
    (firsts_by_deadline); only when they are fewer (every open task is then among them) the
    closed tasks' next ones."""
    opened = firsts_by_deadline(session, unit, OPEN_VALUES, offset + limit)
    ids = opened[offset:]
    if len(opened) < offset + limit:
        skip = max(0, offset - len(opened))
        ids += firsts_by_deadline(session, unit, _CLOSED, skip + limit - len(ids), skip)
    return ids


def _key_order(k, sort: str):
    open_first = case((k.c.status.in_(_CLOSED), 1), else_=0)
    return {
        "urgency": (open_first, k.c.due_on.is_(None), k.c.due_on.asc(), k.c.id.asc()),
        "due": (k.c.due_on.is_(None), k.c.due_on.asc(), k.c.id.asc()),
        "-due": (k.c.due_on.is_(None), k.c.due_on.desc(), k.c.id.desc()),
        "assigned": (k.c.assigned_at.asc(), k.c.id.asc()),
        "-assigned": (k.c.assigned_at.desc(), k.c.id.desc()),
        "status": (k.c.status.asc(), k.c.id.asc()),
        "unit": (Unit.sort_name.asc(), k.c.id.asc()),
    }.get(sort) or _key_order(k, "urgency")


class TaskPagination(Pagination):
    """One page of a task list: the page's ids and the total from the narrow rows of
    task_keys (one query, a window count), then those tasks, whole, with ``options``."""

    def _query_items(self) -> list:
        a = self._query_args
        session, f = a["session"], a["f"]
        if f.sort == "urgency" and not f.unit_id and sees_every_task(a["user"]):
            # The category's condition goes to each part of the order (queries.urgency).
            conds, _units, _inside = _filter_scope(a["user"], replace(f, category=None), today=a["today"],
                                                   calendar=a["calendar"], session=session)
            # Unfiltered, the whole table: its standing rows say how many (a count of a million
            # rows was 100 ms of the admin's every list page).
            ids, self._total = urgency_page(session, conds, status=f.status, category=f.category, today=a["today"],
                                            calendar=a["calendar"], limit=self.per_page, offset=self._query_offset,
                                            total=_standing_total(session, a["user"], f))
            return self._tasks(ids)
        deep = self._query_offset + self.per_page > MERGE_DEPTH
        total = None if deep or f.sort != "urgency" else _standing_total(session, a["user"], f)
        if total is not None:
            # A province's unfiltered list: 16,000 keys, whose sort and window count were most of
            # the page. Elsewhere (a district's 1,500, a filtered list) the one statement below was
            # cheaper than two (docs/reports.md, "fifth round").
            # (A standing total: the list is unfiltered and the user's unit rule is the scope.)
            self._total = total
            return self._tasks(branch_urgency_page(session, a["user"].unit, limit=self.per_page,
                                                   offset=self._query_offset))
        k = task_keys(a["user"], f, today=a["today"], calendar=a["calendar"], session=session).subquery("k")
        q = select(k.c.id, func.count().over().label("_total"))
        if f.sort == "unit":
            q = q.select_from(k.join(Unit, Unit.id == k.c.lead_unit_id))
        rows = session.execute(q.order_by(*_key_order(k, f.sort)).limit(self.per_page)
                               .offset(self._query_offset)).all()
        if not rows:
            self._total = session.execute(select(func.count()).select_from(k)).scalar()
            return []
        self._total = rows[0][1]
        return self._tasks([r[0] for r in rows])

    def _tasks(self, ids: list[int]) -> list:
        a = self._query_args
        tasks = a["session"].scalars(select(Task).join(Unit, Unit.id == Task.lead_unit_id).where(Task.id.in_(ids))
                                .options(*a["options"])).unique().all()
        by_id = {t.id: t for t in tasks}
        return [by_id[i] for i in ids if i in by_id]

    def _query_count(self) -> int:
        return self._total


def paginate_tasks(user, f: TaskFilter, *, today: date, calendar: WorkCalendar, page: int | None,
                   per_page: int | None, options=(), session=None, max_per_page: int = 100) -> TaskPagination:
    """The tasks of task_list(user, f) in its order, one page of them (see TaskPagination);
    ``options``: loader options for the page's tasks (their statement joins Unit)."""
    from tracker.extensions import db

    return TaskPagination(page=page, per_page=per_page, max_per_page=max_per_page, error_out=False,
                          session=session or db.session, user=user, f=f, today=today, calendar=calendar,
                          options=options)
