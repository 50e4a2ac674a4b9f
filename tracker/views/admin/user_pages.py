"""Admin pages for users: list, create, edit, reset a password, activate."""

import secrets

from flask import (abort, flash, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import (BooleanField, PasswordField, SelectField, StringField)
from wtforms.validators import DataRequired, Length, Optional

from tracker.domain.roles import Role
from tracker.domain.text import fold, sort_key
from tracker.extensions import db
from tracker.models import Unit, User
from tracker.services import ServiceError
from tracker.services.users import create_user, set_active, set_password, update_user
from tracker.views import labels

from tracker.views.admin.common import bp, _unit_choices, _put_errors, _status
from tracker.views.admin.unit_pages import ToggleForm


PAGE = 50


class UserForm(FlaskForm):
    name = StringField(_l("Họ tên"), validators=[Length(max=255, message=_l("Họ tên tối đa 255 ký tự."))])
    email = StringField(_l("Email"), validators=[Length(max=255)])
    role = SelectField(_l("Vai trò"), choices=labels.choices(labels.ROLE), default=Role.UNIT_OFFICER.value)
    unit_id = SelectField(_l("Đơn vị"), coerce=int)
    title = StringField(_l("Chức vụ"), validators=[Optional(), Length(max=255, message=_l("Chức vụ tối đa 255 ký tự."))])
    password = PasswordField(_l("Mật khẩu ban đầu (ít nhất 10 ký tự)"))


class UserEditForm(FlaskForm):
    name = StringField(_l("Họ tên"), validators=[DataRequired(_l("Họ tên không được để trống.")),
                                                 Length(max=255, message=_l("Họ tên tối đa 255 ký tự."))])
    role = SelectField(_l("Vai trò"), choices=labels.choices(labels.ROLE))
    unit_id = SelectField(_l("Đơn vị"), coerce=int)
    title = StringField(_l("Chức vụ"), validators=[Optional(), Length(max=255, message=_l("Chức vụ tối đa 255 ký tự."))])
    active = BooleanField(_l("Đang hoạt động (được đăng nhập)"))


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("Mật khẩu mới (để trống để hệ thống tạo ngẫu nhiên)"))


def _int_arg(name):
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


@bp.route("/users")
def users():
    unit_id, role, q = _int_arg("unit"), request.args.get("role", ""), request.args.get("q", "").strip()
    stmt = select(User)
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is not None:
        below = select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))
        stmt = stmt.where(User.unit_id.in_(below))
    if role in labels.ROLE:
        stmt = stmt.where(User.role == role)
    if request.args.get("inactive") != "1":
        stmt = stmt.where(User.is_active_flag.is_(True))
    found = list(db.session.scalars(stmt).unique().all())
    if q:  # diacritics-insensitive, so done here rather than in SQL
        words = fold(q).split()
        found = [u for u in found if all(w in fold(f"{u.name} {u.email} {u.title or ''}") for w in words)]
    found.sort(key=lambda u: (u.unit.sort_name, sort_key(u.name)))
    page = max(_int_arg("page") or 1, 1)
    pages = max((len(found) + PAGE - 1) // PAGE, 1)
    return render_template("admin/users.html", users=found[(page - 1) * PAGE: page * PAGE], total=len(found),
                           page=page, pages=pages, unit_id=unit_id, role=role, q=q,
                           unit_choices=_unit_choices(active_only=False), toggle=ToggleForm())


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = UserForm()
    form.unit_id.choices = [(0, _("— Chọn đơn vị —"))] + _unit_choices()
    if request.method == "GET" and request.args.get("unit", "").isdigit():
        form.unit_id.data = int(request.args["unit"])
    if form.validate_on_submit():
        unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
        try:
            user = create_user(db.session, actor=current_user, email=form.email.data, name=form.name.data, password=form.password.data,
                               role=form.role.data, unit=unit, title=(form.title.data or "").strip() or None)
        except ServiceError as e:
            db.session.rollback()
            _put_errors(form, e)
        except IntegrityError:
            db.session.rollback()
            form.email.errors = list(form.email.errors) + [_("Email này vừa được người khác sử dụng.")]
        else:
            flash(_("Đã tạo tài khoản %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), _status(form)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user)
    form.unit_id.choices = _unit_choices(active_only=False)
    if request.method == "GET":
        form.active.data = user.is_active_flag
    if form.validate_on_submit():
        if user.id == current_user.id and (form.role.data != Role.ADMIN.value or not form.active.data):
            form.role.errors = list(form.role.errors) + [
                _("Không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của chính mình.")]
        unit = db.session.get(Unit, form.unit_id.data)
        if unit is None:
            form.unit_id.errors = list(form.unit_id.errors) + [_("Người dùng phải thuộc một đơn vị.")]
        elif not unit.is_active and unit.id != user.unit_id:
            form.unit_id.errors = list(form.unit_id.errors) + [_("Đơn vị này đã ngừng hoạt động.")]
        if not any(f.errors for f in form):
            update_user(db.session, user, actor=current_user, name=form.name.data, role=form.role.data, unit=unit,
                        title=form.title.data, active=form.active.data)
            flash(_("Đã lưu tài khoản %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user), _status(form)


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
def user_password(user_id):
    user = db.get_or_404(User, user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        typed = form.password.data or ""
        new_password = typed or secrets.token_urlsafe(12)
        try:
            set_password(db.session, user, new_password, actor=current_user)
        except ServiceError as e:
            db.session.rollback()
            _put_errors(form, e)
        else:
            # Shown once, in this response only (never flashed into the session cookie).
            return render_template("admin/user_password_done.html", user=user,
                                   generated=None if typed else new_password)
    return render_template("admin/user_password.html", form=form, user=user), _status(form)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def user_toggle(user_id):
    user = db.get_or_404(User, user_id)
    if not ToggleForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("Không thể tự khóa tài khoản của chính mình."), "danger")
        return redirect(url_for("admin.users"))
    set_active(db.session, user, not user.is_active_flag, actor=current_user)
    if user.is_active_flag:
        flash(_("Đã mở khóa tài khoản %(email)s.", email=user.email), "success")
    else:
        flash(_("Đã khóa tài khoản %(email)s.", email=user.email), "info")
    return redirect(request.referrer if request.referrer and request.referrer.startswith(request.host_url)
                    else url_for("admin.users"))

