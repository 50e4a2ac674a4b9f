"""Admin page for the working calendar: days off and working days of a year."""

from calendar import monthrange
from datetime import date, timedelta

from flask import (abort, flash, redirect, render_template, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import (SelectField, StringField)
from wtforms.validators import InputRequired, Length, Optional

from tracker.domain.calendar import DEFAULT_DAYS_OFF
from tracker.extensions import db
from tracker.models import CalendarDay
from tracker.services.calendar import delete_calendar_day, load_calendar, set_calendar_day
from tracker.views.confirm import confirmation_page, confirmed
from tracker.views.fields import DMYDateField

from tracker.views.admin.common import bp, _status
from tracker.views.admin.unit_pages import ToggleForm
from tracker.views.admin.user_pages import _int_arg


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

