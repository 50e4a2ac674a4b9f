"""Indicators through the real pages, with the demo users: the secretariat defines one on a
directive (split across wards), ward officers report values, a value is corrected with a
reason; the directive page, the progress page and the task page show the phrasing."""
import re
from datetime import timedelta

from sqlalchemy import select

from tests.conftest import csrf_from, post_form
from tracker.models import Directive, Indicator, IndicatorValue, Task, Unit
from tracker.timeutil import local_today


def _logout(client):
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/home").text)})


def _plan(session):
    return session.scalars(select(Directive).where(Directive.symbol == "05-KH/BCĐ")).one()


def _unit(session, code):
    return session.scalars(select(Unit).where(Unit.code == code)).one()


def _define(client, directive_id, units, **over):
    data = {"name": "Công trình dân vận khéo", "measure": "count", "unit_label": "công trình",
            "direction": "higher", "aggregation": "sum", "total": "27", "units": [str(u) for u in units]}
    data.update(over)
    url = f"/directives/{directive_id}/indicators/new"
    return post_form(client, url, data)


def _report(client, indicator_id, unit_id, value, on=None, note=""):
    on = on or local_today()
    return post_form(client, f"/indicators/{indicator_id}/values",
                     {"unit_id": str(unit_id), "value": value, "reported_on": on.strftime("%d/%m/%Y"), "note": note},
                     form_page=f"/indicators/{indicator_id}")


def test_secretariat_defines_wards_report_and_the_directive_shows_the_phrasing(as_user, client, session):
    d = _plan(session)
    wards = [_unit(session, c) for c in ("chiengle", "tohieu", "quyetthang", "chiengco")]
    as_user("thuky")
    page = client.get(f"/directives/{d.id}")
    assert 'id="define-indicator"' in page.text
    resp = _define(client, d.id, [w.id for w in wards])
    assert resp.status_code == 302
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    assert sorted(t.target for t in ind.targets) == [6, 7, 7, 7]       # 27 split across 4 wards
    page = client.get(f"/directives/{d.id}")
    assert "chưa có số liệu (chỉ tiêu 27 công trình)" in page.text
    _logout(client)

    as_user("chiengle.canbo")
    assert _report(client, ind.id, wards[0].id, "7", note="Biên bản nghiệm thu").status_code == 302
    _logout(client)
    as_user("tohieu.lanhdao")
    assert _report(client, ind.id, wards[1].id, "6").status_code == 302
    # Tô Hiệu may not report for Chiềng Lề
    assert _report(client, ind.id, wards[0].id, "9").status_code == 403
    _logout(client)

    as_user("thuky")
    page = client.get(f"/directives/{d.id}")
    assert "đạt 13/27 công trình (48,15%)" in page.text
    progress = client.get(f"/reports/directives/{d.id}")
    assert "đạt 13/27 công trình (48,15%)" in progress.text


def test_bad_values_re_display_with_a_vietnamese_message(as_user, client, session):
    d = _plan(session)
    ward = _unit(session, "chiengle")
    as_user("thuky")
    assert _define(client, d.id, [ward.id], total="abc").status_code == 400
    resp = _define(client, d.id, [ward.id], name="")
    assert resp.status_code == 400 and "Vui lòng nhập tên chỉ tiêu." in resp.text
    resp = _define(client, d.id, [], total="10")
    assert resp.status_code == 400 and "Vui lòng chọn ít nhất một đơn vị" in resp.text
    assert _define(client, d.id, ["999999"]).status_code == 400
    assert _define(client, d.id, [ward.id], measure="percent", total="120").status_code == 400
    assert _define(client, d.id, [ward.id]).status_code == 302
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    _logout(client)
    as_user("chiengle.canbo")
    resp = _report(client, ind.id, ward.id, "mười")
    assert resp.status_code == 400 and "Giá trị không hợp lệ" in resp.text
    resp = _report(client, ind.id, ward.id, "-1")
    assert resp.status_code == 400 and "Giá trị không được âm." in resp.text
    resp = _report(client, ind.id, ward.id, "3", on=local_today() + timedelta(days=1))
    assert resp.status_code == 400 and "Ngày báo cáo không được sau hôm nay." in resp.text
    resp = post_form(client, f"/indicators/{ind.id}/values", {"unit_id": str(ward.id), "value": "3",
                     "reported_on": "31/02/2026"}, form_page=f"/indicators/{ind.id}")
    assert resp.status_code == 400 and "dd/mm/yyyy" in resp.text
    session.expire_all()
    assert session.scalars(select(IndicatorValue)).all() == []


def test_who_may_define_and_report(as_user, client, session):
    d = _plan(session)
    ward = _unit(session, "chiengle")
    as_user("chiengle.canbo")
    assert 'id="define-indicator"' not in client.get(f"/directives/{d.id}").text
    assert client.get(f"/directives/{d.id}/indicators/new").status_code == 403
    _logout(client)
    as_user("thuky")
    _define(client, d.id, [ward.id])
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    _logout(client)
    as_user("giamsat")   # viewer: sees, may not report
    page = client.get(f"/indicators/{ind.id}")
    assert page.status_code == 200 and 'id="report-form"' not in page.text
    _logout(client)
    as_user("huala.canbo")   # a commune with no target
    page = client.get(f"/indicators/{ind.id}")
    assert 'id="report-form"' not in page.text
    assert _report(client, ind.id, ward.id, "1").status_code in (400, 403)
    _logout(client)
    # a unit that cannot see the directive does not see its indicator
    as_user("tinh.thuky")
    assert client.get(f"/indicators/{ind.id}").status_code == 404


def test_a_correction_replaces_the_value_and_keeps_history(as_user, client, session):
    d = _plan(session)
    ward = _unit(session, "chiengle")
    as_user("thuky")
    _define(client, d.id, [ward.id], total="7")
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    _logout(client)
    as_user("chiengle.canbo")
    _report(client, ind.id, ward.id, "5")
    row = session.scalars(select(IndicatorValue)).one()
    url = f"/indicators/values/{row.id}/correct"
    resp = post_form(client, url, {"value": "4", "reason": ""})
    assert resp.status_code == 400 and "Vui lòng nêu lý do điều chỉnh." in resp.text
    assert post_form(client, url, {"value": "4", "reason": "Đếm trùng một công trình"}).status_code == 302
    page = client.get(f"/indicators/{ind.id}")
    assert "đạt 4/7 công trình (57,14%)" in page.text
    assert "Đếm trùng một công trình" in page.text
    assert page.text.count("data-value-id=") == 2          # both rows kept
    # the corrected row cannot be corrected twice
    assert post_form(client, url, {"value": "3", "reason": "lần nữa"}, form_page=url).status_code == 400


def test_units_reaching_target_and_the_task_page_form(as_user, client, session):
    d = _plan(session)
    wards = [_unit(session, c) for c in ("chiengle", "tohieu")]
    as_user("thuky")
    _define(client, d.id, [w.id for w in wards], name="Tỷ lệ hồ sơ công khai", measure="percent",
            unit_label="xã, phường", aggregation="reached", total="100")
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    assert [t.target for t in ind.targets] == [100, 100]
    _logout(client)
    task = session.scalars(select(Task).where(Task.directive_id == d.id, Task.lead_unit_id == wards[0].id)).first()
    as_user("chiengle.canbo")
    # a task indicator is defined by the assigning body only
    assert client.get(f"/tasks/{task.id}/indicators/new").status_code == 403
    _report(client, ind.id, wards[0].id, "100")
    _logout(client)
    as_user("tohieu.canbo")
    _report(client, ind.id, wards[1].id, "95,5")
    _logout(client)
    as_user("thuky")
    assert "1/2 xã, phường đạt" in client.get(f"/directives/{d.id}").text
    resp = post_form(client, f"/tasks/{task.id}/indicators/new",
                     {"name": "Hội nghị đối thoại", "measure": "count", "unit_label": "hội nghị",
                      "direction": "higher", "aggregation": "sum", "total": "2", "units": [str(wards[0].id)]})
    assert resp.status_code == 302
    _logout(client)
    as_user("chiengle.canbo")
    page = client.get(f"/tasks/{task.id}")
    assert "Hội nghị đối thoại" in page.text and "indicator-report" in page.text
    tind = session.scalars(select(Indicator).where(Indicator.task_id == task.id)).one()
    resp = post_form(client, f"/indicators/{tind.id}/values",
                     {"unit_id": str(wards[0].id), "value": "1", "reported_on": local_today().strftime("%d/%m/%Y"),
                      "next_url": f"/tasks/{task.id}"}, form_page=f"/tasks/{task.id}")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/tasks/{task.id}")
    assert "đạt 1/2 hội nghị (50,00%)" in client.get(f"/tasks/{task.id}").text


def test_public_directive_page_shows_indicator_figures_only(as_user, client, session, app):
    d = _plan(session)
    ward = _unit(session, "chiengle")
    as_user("thuky")
    _define(client, d.id, [ward.id], total="7")
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    page = client.get(f"/directives/{d.id}")
    assert post_form(client, f"/directives/{d.id}/publish", {}, form_page=f"/directives/{d.id}").status_code == 302
    _logout(client)
    as_user("chiengle.canbo")
    _report(client, ind.id, ward.id, "5", note="Biên bản nội bộ số 12")
    _logout(client)
    public = app.test_client().get(f"/cong-khai/van-ban/{d.id}")
    assert public.status_code == 200, public.status_code
    text = public.text
    assert "Công trình dân vận khéo" in text and "đạt 5/7 công trình (71,43%)" in text
    assert "Biên bản nội bộ số 12" not in text and "Cán bộ Chiềng Lề" not in text
    assert page.status_code == 200


def test_define_page_splits_the_total_per_unit_and_takes_edited_targets(as_user, client, session):
    d = _plan(session)
    wards = [_unit(session, c) for c in ("chiengle", "tohieu", "quyetthang", "chiengco")]
    as_user("thuky")
    base = {"name": "Công trình dân vận khéo", "measure": "count", "unit_label": "công trình",
            "direction": "higher", "aggregation": "sum", "total": "27", "units": [str(w.id) for w in wards]}
    url = f"/directives/{d.id}/indicators/new"
    # "Chia chỉ tiêu theo đơn vị": the table, prefilled with 7, 7, 7, 6; nothing saved yet.
    page = post_form(client, url, dict(base, split="1"))
    assert page.status_code == 200 and 'id="unit-targets"' in page.text
    shown = {w.id: re.search(rf'name="target-{w.id}" value="([^"]*)"', page.text).group(1) for w in wards}
    assert sorted(shown.values()) == ["6", "7", "7", "7"]
    assert session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).all() == []
    # Edited: 10 for Chiềng Lề, 5 each elsewhere.
    edited = {f"target-{w.id}": ("10" if w.code == "chiengle" else "5") for w in wards}
    resp = post_form(client, url, dict(base, **edited))
    assert resp.status_code == 302
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    assert {t.unit_id: int(t.target) for t in ind.targets} == {w.id: (10 if w.code == "chiengle" else 5)
                                                               for w in wards}
    assert "chưa có số liệu (chỉ tiêu 25 công trình)" in client.get(f"/directives/{d.id}").text
    # A bad per-unit figure re-displays the table with the message; nothing more saved.
    bad = dict(edited, **{f"target-{wards[0].id}": "abc"})
    resp = post_form(client, url, dict(base, name="Khác", **bad))
    assert resp.status_code == 400 and 'id="unit-targets"' in resp.text and "Giá trị không hợp lệ" in resp.text
    assert len(session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).all()) == 1


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_standalone_report_carries_an_evidence_file(app, as_user, client, session):
    import io

    from tracker.models import Attachment

    d = _plan(session)
    ward = _unit(session, "chiengle")
    as_user("thuky")
    assert _define(client, d.id, [ward.id], total="5").status_code == 302
    ind = session.scalars(select(Indicator).where(Indicator.directive_id == d.id)).one()
    _logout(client)
    as_user("chiengle.canbo")
    page = client.get(f"/indicators/{ind.id}")
    assert 'enctype="multipart/form-data"' in page.text and 'name="evidence"' in page.text
    data = {"csrf_token": csrf_from(page.text), "unit_id": str(ward.id), "value": "3",
            "reported_on": local_today().strftime("%d/%m/%Y"), "note": "Nghiệm thu đợt 1"}
    # A file that is not an accepted type: refused with the message, nothing written.
    bad = client.post(f"/indicators/{ind.id}/values", data=dict(data, evidence=(io.BytesIO(b"MZ\x90\x00 not a pdf"),
                                                                                "bien-ban.exe")),
                      content_type="multipart/form-data")
    assert bad.status_code == 400 and "không phải định dạng được chấp nhận" in bad.text
    assert session.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id == ind.id)).all() == []
    ok = client.post(f"/indicators/{ind.id}/values", data=dict(data, evidence=(io.BytesIO(PDF), "bien-ban-nt.pdf")),
                     content_type="multipart/form-data")
    assert ok.status_code == 302
    row = session.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id == ind.id)).one()
    att = session.get(Attachment, row.attachment_id)
    assert att.filename == "bien-ban-nt.pdf" and att.content_type == "application/pdf"
    # Not a directive document; downloadable from the indicator's history by who sees it.
    assert "bien-ban-nt.pdf" not in client.get(f"/directives/{d.id}").text.split('id="indicators"')[0]
    detail = client.get(f"/indicators/{ind.id}").text
    assert f"/indicators/values/{row.id}/evidence" in detail
    got = client.get(f"/indicators/values/{row.id}/evidence")
    assert got.status_code == 200 and got.data == PDF and got.headers["Content-Disposition"].startswith("attachment")
    _logout(client)
    as_user("tinh.thuky")  # cannot see the directive
    assert client.get(f"/indicators/values/{row.id}/evidence").status_code == 404
