"""Every way of reading a report gives the same figures, for every demo user, in an open
period and in one closed through the real close service: the dashboard, the task list behind
a figure, the Excel export, the API, and a brute-force count in Python over the ORM with the
domain's own rules (visibility.can_see_task, domain.reports.classify)."""
import io
import re
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tests.conftest import login
from tests.test_api import Api, cli_token
from tracker.domain.reports import COLUMNS, Counts, Period, classify
from tracker.extensions import db
from tracker.models import Task, User
from tracker.queries import reports as q
from tracker.queries.visibility import can_see_task
from tracker.services.reports import close_period
from tracker.timeutil import local_today


def _brute_force(session, user, period: Period, as_of: date) -> Counts:
    root = q.default_root(session, user)
    tasks = session.scalars(select(Task).options(selectinload(Task.lead_unit), selectinload(Task.coordinators))).all()
    then = q.due_dates_as_of(session, [t.id for t in tasks], as_of)
    total = Counts()
    for t in tasks:
        if not can_see_task(user, t) or (root is not None and not t.lead_unit.path.startswith(root.path)):
            continue
        c = classify(q.facts(t, then.get(t.id)), period, as_of)
        if c is not None:
            total.add(c)
    return total


def _num(text: str) -> int:
    return int(text.replace(".", "").strip())


def _read_everything(app, client, token: str, args: str) -> dict:
    out = {}
    page = client.get(f"/reports/?{args}")
    assert page.status_code == 200
    out["dashboard"] = [_num(v) for _c, v in re.findall(r'data-total="(\w+)">([\d.]+)<', page.text)]
    for col in (None, "overdue", "on_time"):
        listed = client.get(f"/reports/tasks?{args}" + (f"&col={col}" if col else ""))
        assert listed.status_code == 200
        out[f"list_{col or 'total'}"] = _num(re.search(r"<span data-total>([\d.]+)</span>", listed.text).group(1))
    wb = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{args}").data), read_only=True)
    out["xlsx_total"] = wb["Danh sách nhiệm vụ"].max_row - 3
    out["xlsx_overdue"] = wb["Quá hạn"].max_row - 3
    api = Api(app, token).get(f"/reports/units?{args}")
    assert api.status_code == 200
    out["api"] = [api.json["total"][c] for c in COLUMNS]
    out["snapshot"] = api.json["snapshot_id"]
    return out


def test_dashboard_list_export_api_and_brute_force_agree(app):
    today = local_today()
    closed = Period.containing("year", date(today.year - 1, 6, 1))
    current = Period.containing("year", today)
    with app.app_context():
        users = [(u.id, u.email.split("@")[0]) for u in db.session.scalars(
            select(User).where(User.is_active_flag.is_(True)).order_by(User.id))]
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        snap, created = close_period(db.session, closed, actor=admin)
        assert created
    checked = 0
    for uid, local in users:  # one login and one API token per user (each costs a password hash)
        token, client = cli_token(app, local), app.test_client()
        assert login(client, f"{local}@sonla.demo").status_code == 302
        for period, ref, is_closed in ((current, today, False), (closed, closed.start, True)):
            args = f"kind=year&ref={ref:%d/%m/%Y}"
            got = _read_everything(app, client, token, args)
            with app.app_context():
                user = db.session.get(User, uid)
                want = _brute_force(db.session, user, period, period.default_as_of(today)).as_list()
            by = dict(zip(COLUMNS, want))
            where = (local, period.key)
            assert got["dashboard"] == want, where
            assert got["api"] == want, where
            assert (got["snapshot"] is not None) == is_closed, where
            assert got["list_total"] == got["xlsx_total"] == by["total"], where
            assert got["list_overdue"] == got["xlsx_overdue"] == by["overdue"], where
            assert got["list_on_time"] == by["on_time"], where
            checked += by["total"] > 0
    assert checked >= len(users)  # most users see tasks in at least one of the periods
