"""Indicators read from the database: which ones a user sees, the value in force per unit,
and the rollup over a unit subtree as of a date — computed in SQL, shaped by the domain
(domain.indicators.from_totals), tested against domain.indicators.rollup by brute force.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select, true

from tracker.domain import indicators as dom
from tracker.models import (
    Indicator,
    IndicatorSnapshotValue,
    IndicatorTarget,
    IndicatorValue,
    Task,
    Unit,
)
from tracker.queries import visibility


def indicator_clause(user):
    """The ONE visibility rule: an indicator is visible with its directive or its task."""
    return or_(
        and_(Indicator.directive_id.is_not(None),
             Indicator.directive_id.in_(select(visibility.visible_directives(user).subquery().c.id))),
        and_(Indicator.task_id.is_not(None),
             Indicator.task_id.in_(select(visibility.visible_tasks(user).subquery().c.id))),
    )


def of_directive(session, directive_id: int) -> list[Indicator]:
    """The directive's own indicators (visibility follows the directive the caller checked)."""
    return list(session.scalars(select(Indicator).where(Indicator.directive_id == directive_id)
                                .order_by(Indicator.id)))


def of_task(session, task_id: int) -> list[Indicator]:
    return list(session.scalars(select(Indicator).where(Indicator.task_id == task_id).order_by(Indicator.id)))


def of_tasks_of_directive(session, directive_id: int) -> list[Indicator]:
    return list(session.scalars(select(Indicator).join(Task, Task.id == Indicator.task_id)
                                .where(Task.directive_id == directive_id).order_by(Indicator.id)))


def current_values(indicator_ids, as_of: date):
    """Subquery: per (indicator, unit) — of the given indicators, or all when None — the value in force on `as_of` — the latest
    (reported_on, id) row reported on or before it that no other row corrects."""
    corrector = IndicatorValue.__table__.alias("corrector")
    ranked = (
        select(IndicatorValue.id, IndicatorValue.indicator_id, IndicatorValue.unit_id, IndicatorValue.value,
               IndicatorValue.reported_on,
               func.row_number().over(partition_by=(IndicatorValue.indicator_id, IndicatorValue.unit_id),
                                      order_by=(IndicatorValue.reported_on.desc(), IndicatorValue.id.desc()))
               .label("rn"))
        .where(true() if indicator_ids is None else IndicatorValue.indicator_id.in_(indicator_ids),
               IndicatorValue.reported_on <= as_of,
               ~select(corrector.c.id).where(corrector.c.corrects_id == IndicatorValue.id).exists())
        .subquery()
    )
    return select(ranked.c.id, ranked.c.indicator_id, ranked.c.unit_id, ranked.c.value,
                  ranked.c.reported_on).where(ranked.c.rn == 1).subquery("cur")


def _totals(session, indicators: list[Indicator], source, unit: Unit | None) -> dict[int, dom.Figure]:
    """Group a (indicator_id, unit_id, target, value, value_id) source into figures."""
    reached = case(
        (and_(Indicator.direction == dom.Direction.LOWER.value, source.c.value <= source.c.target), 1),
        (and_(Indicator.direction != dom.Direction.LOWER.value, source.c.value >= source.c.target), 1),
        else_=0,
    )
    stmt = (
        select(source.c.indicator_id, func.coalesce(func.sum(source.c.value), 0),
               func.coalesce(func.sum(source.c.target), 0), func.count(source.c.unit_id),
               func.count(source.c.value), func.coalesce(func.sum(reached), 0))
        .join(Indicator, Indicator.id == source.c.indicator_id)
        .group_by(source.c.indicator_id)
    )
    if unit is not None:
        stmt = stmt.where(source.c.unit_id.in_(visibility.subtree_ids(unit)))
    totals = {row[0]: row[1:] for row in session.execute(stmt)}
    out = {}
    for ind in indicators:
        sv, st, n, rep, rc = totals.get(ind.id, (0, 0, 0, 0, 0))
        out[ind.id] = dom.from_totals(ind.aggregation, sum_values=Decimal(str(sv)), sum_targets=Decimal(str(st)),
                                      units=int(n), reporting=int(rep), reached_units=int(rc))
    return out


def live_source(indicator_ids, as_of: date):
    """Per (indicator, unit with a target): the target and the value in force on `as_of`."""
    cur = current_values(indicator_ids, as_of)
    t = IndicatorTarget
    stmt = (select(t.indicator_id, t.unit_id, t.target, cur.c.value)
            .outerjoin(cur, and_(cur.c.indicator_id == t.indicator_id, cur.c.unit_id == t.unit_id)))
    if indicator_ids is not None:
        stmt = stmt.where(t.indicator_id.in_(indicator_ids))
    return stmt


def rollup(session, indicators: list[Indicator], as_of: date, unit: Unit | None = None) -> dict[int, dom.Figure]:
    """Per indicator, its figure over the target units in `unit`'s subtree (all units when
    None) as of the date: one grouped query for all the indicators."""
    if not indicators:
        return {}
    return _totals(session, indicators, live_source([i.id for i in indicators], as_of).subquery("src"), unit)


def frozen_rollup(session, indicators: list[Indicator], snapshot_id: int,
                  unit: Unit | None = None) -> dict[int, dom.Figure]:
    """The same figures from the values frozen with a closed period's snapshot."""
    if not indicators:
        return {}
    F = IndicatorSnapshotValue
    src = (select(F.indicator_id, F.unit_id, F.target, F.value)
           .where(F.snapshot_id == snapshot_id, F.indicator_id.in_([i.id for i in indicators])).subquery("src"))
    return _totals(session, indicators, src, unit)


def freeze(session, snapshot_id: int, as_of: date) -> None:
    """Copy every indicator's targets and values in force on `as_of` into the snapshot."""
    from sqlalchemy import insert, literal

    src = live_source(None, as_of).subquery("src")
    session.execute(insert(IndicatorSnapshotValue).from_select(
        ["snapshot_id", "indicator_id", "unit_id", "target", "value"],
        select(literal(snapshot_id), src.c.indicator_id, src.c.unit_id, src.c.target, src.c.value)))


@dataclass(frozen=True)
class UnitLine:
    """One target unit of an indicator: its target and the value in force."""
    unit_id: int
    unit_name: str
    target: Decimal
    value: Decimal | None
    reported_on: date | None
    value_id: int | None
    reached: bool


def unit_lines(session, indicator: Indicator, as_of: date) -> list[UnitLine]:
    cur = current_values([indicator.id], as_of)
    rows = session.execute(
        select(IndicatorTarget.unit_id, Unit.name, IndicatorTarget.target, cur.c.value, cur.c.reported_on, cur.c.id)
        .join(Unit, Unit.id == IndicatorTarget.unit_id)
        .outerjoin(cur, cur.c.unit_id == IndicatorTarget.unit_id)
        .where(IndicatorTarget.indicator_id == indicator.id)
        .order_by(Unit.sort_name, Unit.id)
    )
    return [UnitLine(u, name, Decimal(str(tg)), None if v is None else Decimal(str(v)), on, vid,
                     dom.reached(None if v is None else Decimal(str(v)), Decimal(str(tg)), indicator.direction))
            for u, name, tg, v, on, vid in rows]


def history(session, indicator_id: int, unit_id: int | None = None) -> list[IndicatorValue]:
    """Every reported value, oldest first (corrections included, with what they replace)."""
    stmt = select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id)
    if unit_id is not None:
        stmt = stmt.where(IndicatorValue.unit_id == unit_id)
    return list(session.scalars(stmt.order_by(IndicatorValue.reported_on, IndicatorValue.id)))


def corrected_ids(session, indicator_id: int) -> set[int]:
    return set(session.scalars(select(IndicatorValue.corrects_id).where(
        IndicatorValue.indicator_id == indicator_id, IndicatorValue.corrects_id.is_not(None))))


__all__ = [
    "corrected_ids",
    "current_values",
    "history",
    "indicator_clause",
    "of_directive",
    "of_task",
    "of_tasks_of_directive",
    "rollup",
    "unit_lines",
]


def in_scope(session, user, root: Unit | None, limit: int = 200) -> list[Indicator]:
    """Indicators the user sees that have a target in `root`'s subtree (all when None),
    for the unit reports and their exports; at most `limit`, oldest first."""
    targets = select(IndicatorTarget.indicator_id).distinct()
    if root is not None:
        targets = targets.where(IndicatorTarget.unit_id.in_(visibility.subtree_ids(root)))
    # The candidates first: most scopes have no indicator with a target, and building the
    # visibility clause (two subqueries over the task rule) cost a dashboard a third of its CPU.
    candidates = list(session.scalars(targets))
    if not candidates:
        return []
    return list(session.scalars(select(Indicator).where(Indicator.id.in_(candidates), indicator_clause(user))
                                .order_by(Indicator.id).limit(limit)))
