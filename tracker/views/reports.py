"""Reports: per-unit completion figures, ranking, trend, drill-down, directive progress, exports."""
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote_plus

from flask import (Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, session,
                   url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from tracker.domain.reports import (COLUMNS, Period, PeriodKind, ReportError, fmt_number, fmt_percent, rank_rows,
                                   summary_sentence)
from tracker.extensions import db
from tracker.limits import clamp_page, report_date_in_range
from tracker.models import Directive, Unit
from tracker.page_cache import cached_page
from tracker.queries import reports as q
from tracker.queries.directive_progress import directive_progress
from tracker.queries.visibility import can_see_directive
from tracker.services import ServiceError
from tracker.services.reports import close_period, reopen_period, snapshot_history
from tracker.timeutil import local_today
from tracker.views.confirm import confirmation_page, confirmed
from tracker.views.converters import MAX_ID
from tracker.views.fields import parse_dmy

bp = Blueprint("reports", __name__, url_prefix="/reports")

PERIOD_KIND = {
    PeriodKind.MONTH.value: _l("Tháng"),
    PeriodKind.QUARTER.value: _l("Quý"),
    PeriodKind.HALF_YEAR.value: _l("6 tháng"),
    PeriodKind.YEAR.value: _l("Năm"),
    PeriodKind.CUSTOM.value: _l("Tùy chọn"),
}

COLUMN_LABEL = {
    "assigned": _l("Giao trong kỳ"),
    "carried": _l("Kỳ trước chuyển sang"),
    "total": _l("Tổng số"),
    "on_time": _l("Hoàn thành đúng hạn"),
    "late": _l("Hoàn thành quá hạn"),
    "within": _l("Đang thực hiện trong hạn"),
    "overdue": _l("Đang thực hiện quá hạn"),
    "overdue_30": _l("Quá hạn hơn 30 ngày"),
    "overdue_90": _l("Quá hạn hơn 90 ngày"),
    "overdue_120": _l("Quá hạn hơn 120 ngày"),
    "no_deadline": _l("Không có thời hạn"),
    "extended": _l("Được gia hạn"),
    "carried_open": _l("Chuyển tiếp chưa hoàn thành"),
}
ROLE_LABEL = {"lead": _l("Chủ trì"), "coordinating": _l("Phối hợp")}
# Columns whose tasks are listed in the drill-down (the others are attributes).
CATEGORY_COLUMNS = q.CATEGORY_COLUMNS


@bp.app_template_filter("pct")
def pct_filter(value):
    return fmt_percent(value)


@bp.app_template_filter("num")
def num_filter(value):
    return fmt_number(int(value or 0))


@dataclass
class ReportArgs:
    period: Period
    as_of: date
    root: Unit | None
    role: str
    rolled_up: bool
    ref: date

    def query(self, **changes) -> dict:
        """URL arguments that reproduce this report (for links)."""
        args = {"kind": self.period.kind.value, "ref": self.ref.strftime("%d/%m/%Y"),
                "as_of": self.as_of.strftime("%d/%m/%Y"), "role": self.role,
                "rollup": "1" if self.rolled_up else "0"}
        if self.period.kind is PeriodKind.CUSTOM:
            args.update(start=self.period.start.strftime("%d/%m/%Y"), end=self.period.end.strftime("%d/%m/%Y"))
        if self.root is not None:
            args["unit"] = self.root.id
        args.update(changes)
        return {k: v for k, v in args.items() if v is not None}

    def href(self, base: str, **changes) -> str:
        """base + "?" + query(**changes), encoding this report's own arguments once: a
        national table has a dozen links per row, and url_for for each was half the page."""
        encoded = self.__dict__.get("_encoded")
        if encoded is None:
            encoded = self.__dict__["_encoded"] = {k: f"{k}={quote_plus(str(v))}" for k, v in self.query().items()}
        parts = dict(encoded)
        for k, v in changes.items():
            if v is None:
                parts.pop(k, None)
            else:
                parts[k] = f"{k}={quote_plus(str(v))}"
        return base + "?" + "&".join(parts.values())


def _date_arg(args, key, errors, default=None):
    raw = args.get(key)
    try:
        value = parse_dmy(raw)
    except ValueError:
        errors[key] = _("Ngày không hợp lệ (dd/mm/yyyy).")
        return default
    if value is None:  # blank or spaces only: as if left out
        return default
    if not report_date_in_range(value):
        errors[key] = _("Ngày phải trong khoảng từ 01/01/1900 đến 31/12/2100.")
        return default
    return value


def parse_report_args(args, user, *, today: date) -> tuple[ReportArgs | None, dict]:
    """Period, as-of date, root unit, role and rollup from query arguments; (args, errors).

    A root unit the user may not look at is reported as "not found", like any other
    unit's object.
    """
    errors: dict[str, str] = {}
    kind = args.get("kind") or PeriodKind.YEAR.value
    if kind not in PERIOD_KIND:
        errors["kind"] = _("Loại kỳ báo cáo không hợp lệ.")
        kind = PeriodKind.YEAR.value
    ref = _date_arg(args, "ref", errors, today)
    period = None
    try:
        if kind == PeriodKind.CUSTOM.value:
            start = _date_arg(args, "start", errors)
            end = _date_arg(args, "end", errors)
            if start is None or end is None:
                errors.setdefault("start", _("Nhập ngày bắt đầu và kết thúc của kỳ."))
            else:
                period = Period.custom(start, end)
        else:
            period = Period.containing(kind, ref)
    except ReportError:
        errors["end"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    role = args.get("role") or "lead"
    if role not in q.ROLES:
        errors["role"] = _("Vai trò không hợp lệ.")
        role = "lead"
    rolled_up = args.get("rollup", "1") != "0"
    as_of = _date_arg(args, "as_of", errors)
    if period is not None:
        as_of = as_of or period.default_as_of(today)
        if as_of < period.start:
            errors["as_of"] = _("Ngày tính số liệu phải từ ngày đầu kỳ trở đi.")
    root = None
    raw_unit = args.get("unit")
    if raw_unit:
        try:
            unit_id = int(raw_unit)
            root = db.session.get(Unit, unit_id) if 0 < unit_id <= MAX_ID else None
        except (ValueError, OverflowError):
            root = None
        if root is None or not q.may_view_root(db.session, user, root):
            return None, {"unit": "not_found"}
    else:
        root = q.default_root(db.session, user)
    if errors or period is None:
        return None, errors
    return ReportArgs(period, as_of, root, role, rolled_up, ref), {}


def _args_or_error():
    ra, errors = parse_report_args(request.args, current_user, today=local_today())
    if errors.get("unit") == "not_found":
        abort(404)
    return ra, errors


def ranked(session, ra: ReportArgs, rep: q.UnitReport):
    """Ranking of the report's unit rows, with the change against the previous period."""
    prev_period = ra.period.previous()
    prev = q.cached_unit_report(session, current_user, period=prev_period, as_of=prev_period.end, root=ra.root,
                         role=ra.role, rolled_up=ra.rolled_up)
    cur = {r.unit.id: r.counts for r in rep.rows if not r.direct}
    before = {r.unit.id: r.counts for r in prev.rows if not r.direct}
    return rank_rows(cur, before), prev_period


def _chart_data(rep: q.UnitReport) -> dict:
    rows = [r for r in rep.rows if r.counts.total][:40]
    return {
        "labels": [r.unit.label + (" (" + _("trực tiếp") + ")" if r.direct else "") for r in rows],
        "series": [{"key": c, "label": str(COLUMN_LABEL[c]), "data": [getattr(r.counts, c) for r in rows]}
                   for c in CATEGORY_COLUMNS],
    }


@bp.route("/")
@login_required
@cached_page
def dashboard():
    ra, errors = _args_or_error()
    if ra is None:
        today = local_today()
        for msg in errors.values():
            flash(msg, "error")
        ra = ReportArgs(Period.containing("year", today), today, q.default_root(db.session, current_user),
                        "lead", True, today)
    rep = q.cached_unit_report(db.session, current_user, period=ra.period, as_of=ra.as_of, root=ra.root,
                        role=ra.role, rolled_up=ra.rolled_up)
    ranking, prev_period = ranked(db.session, ra, rep)
    order = "name" if request.args.get("sort") == "name" else "rank"
    return render_template(
        "reports/dashboard.html", ra=ra, rep=rep, rows=q.rows_by_rank(rep, ranking, order), order=order,
        ranking=ranking, prev_period=prev_period,
        columns=COLUMNS, column_label=COLUMN_LABEL, period_kinds=PERIOD_KIND, role_label=ROLE_LABEL,
        chart=_chart_data(rep), history=snapshot_history(db.session, 10) if current_user.is_admin else [],
        category_columns=CATEGORY_COLUMNS, summary=summary_sentence(rep.total, _), signature=signature_defaults(),
        # Units above where the user may look are named, not linked (they would answer 404).
        crumb_links={u.id for u in rep.breadcrumbs if q.may_view_root(db.session, current_user, u)},
    )


@bp.route("/trend.json")
@login_required
@cached_page
def trend_json():
    ra, errors = _args_or_error()
    if ra is None:
        return jsonify({"errors": errors}), 400
    points = q.trend(db.session, current_user, period=ra.period, today=local_today(), root=ra.root, role=ra.role)
    return jsonify({
        "labels": [p.label() for p, _c in points],
        "completion_rate": [None if c.completion_rate is None else float(c.completion_rate) for _p, c in points],
        "on_time_rate": [None if c.on_time_rate is None else float(c.on_time_rate) for _p, c in points],
        "total": [c.total for _p, c in points],
        "names": {"completion_rate": _("Tỷ lệ hoàn thành (%)"), "on_time_rate": _("Tỷ lệ đúng hạn (%)")},
    })


PER_PAGE = 50


@bp.route("/tasks")
@login_required
def tasks():
    """The tasks behind one figure: a unit (and below it, when rolled up) and a column."""
    ra, errors = _args_or_error()
    if ra is None:
        abort(400)
    column = request.args.get("col") or None
    if column is not None and column not in COLUMNS:
        abort(400)
    subtree = request.args.get("sub", "1") != "0"
    page = clamp_page(request.args.get("page"))
    total, lines = q.report_task_lines(db.session, current_user, period=ra.period, as_of=ra.as_of, unit=ra.root,
                                       subtree=subtree, role=ra.role, column=column, limit=PER_PAGE,
                                       offset=(page - 1) * PER_PAGE)
    return render_template("reports/tasks.html", ra=ra, lines=lines, total=total, page=page,
                           pages=max(1, (total + PER_PAGE - 1) // PER_PAGE), column=column,
                           column_label=COLUMN_LABEL, subtree=subtree, role_label=ROLE_LABEL)


@bp.route("/directives/<int:directive_id>")
@login_required
@cached_page
def directive(directive_id):
    d = db.get_or_404(Directive, directive_id)
    if not can_see_directive(current_user, d):
        abort(404)
    data = directive_progress(db.session, current_user, d, local_today())
    return render_template("reports/directive.html", p=data, column_label=COLUMN_LABEL,
                           category_columns=CATEGORY_COLUMNS, today=local_today())


def _export_inputs():
    ra, errors = _args_or_error()
    if ra is None:
        abort(400)
    rep = q.cached_unit_report(db.session, current_user, period=ra.period, as_of=ra.as_of, root=ra.root,
                        role=ra.role, rolled_up=ra.rolled_up)
    ranking, _prev = ranked(db.session, ra, rep)
    return ra, rep, ranking


@bp.route("/export.xlsx")
@login_required
def export_xlsx():
    from tracker.services.exports import report_xlsx

    ra, rep, ranking = _export_inputs()
    buf = report_xlsx(db.session, current_user, ra, rep, ranking, column_label=COLUMN_LABEL, role_label=ROLE_LABEL)
    return send_file(buf, as_attachment=True, download_name=f"bao-cao-{ra.period.label().replace('/', '-')}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


SIGNATURE_FIELDS = {"signer_title": 120, "signer_name": 120, "recipients": 1000}


def _signature_args() -> dict:
    """Signer and "Nơi nhận" typed on the export form, remembered for this user's next
    export (in the session: the form's defaults, not data anyone else relies on)."""
    remembered = session.get("report_signature") or {}
    typed = {k: (request.args.get(k) or "").strip()[:n] for k, n in SIGNATURE_FIELDS.items() if k in request.args}
    if typed:
        remembered = {**remembered, **typed}
        session["report_signature"] = remembered
    out = {}
    if remembered.get("signer_title") or remembered.get("signer_name"):
        out.update(signer_title=remembered.get("signer_title", ""), signer_name=remembered.get("signer_name", ""))
    lines = [ln.strip() for ln in (remembered.get("recipients") or "").splitlines() if ln.strip()]
    if lines:
        out["recipients"] = lines[:20]
    return out


def signature_defaults() -> dict:
    """What the export form shows: the remembered values, else the issuing body's leader."""
    from tracker.services.exports import DEFAULT_RECIPIENTS, default_signer

    remembered = session.get("report_signature") or {}
    title, name = default_signer(db.session, current_user.unit)
    return {"signer_title": remembered.get("signer_title", title), "signer_name": remembered.get("signer_name", name),
            "recipients": remembered.get("recipients") or "\n".join(str(x) for x in DEFAULT_RECIPIENTS)}


@bp.route("/export.docx")
@login_required
def export_docx():
    from tracker.services.exports import report_docx

    ra, rep, ranking = _export_inputs()
    buf = report_docx(db.session, current_user, ra, rep, ranking, today=local_today(),
                      column_label=COLUMN_LABEL, role_label=ROLE_LABEL, **_signature_args())
    return send_file(buf, as_attachment=True, download_name=f"bao-cao-{ra.period.label().replace('/', '-')}.docx",
                     mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _period_from_form():
    ra, errors = parse_report_args(request.form, current_user, today=local_today())
    if ra is None:
        abort(400)
    return ra


@bp.route("/close", methods=["POST"])
@login_required
def close():
    if not current_user.is_admin:
        abort(403)
    ra = _period_from_form()
    if ra.period.end >= local_today():
        flash(_("Chỉ chốt số liệu kỳ đã kết thúc."), "error")
    elif not confirmed():
        return confirmation_page(
            title=_("Chốt số liệu kỳ %(p)s?", p=ra.period.label()),
            message=_("Sau khi chốt, số liệu và danh sách nhiệm vụ của kỳ %(p)s (từ %(s)s đến %(e)s) được giữ "
                      "nguyên như hôm nay; thay đổi về sau không làm đổi báo cáo của kỳ.", p=ra.period.label(),
                      s=ra.period.start.strftime("%d/%m/%Y"), e=ra.period.end.strftime("%d/%m/%Y")),
            details=[_("Chỉ quản trị hệ thống mở lại được kỳ đã chốt, và phải ghi lý do.")],
            button=_("Chốt số liệu"), cancel_url=url_for("reports.dashboard", **ra.query(as_of=None)))
    else:
        _snap, created = close_period(db.session, ra.period, actor=current_user)
        flash(_("Đã chốt số liệu kỳ %(p)s.", p=ra.period.label()) if created
              else _("Kỳ %(p)s đã được chốt trước đó.", p=ra.period.label()), "success")
    return redirect(url_for("reports.dashboard", **ra.query(as_of=None)))


@bp.route("/reopen", methods=["POST"])
@login_required
def reopen():
    if not current_user.is_admin:
        abort(403)
    ra = _period_from_form()
    try:
        reopen_period(db.session, ra.period, actor=current_user, reason=request.form.get("reason", ""))
        flash(_("Đã mở lại kỳ %(p)s; số liệu được tính lại từ dữ liệu hiện tại.", p=ra.period.label()), "warning")
    except ServiceError as e:
        db.session.rollback()
        flash("; ".join(e.errors.values()), "error")
    return redirect(url_for("reports.dashboard", **ra.query(as_of=None)))
