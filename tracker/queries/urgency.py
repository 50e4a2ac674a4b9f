"""One page of a list of every task (the admin's, the national committee's) in the "urgency"
order, read from the partial indexes in that order rather than by sorting a million rows.

The order: open work, then closed work, each nearest deadline first (none last), then id.
The tasks are taken in parts by status, each part walking its own partial index
(ix_tasks_open_due, ix_tasks_closed_due, ix_tasks_done_undated) for at most ``offset +
limit`` entries. A category filter is restricted to each part's statuses
(domain.rules.restrict): "overdue" is only ``due_on < today`` among open tasks and can never
hold for a cancelled task or a completed one, so those parts are skipped. Otherwise the
database walked the 650,000 closed tasks' index to the end looking for an overdue one
(1.5 s for the admin's overdue list).
"""
from datetime import date

from sqlalchemy import and_, func, literal, select, union_all

from tracker.domain.calendar import WorkCalendar
from tracker.domain.categories import TASK_RULES, task_params
from tracker.domain.deadlines import DeadlineCategory
from tracker.domain.rules import ALWAYS, NEVER, restrict
from tracker.domain.workflow import CLOSED_VALUES, OPEN_VALUES, TaskStatus
from tracker.models import Task
from tracker.queries.categories import task_columns, to_sql

_DONE, _CANCELLED = TaskStatus.DONE.value, TaskStatus.CANCELLED.value
assert set(CLOSED_VALUES) == {_DONE, _CANCELLED}  # the partial indexes' predicates (models.task)

# (rank in the order, the part's rows, what they are for rules.restrict). The closed parts
# together are exactly the closed tasks; a done task without a completion day is "open" to
# the category rules (it has not been completed as far as they can tell).
_OPEN_PART = (0, Task.status.not_in(CLOSED_VALUES), dict(statuses=OPEN_VALUES))
_CLOSED_PARTS = (
    (1, Task.status == _CANCELLED, dict(statuses=(_CANCELLED,))),
    (1, and_(Task.status == _DONE, Task.completed_on.isnot(None)), dict(statuses=(_DONE,), known={"completed_on"})),
    (1, and_(Task.status == _DONE, Task.completed_on.is_(None)), dict(statuses=(_DONE,), unknown={"completed_on"})),
)
_ALL_CLOSED = Task.status.in_(CLOSED_VALUES)


def _parts(status: str | None, category: str | None, today: date, calendar: WorkCalendar):
    """[(rank, where)]: the parts that can hold tasks of ``status`` in ``category``, each with
    the category's condition restricted to its statuses."""
    params = task_params(today, calendar)
    rule = TASK_RULES[DeadlineCategory(category)] if category else ALWAYS
    out = []
    for rank, where, known in (_OPEN_PART, *_CLOSED_PARTS):
        statuses = known["statuses"]
        if status is not None:
            statuses = tuple(s for s in statuses if s == status)
            if not statuses:
                continue
        small = restrict(rule, params, **{**known, "statuses": statuses})
        if small != NEVER:
            out.append((rank, where, small))
    closed = [p for p in out if p[0] == 1]
    if len(closed) == len(_CLOSED_PARTS) and all(p[2] == closed[0][2] for p in closed):
        # The same condition for every closed task: one part, one walk of ix_tasks_closed_due.
        out = [p for p in out if p[0] == 0] + [(1, _ALL_CLOSED, closed[0][2])]
    return [(rank, where if small == ALWAYS else and_(where, to_sql(small, task_columns(Task), params)))
            for rank, where, small in out]


def urgency_page(session, conds, *, status: str | None, category: str | None, today: date,
                 calendar: WorkCalendar, limit: int, offset: int, total: int | None = None) -> tuple[list[int], int]:
    """(ids, total) of one page of every task matching ``conds`` and, if given, ``status`` and
    ``category`` (``conds`` must not hold the category's condition: each part has its own).
    ``total``: the count when the caller knows it (the standing rows of an unfiltered list)."""
    parts = _parts(status, category, today, calendar)
    if not parts:
        return [], 0
    subs = [select(literal(rank).label("o"), Task.due_on.label("due_on"), Task.id.label("id"))
            .where(where, *conds).order_by(Task.due_on.asc().nulls_last(), Task.id.asc())
            .limit(limit + offset).subquery(f"part{i}") for i, (rank, where) in enumerate(parts)]
    both = union_all(*(select(p.c.o, p.c.due_on, p.c.id) for p in subs)).subquery("both")
    ids = list(session.scalars(select(both.c.id).order_by(both.c.o, both.c.due_on.asc().nulls_last(), both.c.id)
                               .limit(limit).offset(offset)))
    if total is None and category is None:
        total = session.scalar(select(func.count()).select_from(Task).where(*conds))
    elif total is None:
        # One count per part, each through its index (the open tasks' overdue ones: an index-only
        # scan of ix_tasks_open_due), where one count with the whole condition read every task.
        counts = [select(func.count()).select_from(Task).where(where, *conds).scalar_subquery()
                  for _rank, where in parts]
        total = session.scalar(select(sum(counts[1:], counts[0])))
    return ids, total
