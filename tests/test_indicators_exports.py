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
    assert list(wb["Chỉ tiêu"].iter_rows(min_row=4, values_only=True))[0][5] == "đạt 13/14 công trình (92,86%)"
