"""The user's own account: password, language, personal API tokens."""
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from tracker.extensions import db
from tracker.security import verify_password
from tracker.services import ServiceError
from tracker.services.sessions import live_session_count, log_out_everywhere
from tracker.services.users import create_token, revoke_token, set_locale, set_password

bp = Blueprint("account", __name__, url_prefix="/account")


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(_l("Hãy nhập mật khẩu hiện tại."))])
    new = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(_l("Hãy nhập mật khẩu mới.")), Length(min=10, message=_l("Mật khẩu phải có ít nhất 10 ký tự."))])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[EqualTo("new", _l("Hai mật khẩu không khớp."))])


class LocaleForm(FlaskForm):
    locale = SelectField(_l("Ngôn ngữ"), choices=[("vi", "Tiếng Việt"), ("en", "English")])


class TokenForm(FlaskForm):
    name = StringField(_l("Tên mã (ví dụ: đồng bộ Excel)"), validators=[DataRequired(_l("Hãy đặt tên cho mã truy cập.")), Length(max=100)])


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    pw, loc = PasswordForm(prefix="pw"), LocaleForm(prefix="loc", locale=current_user.locale)
    if "pw-current" in request.form and pw.validate_on_submit():
        if not verify_password(current_user.password_hash, pw.current.data):
            pw.current.errors = [_("Mật khẩu hiện tại không đúng.")]
        else:
            try:
                # This session stays; the user's other sessions and API tokens end.
                set_password(db.session, current_user, pw.new.data, actor=current_user,
                             keep_session=current_user.session_key)
            except ServiceError as e:
                pw.new.errors = list(e.errors.values())
            else:
                flash(_("Đã đổi mật khẩu."), "success")
                return redirect(url_for("account.profile"))
    elif "loc-locale" in request.form and loc.validate_on_submit():
        set_locale(db.session, current_user, loc.locale.data)
        session.pop("lang", None)
        flash(_("Đã lưu ngôn ngữ."), "success")
        return redirect(url_for("account.profile"))
    return render_template("account/profile.html", pw=pw, loc=loc, end_all=EndSessionsForm(),
                           live_sessions=live_session_count(db.session, current_user))


class EndSessionsForm(FlaskForm):
    pass


@bp.route("/sessions/end", methods=["POST"])
@login_required
def end_sessions():
    """Log out everywhere: every session of this user, this one included, and every
    remember cookie. API tokens are kept (they are revoked one by one on the tokens page)."""
    if not EndSessionsForm().validate_on_submit():
        abort(400)
    log_out_everywhere(db.session, current_user)
    logout_user()
    session.clear()
    flash(_("Đã đăng xuất khỏi mọi thiết bị."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        try:
            new_token = create_token(db.session, current_user, form.name.data)
        except ServiceError as e:
            form.name.errors = list(e.errors.values())
    return render_template("account/tokens.html", form=form, new_token=new_token,
                           tokens=[t for t in current_user.tokens if t.revoked_at is None])


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    from flask_wtf.csrf import validate_csrf  # noqa: F401  (CSRFProtect already checked)

    if revoke_token(db.session, current_user, token_id):
        flash(_("Đã thu hồi mã truy cập."), "info")
    return redirect(url_for("account.tokens"))
