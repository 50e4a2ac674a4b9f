"""Indicators over the API: read a directive's (and its tasks') indicators with their figures,
read an indicator's history, report a value. Self-contained: routes, and the OpenAPI paths
and schemas they add to the document (openapi.PATHS / SCHEMAS)."""
from datetime import date
from decimal import Decimal
from typing import Annotated

from flask import abort, request
from pydantic import Field, StrictFloat, StrictInt
from flask_babel import gettext as _
from flask_login import current_user

from tracker.domain import indicators as dom
from tracker.extensions import db
from tracker.models import Indicator
from tracker.queries import indicators as q
from tracker.queries.visibility import can_see_directive, can_see_task
from tracker.services import indicators as svc
from tracker.timeutil import local_today
from tracker.views.api import bp
from tracker.limits import MAX_ID
from tracker.views.api import inputs as i
from tracker.views.api import openapi as o
from tracker.views.api import responses as r
from tracker.views.api.schemas import Id, IsoDate, Text, _Body, _enum, parse, query
from tracker.views.api.schemas import QueryDate, _Query
from tracker.views.api.directives import get_visible_directive


def _num(v: Decimal | None) -> str | None:
    """Decimals as strings ("1500000000.00"): exact, unlike JSON numbers."""
    return None if v is None else f"{Decimal(v):f}"


class AsOfQuery(_Query):
    as_of: QueryDate | None = Field(None, description="Tính đến ngày (mặc định hôm nay).")


_Figure = Annotated[str, Field(min_length=1, max_length=40)] | StrictInt | StrictFloat


class IndicatorValueInput(_Body):
    """A reported value: the unit, the value as typed ("27", "96,5", "1.500.000", "đạt")."""
    unit_id: Id
    value: _Figure = Field(description='27, "96,5", "1.500.000", "đạt".')
    reported_on: IsoDate | None = Field(None, description="YYYY-MM-DD; mặc định hôm nay; không sau hôm nay.")
    note: Text(svc.NOTE_MAX) | None = None


class IndicatorTargetInput(_Body):
    """One unit's target."""
    unit_id: Id
    target: _Figure = Field(description='27, "96,5", "1.500.000", "đạt".')


class IndicatorDefineInput(_Body):
    """An indicator on the directive: either `targets` (one per unit, may differ), or `total` with
    `unit_ids` (a sum is split across the units, an average or a reached-count repeated)."""
    name: Text(svc.NAME_MAX)
    measure: _enum(dom.Measure)
    direction: _enum(dom.Direction) = dom.Direction.HIGHER.value
    aggregation: _enum(dom.Aggregation)
    unit_label: Text(svc.LABEL_MAX) = ""
    targets: Annotated[list[IndicatorTargetInput], Field(max_length=svc.MAX_TARGETS)] | None = None
    total: _Figure | None = None
    unit_ids: Annotated[list[Id], Field(max_length=svc.MAX_TARGETS)] | None = None


def _as_of():
    errors: dict[str, str] = {}
    raw = query(AsOfQuery, request.args, errors).as_of
    if raw is None:
        i.raise_if(errors, i.query_error_message())
        return local_today()
    try:
        d = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        d = None
    if d is None:
        errors["as_of"] = _("Ngày không hợp lệ; dùng dạng YYYY-MM-DD.")
    i.raise_if(errors, i.query_error_message())
    return d


def _indicator_json(ind: Indicator, fig: dom.Figure, as_of) -> dict:
    return {
        "id": ind.id, "directive_id": ind.directive_id, "task_id": ind.task_id, "name": ind.name,
        "measure": ind.measure, "unit_label": ind.unit_label, "direction": ind.direction,
        "aggregation": ind.aggregation, "as_of": as_of.isoformat(),
        "figure": {"achieved": _num(fig.achieved), "target": _num(fig.target), "rate": _num(fig.rate),
                   "units": fig.units, "reporting": fig.reporting,
                   "phrase": dom.phrase(fig, ind.measure, ind.unit_label, _)},
        "units": [{"unit_id": line.unit_id, "unit_name": line.unit_name, "target": _num(line.target),
                   "value": _num(line.value), "reported_on": line.reported_on.isoformat() if line.reported_on else None,
                   "reached": line.reached} for line in q.unit_lines(db.session, ind, as_of)],
    }


def _value_json(row) -> dict:
    return {"id": row.id, "indicator_id": row.indicator_id, "unit_id": row.unit_id, "value": _num(row.value),
            "reported_on": row.reported_on.isoformat(), "reported_by": row.reported_by.name, "note": row.note,
            "corrects_id": row.corrects_id, "correction_reason": row.correction_reason}


def _visible_indicator(indicator_id: int) -> Indicator:
    ind = db.session.get(Indicator, indicator_id) if indicator_id <= MAX_ID else None
    if ind is None:
        abort(404)
    owner = svc.owner_of(ind)
    visible = can_see_directive(current_user, owner) if ind.directive_id else can_see_task(current_user, owner)
    if not visible:
        abort(404)
    return ind


@bp.get("/directives/<int:directive_id>/indicators")
def directive_indicators(directive_id):
    directive = get_visible_directive(directive_id)
    as_of = _as_of()
    inds = q.of_directive(db.session, directive.id) + [
        ind for ind in q.of_tasks_of_directive(db.session, directive.id) if can_see_task(current_user, ind.task)]
    figures = q.rollup(db.session, inds, as_of)
    return r.send(r.IndicatorList, {"items": [_indicator_json(ind, figures[ind.id], as_of) for ind in inds]})


@bp.post("/directives/<int:directive_id>/indicators")
def directive_indicator_define(directive_id):
    directive = get_visible_directive(directive_id)
    body = parse(IndicatorDefineInput, i.json_body())
    targets = {t.unit_id: t.target for t in body.targets or []}
    if body.targets and len(targets) != len(body.targets):
        i.raise_if({"targets": _("Mỗi đơn vị chỉ được giao một chỉ tiêu.")})
    inp = svc.IndicatorInput(name=body.name, measure=body.measure, direction=body.direction,
                             aggregation=body.aggregation, unit_label=body.unit_label, targets=targets,
                             total=body.total, unit_ids=list(body.unit_ids or []))
    ind = svc.define_indicator(db.session, current_user, directive, inp)
    today = local_today()
    return r.send(r.Indicator, _indicator_json(ind, q.rollup(db.session, [ind], today)[ind.id], today), 201)


@bp.get("/indicators/<int:indicator_id>/values")
def indicator_values(indicator_id):
    ind = _visible_indicator(indicator_id)
    return r.send(r.IndicatorValueList, {"items": [_value_json(v) for v in q.history(db.session, ind.id)]})


@bp.post("/indicators/<int:indicator_id>/values")
def indicator_report(indicator_id):
    ind = _visible_indicator(indicator_id)
    body = parse(IndicatorValueInput, i.json_body())
    unit_id, raw, reported_on, note = body.unit_id, body.value, body.reported_on, body.note
    row = svc.report_value(db.session, current_user, ind, unit_id=unit_id, value=raw,
                           reported_on=reported_on or local_today(), today=local_today(), note=note)
    return r.send(r.IndicatorValue, _value_json(row), 201)


# -- the OpenAPI document: schemas from the models above and responses.py -----------------

_PATHS = {
    "/directives/{directive_id}/indicators": {"get": {
        "operationId": "listDirectiveIndicators", "tags": ["directives"],
        "summary": "Chỉ tiêu của văn bản và của các nhiệm vụ được xem",
        "parameters": [o._path_id("directive_id", "văn bản"),
                       o._query(AsOfQuery), o._p("lang")],
        "responses": {"200": o._json(r.IndicatorList, "Chỉ tiêu, số liệu tổng hợp và từng đơn vị."),
                      "400": o._r("BadRequest"), "401": o._r("Unauthorized"), "404": o._r("NotFound")},
    }, "post": {
        "operationId": "defineDirectiveIndicator", "tags": ["directives"], "summary": "Giao chỉ tiêu cho văn bản",
        "description": "Văn phòng, lãnh đạo cơ quan giao. Chỉ tiêu từng đơn vị (targets) hoặc một con số "
                       "(total) chia đều (cộng tổng) hay giao cho mỗi đơn vị (bình quân, số đơn vị đạt).",
        "parameters": [o._path_id("directive_id", "văn bản"), o._p("lang")],
        "requestBody": o._body(IndicatorDefineInput),
        "responses": {"201": o._json(r.Indicator, "Đã giao chỉ tiêu."), "400": o._r("BadRequest"),
                      "401": o._r("Unauthorized"), "403": o._r("Forbidden"), "404": o._r("NotFound"),
                      "415": o._r("UnsupportedMediaType")},
    }},
    "/indicators/{indicator_id}/values": {
        "get": {
            "operationId": "listIndicatorValues", "tags": ["directives"], "summary": "Lịch sử số liệu của chỉ tiêu",
            "parameters": [o._path_id("indicator_id", "chỉ tiêu"), o._p("lang")],
            "responses": {"200": o._json(r.IndicatorValueList, "Mọi lần báo cáo, cũ trước; cả số liệu điều chỉnh."),
                          "401": o._r("Unauthorized"), "404": o._r("NotFound")},
        },
        "post": {
            "operationId": "reportIndicatorValue", "tags": ["directives"], "summary": "Báo cáo kết quả chỉ tiêu",
            "description": "Cán bộ, lãnh đạo của đơn vị được giao chỉ tiêu (hoặc đơn vị cấp trên của nó).",
            "parameters": [o._path_id("indicator_id", "chỉ tiêu"), o._p("lang")],
            "requestBody": o._body(IndicatorValueInput),
            "responses": {"201": o._json(r.IndicatorValue, "Đã ghi nhận."), "400": o._r("BadRequest"),
                          "401": o._r("Unauthorized"), "403": o._r("Forbidden"), "404": o._r("NotFound"),
                          "415": o._r("UnsupportedMediaType")},
        },
    },
}

o.register(paths=_PATHS)
