"""Indicators over the API: read a directive's (and its tasks') indicators with their figures,
read an indicator's history, report a value. Self-contained: routes, and the OpenAPI paths
and schemas they add to the document (openapi.PATHS / SCHEMAS)."""
from datetime import date
from decimal import Decimal
from typing import Annotated

from flask import abort, jsonify, request
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
from tracker.views.api.schemas import Id, IsoDate, Text, _Body, _enum, parse, query
from tracker.views.api.schemas import _Query
from tracker.views.api.directives import get_visible_directive


def _num(v: Decimal | None) -> str | None:
    """Decimals as strings ("1500000000.00"): exact, unlike JSON numbers."""
    return None if v is None else f"{Decimal(v):f}"


class AsOfQuery(_Query):
    as_of: Annotated[str, Field(max_length=20)] | None = Field(None, description="Tính đến ngày (mặc định hôm nay).")


class IndicatorValueInput(_Body):
    """A reported value: the unit, the value as typed ("27", "96,5", "1.500.000", "đạt")."""
    unit_id: Id
    value: Annotated[str, Field(min_length=1, max_length=40)] | StrictInt | StrictFloat = Field(
        description='27, "96,5", "1.500.000", "đạt".')
    reported_on: IsoDate | None = Field(None, description="YYYY-MM-DD; mặc định hôm nay; không sau hôm nay.")
    note: Text(svc.NOTE_MAX) | None = None


_Figure = Annotated[str, Field(min_length=1, max_length=40)] | StrictInt | StrictFloat


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
    return jsonify({"items": [_indicator_json(ind, figures[ind.id], as_of) for ind in inds]})


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
    return jsonify(_indicator_json(ind, q.rollup(db.session, [ind], today)[ind.id], today)), 201


@bp.get("/indicators/<int:indicator_id>/values")
def indicator_values(indicator_id):
    ind = _visible_indicator(indicator_id)
    return jsonify({"items": [_value_json(r) for r in q.history(db.session, ind.id)]})


@bp.post("/indicators/<int:indicator_id>/values")
def indicator_report(indicator_id):
    ind = _visible_indicator(indicator_id)
    body = parse(IndicatorValueInput, i.json_body())
    unit_id, raw, reported_on, note = body.unit_id, body.value, body.reported_on, body.note
    row = svc.report_value(db.session, current_user, ind, unit_id=unit_id, value=raw,
                           reported_on=reported_on or local_today(), today=local_today(), note=note)
    return jsonify(_value_json(row)), 201


# -- the OpenAPI document -----------------------------------------------------------------

DEC = {"type": ["string", "null"], "description": "Số thập phân dạng chuỗi, ví dụ \"27.00\"."}

_SCHEMAS = {
    "IndicatorFigure": o._obj({
        "achieved": DEC, "target": DEC, "rate": DEC,
        "units": {"type": "integer", "description": "Số đơn vị được giao chỉ tiêu."},
        "reporting": {"type": "integer", "description": "Số đơn vị đã báo cáo."},
        "phrase": {"type": "string", "description": "Cách viết trong báo cáo: “đạt 26/27 công trình (96,30%)”."},
    }),
    "IndicatorUnit": o._obj({
        "unit_id": o.ID, "unit_name": o.STR, "target": DEC, "value": DEC,
        "reported_on": o._nullable(o.DATE), "reached": o.BOOL}),
    "Indicator": o._obj({
        "id": o.ID, "directive_id": o._nullable(o.ID), "task_id": o._nullable(o.ID), "name": o.STR,
        "measure": {"type": "string", "enum": o._values(dom.Measure)}, "unit_label": o.STR,
        "direction": {"type": "string", "enum": o._values(dom.Direction)},
        "aggregation": {"type": "string", "enum": o._values(dom.Aggregation)},
        "as_of": o.DATE, "figure": o._ref("IndicatorFigure"),
        "units": {"type": "array", "items": o._ref("IndicatorUnit")},
    }),
    "IndicatorList": o._obj({"items": {"type": "array", "items": o._ref("Indicator")}}),
    "IndicatorValue": o._obj({
        "id": o.ID, "indicator_id": o.ID, "unit_id": o.ID, "value": DEC, "reported_on": o.DATE,
        "reported_by": o.STR, "note": o._nullable(o.STR), "corrects_id": o._nullable(o.ID),
        "correction_reason": o._nullable(o.STR)}),
    "IndicatorValueList": o._obj({"items": {"type": "array", "items": o._ref("IndicatorValue")}}),
    "IndicatorTargetInput": IndicatorTargetInput.model_json_schema(ref_template="#/components/schemas/{model}"),
    "IndicatorDefineInput": {k: v for k, v in IndicatorDefineInput.model_json_schema(
        ref_template="#/components/schemas/{model}").items() if k != "$defs"},
    "IndicatorValueInput": IndicatorValueInput.model_json_schema(ref_template="#/components/schemas/{model}"),
}

_PATHS = {
    "/directives/{directive_id}/indicators": {"get": {
        "operationId": "listDirectiveIndicators", "tags": ["directives"],
        "summary": "Chỉ tiêu của văn bản và của các nhiệm vụ được xem",
        "parameters": [o._path_id("directive_id", "văn bản"),
                       o._param("as_of", o.DATE, "Tính đến ngày (mặc định hôm nay)."), o._p("lang")],
        "responses": {"200": o._json("IndicatorList", "Chỉ tiêu, số liệu tổng hợp và từng đơn vị."),
                      "400": o._r("BadRequest"), "401": o._r("Unauthorized"), "404": o._r("NotFound")},
    }, "post": {
        "operationId": "defineDirectiveIndicator", "tags": ["directives"], "summary": "Giao chỉ tiêu cho văn bản",
        "description": "Văn phòng, lãnh đạo cơ quan giao. Chỉ tiêu từng đơn vị (targets) hoặc một con số "
                       "(total) chia đều (cộng tổng) hay giao cho mỗi đơn vị (bình quân, số đơn vị đạt).",
        "parameters": [o._path_id("directive_id", "văn bản"), o._p("lang")],
        "requestBody": {"required": True,
                        "content": {"application/json": {"schema": o._ref("IndicatorDefineInput")}}},
        "responses": {"201": o._json("Indicator", "Đã giao chỉ tiêu."), "400": o._r("BadRequest"),
                      "401": o._r("Unauthorized"), "403": o._r("Forbidden"), "404": o._r("NotFound"),
                      "415": o._r("UnsupportedMediaType")},
    }},
    "/indicators/{indicator_id}/values": {
        "get": {
            "operationId": "listIndicatorValues", "tags": ["directives"], "summary": "Lịch sử số liệu của chỉ tiêu",
            "parameters": [o._path_id("indicator_id", "chỉ tiêu"), o._p("lang")],
            "responses": {"200": o._json("IndicatorValueList", "Mọi lần báo cáo, cũ trước; cả số liệu điều chỉnh."),
                          "401": o._r("Unauthorized"), "404": o._r("NotFound")},
        },
        "post": {
            "operationId": "reportIndicatorValue", "tags": ["directives"], "summary": "Báo cáo kết quả chỉ tiêu",
            "description": "Cán bộ, lãnh đạo của đơn vị được giao chỉ tiêu (hoặc đơn vị cấp trên của nó).",
            "parameters": [o._path_id("indicator_id", "chỉ tiêu"), o._p("lang")],
            "requestBody": {"required": True,
                            "content": {"application/json": {"schema": o._ref("IndicatorValueInput")}}},
            "responses": {"201": o._json("IndicatorValue", "Đã ghi nhận."), "400": o._r("BadRequest"),
                          "401": o._r("Unauthorized"), "403": o._r("Forbidden"), "404": o._r("NotFound"),
                          "415": o._r("UnsupportedMediaType")},
        },
    },
}

o.register(schemas=_SCHEMAS, paths=_PATHS)
