"""The unit report's Excel and Word exports carry the indicators in scope with the phrasing."""
import io

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from tests.test_indicators_pages import _define, _logout, _plan, _report, _unit
from tracker.models import Indicator

ARGS = "kind=custom&start=01/01/2022&end=31/12/2030"


def test_exports_show_indicators_beside_task_figures(as_user, client, session):
    d = _plan(session)
    wards = [_unit(session, c) for c in ("chiengle", "tohieu")]
    as_user("thuky")
    # no indicator: the workbook keeps its three sheets
    assert load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{ARGS}").data)).sheetnames == \
        ["Tổng hợp", "Quá hạn", "Danh sách nhiệm vụ"]
    _define(client, d.id, [w.id for w in wards], total="27")
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    _logout(client)
    as_user("chiengle.canbo")
    _report(client, ind.id, wards[0].id, "13")
    _logout(client)
    as_user("tohieu.canbo")
    _report(client, ind.id, wards[1].id, "13")
    _logout(client)
    as_user("thuky")
    wb = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{ARGS}").data))
    ws = wb["Chỉ tiêu"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows == [("Công trình dân vận khéo", "05-KH/BCĐ", "27 công trình", "26 công trình", 96.3,
                     "đạt 26/27 công trình (96,30%)")]
    doc = Document(io.BytesIO(client.get(f"/reports/export.docx?{ARGS}").data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "- Công trình dân vận khéo (05-KH/BCĐ): đạt 26/27 công trình (96,30%)." in text
    _logout(client)
    # a ward's own report covers its own target only
    as_user("chiengle.lanhdao")
    wb = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{ARGS}").data))
    assert next(wb["Chỉ tiêu"].iter_rows(min_row=4, values_only=True))[5] == "đạt 13/14 công trình (92,86%)"


def test_closing_a_period_freezes_the_indicator_figures(as_user, client, session):
    from datetime import date

    from tracker.domain.reports import Period
    from tracker.models import IndicatorValue, User
    from tracker.services.reports import close_period
    from tracker.timeutil import local_today

    d = _plan(session)
    ward = _unit(session, "chiengle")
    as_user("thuky")
    _define(client, d.id, [ward.id], total="10")
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    _logout(client)
    as_user("chiengle.canbo")
    _report(client, ind.id, ward.id, "4")
    today = local_today()
    admin = session.scalars(select(User).where(User.email == "admin@sonla.demo")).one()
    close_period(session, Period.custom(date(2022, 1, 1), today), actor=admin)
    # after closing, the value is corrected: the live figure moves, the closed period's does not
    row = session.scalars(select(IndicatorValue)).one()
    from tests.conftest import post_form
    assert post_form(client, f"/indicators/values/{row.id}/correct",
                     {"value": "9", "reason": "bổ sung biên bản"}).status_code == 302
    _logout(client)
    as_user("thuky")
    assert "đạt 9/10 công trình (90,00%)" in client.get(f"/directives/{d.id}").text
    closed = f"kind=custom&start=01/01/2022&end={today.strftime('%d/%m/%Y')}"
    wb = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{closed}").data))
    assert next(wb["Chỉ tiêu"].iter_rows(min_row=4, values_only=True))[5] == "đạt 4/10 công trình (40,00%)"
    wb = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{ARGS}").data))   # an open period: live
    assert next(wb["Chỉ tiêu"].iter_rows(min_row=4, values_only=True))[5] == "đạt 9/10 công trình (90,00%)"


def test_dashboard_shows_indicators_in_scope(as_user, client, session):
    d = _plan(session)
    ward = _unit(session, "chiengle")
    as_user("thuky")
    assert 'id="report-indicators"' not in client.get(f"/reports/?{ARGS}").text
    _define(client, d.id, [ward.id], total="7")
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    _logout(client)
    as_user("chiengle.canbo")
    _report(client, ind.id, ward.id, "7")
    page = client.get(f"/reports/?{ARGS}")
    assert 'id="report-indicators"' in page.text and "đạt 7/7 công trình (100,00%)" in page.text
    _logout(client)
    as_user("congan.lanhdao")   # the police have no target: nothing in their scope
    assert 'id="report-indicators"' not in client.get(f"/reports/?{ARGS}").text
