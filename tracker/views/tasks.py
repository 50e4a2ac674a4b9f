"""Task list with filters; a task's page with its history and the workflow actions."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from wtforms import (BooleanField, FieldList, FormField, HiddenField, MultipleFileField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import Optional

from tracker.cache import STRUCTURE, data_version
from tracker.domain.actions import ACTIONS
from tracker.domain.deadlines import DeadlineCategory
from tracker.domain.states import ExtensionStatus
from tracker.domain.workflow import TaskAction, TaskStatus
from tracker.extensions import db
from tracker.limits import clamp_page, id_or_none
from tracker.models import Attachment, ExtensionRequest, Task, TaskEvent, Unit
from tracker.queries.returned import return_reasons
from tracker.queries.tasks import TaskFilter, paginate_tasks
from tracker.queries.units import assignable_units, tree_choices
from tracker.queries.visibility import can_see_task
from tracker.services import ServiceError
from tracker.services.calendar import current_calendar
from tracker.services.tasks import TaskInput
from tracker.services.uploads import attachment_path, download_name
from tracker.services.workflow import ActionInput, apply_action, apply_bulk, available_actions, relation_of
from tracker.timeutil import local_today
from tracker.views import labels
from tracker.views import task_pickers as pk
from tracker.views.due_hints import unconfirmed_moves
from tracker.views.confirm import confirmation_page, confirmed
from tracker.views.converters import MAX_ID
from tracker.views.fields import DMYDateField, parse_dmy
from tracker.page_cache import cached_page

bp = Blueprint("tasks", __name__, url_prefix="/tasks")


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _date(value):
    try:
        return parse_dmy(value)
    except ValueError:
        return None


def filter_from_args(args) -> tuple[TaskFilter, dict[str, str]]:
    """Build a filter from query arguments; unusable values are dropped and reported."""
    problems = {}
    f = TaskFilter(
        unit_id=id_or_none(args.get("unit")), directive_id=id_or_none(args.get("directive")),
        q=(args.get("q") or "").strip() or None, sort=args.get("sort") or "urgency",
        role=args.get("role") if args.get("role") in ("lead", "coordinating") else None,
        include_subunits=args.get("sub", "1") != "0",
    )
    for key, attr in (("unit", "unit_id"), ("directive", "directive_id")):
        value = getattr(f, attr)
        if value is not None and not 0 < value <= MAX_ID:  # an id no row can have
            problems[key] = args.get(key)
            setattr(f, attr, None)
    status = args.get("status")
    if status:
        if status in {s.value for s in TaskStatus}:
            f.status = status
        else:
            problems["status"] = status
    category = args.get("category")
    if category:
        if category in {c.value for c in DeadlineCategory}:
            f.category = category
        else:
            problems["category"] = category
    for key in ("due_from", "due_to"):
        raw = args.get(key)
        if raw:
            value = _date(raw)
            if value is None:
                problems[key] = raw
            setattr(f, key, value)
    return f, problems


@bp.route("/")
@login_required
@cached_page
def index():
    f, problems = filter_from_args(request.args)
    per_page = min(_int(request.args.get("per_page")) or 25, 100)
    # Each row shows its lead unit and source: loaded with the page, not one query per row.
    page = paginate_tasks(current_user, f, today=local_today(), calendar=current_calendar(),
                          page=clamp_page(request.args.get("page")), per_page=per_page,
                          options=(contains_eager(Task.lead_unit), joinedload(Task.directive)))
    root_path = pk.picker_root(current_user)
    units_src = None
    if pk.unit_count(root_path) <= pk.INLINE_UNITS:
        unit_choices = pk.unit_choices(root_path)
    else:
        unit_choices = pk.drill_down_choices(root_path, db.session.get(Unit, f.unit_id) if f.unit_id else None)
        units_src = url_for("tasks.units_json", v=data_version(db.session, STRUCTURE))
    return render_template("tasks/index.html", page=page, f=f, problems=problems, unit_choices=unit_choices,
                           units_src=units_src, directives=pk.directive_choices(current_user))


@bp.route("/units.json")
@login_required
def units_json():
    """The unit filter's whole tree for the page's script; the URL carries the structure
    version, so the browser keeps the answer until the units change."""
    resp = jsonify(units=pk.unit_choices(pk.picker_root(current_user)))
    current = str(data_version(db.session, STRUCTURE))
    resp.headers["Cache-Control"] = ("private, max-age=31536000, immutable" if request.args.get("v") == current
                                     else "private, no-cache")
    return resp


class ActionForm(FlaskForm):
    """One workflow step; the page shows one of these per action the user may take."""
    version = HiddenField()
    note = TextAreaField(_l("Nội dung"), validators=[Optional()])
    progress = StringField(_l("Tiến độ (% hoàn thành)"), validators=[Optional()],
                           render_kw={"inputmode": "numeric", "placeholder": "0–100"})
    new_due_on = DMYDateField(_l("Thời hạn mới đề nghị"), validators=[Optional()], render_kw={"data-resolve": "date"})
    due_ack = HiddenField()  # the typed date whose move to a working day was shown (see due_hints)
    approved_due_on = DMYDateField(_l("Gia hạn đến ngày"), validators=[Optional()], render_kw={"data-resolve": "date"})
    override = BooleanField(_l("Gửi dù còn nhiệm vụ con chưa hoàn thành (ghi rõ lý do)"))
    lead_unit_id = SelectField(_l("Đơn vị chủ trì mới"), coerce=lambda v: int(v) if str(v).isdigit() else None,
                               validate_choice=False)
    files = MultipleFileField(_l("Tài liệu minh chứng (PDF, Word, Excel, ảnh)"))


# Which fields each action's form shows, and the label of its note (tracker.domain.actions).
ACTION_FIELDS = {a: s.fields for a, s in ACTIONS.items()}
NOTE_LABELS = {a: s.note_label for a, s in ACTIONS.items() if s.note_label is not None}
# Status code of a page re-displayed with a service error.
_FIELD_OF = {"_": None, "action": None, "version": None, "file": "files"}


def _visible_task(task_id: int, options=()) -> Task:
    task = db.session.get(Task, task_id, options=options)
    if task is None or not can_see_task(current_user, task):
        abort(404)  # never confirm that another unit's task exists
    return task


def _action_forms(task: Task, actions: list[TaskAction], failed: tuple[str, FlaskForm] | None = None):
    forms = {}
    for action in actions:
        if failed and failed[0] == action.value:
            forms[action.value] = failed[1]
            continue
        form = ActionForm(prefix=action.value, formdata=None)
        form.version.data = task.version
        forms[action.value] = form
    if TaskAction.REASSIGN.value in forms:
        units = assignable_units(db.session, task.assigned_by_unit, all_units=current_user.is_admin)
        forms[TaskAction.REASSIGN.value].lead_unit_id.choices = [("", "—")] + tree_choices(units)
    return forms


def _render_detail(task: Task, failed=None, status: int = 200):
    actions = available_actions(db.session, current_user, task)
    # Only the sub-tasks this viewer may open: a coordinating unit or the committee above
    # does not learn another unit's sub-tasks from the parent's page (list, average, history).
    children = [c for c in db.session.scalars(select(Task).where(Task.parent_id == task.id).order_by(Task.id)
                                              .options(selectinload(Task.lead_unit), selectinload(Task.coordinators)))
                if can_see_task(current_user, c)]
    child_progress = round(sum(c.progress for c in children) / len(children)) if children else None
    extensions = db.session.scalars(select(ExtensionRequest).where(ExtensionRequest.task_id == task.id)
                                    .order_by(ExtensionRequest.id)).all()
    return render_template(
        "tasks/detail.html", task=task, actions=actions, forms=_action_forms(task, actions, failed),
        action_fields=ACTION_FIELDS, note_labels=NOTE_LABELS, action_specs=ACTIONS, relation=relation_of(current_user, task),
        children=children, child_progress=child_progress, extensions=extensions,
        visible_child_ids={c.id for c in children},
        # The latest pending request (services.workflow_steps.pending_extension), from the list read above.
        pending=next((e for e in reversed(extensions) if e.status == ExtensionStatus.PENDING.value), None),
        open_action=failed[0] if failed else None,
        returned_event=return_reasons(db.session, [task.id]).get(task.id)
        if task.status == TaskStatus.RETURNED.value else None,
    ), status


# What the task page shows, loaded with the task rather than one query per unit or event.
# The two units in the task's own statement (joined: one row each), the lists in one statement each.
_DETAIL_LOAD = (joinedload(Task.lead_unit), joinedload(Task.assigned_by_unit), joinedload(Task.directive),
                selectinload(Task.coordinators),
                selectinload(Task.events).selectinload(TaskEvent.actor),
                selectinload(Task.events).selectinload(TaskEvent.attachments))


@bp.route("/<int:task_id>")
@login_required
@cached_page
def detail(task_id):
    task = _visible_task(task_id, options=_DETAIL_LOAD)
    return _render_detail(task)


def _apply_service_errors(form: ActionForm, err: ServiceError) -> None:
    for key, message in err.errors.items():
        name = _FIELD_OF.get(key, key)
        field = form._fields.get(name) if name else None
        if field is not None:
            field.errors = list(field.errors) + [message]
        else:
            flash(message, "danger")


@bp.route("/<int:task_id>/act/<action>", methods=["POST"])
@login_required
def act(task_id, action):
    task = _visible_task(task_id)
    try:
        action = TaskAction(action)
    except ValueError:
        abort(404)
    if ACTIONS[action].own_page:  # split: the sub-tasks' form
        return redirect(url_for("tasks.split", task_id=task.id))
    form = ActionForm(prefix=action.value)
    if not form.validate_on_submit():
        return _render_detail(task, (action.value, form), 400)
    # Intermediate steps (moved date, confirmation) only for who may act now; anyone else
    # goes straight to the use case, which answers 403/409 as it does for every action.
    may_act = action in available_actions(db.session, current_user, task)
    if action is TaskAction.REQUEST_EXTENSION and may_act:
        # A date on a day off: show where it moves, and take it on the next post.
        moved = unconfirmed_moves([(0, form.new_due_on, form.due_ack)])
        if moved:
            form.moved_hint = moved[0]
            return _render_detail(task, (action.value, form), 200)
    if action is TaskAction.CANCEL and may_act and not confirmed():
        if not (form.note.data or "").strip():  # the reason is required: say so before asking to confirm
            form.note.errors = list(form.note.errors) + [_("Hãy nêu lý do.")]
            return _render_detail(task, (action.value, form), 400)
        return confirmation_page(
            title=_("Hủy nhiệm vụ #%(id)d?", id=task.id),
            message=_("Nhiệm vụ bị hủy không còn được tính trong báo cáo và không còn được nhắc việc. "
                      "Không thể hoàn tác thao tác này."),
            details=[task.content[:300], _("Lý do: %(note)s", note=form.note.data.strip())],
            button=_("Hủy nhiệm vụ"), cancel_url=url_for("tasks.detail", task_id=task.id))
    version = form.version.data if str(form.version.data or "").isdigit() else None
    inp = ActionInput(action=action.value, version=int(version) if version else None, note=form.note.data or "",
                      progress=form.progress.data, new_due_on=form.new_due_on.data, override=form.override.data,
                      approved_due_on=form.approved_due_on.data if action is TaskAction.APPROVE_EXTENSION else None,
                      lead_unit_id=form.lead_unit_id.data if action is TaskAction.REASSIGN else None,
                      files=request.files.getlist(form.files.name))
    from tracker.views.indicators import action_values
    inp.indicator_values, ind_error = action_values(task, action.value)  # chỉ tiêu with the progress report
    if ind_error:
        flash(ind_error, "danger")
        return _render_detail(task, (action.value, form), 400)
    try:
        apply_action(db.session, current_user, task.id, inp, today=local_today(), calendar=current_calendar())
    except ServiceError as e:
        if e.status in (403, 404):
            abort(e.status)
        db.session.expire_all()
        task = _visible_task(task_id)
        _apply_service_errors(form, e)
        return _render_detail(task, (action.value, form), e.status)
    flash(_("Đã %(action)s.", action=labels.ACTION_DONE.get(action.value, action.value)), "success")
    return redirect(url_for("tasks.detail", task_id=task.id) + "#timeline")


@bp.route("/attachments/<int:attachment_id>")
@login_required
def attachment(attachment_id):
    att = db.get_or_404(Attachment, attachment_id)
    if att.task is None or not can_see_task(current_user, att.task):
        abort(404)
    return send_file(attachment_path(att), mimetype=att.content_type, as_attachment=True, download_name=download_name(att))


class SubtaskRow(FlaskForm):
    class Meta:
        csrf = False  # the enclosing form carries the token

    content = TextAreaField(_l("Nội dung nhiệm vụ con"), validators=[Optional()])
    lead = SelectField(_l("Đơn vị thực hiện"), coerce=lambda v: int(v) if str(v).isdigit() else None,
                       validate_choice=False)
    due_on = DMYDateField(_l("Hạn hoàn thành"), validators=[Optional()], render_kw={"data-resolve": "date"})


class SplitForm(FlaskForm):
    version = HiddenField()
    items = FieldList(FormField(SubtaskRow), min_entries=3, max_entries=30)


@bp.route("/<int:task_id>/split", methods=["GET", "POST"])
@login_required
def split(task_id):
    task = _visible_task(task_id)
    if TaskAction.SPLIT not in available_actions(db.session, current_user, task):
        abort(403)
    subunits = db.session.scalars(select(Unit).where(
        Unit.path.startswith(task.lead_unit.path, autoescape=True), Unit.id != task.lead_unit_id,
        Unit.is_active.is_(True)).order_by(Unit.path)).all()
    form = SplitForm()
    if request.method == "GET":
        form.version.data = task.version
    for row in form.items:
        row.form.lead.choices = [("", "—")] + tree_choices(list(subunits))
    status = 200
    if form.validate_on_submit():
        items = []
        for row in form.items:
            content = (row.form.content.data or "").strip()
            if not content and not row.form.lead.data:
                continue
            items.append(TaskInput(content, [row.form.lead.data] if row.form.lead.data else [],
                                   deadline_kind="date" if row.form.due_on.data else "none",
                                   due_on=row.form.due_on.data))
        version = form.version.data if str(form.version.data or "").isdigit() else None
        try:
            apply_action(db.session, current_user, task.id,
                         ActionInput(action=TaskAction.SPLIT.value, version=int(version) if version else None,
                                     subtasks=items),
                         today=local_today(), calendar=current_calendar())
        except ServiceError as e:
            if e.status in (403, 404):
                abort(e.status)
            status = e.status
            kept = [i for i, row in enumerate(form.items) if (row.form.content.data or "").strip() or row.form.lead.data]
            for key, message in e.errors.items():
                parts = key.split("-")
                if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit() and int(parts[1]) < len(kept):
                    sub = form.items[kept[int(parts[1])]].form
                    field = sub._fields.get({"deadline": "due_on"}.get(parts[2], parts[2]))
                    if field is not None:
                        field.errors = list(field.errors) + [message]
                        continue
                flash(message, "danger")
        else:
            flash(_("Đã giao %(n)d nhiệm vụ cho cấp dưới.", n=len(items)), "success")
            return redirect(url_for("tasks.detail", task_id=task.id))
    elif request.method == "POST":
        status = 400
    return render_template("tasks/split.html", task=task, form=form), status


@bp.route("/bulk", methods=["POST"])
@login_required
def bulk():
    """Accept or return several submitted tasks, or receive several new ones, in one go."""
    action = request.form.get("action", "")
    items = []
    for raw in request.form.getlist("task_ids"):
        if raw.isdigit():
            v = request.form.get(f"version-{raw}", "")
            items.append((int(raw), int(v) if v.isdigit() else None))
    back = request.form.get("next") or url_for("main.home")
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("main.home")
    try:
        result = apply_bulk(db.session, current_user, action, items, note=request.form.get("note", ""),
                            today=local_today(), calendar=current_calendar())
    except ServiceError as e:
        for message in e.errors.values():
            flash(message, "danger")
        return redirect(back)
    if result.done:
        flash(_("Đã %(action)s %(n)d nhiệm vụ.", action=labels.ACTION_DONE.get(action, action), n=len(result.done)),
              "success")
    for task_id, message in result.failed.items():
        flash(_("Nhiệm vụ #%(id)d: %(msg)s", id=task_id, msg=message), "danger")
    return redirect(back)
