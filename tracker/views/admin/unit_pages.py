"""Admin pages for units: list, create, edit, move, activate, members, merge."""


from flask import (abort, flash, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from wtforms import (BooleanField, SelectField, SelectMultipleField,
                     StringField)
from wtforms.validators import DataRequired, Length, Optional

from tracker.domain.units import UnitKind
from tracker.extensions import db
from tracker.models import Task, Unit, User, task_coordinators
from tracker.services import ServiceError
from tracker.services.units import create_unit, move_unit, set_committee_members, set_unit_active, update_unit
from tracker.services.users import normalise_email
from tracker.views import labels

from tracker.views.admin.common import bp, OPEN_STATUSES, _tree, _unit_choices, _put_errors, _status


class UnitForm(FlaskForm):
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(_l("Tên đơn vị không được để trống.")),
                                                     Length(max=255, message=_l("Tên đơn vị tối đa 255 ký tự."))])
    code = StringField(_l("Mã đơn vị"), validators=[DataRequired(_l("Mã đơn vị không được để trống.")),
                                                    Length(max=50, message=_l("Mã đơn vị tối đa 50 ký tự."))])
    kind = SelectField(_l("Loại đơn vị"), choices=labels.choices(labels.UNIT_KIND), default=UnitKind.OTHER.value)
    parent_id = SelectField(_l("Đơn vị cấp trên"), coerce=int, default=0)
    short_name = StringField(_l("Tên viết tắt"), validators=[Optional(), Length(max=100, message=_l("Tên viết tắt tối đa 100 ký tự."))])
    email = StringField(_l("Email của đơn vị"), validators=[Optional(), Length(max=255)])
    officers_may_submit = BooleanField(_l("Cán bộ được gửi báo cáo kết quả không cần lãnh đạo đơn vị duyệt"))


class UnitEditForm(UnitForm):
    parent_id = None  # moving has its own page


class MoveForm(FlaskForm):
    parent_id = SelectField(_l("Chuyển đến đơn vị cấp trên"), coerce=int)


class MembersForm(FlaskForm):
    members = SelectMultipleField(_l("Đơn vị thành viên"), coerce=int)


class MergeForm(FlaskForm):
    target_id = SelectField(_l("Sáp nhập vào đơn vị"), coerce=int)
    confirm = BooleanField(_l("Tôi hiểu rằng thao tác này chuyển người dùng và nhiệm vụ đang thực hiện sang đơn vị nhận và khóa đơn vị bị sáp nhập."),
                           validators=[DataRequired(_l("Hãy xác nhận trước khi sáp nhập."))])


class ToggleForm(FlaskForm):
    """Only a CSRF token: for the small POST buttons."""


def _check_code(form, unit_id: int | None = None) -> str:
    code = (form.code.data or "").strip()
    stmt = select(Unit.id).where(Unit.code == code)
    if unit_id is not None:
        stmt = stmt.where(Unit.id != unit_id)
    if code and db.session.scalar(stmt):
        form.code.errors = list(form.code.errors) + [_("Mã đơn vị %(code)s đã tồn tại.", code=code)]
    return code


def _unit_email(form) -> str | None:
    raw = (form.email.data or "").strip()
    if not raw:
        return None
    try:
        return normalise_email(raw)
    except ServiceError as e:
        form.email.errors = list(form.email.errors) + list(e.errors.values())
        return None


@bp.route("/")
def index():
    return redirect(url_for("admin.units"))


@bp.route("/units")
def units():
    show_inactive = request.args.get("inactive") == "1"
    all_units = list(db.session.scalars(select(Unit)).all())
    tree = _tree(all_units)
    if not show_inactive:
        inactive = {u.id for u in all_units if not u.is_active}
        tree = [u for u in tree if u.is_active and not any(f"/{i}/" in u.path for i in inactive)]
    base = min((u.depth for u in tree), default=0)
    user_counts = dict(db.session.execute(
        select(User.unit_id, func.count(User.id)).where(User.is_active_flag.is_(True)).group_by(User.unit_id)).all())
    task_counts = dict(db.session.execute(
        select(Task.lead_unit_id, func.count(Task.id)).where(Task.status.in_(OPEN_STATUSES))
        .group_by(Task.lead_unit_id)).all())
    return render_template("admin/units.html", tree=tree, base=base, user_counts=user_counts,
                           task_counts=task_counts, show_inactive=show_inactive, toggle=ToggleForm())


@bp.route("/units/new", methods=["GET", "POST"])
def unit_new():
    form = UnitForm()
    form.parent_id.choices = _unit_choices(top_label=_("— Không có (cấp cao nhất) —"))
    if request.method == "GET" and request.args.get("parent", "").isdigit():
        form.parent_id.data = int(request.args["parent"])
    if form.validate_on_submit():
        email = _unit_email(form)
        _check_code(form)
        if not any(f.errors for f in form):
            parent = db.session.get(Unit, form.parent_id.data) if form.parent_id.data else None
            try:
                unit = create_unit(db.session, actor=current_user, name=form.name.data, code=form.code.data, kind=form.kind.data,
                                   parent=parent, email=email, short_name=(form.short_name.data or "").strip() or None,
                                   officers_may_submit=form.officers_may_submit.data)
            except ServiceError as e:
                db.session.rollback()
                _put_errors(form, e)
            except IntegrityError:
                db.session.rollback()
                form.code.errors = list(form.code.errors) + [_("Mã đơn vị này vừa được sử dụng.")]
            else:
                flash(_("Đã tạo đơn vị %(name)s.", name=unit.name), "success")
                return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=None), _status(form)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
def unit_edit(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    form = UnitEditForm(obj=unit)
    if form.validate_on_submit():
        email = _unit_email(form)
        code = _check_code(form, unit.id)
        if not any(f.errors for f in form):
            try:
                update_unit(db.session, unit, actor=current_user, name=form.name.data, code=code, kind=form.kind.data,
                            short_name=form.short_name.data, email=email,
                            officers_may_submit=form.officers_may_submit.data)
            except IntegrityError:
                db.session.rollback()
                form.code.errors = list(form.code.errors) + [_("Mã đơn vị này vừa được sử dụng.")]
            else:
                flash(_("Đã lưu đơn vị %(name)s.", name=unit.name), "success")
                return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=unit), _status(form)


@bp.route("/units/<int:unit_id>/move", methods=["GET", "POST"])
def unit_move(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    form = MoveForm()
    form.parent_id.choices = _unit_choices(exclude=unit, top_label=_("— Không có (cấp cao nhất) —"))
    if request.method == "GET":
        form.parent_id.data = unit.parent_id or 0
    if form.validate_on_submit():
        new_parent = db.session.get(Unit, form.parent_id.data) if form.parent_id.data else None
        if (new_parent.id if new_parent else None) == unit.parent_id:
            flash(_("Đơn vị đã ở vị trí này."), "info")
            return redirect(url_for("admin.units"))
        try:
            move_unit(db.session, unit, new_parent, actor=current_user)
        except ServiceError as e:
            db.session.rollback()
            _put_errors(form, e)
        else:
            flash(_("Đã chuyển đơn vị %(name)s.", name=unit.name), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_move.html", form=form, unit=unit), _status(form)


@bp.route("/units/<int:unit_id>/active", methods=["POST"])
def unit_toggle(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    form = ToggleForm()
    if not form.validate_on_submit():
        abort(400)
    if unit.is_active and unit.id == current_user.unit_id:
        flash(_("Không thể ngừng hoạt động đơn vị của chính bạn."), "danger")
        return redirect(url_for("admin.units"))
    set_unit_active(db.session, unit, not unit.is_active, actor=current_user)
    if unit.is_active:
        flash(_("Đã cho hoạt động lại đơn vị %(name)s.", name=unit.name), "success")
    else:
        flash(_("Đã ngừng hoạt động đơn vị %(name)s. Dữ liệu cũ của đơn vị được giữ nguyên.", name=unit.name), "info")
    return redirect(url_for("admin.units", inactive="1" if not unit.is_active else None))


@bp.route("/units/<int:unit_id>/members", methods=["GET", "POST"])
def unit_members(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    if not unit.is_committee:
        flash(_("Chỉ Ban Chỉ đạo mới có đơn vị thành viên."), "warning")
        return redirect(url_for("admin.units"))
    form = MembersForm()
    form.members.choices = _unit_choices(exclude=unit)
    if request.method == "GET":
        form.members.data = [m.id for m in unit.members]
    if form.validate_on_submit():
        set_committee_members(db.session, unit, set(form.members.data or []), actor=current_user)
        flash(_("Đã lưu %(n)d đơn vị thành viên.", n=len(unit.members)), "success")
        return redirect(url_for("admin.units"))
    return render_template("admin/unit_members.html", form=form, unit=unit), _status(form)


@bp.route("/units/<int:unit_id>/merge", methods=["GET", "POST"])
def unit_merge(unit_id):
    from tracker.services.units import merge_units  # optional service; see services.units

    unit = db.get_or_404(Unit, unit_id)
    form = MergeForm()
    form.target_id.choices = _unit_choices(exclude=unit)
    if form.validate_on_submit():
        target = db.session.get(Unit, form.target_id.data)
        try:
            result = merge_units(db.session, unit, target, actor=current_user)
        except ServiceError as e:
            db.session.rollback()
            _put_errors(form, e, {"target": "target_id"})
        else:
            flash(_("Đã sáp nhập %(a)s vào %(b)s: chuyển %(u)d người dùng, %(t)d nhiệm vụ.",
                    a=unit.name, b=target.name, u=result["users"], t=result["tasks"]), "success")
            return redirect(url_for("admin.units"))
    counts = {
        "users": db.session.scalar(select(func.count(User.id)).where(User.unit_id == unit.id)),
        "tasks": db.session.scalar(select(func.count(Task.id)).where(
            Task.status.in_(OPEN_STATUSES),
            (Task.lead_unit_id == unit.id) | Task.id.in_(
                select(task_coordinators.c.task_id).where(task_coordinators.c.unit_id == unit.id)))),
        "children": db.session.scalar(select(func.count(Unit.id)).where(Unit.parent_id == unit.id)),
    }
    return render_template("admin/unit_merge.html", form=form, unit=unit, counts=counts), _status(form)

