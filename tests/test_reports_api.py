"""/api/v1/reports: the dashboard's figures as JSON, documented in the OpenAPI document."""
from datetime import date

from sqlalchemy import select

from tests.test_api import API, Api, cli_token, directive_id
from tests.test_api_openapi import _response_schema, check
from tracker.domain.reports import Period
from tracker.extensions import db
from tracker.models import User
from tracker.queries import reports as q
from tracker.timeutil import local_today


def test_unit_report_matches_the_query_and_the_schema(app):
    api = Api(app, cli_token(app, "thuky"))
    spec = app.test_client().get(f"{API}/openapi.json").json
    resp = api.get("/reports/units?kind=custom&start=01/01/2022&end=2030-12-31")
    assert resp.status_code == 200
    check(spec, _response_schema(spec, "/reports/units", "get", 200), resp.json, "reports/units")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
        period = Period.custom(date(2022, 1, 1), date(2030, 12, 31))
        rep = q.unit_report(db.session, user, period=period, as_of=period.default_as_of(local_today()),
                            root=q.default_root(db.session, user))
        assert resp.json["total"]["total"] == rep.total.total
        assert sorted(r["unit"]["id"] for r in resp.json["rows"]) == sorted(r.unit.id for r in rep.rows)
        on_time = {r.unit.id: r.counts.on_time for r in rep.rows}
        assert all(r["counts"]["on_time"] == on_time[r["unit"]["id"]] for r in resp.json["rows"])
    # Rows come in rank order, the units not ranked after them, as on the page.
    ranked = [r for r in resp.json["rows"] if not r["direct"]]
    flags = [r["ranked"] for r in ranked]
    assert flags == sorted(flags, reverse=True)
    ranks = [r["rank"] for r in ranked if r["ranked"]]
    assert ranks == sorted(ranks)
    assert all(r["rank"] is None and r["counts"]["due"] == 0 for r in ranked if not r["ranked"])

    bad = api.get("/reports/units?kind=week")
    assert bad.status_code == 400 and "kind" in bad.json["fields"]
    check(spec, _response_schema(spec, "/reports/units", "get", 400), bad.json, "reports/units 400")


def test_directive_progress_and_scoping(app):
    api = Api(app, cli_token(app, "thuky"))
    spec = app.test_client().get(f"{API}/openapi.json").json
    d = directive_id(app, "25-TB/BCĐ")
    resp = api.get(f"/reports/directives/{d}")
    assert resp.status_code == 200 and resp.json["total"] >= resp.json["completed"]
    check(spec, _response_schema(spec, "/reports/directives/{directive_id}", "get", 200), resp.json, "progress")
    ward = Api(app, cli_token(app, "congan.lanhdao"))
    with app.app_context():
        other_root = db.session.scalar(select(User).where(User.email == "thuky@sonla.demo")).unit_id
    assert ward.get(f"/reports/units?unit={other_root}").status_code == 404
    assert ward.get("/reports/directives/987654").status_code == 404
