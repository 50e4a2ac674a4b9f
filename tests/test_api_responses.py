"""Each API response body is declared once (tracker/views/api/responses.py): the views answer
through the model and the document's schema is generated from it. Here: a real call for
every response model, its JSON validated by a full JSON Schema validator against the served
document; and a limit changed in a model changes both what the API refuses and the document.
"""
from contextlib import contextmanager

import annotated_types as at
import pytest
from sqlalchemy import select

from tests.test_api import API, Api, assert_error, cli_token, directive_id, in_db, unit_id
from tests.test_api_openapi import check
from tests.test_workflow import make_task
from tracker.models import Task
from tracker.timeutil import local_today
from tracker.views.api import openapi
from tracker.views.api import responses as r
from tracker.views.api import schemas as sc

_METHODS = ("get", "post", "put", "patch", "delete")


def _spec(app) -> dict:
    return app.test_client().get(f"{API}/openapi.json").json


def _documented(spec, path: str, method: str, status: int) -> str:
    """The component name of the schema the document gives for this answer."""
    response = spec["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    ref = response["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[1]


def _validate(spec, name: str, body) -> None:
    check(spec, {"$ref": f"#/components/schemas/{name}"}, body, name)


def _response_models_in(spec) -> set[str]:
    names = set()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method not in _METHODS or path == "/openapi.json":
                continue
            for status in op["responses"]:
                names.add(_documented(spec, path, method, int(status)))
    return names


def _calls(app) -> list[tuple[str, str, object]]:
    """(path, method, response) for a real call answered with each response model."""
    thuky, officer = Api(app, cli_token(app, "thuky")), Api(app, cli_token(app, "chiengle.canbo"))
    d2 = directive_id(app, "05-KH/BCĐ")
    own = thuky.get("/me").json["unit"]["id"]
    chiengle = unit_id(app, "chiengle")
    task_id = in_db(app, lambda s: s.scalar(select(Task.id).where(Task.coordinators.any()).order_by(Task.id)))
    t1, t2 = in_db(app, make_task), in_db(app, make_task)
    indicator = thuky.post(f"/directives/{d2}/indicators", {
        "name": "Công trình dân vận khéo", "measure": "count", "aggregation": "sum", "unit_label": "công trình",
        "targets": [{"unit_id": chiengle, "target": 20}]})
    return [
        ("/me", "get", thuky.get("/me")),
        ("/units", "get", thuky.get("/units")),
        ("/units/{unit_id}", "get", thuky.get(f"/units/{own}")),
        ("/directives", "get", thuky.get("/directives")),
        ("/directives/{directive_id}", "get", thuky.get(f"/directives/{d2}")),
        ("/directives", "post", thuky.post("/directives", {
            "kind": "conference", "issued_on": local_today().isoformat(), "issuer_unit_id": own,
            "title": "Kết luận giao ban tháng"})),
        ("/directives/{directive_id}/tasks", "post", thuky.post(f"/directives/{d2}/tasks", {"tasks": [
            {"content": "Báo cáo tháng.", "lead_unit_id": unit_id(app, "TP-CA"), "coordinator_ids": [own],
             "deadline": {"kind": "recurring", "recurrence": "monthly"}}]})),
        ("/tasks", "get", thuky.get("/tasks?per_page=100")),
        ("/tasks/{task_id}", "get", thuky.get(f"/tasks/{task_id}")),
        ("/tasks/{task_id}/actions", "get", officer.get(f"/tasks/{t1}/actions")),
        ("/tasks/{task_id}/actions", "post", officer.post(f"/tasks/{t1}/actions", {"action": "receive", "version": 1})),
        ("/tasks/bulk-actions", "post", officer.post("/tasks/bulk-actions", {
            "action": "receive", "tasks": [{"id": t2, "version": 1}, {"id": t1, "version": 1}]})),
        ("/directives/{directive_id}/indicators", "post", indicator),
        ("/directives/{directive_id}/indicators", "get", thuky.get(f"/directives/{d2}/indicators")),
        ("/indicators/{indicator_id}/values", "post", officer.post(
            f"/indicators/{indicator.json['id']}/values", {"unit_id": chiengle, "value": "13", "note": "nghiệm thu"})),
        ("/indicators/{indicator_id}/values", "get", officer.get(f"/indicators/{indicator.json['id']}/values")),
        ("/reports/units", "get", thuky.get("/reports/units")),
        ("/reports/directives/{directive_id}", "get", thuky.get(f"/reports/directives/{d2}")),
        # errors: with and without fields, from the views, the service and the blueprint
        ("/tasks", "get", thuky.get("/tasks?status=nope")),
        ("/me", "get", app.test_client().get(f"{API}/me")),
        ("/tasks/{task_id}", "get", thuky.get("/tasks/987654")),
        ("/tasks/{task_id}/actions", "post", officer.post(f"/tasks/{t1}/actions", {"action": "receive", "version": 1})),
        ("/directives", "post", officer.post("/directives", {"kind": "conference"})),
        ("/directives", "post", thuky.post("/directives", data="x", headers={"Content-Type": "text/plain"})),
    ]


def test_every_response_model_is_served_as_the_document_says(app):
    spec = _spec(app)
    served = set()
    for path, method, resp in _calls(app):
        where = f"{method.upper()} {path} -> {resp.status_code}"
        assert str(resp.status_code) in spec["paths"][path][method]["responses"], f"{where} is not documented"
        name = _documented(spec, path, method, resp.status_code)
        _validate(spec, name, resp.json)
        served.add(name)
    # Every model an operation answers with was served above; they all live in responses.py.
    assert served == _response_models_in(spec)
    assert all(isinstance(getattr(r, name, None), type) and issubclass(getattr(r, name), r.Out) for name in served)
    assert {"Error", "TaskPage", "TaskDetail", "DirectiveDetail", "Unit", "IndicatorList", "UnitReport"} <= served


def test_a_response_the_document_does_not_describe_is_caught(app):
    """The validator above can fail: a body missing a documented field, or of another type."""
    spec = _spec(app)
    me = Api(app, cli_token(app, "thuky")).get("/me").json
    for broken in ({k: v for k, v in me.items() if k != "permissions"}, {**me, "id": "1"}, {**me, "role": "boss"}):
        with pytest.raises(AssertionError):
            _validate(spec, "Me", broken)


def test_a_view_cannot_serve_a_field_its_model_does_not_declare(app):
    with app.test_request_context():
        me = {"id": 1, "name": "A"}
        assert r.send(r.UserRef, me).json == me
        with pytest.raises(ValueError):
            r.send(r.UserRef, {**me, "email": "a@b.c"})  # undeclared: refused, not silently served
        with pytest.raises(ValueError):
            r.send(r.UserRef, {"id": 1})  # a declared field missing


@contextmanager
def _limit(model, field: str, value: int):
    """The model's max length / maximum of `field` set to `value` for the block, as if edited."""
    info = model.model_fields[field]
    old = list(info.metadata)
    assert any(isinstance(m, (at.MaxLen, at.Le)) for m in old)
    info.metadata[:] = [type(m)(value) if isinstance(m, (at.MaxLen, at.Le)) else m for m in old]
    model.model_rebuild(force=True)
    openapi.forget()  # the document is generated once per process; models do not change at run time
    try:
        yield
    finally:
        info.metadata[:] = old
        model.model_rebuild(force=True)
        openapi.forget()


def _directive(app, title: str) -> dict:
    return {"kind": "conference", "issued_on": local_today().isoformat(),
            "issuer_unit_id": unit_id(app, "TP-BCD"), "title": title}


def test_a_body_limit_changed_in_the_model_changes_the_api_and_the_document(app):
    thuky = Api(app, cli_token(app, "thuky"))
    title_schema = _spec(app)["components"]["schemas"]["DirectiveInput"]["properties"]["title"]
    assert title_schema["maxLength"] == 500
    with _limit(sc.DirectiveInput, "title", 30):
        assert _spec(app)["components"]["schemas"]["DirectiveInput"]["properties"]["title"]["maxLength"] == 30
        body = assert_error(thuky.post("/directives", _directive(app, "x" * 31)), 400, "validation_error")
        assert list(body["fields"]) == ["title"] and "30" in body["fields"]["title"]
        assert thuky.post("/directives", _directive(app, "y" * 30)).status_code == 201
    assert thuky.post("/directives", _directive(app, "x" * 31)).status_code == 201
    assert _spec(app)["components"]["schemas"]["DirectiveInput"]["properties"]["title"]["maxLength"] == 500


def test_a_query_limit_changed_in_the_model_changes_the_api_and_the_document(app):
    app.config["PAGE_CACHE"] = False  # the test changes the model between two requests: a new release
    thuky = Api(app, cli_token(app, "thuky"))

    def per_page_max():
        params = _spec(app)["paths"]["/tasks"]["get"]["parameters"]
        return next(p["schema"]["maximum"] for p in params if p.get("name") == "per_page")

    assert per_page_max() == sc.MAX_PER_PAGE and thuky.get("/tasks?per_page=11").status_code == 200
    with _limit(sc.TaskQuery, "per_page", 10):
        assert per_page_max() == 10
        body = assert_error(thuky.get("/tasks?per_page=11"), 400, "validation_error")
        assert list(body["fields"]) == ["per_page"]
        assert thuky.get("/tasks?per_page=10").json["per_page"] == 10
    assert per_page_max() == sc.MAX_PER_PAGE
