"""Reminder pages: the user's mail preferences (and one-click unsubscribe), the admin's
outbox browser with retry, and reminder policies per assigning body."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import IntegerField, RadioField, StringField
from wtforms.validators import DataRequired, NumberRange

from tracker.domain.reminders import PolicyError, ReminderPolicy
from tracker.domain.states import OUTBOX_STATES
from tracker.domain.units import UnitKind
from tracker.extensions import csrf, db
from tracker.limits import clamp_page
from tracker.models import NotificationPref, OutboxMail, ReminderPolicy as PolicyRow, Unit, User
from tracker.services import reminders as reminder_service
from tracker.services.calendar import current_calendar
from tracker.services.mail import check_unsubscribe_token, render_row, retry_mail
from tracker.timeutil import local_today

bp = Blueprint("reminders", __name__)

MODES = [("task", _l("Mỗi nhiệm vụ một thư")), ("digest", _l("Một thư tổng hợp mỗi ngày")),
         ("off", _l("Không nhận thư nhắc việc"))]
KIND_LABELS = {
    "before": _l("Nhắc trước hạn"), "due": _l("Đến hạn"), "overdue": _l("Quá hạn"),
    "escalate_head": _l("Báo lãnh đạo đơn vị"), "escalate_body": _l("Báo cáo cơ quan giao nhiệm vụ"),
    "awaiting_acceptance": _l("Chờ xác nhận"),
}
STATE_LABELS = {
    "planned": _l("Đã lên lịch"), "queued": _l("Chờ gửi"), "digest": _l("Trong thư tổng hợp"),
    "suppressed": _l("Người nhận đã tắt"), "sent": _l("Đã gửi"), "failed": _l("Gửi lỗi"),
    "cancelled": _l("Đã hủy"), "pending": _l("Chờ gửi"), "sending": _l("Đang gửi"),
}
# Mails that are not about one reminder, by template.
MAIL_KIND_LABELS = {"reminder": _l("Nhắc việc"), "digest": _l("Thư nhắc việc tổng hợp trong ngày"),
                    "weekly": _l("Thư tổng hợp tuần của đơn vị")}


def mail_kind_label(m: OutboxMail) -> str:
    if m.reminder is not None:
        return str(KIND_LABELS.get(m.reminder.kind, MAIL_KIND_LABELS["reminder"]))
    return str(MAIL_KIND_LABELS.get(m.template, m.template))


class PrefForm(FlaskForm):
    mode = RadioField(_l("Nhận thư nhắc việc"), choices=MODES, validators=[DataRequired()])


class PolicyForm(FlaskForm):
    before_days = StringField(_l("Nhắc trước hạn (số ngày làm việc, cách nhau bởi dấu phẩy)"),
                              validators=[DataRequired(_l("Hãy nhập ít nhất một số ngày."))])
    overdue_every = IntegerField(_l("Quá hạn: nhắc lại sau mỗi (ngày làm việc)"), validators=[NumberRange(1, 60)])
    escalate_after = IntegerField(_l("Báo cáo cơ quan giao nhiệm vụ sau khi quá hạn (ngày làm việc)"), validators=[NumberRange(1, 60)])
    acceptance_after = IntegerField(_l("Nhắc bộ phận giúp việc xác nhận sau (ngày làm việc)"), validators=[NumberRange(1, 60)])


def _mode_of(user_id) -> str:
    pref = db.session.get(NotificationPref, user_id)
    return pref.mode if pref else "task"


def _set_mode(user_id, mode):
    reminder_service.set_mail_mode(db.session, user_id, mode)


@bp.app_context_processor
def inject():
    def task_reminders_of(task):
        return reminder_service.task_reminders(db.session, task, today=local_today(), calendar=current_calendar())

    def reminder_recipient(r):
        """The address for the admin and the recipient's own unit; the name for everyone else."""
        user = current_user
        unit_id = r.user.unit_id if r.user is not None else r.unit_id
        if getattr(user, "is_authenticated", False) and (
                user.is_admin or r.user_id == user.id or (unit_id is not None and unit_id == user.unit_id)):
            return r.email
        if r.user is not None:
            return r.user.name
        unit = db.session.get(Unit, r.unit_id) if r.unit_id else None
        return unit.name if unit is not None else "—"

    return {"task_reminders_of": task_reminders_of, "reminder_kind_labels": KIND_LABELS,
            "reminder_state_labels": STATE_LABELS, "reminder_recipient": reminder_recipient}


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def preferences():
    form = PrefForm(mode=_mode_of(current_user.id))
    if form.validate_on_submit():
        _set_mode(current_user.id, form.mode.data)
        flash(_("Đã lưu cách nhận thư nhắc việc."), "success")
        return redirect(url_for("reminders.preferences"))
    return render_template("reminders/preferences.html", form=form)


@bp.route("/account/notifications/u/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: the mail client POSTs without a session; the token is the proof
def unsubscribe(token):
    state, user_id = check_unsubscribe_token(current_app.config["SECRET_KEY"], token,
                                             current_app.config["UNSUBSCRIBE_MAX_AGE_DAYS"])
    if state == "expired":
        return render_template("reminders/unsubscribe.html", user=None, expired=True), 410
    user = db.session.get(User, user_id) if user_id else None
    if user is None:
        abort(404)
    if request.method == "POST":
        _set_mode(user.id, "off")
        return render_template("reminders/unsubscribe.html", user=user, done=True)
    return render_template("reminders/unsubscribe.html", user=user, done=False)


def _admin_only():
    if not current_user.is_admin:
        abort(403)


@bp.route("/admin/outbox")
@login_required
def outbox():
    _admin_only()
    state = request.args.get("state") or None
    page = clamp_page(request.args.get("page"))
    q = select(OutboxMail).order_by(OutboxMail.id.desc())
    if state in OUTBOX_STATES:
        q = q.where(OutboxMail.state == state)
    pagination = db.paginate(q, page=page, per_page=50, error_out=False)
    counts = dict(db.session.execute(select(OutboxMail.state, func.count()).group_by(OutboxMail.state)).all())
    # A pending mail's subject is only stored once sent: render it for the page (50 at most).
    today, subjects = local_today(), {}
    for m in pagination.items:
        if not m.subject and m.state in ("pending", "sending"):
            preview = render_row(db.session, current_app.config, m, today)
            subjects[m.id] = preview.subject if preview else _("(không còn cần gửi)")
    return render_template("reminders/outbox.html", page=pagination, counts=counts, state=state,
                           states=OUTBOX_STATES, subjects=subjects, kind_label=mail_kind_label)


@bp.route("/admin/outbox/<int:mail_id>")
@login_required
def outbox_mail(mail_id):
    """One mail as it reads: subject, HTML (in a sandboxed frame) and text. Bodies are not
    stored, so they are rendered again now; a sent mail may have read differently."""
    _admin_only()
    m = db.get_or_404(OutboxMail, mail_id)
    preview = render_row(db.session, current_app.config, m, local_today())
    return render_template("reminders/outbox_mail.html", m=m, preview=preview, kind_label=mail_kind_label(m))


@bp.route("/admin/outbox/<int:mail_id>/retry", methods=["POST"])
@login_required
def outbox_retry(mail_id):
    _admin_only()
    if retry_mail(db.session, mail_id):
        flash(_("Đã đưa thư vào hàng đợi gửi lại."), "success")
    else:
        flash(_("Chỉ gửi lại được thư lỗi hoặc đã hủy."), "warning")
    return redirect(request.referrer or url_for("reminders.outbox"))


@bp.route("/admin/reminder-policies")
@login_required
def policies():
    _admin_only()
    bodies = db.session.scalars(select(Unit).where(Unit.kind == UnitKind.COMMITTEE.value, Unit.is_active.is_(True))
                                .order_by(Unit.sort_name)).all()
    rows = {p.assigning_unit_id: p for p in db.session.scalars(select(PolicyRow))}
    return render_template("reminders/policies.html", bodies=bodies, rows=rows, default=ReminderPolicy())


@bp.route("/admin/reminder-policies/<int:unit_id>", methods=["GET", "POST"])
@login_required
def policy_edit(unit_id):
    _admin_only()
    body = db.get_or_404(Unit, unit_id)
    row = db.session.scalar(select(PolicyRow).where(PolicyRow.assigning_unit_id == unit_id))
    current = reminder_service.policy_from_row(row)
    form = PolicyForm(data={"before_days": ", ".join(str(n) for n in current.before_days),
                            "overdue_every": current.overdue_every, "escalate_after": current.escalate_after,
                            "acceptance_after": current.acceptance_after}) if request.method == "GET" else PolicyForm()
    if form.validate_on_submit():
        try:
            days = tuple(int(x) for x in form.before_days.data.replace(";", ",").split(",") if x.strip())
            policy = ReminderPolicy(days, form.overdue_every.data, form.escalate_after.data, form.acceptance_after.data)
        except (ValueError, PolicyError):
            form.before_days.errors = [_("Số ngày phải là các số nguyên từ 1 đến 60, cách nhau bởi dấu phẩy.")]
        else:
            reminder_service.save_policy(db.session, unit_id, policy, actor_id=current_user.id)
            flash(_("Đã lưu chính sách nhắc việc."), "success")
            return redirect(url_for("reminders.policies"))
    return render_template("reminders/policy_edit.html", form=form, body=body)
