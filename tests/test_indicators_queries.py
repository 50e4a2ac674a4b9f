"""The SQL rollup of indicators agrees with the domain's brute force (domain.indicators.current
+ rollup) for every aggregation and direction, per unit subtree and as-of date, corrections included."""
import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from tracker.domain import indicators as dom
from tracker.models import (
    Directive,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Unit,
    User,
)
from tracker.queries import indicators as q

BASE = date(2026, 3, 1)


def _world(session, seed):
    rnd = random.Random(seed)
    directive = session.scalars(select(Directive).order_by(Directive.id)).first()
    user = session.scalars(select(User).order_by(User.id)).first()
    units = session.scalars(select(Unit).order_by(Unit.id)).all()
    inds = []
    for agg in dom.Aggregation:
        for direction in dom.Direction:
            ind = Indicator(directive_id=directive.id, name=f"{agg.value}-{direction.value}", measure="count",
                            unit_label="công trình", direction=direction.value, aggregation=agg.value,
                            created_by_id=user.id)
            chosen = rnd.sample(units, 12)
            ind.targets = [IndicatorTarget(unit_id=u.id, target=Decimal(rnd.randint(0, 9))) for u in chosen]
            session.add(ind)
            session.flush()
            rows = []
            for _i in range(40):
                u = rnd.choice(chosen + [rnd.choice(units)])   # some values from units without a target
                live = [r for r in rows if r.unit_id == u.id and r.id not in {x.corrects_id for x in rows}]
                fix = live[-1] if live and rnd.random() < 0.25 else None
                row = IndicatorValue(indicator_id=ind.id, unit_id=u.id, value=Decimal(rnd.randint(0, 12)),
                                     reported_on=fix.reported_on if fix else BASE + timedelta(days=rnd.randint(0, 20)),
                                     reported_by_id=user.id, corrects_id=fix.id if fix else None,
                                     correction_reason="sai số" if fix else None)
                session.add(row)
                session.flush()
                rows.append(row)
            inds.append(ind)
    session.commit()
    return inds, units


def _brute(session, ind, as_of, root):
    reports = [dom.Report(r.id, r.unit_id, Decimal(str(r.value)), r.reported_on, r.corrects_id)
               for r in session.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id == ind.id))]
    targets = {t.unit_id: Decimal(str(t.target)) for t in ind.targets
               if root is None or t.unit.is_within(root)}
    values = {u: r.value for u, r in dom.current(reports, as_of).items()}
    return dom.rollup(ind.aggregation, ind.direction, targets, values)


def test_sql_rollup_equals_brute_force(session):
    inds, units = _world(session, 7)
    roots = [None] + [u for u in units if u.depth <= 1] + random.Random(1).sample(units, 5)
    for as_of in (BASE - timedelta(days=1), BASE, BASE + timedelta(days=7), BASE + timedelta(days=30)):
        for root in roots:
            got = q.rollup(session, inds, as_of, root)
            for ind in inds:
                assert got[ind.id] == _brute(session, ind, as_of, root), (ind.name, as_of, root)


def test_unit_lines_show_the_value_in_force(session):
    inds, _units = _world(session, 3)
    as_of = BASE + timedelta(days=10)
    for ind in inds:
        reports = [dom.Report(r.id, r.unit_id, Decimal(str(r.value)), r.reported_on, r.corrects_id)
                   for r in session.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id == ind.id))]
        cur = dom.current(reports, as_of)
        lines = q.unit_lines(session, ind, as_of)
        assert len(lines) == 12
        for line in lines:
            assert line.value == (cur[line.unit_id].value if line.unit_id in cur else None)
