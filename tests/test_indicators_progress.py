"""Indicator values reported from the task page's progress-report form: written with the
report's event, its file as evidence; a bad value stops the whole report."""
import io
import re

from sqlalchemy import select

from tests.conftest import csrf_from, post_form
from tests.test_workflow import PDF, _events, _fresh, act, make_task, switch
from tracker.models import Indicator, IndicatorValue, Unit


def _report_with(client, tid, values: dict, **fields):
    page = client.get(f"/tasks/{tid}")
    version = re.search(r'name="report-version" type="hidden" value="(\d+)"', page.text).group(1)
    data = {"csrf_token": csrf_from(page.text), "report-version": version}
    data.update({f"report-{k}": v for k, v in fields.items()})
    data.update(values)
    return client.post(f"/tasks/{tid}/act/report", data=data, content_type="multipart/form-data")


def test_progress_report_carries_indicator_values(client, session, as_user):
    tid = make_task(session)
    ward = session.scalars(select(Unit).where(Unit.code == "chiengle")).one()
    as_user("thuky")
    assert post_form(client, f"/tasks/{tid}/indicators/new", {
        "name": "Hội nghị đối thoại", "measure": "count", "unit_label": "hội nghị", "direction": "higher",
        "aggregation": "sum", "total": "3", "units": [str(ward.id)]}).status_code == 302
    ind = session.scalars(select(Indicator).where(Indicator.task_id == tid)).one()
    switch(client, "chiengle.canbo")
    assert act(client, tid, "receive").status_code == 302
    page = client.get(f"/tasks/{tid}")
    assert f'name="indicator-{ind.id}"' in page.text
    events_before = len(_events(session, tid))
    resp = _report_with(client, tid, {f"indicator-{ind.id}": "hai"}, progress="50", note="Đã họp")
    assert resp.status_code == 400 and "Hội nghị đối thoại" in resp.text and "Giá trị không hợp lệ" in resp.text
    assert len(_events(session, tid)) == events_before and _fresh(session, tid).progress == 0
    resp = _report_with(client, tid, {f"indicator-{ind.id}": "2", "report-files": (io.BytesIO(PDF), "bien-ban.pdf")},
                        progress="50", note="Đã tổ chức 2 hội nghị")
    assert resp.status_code == 302
    assert _fresh(session, tid).progress == 50
    row = session.scalars(select(IndicatorValue)).one()
    event = _events(session, tid)[-1]
    assert row.task_event_id == event.id and row.attachment is not None and row.attachment.filename == "bien-ban.pdf"
    assert row.note == "Đã tổ chức 2 hội nghị"
    assert "đạt 2/3 hội nghị (66,67%)" in client.get(f"/tasks/{tid}").text
    # a report without values writes none
    assert act(client, tid, "report", progress="60", note="tiếp tục").status_code == 302
    assert len(session.scalars(select(IndicatorValue)).all()) == 1
