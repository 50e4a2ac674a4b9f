"""Report figures as JSON: the same query and definitions as the dashboard and the exports."""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from tracker.domain.reports import COLUMNS, PeriodKind
from tracker.extensions import db
from tracker.models import Directive
from tracker.queries import reports as q
from tracker.queries.visibility import can_see_directive
from tracker.timeutil import local_today
from tracker.views.api import bp, openapi
from tracker.views.api import serialize as s
from tracker.views.api.errors import ApiError, validation_error
from tracker.views.reports import CATEGORY_COLUMNS, directive_progress, parse_report_args, ranked


def _not_found():
    return ApiError(404, _("Không tìm thấy."), code="not_found")


def _args():
    ra, errors = parse_report_args(request.args, current_user, today=local_today())
    if errors.get("unit") == "not_found":
        raise _not_found()
    if ra is None:
        raise validation_error(errors, _("Tham số không hợp lệ."))
    return ra


def _period(p) -> dict:
    return {"kind": p.kind.value, "start": p.start.isoformat(), "end": p.end.isoformat(), "label": p.label()}


@bp.get("/reports/units")
def reports_units():
    ra = _args()
    rep = q.cached_unit_report(db.session, current_user, period=ra.period, as_of=ra.as_of, root=ra.root,
                        role=ra.role, rolled_up=ra.rolled_up)
    ranking, prev_period = ranked(db.session, ra, rep)
    rows = []
    for row, rk in q.rows_by_rank(rep, ranking):
        rows.append({
            "unit": {"id": row.unit.id, "name": row.unit.name, "short_name": row.unit.short_name},
            "direct": row.direct, "has_children": row.has_children, "counts": row.counts.to_dict(),
            "rank": rk.rank if rk else None, "previous_rank": rk.previous_rank if rk else None,
            "rank_change": rk.rank_change if rk else None,
            "ranked": bool(rk and rk.rank is not None),
        })
    return jsonify({
        "period": _period(ra.period), "previous_period": _period(prev_period), "as_of": rep.as_of.isoformat(),
        "role": ra.role, "rolled_up": ra.rolled_up,
        "root": s.unit_ref(ra.root), "snapshot_id": rep.snapshot.id if rep.snapshot else None,
        "total": rep.total.to_dict(), "rows": rows,
    })


@bp.get("/reports/directives/<int:directive_id>")
def reports_directive(directive_id):
    d = db.session.get(Directive, directive_id)
    if d is None or not can_see_directive(current_user, d):
        raise _not_found()
    today = local_today()
    p = directive_progress(db.session, current_user, d, today)
    return jsonify({
        "directive": {"id": d.id, "symbol": d.symbol, "title": d.title},
        "as_of": today.isoformat(), "total": p["count"], "completed": p["done"], "counts": p["totals"],
        "units": [{"unit": s.unit_ref(e["unit"]), "counts": {c: e[c] for c in CATEGORY_COLUMNS},
                   "task_ids": [t.id for t, _col in e["tasks"]]} for e in p["units"]],
    })


# --- the OpenAPI document -------------------------------------------------------------

_INT = {"type": "integer"}
_RATE = {"type": ["number", "null"], "description": "Phần trăm, 2 chữ số thập phân; null khi không có mẫu số."}
_PERIOD = openapi._obj({"kind": {"type": "string", "enum": [k.value for k in PeriodKind]},
                        "start": openapi.DATE, "end": openapi.DATE, "label": openapi.STR})
_SCHEMAS = {
    "ReportCounts": openapi._obj(
        {**{c: _INT for c in COLUMNS}, "completed": _INT, "open": _INT, "due": _INT,
         "completion_rate": _RATE, "on_time_rate": _RATE},
        description="Định nghĩa: docs/reports.md. completion_rate = completed/total; "
                    "on_time_rate = on_time/due, due = completed + overdue."),
    "ReportPeriod": _PERIOD,
    "UnitReportRow": openapi._obj({
        "unit": openapi._ref("UnitRef"), "direct": openapi.BOOL, "has_children": openapi.BOOL,
        "counts": openapi._ref("ReportCounts"),
        "rank": openapi._nullable(_INT), "previous_rank": openapi._nullable(_INT),
        "rank_change": {"type": ["integer", "null"], "description": "Dương: tăng hạng so với kỳ trước."},
        "ranked": {"type": "boolean", "description": "Sai: chưa xếp hạng (không có nhiệm vụ đến hạn trong kỳ)."},
    }),
    "UnitReport": openapi._obj({
        "period": openapi._ref("ReportPeriod"), "previous_period": openapi._ref("ReportPeriod"),
        "as_of": openapi.DATE, "role": {"type": "string", "enum": list(q.ROLES)}, "rolled_up": openapi.BOOL,
        "root": openapi._nullable(openapi._ref("UnitRef")), "snapshot_id": openapi._nullable(openapi.ID),
        "total": openapi._ref("ReportCounts"),
        "rows": {"type": "array", "items": openapi._ref("UnitReportRow")},
    }),
    "DirectiveProgress": openapi._obj({
        "directive": openapi._obj({"id": openapi.ID, "symbol": openapi._nullable(openapi.STR), "title": openapi.STR}),
        "as_of": openapi.DATE, "total": _INT, "completed": _INT,
        "counts": openapi._obj({c: _INT for c in CATEGORY_COLUMNS}),
        "units": {"type": "array", "items": openapi._obj({
            "unit": openapi._ref("UnitRef"), "counts": openapi._obj({c: _INT for c in CATEGORY_COLUMNS}),
            "task_ids": {"type": "array", "items": openapi.ID}})},
    }),
}

_DATE_ARG = {"type": "string", "description": "dd/mm/yyyy hoặc YYYY-MM-DD"}
openapi.register(schemas=_SCHEMAS, paths={
    "/reports/units": {"get": {
        "operationId": "getUnitReport", "tags": ["reports"], "summary": "Số liệu thực hiện nhiệm vụ theo đơn vị",
        "description": "Cùng định nghĩa, cùng số liệu với trang Báo cáo, Excel và Word. Kỳ đã chốt đọc từ "
                       "bản chốt khi ngày tính từ ngày cuối kỳ trở đi.",
        "parameters": [
            openapi._param("kind", {"type": "string", "enum": [k.value for k in PeriodKind], "default": "year"},
                           "Loại kỳ."),
            openapi._param("ref", _DATE_ARG, "Một ngày trong kỳ (mặc định hôm nay)."),
            openapi._param("start", _DATE_ARG, "Ngày đầu kỳ tùy chọn (kind=custom)."),
            openapi._param("end", _DATE_ARG, "Ngày cuối kỳ tùy chọn (kind=custom)."),
            openapi._param("as_of", _DATE_ARG, "Số liệu tính đến ngày (mặc định: hôm nay, hoặc cuối kỳ nếu kỳ đã qua)."),
            openapi._param("unit", openapi.ID, "Đơn vị gốc (mặc định theo người dùng)."),
            openapi._param("rollup", {"type": "string", "enum": ["0", "1"], "default": "1"},
                           "1: cộng đơn vị trực thuộc vào đơn vị cấp trên."),
            openapi._param("role", {"type": "string", "enum": list(q.ROLES), "default": "lead"}, "Chủ trì / phối hợp."),
            openapi._p("lang"),
        ],
        "responses": {"200": openapi._json("UnitReport", "Số liệu theo đơn vị, xếp hạng."),
                      "400": openapi._r("BadRequest"), "401": openapi._r("Unauthorized"),
                      "404": openapi._r("NotFound")},
    }},
    "/reports/directives/{directive_id}": {"get": {
        "operationId": "getDirectiveProgress", "tags": ["reports"], "summary": "Tiến độ thực hiện một văn bản",
        "parameters": [openapi._path_id("directive_id", "văn bản"), openapi._p("lang")],
        "responses": {"200": openapi._json("DirectiveProgress", "Nhiệm vụ theo đơn vị và nhóm thời hạn, tính đến hôm nay."),
                      "401": openapi._r("Unauthorized"), "404": openapi._r("NotFound")},
    }},
})
