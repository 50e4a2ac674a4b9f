"""Indicators over the API with real tokens: read figures and history, report a value;
answers match the OpenAPI document; bad input is a 4xx JSON, never a 500."""
from datetime import timedelta

from sqlalchemy import select

from tests.test_api import Api, assert_error, cli_token
from tests.test_api_openapi import _response_schema, check
from tracker.models import Directive, Unit, User
from tracker.services.indicators import IndicatorInput, define_indicator
from tracker.timeutil import local_today


def _define(session, **over):
    d = session.scalars(select(Directive).where(Directive.symbol == "05-KH/BCĐ")).one()
    thuky = session.scalars(select(User).where(User.email == "thuky@sonla.demo")).one()
    wards = [session.scalars(select(Unit).where(Unit.code == c)).one() for c in ("chiengle", "tohieu")]
    inp = IndicatorInput(name="Công trình dân vận khéo", measure="count", direction="higher", aggregation="sum",
                         unit_label="công trình", total="27", unit_ids=[w.id for w in wards])
    for k, v in over.items():
        setattr(inp, k, v)
    ind = define_indicator(session, thuky, d, inp)
    return ind.id, d.id, [w.id for w in wards]


def test_report_and_read_back_through_the_api(app, session, client):
    ind_id, d_id, (chiengle, tohieu) = _define(session)
    spec = client.get("/api/v1/openapi.json").json
    ward = Api(app, cli_token(app, "chiengle.canbo"))
    resp = ward.post(f"/indicators/{ind_id}/values", {"unit_id": chiengle, "value": "13", "note": "nghiệm thu"})
    assert resp.status_code == 201, resp.json
    check(spec, _response_schema(spec, "/indicators/{indicator_id}/values", "post", 201), resp.json, "post")
    Api(app, cli_token(app, "tohieu.lanhdao")).post(f"/indicators/{ind_id}/values", {"unit_id": tohieu, "value": 13})

    thuky = Api(app, cli_token(app, "thuky"))
    body = thuky.get(f"/directives/{d_id}/indicators").json
    check(spec, _response_schema(spec, "/directives/{directive_id}/indicators", "get", 200), body, "get")
    (item,) = body["items"]
    assert item["figure"]["phrase"] == "đạt 26/27 công trình (96,30%)"
    assert item["figure"]["achieved"] == "26.00" and item["figure"]["rate"] == "96.30"
    # as of yesterday nothing had been reported
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    past = thuky.get(f"/directives/{d_id}/indicators?as_of={yesterday}").json["items"][0]
    assert past["figure"]["achieved"] is None and past["figure"]["phrase"].startswith("chưa có số liệu")
    history = thuky.get(f"/indicators/{ind_id}/values").json["items"]
    assert [h["value"] for h in history] == ["13.00", "13.00"] and history[0]["note"] == "nghiệm thu"


def test_api_refusals_are_json(app, session):
    ind_id, d_id, (chiengle, tohieu) = _define(session)
    ward = Api(app, cli_token(app, "chiengle.canbo"))
    assert_error(ward.post(f"/indicators/{ind_id}/values", {"unit_id": tohieu, "value": "1"}), 403)
    assert_error(ward.post(f"/indicators/{ind_id}/values", {"unit_id": chiengle, "value": "abc"}), 400)
    assert_error(ward.post(f"/indicators/{ind_id}/values", {"unit_id": chiengle, "value": True}), 400)
    assert_error(ward.post(f"/indicators/{ind_id}/values", {"unit_id": chiengle}), 400)
    future = (local_today() + timedelta(days=3)).isoformat()
    resp = ward.post(f"/indicators/{ind_id}/values", {"unit_id": chiengle, "value": 1, "reported_on": future})
    assert_error(resp, 400)
    assert "reported_on" in resp.json["fields"]
    assert_error(ward.post(f"/indicators/{ind_id}/values", data="x", headers={"Content-Type": "text/plain"}), 415)
    assert_error(ward.get(f"/directives/{d_id}/indicators?as_of=31/12/2026"), 400)
    assert_error(ward.get("/indicators/987654/values"), 404)
    # a body that cannot see the directive gets a 404, not the figures
    tinh = Api(app, cli_token(app, "tinh.thuky"))
    assert_error(tinh.get(f"/directives/{d_id}/indicators"), 404)
    assert_error(tinh.get(f"/indicators/{ind_id}/values"), 404)
    assert ward.get(f"/indicators/{ind_id}/values").json["items"] == []


def test_define_an_indicator_with_targets_per_unit_through_the_api(app, session, client):
    d = session.scalars(select(Directive).where(Directive.symbol == "05-KH/BCĐ")).one()
    chiengle, tohieu = [session.scalars(select(Unit).where(Unit.code == c)).one().id for c in ("chiengle", "tohieu")]
    spec = client.get("/api/v1/openapi.json").json
    thuky = Api(app, cli_token(app, "thuky"))
    body = {"name": "Công trình dân vận khéo", "measure": "count", "aggregation": "sum", "unit_label": "công trình",
            "targets": [{"unit_id": chiengle, "target": 20}, {"unit_id": tohieu, "target": "7"}]}
    resp = thuky.post(f"/directives/{d.id}/indicators", body)
    assert resp.status_code == 201, resp.json
    check(spec, _response_schema(spec, "/directives/{directive_id}/indicators", "post", 201), resp.json, "post")
    assert {u["unit_id"]: u["target"] for u in resp.json["units"]} == {chiengle: "20.00", tohieu: "7.00"}
    assert resp.json["figure"]["target"] == "27.00"
    # One figure split over the units (a sum): 27 over 2 = 14 + 13.
    split = thuky.post(f"/directives/{d.id}/indicators", dict(body, targets=None, total="27",
                                                              unit_ids=[chiengle, tohieu])).json
    assert sorted(u["target"] for u in split["units"]) == ["13.00", "14.00"]
    listed = thuky.get(f"/directives/{d.id}/indicators").json["items"]
    assert len(listed) == 2
    # Refusals: a ward may not define; bad bodies are 400 JSON; nothing more written.
    assert_error(Api(app, cli_token(app, "chiengle.canbo")).post(f"/directives/{d.id}/indicators", body), 403)
    assert_error(thuky.post(f"/directives/{d.id}/indicators", dict(body, measure="weight")), 400)
    assert_error(thuky.post(f"/directives/{d.id}/indicators", dict(body, targets=[])), 400)
    assert_error(thuky.post(f"/directives/{d.id}/indicators",
                            dict(body, targets=[{"unit_id": chiengle, "target": "abc"}])), 400)
    assert_error(thuky.post(f"/directives/{d.id}/indicators",
                            dict(body, targets=[{"unit_id": chiengle, "target": 1}] * 2)), 400)
    assert_error(thuky.post(f"/directives/{d.id}/indicators", dict(body, name="")), 400)
    assert_error(thuky.post("/directives/987654/indicators", body), 404)
    assert len(thuky.get(f"/directives/{d.id}/indicators").json["items"]) == 2
