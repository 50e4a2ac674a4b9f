"""Report figures as JSON: the same query and definitions as the dashboard and the exports."""
from typing import Annotated, Literal

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import Field

from tracker.domain.reports import PeriodKind
from tracker.extensions import db
from tracker.models import Directive
from tracker.queries import reports as q
from tracker.queries.visibility import can_see_directive
from tracker.timeutil import local_today
from tracker.views.api import bp, openapi
from tracker.views.api import responses as r
from tracker.views.api import serialize as s
from tracker.views.api.schemas import DateArg, _enum, _Query, query
from tracker.views.api.errors import ApiError, validation_error
from tracker.queries.directive_progress import directive_progress
from tracker.views.reports import CATEGORY_COLUMNS, parse_report_args, ranked


def _not_found():
    return ApiError(404, _("Không tìm thấy."), code="not_found")


class UnitReportQuery(_Query):
    """The report page's arguments (tracker.views.reports.parse_report_args reads them the same way)."""

    kind: _enum(PeriodKind) = Field(PeriodKind.YEAR.value, description="Loại kỳ.")
    ref: DateArg | None = Field(None, description="Một ngày trong kỳ (mặc định hôm nay); dd/mm/yyyy hoặc YYYY-MM-DD.")
    start: DateArg | None = Field(None, description="Ngày đầu kỳ tùy chọn (kind=custom).")
    end: DateArg | None = Field(None, description="Ngày cuối kỳ tùy chọn (kind=custom).")
    as_of: DateArg | None = Field(None, description="Số liệu tính đến ngày (mặc định: hôm nay, hoặc cuối kỳ "
                                                     "nếu kỳ đã qua).")
    # Any positive number: one that names no unit the user may see is 404, like a path id.
    unit: Annotated[int, Field(ge=1)] | None = Field(None, description="Đơn vị gốc (mặc định theo người dùng).")
    rollup: Literal["0", "1"] = Field("1", description="1: cộng đơn vị trực thuộc vào đơn vị cấp trên.")
    role: Literal[q.ROLES] = Field("lead", description="Chủ trì / phối hợp.")  # type: ignore[valid-type]


def _args():
    ra, errors = parse_report_args(request.args, current_user, today=local_today())
    if errors.get("unit") == "not_found":
        raise _not_found()
    query(UnitReportQuery, request.args, errors)
    if ra is None or errors:
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
    return r.send(r.UnitReport, {
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
    return r.send(r.DirectiveProgress, {
        "directive": {"id": d.id, "symbol": d.symbol, "title": d.title},
        "as_of": today.isoformat(), "total": p["count"], "completed": p["done"], "counts": p["totals"],
        "units": [{"unit": s.unit_ref(e["unit"]), "counts": {c: e[c] for c in CATEGORY_COLUMNS},
                   "task_ids": [t.id for t, _col in e["tasks"]]} for e in p["units"]],
    })


# --- the OpenAPI document: schemas from UnitReportQuery and responses.py -------------------

openapi.register(paths={
    "/reports/units": {"get": {
        "operationId": "getUnitReport", "tags": ["reports"], "summary": "Số liệu thực hiện nhiệm vụ theo đơn vị",
        "description": "Cùng định nghĩa, cùng số liệu với trang Báo cáo, Excel và Word. Kỳ đã chốt đọc từ "
                       "bản chốt khi ngày tính từ ngày cuối kỳ trở đi.",
        "parameters": [openapi._query(UnitReportQuery), openapi._p("lang")],
        "responses": {"200": openapi._json(r.UnitReport, "Số liệu theo đơn vị, xếp hạng."),
                      "400": openapi._r("BadRequest"), "401": openapi._r("Unauthorized"),
                      "404": openapi._r("NotFound")},
    }},
    "/reports/directives/{directive_id}": {"get": {
        "operationId": "getDirectiveProgress", "tags": ["reports"], "summary": "Tiến độ thực hiện một văn bản",
        "parameters": [openapi._path_id("directive_id", "văn bản"), openapi._p("lang")],
        "responses": {"200": openapi._json(r.DirectiveProgress,
                                           "Nhiệm vụ theo đơn vị và nhóm thời hạn, tính đến hôm nay."),
                      "401": openapi._r("Unauthorized"), "404": openapi._r("NotFound")},
    }},
})
