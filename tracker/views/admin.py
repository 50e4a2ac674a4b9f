"""Administration: the unit tree, user accounts, the working calendar, imports from CSV/Excel.

Every route here is for role admin only (403 for any other role, login page when logged out).
"""
import secrets
from calendar import monthrange
from datetime import date, timedelta

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from wtforms import (BooleanField, HiddenField, PasswordField, SelectField, SelectMultipleField,
                     StringField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from tracker.domain.calendar import DEFAULT_DAYS_OFF
from tracker.domain.roles import Role
from tracker.domain.text import fold, sort_key
from tracker.domain.units import UnitKind
from tracker.domain.workflow import OPEN_VALUES
from tracker.extensions import db
from tracker.models import CalendarDay, Task, Unit, User, task_coordinators
from tracker.queries.units import tree_order
from tracker.services import ServiceError
from tracker.services import imports
from tracker.services.calendar import delete_calendar_day, load_calendar, set_calendar_day
from tracker.services.units import create_unit, move_unit, set_committee_members, set_unit_active, update_unit
from tracker.services.users import create_user, normalise_email, set_active, set_password, update_user
from tracker.views import labels
from tracker.views.confirm import confirmation_page, confirmed
from tracker.views.fields import DMYDateField

bp = Blueprint("admin", __name__, url_prefix="/admin")

OPEN_STATUSES = list(OPEN_VALUES)


@bp.before_request
def _admins_only():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)


# -- helpers -------------------------------------------------------------------------

def _tree(units: list[Unit]) -> list[Unit]:
    """Units in tree order (depth first, siblings by name), whatever their stored order."""
    return tree_order(units)


def _unit_choices(*, active_only=True, exclude: Unit | None = None, top_label=None):
    stmt = select(Unit)
    if active_only:
        stmt = stmt.where(Unit.is_active.is_(True))
    units = _tree(list(db.session.scalars(stmt).all()))
    base = min((u.depth for u in units), default=0)
    choices = [(u.id, "\u2003" * (u.depth - base) + u.name) for u in units if exclude is None or u.id != exclude.id]
    if top_label is not None:
        choices = [(0, top_label)] + choices
    return choices


def _put_errors(form, err: ServiceError, aliases: dict | None = None) -> None:
    for key, message in err.errors.items():
        key = (aliases or {}).get(key, key)
        target = form._fields.get(key)
        if target is not None:
            target.errors = list(target.errors) + [message]
        else:
            flash(message, "danger")


def _status(form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


# -- units ---------------------------------------------------------------------------

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


# -- users ---------------------------------------------------------------------------

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


# -- calendar ------------------------------------------------------------------------

class CalendarDayForm(FlaskForm):
    day = DMYDateField(_l("Ngày"), validators=[InputRequired(_l("Hãy nhập ngày theo dạng dd/mm/yyyy."))])
    is_working = SelectField(_l("Loại ngày"), choices=[("0", _l("Ngày nghỉ")), ("1", _l("Ngày làm việc bù"))], default="0")
    note = StringField(_l("Ghi chú"), validators=[Optional(), Length(max=255, message=_l("Ghi chú tối đa 255 ký tự."))])


def _year_arg() -> int:
    year = _int_arg("year")
    return year if year and 1990 <= year <= 2100 else date.today().year


def _calendar_page(year: int, form: CalendarDayForm):
    cal = load_calendar(db.session)
    admin_days = {r.day: r for r in db.session.scalars(
        select(CalendarDay).where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
        .order_by(CalendarDay.day)).all()}
    holidays_ = []
    d = date(year, 1, 1)
    while d.year == year:
        name = cal.holiday_name(d)
        if name and d not in admin_days:
            source = "default" if d in DEFAULT_DAYS_OFF else "statutory"
            holidays_.append((d, name, source))
        d += timedelta(days=1)
    months = []
    for m in range(1, 13):
        last = monthrange(year, m)[1]
        months.append((m, len(cal.working_days_in(date(year, m, 1), date(year, m, last)))))
    makeup = [(w, off) for w, off in cal.makeup_days(year) if w not in admin_days]
    return render_template("admin/calendar.html", year=year, form=form, holidays=holidays_, makeup=makeup,
                           admin_days=list(admin_days.values()), months=months,
                           total=sum(n for _m, n in months), toggle=ToggleForm())


@bp.route("/calendar", methods=["GET", "POST"])
def calendar():
    form = CalendarDayForm()
    year = _year_arg()
    if form.validate_on_submit():
        day = form.day.data
        try:
            set_calendar_day(db.session, day, actor=current_user, is_working=form.is_working.data == "1", note=form.note.data)
        except IntegrityError:
            db.session.rollback()
            form.day.errors = list(form.day.errors) + [_("Ngày này vừa được người khác cập nhật, hãy thử lại.")]
        else:
            flash(_("Đã lưu ngày %(day)s.", day=day.strftime("%d/%m/%Y")), "success")
            return redirect(url_for("admin.calendar", year=day.year))
    return _calendar_page(year, form), _status(form)


@bp.route("/calendar/<day>/delete", methods=["POST"])
def calendar_delete(day):
    try:
        d = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if not ToggleForm().validate_on_submit():
        abort(400)
    row = db.get_or_404(CalendarDay, d)
    if not confirmed():
        kind = _("ngày làm việc bù") if row.is_working else _("ngày nghỉ")
        return confirmation_page(
            title=_("Xóa ngày %(day)s khỏi lịch điều chỉnh?", day=d.strftime("%d/%m/%Y")),
            message=_("Ngày %(day)s đang là %(kind)s do quản trị nhập (%(note)s). Sau khi xóa, ngày này theo lịch "
                      "mặc định; hạn của nhiệm vụ tính theo ngày làm việc có thể thay đổi.",
                      day=d.strftime("%d/%m/%Y"), kind=kind, note=row.note or "—"),
            button=_("Xóa ngày"), cancel_url=url_for("admin.calendar", year=d.year))
    if not delete_calendar_day(db.session, d, actor=current_user):
        abort(404)
    flash(_("Đã xóa ngày %(day)s khỏi lịch điều chỉnh.", day=d.strftime("%d/%m/%Y")), "info")
    return redirect(url_for("admin.calendar", year=d.year))


# -- imports -------------------------------------------------------------------------

KINDS = {"units": _l("Đơn vị"), "users": _l("Người dùng")}


class ImportForm(FlaskForm):
    file = FileField(_l("Tệp CSV hoặc Excel (.xlsx), tối đa 5 MB"),
                     validators=[FileRequired(_l("Hãy chọn tệp cần nhập."))])


class ConfirmForm(FlaskForm):
    token = HiddenField()


def _kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        abort(404)
    return kind


@bp.route("/import")
def import_index():
    return render_template("admin/import.html", forms={k: ImportForm(prefix=k) for k in KINDS}, kinds=KINDS)


@bp.route("/import/<kind>/template.<ext>")
def import_template(kind, ext):
    _kind_or_404(kind)
    name = "mau-nhap-don-vi" if kind == "units" else "mau-nhap-nguoi-dung"
    if ext == "csv":
        return Response(imports.template_csv(kind), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename={name}.csv"})
    if ext == "xlsx":
        return Response(imports.template_xlsx(kind),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f"attachment; filename={name}.xlsx"})
    abort(404)


@bp.route("/import/<kind>", methods=["POST"])
def import_upload(kind):
    _kind_or_404(kind)
    forms = {k: ImportForm(prefix=k) for k in KINDS}
    form = forms[kind]
    if form.validate_on_submit():
        try:
            preview = imports.preview_upload(db.session, kind, form.file.data)
        except ServiceError as e:
            form.file.errors = list(form.file.errors) + list(e.errors.values())
            return render_template("admin/import.html", forms=forms, kinds=KINDS), e.status
        # Stored even with errors: confirming such a preview is refused and writes nothing.
        token = imports.store_pending(preview, current_user.id)
        return render_template("admin/import_preview.html", kind=kind, kinds=KINDS, preview=preview,
                               confirm=ConfirmForm(token=token), token=token)
    return render_template("admin/import.html", forms=forms, kinds=KINDS), 400


@bp.route("/import/<kind>/confirm", methods=["POST"])
def import_confirm(kind):
    _kind_or_404(kind)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        preview = imports.load_pending(form.token.data, kind, current_user.id)
        count = (imports.apply_units if kind == "units" else imports.apply_users)(db.session, preview,
                                                                                  actor=current_user)
    except ServiceError as e:
        db.session.rollback()
        for message in e.errors.values():
            flash(message, "danger")
        flash(_("Không có dữ liệu nào được ghi."), "warning")
        return redirect(url_for("admin.import_index"))
    imports.discard_pending(form.token.data)
    if kind == "units":
        flash(_("Đã nhập %(n)d đơn vị.", n=count), "success")
        return redirect(url_for("admin.units"))
    flash(_("Đã nhập %(n)d người dùng.", n=count), "success")
    return redirect(url_for("admin.users"))
