"""The SQL building blocks of the reports: each category's condition as of a day, unit scopes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import and_, func, select, true

from tracker.cache import STRUCTURE, memo
from tracker.domain.categories import CATEGORY_COLUMNS  # noqa: F401  (re-exported to the report modules)
from tracker.domain.reports import COLUMNS, Period
from tracker.domain.roles import Role
from tracker.domain.states import ExtensionStatus
from tracker.models import ExtensionRequest, Task, Unit, task_coordinators
from tracker.queries.categories import counted_conditions, report_conditions, task_columns
from tracker.queries.visibility import MAX_LITERAL_IDS, scoped_task_clause
from tracker.timeutil import LOCAL_TZ, local_today



ROLES = ("lead", "coordinating")


COMMITTEE_ROLES = (Role.LEADER.value, Role.SECRETARIAT.value, Role.VIEWER.value)


# The visibility clause has its own EXISTS over task_coordinators: an alias keeps
# the two from correlating.
_TC = task_coordinators.alias("report_tc")


def role_source(role: str):
    """(the unit column a role counts by, the FROM it needs): a lead task counts once, at its
    lead unit; a coordinated task once per coordinating unit (task_coordinators joined)."""
    if role == "lead":
        return Task.lead_unit_id, Task.__table__
    return _TC.c.unit_id, _TC.join(Task, Task.id == _TC.c.task_id)


def end_of_day_utc(day: date) -> datetime:
    """The first instant after ``day`` in local time, as the naive UTC the database stores."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL_TZ).astimezone(timezone.utc) \
        .replace(tzinfo=None)


def _approved_after(as_of: date, e=ExtensionRequest):
    """An extension of ``e`` (the table or an alias) approved after the end of ``as_of``: the
    deadline it replaced was the one in force that day."""
    return and_(e.status == ExtensionStatus.APPROVED.value, e.decided_at >= end_of_day_utc(as_of))


def due_on_as_of(as_of: date, t=Task):
    """The deadline in force on ``as_of``: a deadline an extension moved after that day
    counts as it was before (the extension's current_due_on). As of today or later
    nothing was decided afterwards, and the column itself is used."""
    return _due_on_as_of(as_of, t, as_of >= local_today())


def _due_on_as_of(as_of: date, t, live: bool):
    if live:
        return t.due_on
    replaced = (select(ExtensionRequest.current_due_on)
                .where(ExtensionRequest.task_id == t.id, _approved_after(as_of))
                .order_by(ExtensionRequest.decided_at).limit(1).scalar_subquery())
    return func.coalesce(replaced, t.due_on)


def due_dates_as_of(session, task_ids: list[int], as_of: date) -> dict[int, date]:
    """due_on_as_of for a page of tasks, as {task id: deadline then} where it differs."""
    if as_of >= local_today() or not task_ids:
        return {}
    out: dict[int, date] = {}
    for task_id, due in session.execute(
            select(ExtensionRequest.task_id, ExtensionRequest.current_due_on)
            .where(ExtensionRequest.task_id.in_(task_ids), _approved_after(as_of))
            .order_by(ExtensionRequest.decided_at.desc())):
        out[task_id] = due  # the earliest decision wins: ordered last
    return out


def conditions(period: Period, as_of: date, t=Task) -> dict:
    """WHERE fragments for the population and each column, for tasks ``t`` (a class or alias),
    compiled from the rules of tracker.domain.categories.

    Deadlines are those in force on ``as_of`` (due_on_as_of)."""
    period.check_as_of(as_of)
    period.check_as_of(as_of)
    return dict(_conditions(period, as_of, t, as_of >= local_today()))


# The expressions depend only on these arguments (``live``: as of today or later, see
# due_on_as_of) and are immutable: built once, not for every report (a commune's report
# spent more time building its 14 FILTER clauses than PostgreSQL spent counting).
@lru_cache(maxsize=256)
def _conditions(period: Period, as_of: date, t, live: bool) -> dict:
    columns = {**task_columns(t), "due_on": _due_on_as_of(as_of, t, live)}
    return report_conditions(period.start, period.end, as_of, columns)


def count_columns(period: Period, as_of: date, t=Task) -> list:
    """The 13 counts of a report, for a statement whose WHERE has ``conditions(...)["population"]``."""
    period.check_as_of(as_of)
    return list(_count_columns(period, as_of, t, as_of >= local_today()))


@lru_cache(maxsize=256)
def _count_columns(period: Period, as_of: date, t, live: bool) -> tuple:
    # Counted under the population's WHERE (every caller's): each FILTER leaves out what the
    # population already says (counted_conditions).
    columns = {**task_columns(t), "due_on": _due_on_as_of(as_of, t, live)}
    conds = counted_conditions(period.start, period.end, as_of, columns)
    return tuple(func.count().label(c) if c == "total" else func.count().filter(conds[c]).label(c) for c in COLUMNS)


class UnitInfo(NamedTuple):
    id: int
    parent_id: int | None
    path: str
    name: str
    short_name: str | None
    depth: int

    @property
    def label(self) -> str:
        return self.short_name or self.name


def units_under(session, root_path: str | None) -> dict[int, UnitInfo]:
    stmt = select(Unit.id, Unit.parent_id, Unit.path, Unit.name, Unit.short_name, Unit.depth)
    if root_path:
        stmt = stmt.where(Unit.path.startswith(root_path))
    # Core rows, not ORM entities: 10,000 of them are read for a national report.
    make = UnitInfo._make
    return {r[0]: make(r) for r in session.connection().execute(stmt).all()}


def _visibility(user, root_path: str | None):
    """task_clause, or nothing when the scope already implies it.

    A task whose lead (or coordinating) unit is in the user's own subtree is
    visible to the user by the visibility rule, so a report rooted inside that
    subtree needs no OR/EXISTS clause and can use the index on the unit column.
    (visibility.scoped_task_clause: the rule and its cache key live there.)
    """
    return scoped_task_clause(user, root_path)


def _unit_scope(root_path: str | None, unit_col, *, ids: list[int] | None = None):
    if not root_path:
        return true()
    if ids is not None and len(ids) <= MAX_LITERAL_IDS:
        return unit_col.in_(ids)
    return unit_col.in_(select(Unit.id).where(Unit.path.startswith(root_path)))


def subtree_unit_ids(session, root_path: str | None) -> list[int] | None:
    """Every unit at or below ``root_path`` when they are few enough to list (_unit_scope), else None:
    the statements then select the subtree by its path (the country's 10,000 ids were read for
    nothing). Read once per request and structure version (a report reads it for its current
    period's counts and again for its past periods')."""
    if not root_path:
        return None

    def read():
        ids = list(session.scalars(select(Unit.id).where(Unit.path.startswith(root_path))
                                   .order_by(Unit.id).limit(MAX_LITERAL_IDS + 1)))
        return ids if len(ids) <= MAX_LITERAL_IDS else None

    return memo("subtree_unit_ids", (root_path,), read, session=session, kind=STRUCTURE)


