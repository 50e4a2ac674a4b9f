"""Log in and out."""
from datetime import timedelta
from math import ceil
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email

from tracker.extensions import db, limiter
from tracker.models import User
from tracker.security import hash_password, verify_password
from tracker.services import sessions as login_sessions
from tracker.timeutil import utcnow

bp = Blueprint("auth", __name__)

# Verifying against a real hash for unknown emails keeps timing the same.
_DUMMY_HASH = hash_password("timing-equaliser")


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Hãy nhập email.")), Email(_l("Email không hợp lệ."))])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Hãy nhập mật khẩu."))])
    remember = BooleanField(_l("Ghi nhớ đăng nhập"))


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"],
               deduct_when=lambda response: response.status_code != 302)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        cfg = current_app.config
        now = utcnow()
        locked = login_sessions.locked_until(db.session, email, now=now)
        if locked is not None:
            # The same answer whether or not an account has this email; no password is checked.
            return _backoff_page(form, locked, now)
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        ok = verify_password(user.password_hash if user else _DUMMY_HASH, form.password.data)
        if user and ok and user.is_active:
            lang = session.get("lang")
            session.clear()  # a fresh session at login: no fixation
            if lang:
                session["lang"] = lang
            remember = bool(form.remember.data)
            login_sessions.log_in(
                db.session, user, form.password.data, email, now=now,
                max_age=cfg["REMEMBER_COOKIE_DURATION"] if remember else cfg["SESSION_MAX_AGE"])
            login_user(user, remember=remember)
            return redirect(_safe_next(request.args.get("next")) or url_for("main.home"))
        if not ok:  # counted per email typed; the next attempts wait once there are too many
            login_sessions.record_failure(
                db.session, email, threshold=cfg["LOGIN_ACCOUNT_FAILURES"],
                base=timedelta(seconds=cfg["LOGIN_BACKOFF_BASE_SECONDS"]),
                cap=timedelta(seconds=cfg["LOGIN_BACKOFF_MAX_SECONDS"]),
                forget_after=timedelta(hours=cfg["LOGIN_FAILURES_FORGET_HOURS"]), now=now)
        if user and ok and not user.is_active:
            flash(_("Tài khoản đã bị khóa. Liên hệ quản trị hệ thống."), "danger")
        else:
            flash(_("Email hoặc mật khẩu không đúng."), "danger")
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


def _backoff_page(form, locked, now):
    minutes = max(1, ceil((locked - now).total_seconds() / 60))
    flash(_("Email này đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
            minutes=minutes), "danger")
    return render_template("auth/login.html", form=form), 429


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # The session ends server-side: a copy of this cookie or of the remember cookie is dead too.
    login_sessions.log_out(db.session, current_user.session_key)
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))
