"""The calendar feed URL (no session, no login: the secret is the key) and its account page."""
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from tracker.extensions import db, limiter
from tracker.services.calendar import current_calendar
from tracker.services.calendar_feed import (
    build_ics,
    live_token,
    regenerate_calendar_token,
    revoke_calendar_feed,
    user_for_calendar_token,
)
from tracker.timeutil import local_today
from tracker.views.public import public_rate_limit

bp = Blueprint("calendar_feed", __name__)


class CalendarForm(FlaskForm):
    pass


@bp.route("/lich/<string:token>.ics")
@limiter.limit(public_rate_limit)
def feed(token):
    # Served without a session: tracker.views.public.PUBLIC_PREFIXES covers /lich/.
    user = user_for_calendar_token(db.session, token)
    if user is None:
        abort(404)
    body = build_ics(db.session, user, base_url=current_app.config["BASE_URL"],
                     calendar_name=_("Hạn nhiệm vụ — %(name)s", name=user.unit.name if user.unit else user.name),
                     task_url=lambda task_id: url_for("tasks.detail", task_id=task_id),
                     today=local_today(), calendar=current_calendar(),
                     reminder_hour=current_app.config.get("REMINDER_HOUR", "07:30"))
    resp = make_response(body)
    resp.headers["Content-Type"] = "text/calendar; charset=utf-8"
    resp.headers["Content-Disposition"] = 'inline; filename="nhiem-vu.ics"'
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


@bp.route("/account/calendar", methods=["GET", "POST"])
@login_required
def manage():
    form = CalendarForm()
    new_url = None
    if form.validate_on_submit():
        raw = regenerate_calendar_token(db.session, current_user)
        new_url = current_app.config["BASE_URL"].rstrip("/") + url_for("calendar_feed.feed", token=raw)
    return render_template("account/calendar.html", form=form, new_url=new_url,
                           token=live_token(db.session, current_user))


@bp.route("/account/calendar/revoke", methods=["POST"])
@login_required
def revoke():
    if not CalendarForm().validate_on_submit():
        abort(400)
    if revoke_calendar_feed(db.session, current_user):
        flash(_("Đã thu hồi địa chỉ lịch."), "info")
    return redirect(url_for("calendar_feed.manage"))
