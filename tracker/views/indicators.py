"""Indicator pages: define (secretariat), report a value and correct one (units), and the
panel the directive, task and directive-progress pages include (Jinja global indicator_panel)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField

from tracker.auth import can
from tracker.domain import indicators as dom
from tracker.domain.roles import Action
from tracker.extensions import db
from tracker.models import Directive, Indicator, IndicatorValue, Task
from tracker.queries import indicators as q
from tracker.queries.units import assignable_units, tree_choices
from tracker.queries.visibility import can_see_directive, can_see_task
from tracker.services import ServiceError
from tracker.services import indicators as svc
from tracker.timeutil import local_today
from tracker.views.fields import DMYDateField

bp = Blueprint("indicators", __name__)

MEASURE = {
    dom.Measure.COUNT.value: _l("Số lượng"),
    dom.Measure.PERCENT.value: _l("Tỷ lệ (%)"),
    dom.Measure.MONEY.value: _l("Số tiền (đồng)"),
    dom.Measure.ACHIEVED.value: _l("Đạt / chưa đạt"),
}
DIRECTION = {
    dom.Direction.HIGHER.value: _l("Càng cao càng tốt"),
    dom.Direction.LOWER.value: _l("Càng thấp càng tốt"),
}
AGGREGATION = {
    dom.Aggregation.SUM.value: _l("Cộng tổng các đơn vị"),
    dom.Aggregation.AVERAGE.value: _l("Bình quân các đơn vị"),
    dom.Aggregation.REACHED.value: _l("Số đơn vị đạt chỉ tiêu"),
}


class _AnyUnits(SelectMultipleField):
    """Unit ids checked against the choices by the view, with a Vietnamese message."""
    def pre_validate(self, form):
        pass


class DefineForm(FlaskForm):
    name = StringField(_l("Tên chỉ tiêu"))
    measure = SelectField(_l("Loại chỉ tiêu"), choices=list(MEASURE.items()))
    unit_label = StringField(_l("Đơn vị tính"), render_kw={"placeholder": _l("công trình, xã, phường, đồng…")})
    direction = SelectField(_l("Chiều đánh giá"), choices=list(DIRECTION.items()))
    aggregation = SelectField(_l("Cách tổng hợp"), choices=list(AGGREGATION.items()))
    total = StringField(_l("Chỉ tiêu"), render_kw={"placeholder": "27 / 100 / 1.500.000.000"})
    units = _AnyUnits(_l("Đơn vị được giao"), coerce=str)


class ReportForm(FlaskForm):
    unit_id = SelectField(_l("Đơn vị"), coerce=str, validate_choice=False)
    value = StringField(_l("Kết quả đạt được"))
    reported_on = DMYDateField(_l("Ngày số liệu"))
    note = TextAreaField(_l("Ghi chú, căn cứ"))
    evidence = FileField(_l("Tệp minh chứng"))


class CorrectForm(FlaskForm):
    value = StringField(_l("Giá trị đúng"))
    reason = TextAreaField(_l("Lý do điều chỉnh"))


@dataclass
class PanelItem:
    indicator: Indicator
    figure: dom.Figure
    phrase: str
    target_text: str
    achieved_text: str


def _phrase(ind: Indicator, fig: dom.Figure) -> str:
    return dom.phrase(fig, ind.measure, ind.unit_label, gettext)


def _texts(ind: Indicator, fig: dom.Figure) -> tuple[str, str]:
    if fig.aggregation is dom.Aggregation.REACHED:
        label = ind.unit_label or gettext("đơn vị")
        return (f"{dom.fmt_decimal(fig.target)} {label}", f"{dom.fmt_decimal(fig.achieved)} {label}")
    return (dom.fmt_value(fig.target, ind.measure, ind.unit_label, gettext),
            dom.fmt_value(fig.achieved, ind.measure, ind.unit_label, gettext))


def panel_items(indicators: list[Indicator], as_of=None) -> list[PanelItem]:
    as_of = as_of or local_today()
    figures = q.rollup(db.session, indicators, as_of)
    out = []
    for ind in indicators:
        fig = figures[ind.id]
        target, achieved = _texts(ind, fig)
        out.append(PanelItem(ind, fig, _phrase(ind, fig), target, achieved))
    return out


@bp.app_template_global()
def indicator_panel(directive: Directive | None = None, task: Task | None = None) -> dict:
    """What the indicator panel of a page shows: the figures and what the user may do."""
    if directive is not None:
        inds = q.of_directive(db.session, directive.id)
        owner = directive
    else:
        inds = q.of_task(db.session, task.id)
        owner = task
    may_define = current_user.is_authenticated and can(current_user, Action.DEFINE_INDICATOR, owner)
    report_units = {ind.id: svc.reportable_units(current_user, ind) for ind in inds} \
        if current_user.is_authenticated else {}
    return {"figures": panel_items(inds), "may_define": may_define, "report_units": report_units,
            "today": local_today(),
            "define_url": url_for("indicators.define_for_directive", directive_id=owner.id) if directive is not None
            else url_for("indicators.define_for_task", task_id=owner.id)}


def _owner_visible(owner) -> bool:
    if isinstance(owner, Directive):
        return can_see_directive(current_user, owner)
    return can_see_task(current_user, owner)


def _visible_indicator(indicator_id: int) -> Indicator:
    ind = db.get_or_404(Indicator, indicator_id)
    if not _owner_visible(svc.owner_of(ind)):
        abort(404)
    return ind


def _owner_url(ind_or_owner) -> str:
    owner = svc.owner_of(ind_or_owner) if isinstance(ind_or_owner, Indicator) else ind_or_owner
    if isinstance(owner, Directive):
        return url_for("directives.detail", directive_id=owner.id)
    return url_for("tasks.detail", task_id=owner.id)


def _apply(form, err: ServiceError) -> None:
    for key, message in err.errors.items():
        field = form._fields.get(key)
        if field is not None:
            field.errors = list(field.errors) + [message]
        else:
            flash(message, "danger")


def _define(owner):
    if not _owner_visible(owner):
        abort(404)
    if not can(current_user, Action.DEFINE_INDICATOR, owner):
        abort(403)
    form = DefineForm()
    units = assignable_units(db.session, current_user.unit, all_units=current_user.is_admin)
    form.units.choices = [(str(i), label) for i, label in tree_choices(units)]
    split_rows: list[tuple[str, str, str]] = []  # (unit id, unit name, target as typed)
    if form.validate_on_submit():
        allowed = {c for c, _label in form.units.choices}
        chosen = [u for u in (form.units.data or []) if u in allowed]
        labels_by_id = dict(form.units.choices)
        typed = {u: (request.form.get(f"target-{u}") or "").strip() for u in chosen
                 if f"target-{u}" in request.form}
        if len(chosen) != len(form.units.data or []):
            form.units.errors = [gettext("Đơn vị được giao không hợp lệ.")]
        elif request.form.get("split"):
            # "Chia theo đơn vị": the per-unit table, prefilled from the split of the total.
            split_rows = _split_rows(form, chosen, labels_by_id)
        else:
            per_unit = typed if chosen and len(typed) == len(chosen) else {}
            if per_unit:
                split_rows = [(u, labels_by_id[u].strip(), per_unit[u]) for u in chosen]
            inp = svc.IndicatorInput(name=form.name.data, measure=form.measure.data, direction=form.direction.data,
                                     aggregation=form.aggregation.data, unit_label=form.unit_label.data,
                                     total=form.total.data, unit_ids=[int(u) for u in chosen],
                                     targets={int(u): v for u, v in per_unit.items()})
            try:
                ind = svc.define_indicator(db.session, current_user, owner, inp)
            except ServiceError as e:
                db.session.rollback()
                if e.status == 403:
                    abort(403)
                _apply(form, e)
            else:
                flash(gettext("Đã giao chỉ tiêu."), "success")
                return redirect(url_for("indicators.detail", indicator_id=ind.id))
    status = 400 if request.method == "POST" and not (split_rows and request.form.get("split")) else 200
    return render_template("indicators/define.html", form=form, owner=owner, owner_url=_owner_url(owner),
                           split_rows=split_rows), status


def _split_rows(form, chosen: list[str], labels_by_id: dict) -> list[tuple[str, str, str]]:
    """The chosen units with the total split (a sum) or repeated (average, reached) over them."""
    if not chosen:
        form.units.errors = [gettext("Vui lòng chọn ít nhất một đơn vị được giao chỉ tiêu.")]
        return []
    if len(chosen) > svc.MAX_TARGETS:
        form.units.errors = [gettext("Quá nhiều đơn vị được giao (tối đa 500).")]
        return []
    try:
        targets = dom.targets_for(form.aggregation.data, dom.parse_value(form.total.data, form.measure.data),
                                  [int(u) for u in chosen])
    except dom.BadValue as e:
        form.total.errors = [svc.value_message(e.code)]
        targets = {int(u): None for u in chosen}
    except ValueError:
        form.aggregation.errors = [gettext("Cách tổng hợp không hợp lệ.")]
        return []
    return [(u, labels_by_id[u].strip(), dom.fmt_decimal(targets[int(u)], "")) for u in chosen]


@bp.route("/directives/<int:directive_id>/indicators/new", methods=["GET", "POST"])
@login_required
def define_for_directive(directive_id):
    return _define(db.get_or_404(Directive, directive_id))


@bp.route("/tasks/<int:task_id>/indicators/new", methods=["GET", "POST"])
@login_required
def define_for_task(task_id):
    return _define(db.get_or_404(Task, task_id))


def _render_detail(ind: Indicator, report_form=None, status=200):
    today = local_today()
    item = panel_items([ind], today)[0]
    units = svc.reportable_units(current_user, ind)
    if report_form is None:
        report_form = ReportForm(formdata=None)
        report_form.reported_on.data = today
    report_form.unit_id.choices = [(str(u.id), u.name) for u in units]
    history = q.history(db.session, ind.id)
    corrected = q.corrected_ids(db.session, ind.id)
    may_correct_all = can(current_user, Action.DEFINE_INDICATOR, svc.owner_of(ind))
    correctable = {u.id for u in units}
    return render_template("indicators/detail.html", ind=ind, item=item, lines=q.unit_lines(db.session, ind, today),
                           history=history, corrected=corrected, form=report_form, may_report=bool(units),
                           may_correct=lambda r: may_correct_all or r.unit_id in correctable,
                           owner_url=_owner_url(ind), measure_label=MEASURE, direction_label=DIRECTION,
                           aggregation_label=AGGREGATION, fmt=lambda v: dom.fmt_value(v, ind.measure, ind.unit_label,
                                                                                        gettext)), status


@bp.route("/indicators/<int:indicator_id>")
@login_required
def detail(indicator_id):
    return _render_detail(_visible_indicator(indicator_id))


@bp.route("/indicators/<int:indicator_id>/values", methods=["POST"])
@login_required
def report(indicator_id):
    ind = _visible_indicator(indicator_id)
    form = ReportForm()
    if not form.validate_on_submit():
        return _render_detail(ind, form, 400)
    try:
        unit_id = int(form.unit_id.data or 0)
    except ValueError:
        unit_id = 0
    raw_date = (request.form.get("reported_on") or "").strip()
    if raw_date and form.reported_on.data is None:
        form.reported_on.errors = [gettext("Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.")]
        return _render_detail(ind, form, 400)
    try:
        svc.report_value(db.session, current_user, ind, unit_id=unit_id, value=form.value.data,
                         reported_on=form.reported_on.data, note=form.note.data, today=local_today(),
                         evidence=request.files.get("evidence"))
    except ServiceError as e:
        db.session.rollback()
        if e.status == 403:
            abort(403)
        if "file" in e.errors:
            form.evidence.errors = [e.errors.pop("file")]
        _apply(form, e)
        return _render_detail(ind, form, 400)
    flash(gettext("Đã ghi nhận kết quả chỉ tiêu."), "success")
    return redirect(request.form.get("next_url") if request.form.get("next_url", "").startswith("/tasks/")
                    else url_for("indicators.detail", indicator_id=ind.id))


@bp.route("/indicators/values/<int:value_id>/evidence")
@login_required
def evidence(value_id):
    """The evidence file of a reported value, for whoever sees the indicator."""
    from flask import send_file

    from tracker.services.uploads import attachment_path, download_name

    row = db.get_or_404(IndicatorValue, value_id)
    _visible_indicator(row.indicator_id)
    if row.attachment is None:
        abort(404)
    att = row.attachment
    return send_file(attachment_path(att), mimetype=att.content_type, as_attachment=True,
                     download_name=download_name(att))


@bp.route("/indicators/values/<int:value_id>/correct", methods=["GET", "POST"])
@login_required
def correct(value_id):
    row = db.get_or_404(IndicatorValue, value_id)
    ind = _visible_indicator(row.indicator_id)
    form = CorrectForm()
    if form.validate_on_submit():
        try:
            svc.correct_value(db.session, current_user, row, value=form.value.data, reason=form.reason.data,
                              today=local_today())
        except ServiceError as e:
            db.session.rollback()
            if e.status == 403:
                abort(403)
            _apply(form, e)
        else:
            flash(gettext("Đã điều chỉnh số liệu."), "success")
            return redirect(url_for("indicators.detail", indicator_id=ind.id))
    status = 400 if request.method == "POST" else 200
    return render_template("indicators/correct.html", form=form, ind=ind, row=row,
                           fmt=lambda v: dom.fmt_value(v, ind.measure, ind.unit_label, gettext)), status


# -- values reported with a task's progress report (the task page's report/submit forms) ---

ACTION_WITH_VALUES = ("report", "submit")


def action_indicators(task: Task) -> list[Indicator]:
    """The task's indicators the user may report for the task's lead unit."""
    if not current_user.is_authenticated:
        return []
    return [ind for ind in q.of_task(db.session, task.id)
            if any(u.id == task.lead_unit_id for u in svc.reportable_units(current_user, ind))]


@bp.app_template_global()
def indicator_action_fields(task: Task) -> list[Indicator]:
    return action_indicators(task)


def action_values(task: Task, action: str) -> tuple[dict[int, str], str | None]:
    """Values typed into the progress-report form ("indicator-<id>"), checked before the
    report is written; (values, first error message)."""
    if action not in ACTION_WITH_VALUES:
        return {}, None
    values = {}
    for ind in action_indicators(task):
        raw = (request.form.get(f"indicator-{ind.id}") or "").strip()
        if not raw:
            continue
        try:
            dom.parse_value(raw, ind.measure)
        except dom.BadValue as e:
            return {}, gettext("Chỉ tiêu “%(name)s”: %(msg)s", name=ind.name, msg=svc.value_message(e.code))
        values[ind.id] = raw
    return values, None


@bp.app_template_global()
def indicator_report_lines(rep) -> list:
    """The dashboard's indicator lines: those in the report's scope, as of its date (the
    frozen figures when the report is read from a closed period's snapshot)."""
    from tracker.services.indicator_exports import indicator_lines

    return indicator_lines(db.session, current_user, rep.root.id if rep.root else None, rep.as_of,
                           rep.snapshot.id if rep.snapshot else None)
