"""Indicator lines for the unit report's Excel and Word exports: each indicator the user sees
with a target in the report's scope, rolled up over that scope as of the report's date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from tracker.domain import indicators as dom
from tracker.models import Unit
from tracker.queries import indicators as q

MAX_INDICATOR_ROWS = 200


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    source: str          # the directive's number or title, or "Nhiệm vụ #id"
    target: str
    achieved: str
    rate: Decimal | None
    phrase: str


def indicator_lines(session, user, root_id: int | None, as_of: date,
                    snapshot_id: int | None = None) -> list[IndicatorLine]:
    """A closed period's report (snapshot_id) reads the values frozen with it."""
    root = session.get(Unit, root_id) if root_id is not None else None
    inds = q.in_scope(session, user, root, MAX_INDICATOR_ROWS)
    figures = q.frozen_rollup(session, inds, snapshot_id, root) if snapshot_id is not None \
        else q.rollup(session, inds, as_of, root)
    out = []
    for ind in inds:
        fig = figures[ind.id]
        if fig.aggregation is dom.Aggregation.REACHED:
            label = ind.unit_label or _("đơn vị")
            target, achieved = f"{dom.fmt_decimal(fig.target)} {label}", f"{dom.fmt_decimal(fig.achieved)} {label}"
        else:
            target = dom.fmt_value(fig.target, ind.measure, ind.unit_label, _)
            achieved = dom.fmt_value(fig.achieved, ind.measure, ind.unit_label, _)
        if ind.directive_id is not None:
            source = ind.directive.symbol or ind.directive.title
        else:
            source = _("Nhiệm vụ #%(id)s", id=ind.task_id)
        out.append(IndicatorLine(ind.name, source, target, achieved, fig.rate,
                                 dom.phrase(fig, ind.measure, ind.unit_label, _)))
    return out
