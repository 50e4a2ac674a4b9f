"""What a deadline typed on a form becomes, as JSON for the forms' hint script, and as text
for the pages that say it again on submit (so the rule also shows without JavaScript)."""
from datetime import date

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import login_required

from tracker.domain.deadlines import MAX_WORKING_DAYS
from tracker.domain.due_hint import DueHint, resolve_date, resolve_working_days
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today
from tracker.views.fields import parse_dmy

bp = Blueprint("due_hints", __name__, url_prefix="/calendar")


def _dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def moved_message(hint: DueHint) -> str | None:
    """Why a typed date will be saved as another one; None when it is kept."""
    if not hint.moved:
        return None
    if hint.day_off:
        why = hint.day_off
    elif hint.weekday == 5:
        why = _("Thứ Bảy")
    elif hint.weekday == 6:
        why = _("Chủ nhật")
    else:
        why = _("ngày nghỉ")
    return _("Ngày %(typed)s là ngày nghỉ (%(why)s): thời hạn được tính đến ngày làm việc tiếp theo, %(due)s "
             "(Điều 148 Bộ luật Dân sự 2015).", typed=_dmy(hint.typed), why=why, due=_dmy(hint.due))


def days_message(n: int, start: date, hint: DueHint) -> str:
    return _("%(n)d ngày làm việc kể từ ngày %(start)s: hạn hoàn thành là %(due)s (không tính ngày nghỉ, "
             "ngày lễ).", n=n, start=_dmy(start), due=_dmy(hint.due))


def _bad(message: str):
    return jsonify({"error": message}), 400


@bp.route("/resolve")
@login_required
def resolve():
    """?date=dd/mm/yyyy, or ?working_days=N[&from=dd/mm/yyyy] (from: today)."""
    calendar = current_calendar()
    raw_days = (request.args.get("working_days") or "").strip()
    if raw_days:
        if not raw_days.isdigit() or not 1 <= int(raw_days) <= MAX_WORKING_DAYS:
            return _bad(_("Số ngày làm việc phải từ 1 đến 3650."))
        try:
            start = parse_dmy(request.args.get("from") or "") or local_today()
        except ValueError:
            return _bad(_("Ngày không hợp lệ (dd/mm/yyyy)."))
        n = int(raw_days)
        hint = resolve_working_days(calendar, start, n)
        return jsonify({"due": _dmy(hint.due), "moved": False, "message": days_message(n, start, hint)})
    try:
        typed = parse_dmy(request.args.get("date") or "")
    except ValueError:
        typed = None
    if typed is None:
        return _bad(_("Ngày không hợp lệ (dd/mm/yyyy)."))
    hint = resolve_date(calendar, typed)
    return jsonify({"date": _dmy(typed), "due": _dmy(hint.due), "moved": hint.moved,
                    "message": moved_message(hint)})


def unconfirmed_moves(rows) -> dict:
    """{key: message} for the rows whose typed date moves and whose move was not shown yet.

    ``rows`` are (key, date field, hidden ack field). The ack is set to the typed date, so
    posting the re-displayed form unchanged confirms; another date asks again.
    """
    calendar, today = current_calendar(), local_today()
    moved = {}
    for key, date_field, ack in rows:
        if date_field.data is None or date_field.data < today:
            continue  # refused anyway, with its own message
        hint = resolve_date(calendar, date_field.data)
        typed = _dmy(date_field.data)
        if hint.moved and (ack.data or "") != typed:
            ack.data = typed
            moved[key] = moved_message(hint)
    return moved
