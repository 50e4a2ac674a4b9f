"""Directives: record one, see its tasks, assign tasks from it."""
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import (FieldList, FormField, HiddenField, IntegerField, MultipleFileField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from tracker.auth import can, require
from tracker.domain.roles import Action
from tracker.domain.deadlines import MAX_WORKING_DAYS, DeadlineKind
from tracker.domain.docnumber import DocNumberError, parse_doc_number
from tracker.domain.workflow import DirectiveKind, Priority
from tracker.extensions import db
from tracker.limits import (BODY_MAX, SIGNER_MAX, SYMBOL_MAX, TASK_CONTENT_MAX, TITLE_MAX, clamp_page,
                            search_words)
from tracker.models import Attachment, Directive
from tracker.queries.units import assignable_units, tree_choices
from tracker.queries.visibility import can_see_directive, can_see_task, directive_clause
from tracker.services import ServiceError
from tracker.services.calendar import current_calendar
from tracker.services.directives import DirectiveInput, doc_number_message, load_directive_for, record_directive
from tracker.services.tasks import TaskInput, assign_tasks
from tracker.services.unit_groups import groups_for, resolve_lead_choice
from tracker.services.uploads import attachment_path, download_name
from tracker.timeutil import local_today
from tracker.views import labels
from tracker.views.due_hints import unconfirmed_moves
from tracker.views.fields import DMYDateField

bp = Blueprint("directives", __name__, url_prefix="/directives")


def _symbol_form(form, field):
    """Check the symbol's form with the other fields, so that every mistake shows at once."""
    raw = (field.data or "").strip()
    if raw:
        try:
            parse_doc_number(raw)
        except DocNumberError as e:
            raise ValidationError(doc_number_message(e.code))


class DirectiveForm(FlaskForm):
    kind = SelectField(_l("Loại nguồn"), choices=labels.choices(labels.DIRECTIVE_KIND),
                       default=DirectiveKind.CONFERENCE.value)
    symbol = StringField(_l("Số, ký hiệu"), validators=[Optional(), Length(max=SYMBOL_MAX), _symbol_form],
                         render_kw={"placeholder": "154-QĐ/BCĐ, 05/QĐ-UBND"})
    issued_on = DMYDateField(_l("Ngày ban hành / ngày họp"))
    issuer_unit_id = SelectField(_l("Cơ quan ban hành"), coerce=int)
    signer = StringField(_l("Người chủ trì / người ký"), validators=[Optional(), Length(max=SIGNER_MAX)])
    title = StringField(_l("Trích yếu / tiêu đề"), validators=[DataRequired(_l("Hãy nhập trích yếu / tiêu đề.")), Length(max=TITLE_MAX)])
    body = TextAreaField(_l("Toàn văn kết luận"), validators=[Optional(), Length(max=BODY_MAX)])
    files = MultipleFileField(_l("Tệp đính kèm (PDF, Word, Excel, ảnh)"))


class TaskItemForm(FlaskForm):
    class Meta:
        csrf = False  # the enclosing form carries the token

    content = TextAreaField(_l("Nội dung nhiệm vụ"), validators=[Optional(), Length(max=TASK_CONTENT_MAX)])
    lead = SelectField(_l("Đơn vị chủ trì"), validate_choice=False)
    coordinators = SelectMultipleField(_l("Đơn vị phối hợp"), coerce=int, validate_choice=False)
    deadline_kind = SelectField(_l("Loại thời hạn"), choices=labels.choices(labels.DEADLINE_KIND),
                                default=DeadlineKind.DATE.value)
    due_on = DMYDateField(_l("Hạn hoàn thành"), validators=[Optional()], render_kw={"data-resolve": "date"})
    # The date a moved deadline was shown for: posted back, it confirms the move (see due_hints).
    due_ack = HiddenField()
    deadline_days = IntegerField(_l("Số ngày làm việc"), validators=[Optional(), NumberRange(1, MAX_WORKING_DAYS, _l("Số ngày làm việc phải từ 1 đến 3650."))],
                                 render_kw={"data-resolve": "days", "inputmode": "numeric"})
    recurrence = SelectField(_l("Chu kỳ"), choices=[("", "—")] + labels.choices(labels.RECURRENCE), default="")
    priority = SelectField(_l("Mức ưu tiên"), choices=labels.choices(labels.PRIORITY), default=Priority.NORMAL.value)


class AssignForm(FlaskForm):
    items = FieldList(FormField(TaskItemForm), min_entries=1, max_entries=100)


def _get_visible(directive_id: int) -> Directive:
    try:
        return load_directive_for(db.session, current_user, directive_id)
    except ServiceError as e:
        abort(e.status)  # 404, not 403: do not confirm that another unit's record exists


def _unit_choices():
    units = assignable_units(db.session, current_user.unit, all_units=current_user.is_admin)
    return tree_choices(units)


@bp.route("/")
@login_required
def index():
    q = request.args.get("q", "").strip()
    kind = request.args.get("kind", "")
    stmt = select(Directive).where(directive_clause(current_user))
    if q:
        for word in search_words(q):
            stmt = stmt.where(Directive.search_text.contains(word, autoescape=True))
    if kind in labels.DIRECTIVE_KIND:
        stmt = stmt.where(Directive.kind == kind)
    page = db.paginate(stmt.order_by(Directive.issued_on.desc(), Directive.id.desc()),
                       page=clamp_page(request.args.get("page")), per_page=20, error_out=False)
    return render_template("directives/index.html", page=page, q=q, kind=kind)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    require(current_user, Action.CREATE_DIRECTIVE)
    form = DirectiveForm()
    failed = False
    form.issuer_unit_id.choices = [(0, "—")] + _unit_choices()
    if request.method == "GET":
        form.issuer_unit_id.data = current_user.unit_id
        form.issued_on.data = local_today()
    if form.validate_on_submit():
        data = DirectiveInput(kind=form.kind.data, title=form.title.data, issued_on=form.issued_on.data,
                              issuer_unit_id=form.issuer_unit_id.data or None, symbol=form.symbol.data,
                              signer=form.signer.data, body=form.body.data or "")
        try:
            directive = record_directive(db.session, current_user, data,
                                         files=request.files.getlist(form.files.name))
        except ServiceError as e:
            db.session.rollback()
            failed = True
            _apply_errors(form, e)
        except IntegrityError:
            failed = True
            db.session.rollback()
            form.symbol.errors = list(form.symbol.errors) + [_("Số, ký hiệu này vừa được người khác sử dụng.")]
        else:
            if (directive.body or "").strip():
                # With the text at hand, proposing tasks from it is the short way; manual
                # assignment stays one link away on that page.
                flash(_("Đã ghi nhận văn bản. Bước tiếp theo: bấm “Phân tích” để hệ thống đề xuất nhiệm vụ "
                        "từ nội dung văn bản."), "success")
                return redirect(url_for("proposals.propose", directive_id=directive.id))
            flash(_("Đã ghi nhận văn bản. Bây giờ hãy giao nhiệm vụ từ văn bản này."), "success")
            return redirect(url_for("directives.assign", directive_id=directive.id))
    return render_template("directives/new.html", form=form), (400 if form.errors or failed else 200)


def _row_key(key: str, rows: list[int]) -> str:
    parts = key.split("-")
    if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
        return f"items-{rows[int(parts[1])]}-{parts[2]}"
    return key


# Service error keys that name no form field of their own.
_FIELD_ALIASES = {"deadline": "due_on", "file": "files"}


def _apply_errors(form, err: ServiceError) -> None:
    """Put service errors next to their fields ("items-2-lead" -> row 3's lead); the rest on top."""
    for key, message in err.errors.items():
        target = None
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit() and int(parts[1]) < len(form.items):
            sub = form.items[int(parts[1])].form
            name = _FIELD_ALIASES.get(parts[2], parts[2])
            if name == "due_on" and sub.deadline_kind.data == "working_days":
                name = "deadline_days"
            target = sub._fields.get(name)
        elif _FIELD_ALIASES.get(key, key) in form._fields:
            target = form._fields[_FIELD_ALIASES.get(key, key)]
        if target is not None:
            target.errors = list(target.errors) + [message]
        else:
            flash(message, "danger")


@bp.route("/<int:directive_id>")
@login_required
def detail(directive_id):
    directive = _get_visible(directive_id)
    tasks = [t for t in directive.tasks if can_see_task(current_user, t)]
    return render_template("directives/detail.html", directive=directive, tasks=tasks,
                           may_assign=can(current_user, Action.ASSIGN_TASK, directive))


@bp.route("/<int:directive_id>/assign", methods=["GET", "POST"])
@login_required
def assign(directive_id):
    directive = _get_visible(directive_id)
    if not can(current_user, Action.ASSIGN_TASK, directive):
        abort(403)
    owner = directive.owner
    groups = groups_for(db.session, owner)
    units = assignable_units(db.session, owner, all_units=current_user.is_admin)
    unit_choices = tree_choices(units)
    lead_choices = [("", _("— Chọn đơn vị chủ trì —"))] + [(g.key, g.label) for g in groups] + \
        [(str(i), label) for i, label in unit_choices]

    form = AssignForm()
    if request.method == "POST" and "add_row" in request.form:
        form.items.append_entry()
    for entry in form.items:
        entry.form.lead.choices = lead_choices
        entry.form.coordinators.choices = unit_choices
    if request.method == "POST" and "add_row" not in request.form and form.validate_on_submit():
        items, rows = [], []  # rows[k]: the form row of items[k], for error placement
        for idx, entry in enumerate(form.items):
            f = entry.form
            if not (f.content.data or "").strip() and not f.lead.data:
                continue  # an untouched spare row
            lead_ids = resolve_lead_choice(db.session, owner, f.lead.data) or []
            rows.append(idx)
            items.append(TaskInput(
                content=f.content.data, lead_unit_ids=lead_ids, coordinator_ids=f.coordinators.data or [],
                deadline_kind=f.deadline_kind.data, due_on=f.due_on.data, deadline_days=f.deadline_days.data,
                recurrence=f.recurrence.data or None, priority=f.priority.data))
        # A date on a day off is saved as the next working day: say so once, before saving.
        moved = unconfirmed_moves(
            [(idx, form.items[idx].form.due_on, form.items[idx].form.due_ack)
             for idx, item in zip(rows, items) if item.deadline_kind == "date"])
        if moved:
            flash(_("Có thời hạn rơi vào ngày nghỉ và sẽ được tính đến ngày làm việc tiếp theo. "
                    "Hãy kiểm tra rồi bấm “Giao nhiệm vụ” lần nữa để xác nhận."), "warning")
            return render_template("directives/assign.html", form=form, directive=directive, groups=groups,
                                   due_hints=moved)
        try:
            created = assign_tasks(db.session, current_user, directive, items,
                                   today=local_today(), calendar=current_calendar())
        except ServiceError as e:
            db.session.rollback()
            _apply_errors(form, ServiceError({_row_key(k, rows): v for k, v in e.errors.items()}))
        else:
            flash(_("Đã giao %(n)d nhiệm vụ.", n=len(created)), "success")
            return redirect(url_for("directives.detail", directive_id=directive.id))
    posted = request.method == "POST" and "add_row" not in request.form
    status = 400 if posted else 200  # a successful save has redirected above
    return render_template("directives/assign.html", form=form, directive=directive, groups=groups,
                           due_hints={}), status


@bp.route("/attachments/<int:attachment_id>")
@login_required
def attachment(attachment_id):
    att = db.get_or_404(Attachment, attachment_id)
    allowed = (att.directive is not None and can_see_directive(current_user, att.directive)) or \
              (att.task is not None and can_see_task(current_user, att.task))
    if not allowed:
        abort(404)
    return send_file(attachment_path(att), mimetype=att.content_type, as_attachment=True,
                     download_name=download_name(att))
