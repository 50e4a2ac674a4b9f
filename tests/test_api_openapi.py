"""The OpenAPI document describes every /api/v1 route, and real responses match it."""
import re

import jsonschema_rs
import pytest
from sqlalchemy import select

from tests.test_api import API, Api, cli_token, directive_id, in_db, unit_id
from tracker.models import Task

IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def spec(client):
    resp = client.get(f"{API}/openapi.json")  # public: the tokens page links to it
    assert resp.status_code == 200 and resp.is_json
    return resp.json


def _openapi_path(rule: str) -> str:
    """/api/v1/tasks/<int:task_id> -> /tasks/{task_id}"""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule[len(API):])


def _api_rules(app):
    return [r for r in app.url_map.iter_rules() if r.rule.startswith(API + "/")]


def test_document_is_openapi_3_1_with_bearer_security(spec):
    assert spec["openapi"].startswith("3.1")
    assert spec["servers"] == [{"url": API}]
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"]}
    assert spec["security"] == [{"bearerAuth": []}]
    error = spec["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"error", "message"} and "fields" in error["properties"]


def test_every_api_rule_is_documented(app, spec):
    rules = _api_rules(app)
    assert len(rules) >= 9
    for rule in rules:
        path = _openapi_path(rule.rule)
        assert path in spec["paths"], f"{rule.rule} is not in the OpenAPI document"
        for method in rule.methods - IGNORED_METHODS:
            assert method.lower() in spec["paths"][path], f"{method} {rule.rule} is not documented"


def test_nothing_documented_that_does_not_exist(app, spec):
    served = {}
    for rule in _api_rules(app):
        served.setdefault(_openapi_path(rule.rule), set()).update(m.lower() for m in rule.methods - IGNORED_METHODS)
    for path, ops in spec["paths"].items():
        assert path in served, f"{path} is documented but not served"
        assert set(ops) <= served[path], f"{path}: {set(ops) - served[path]} documented but not served"


def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def _resolve(spec, ref: str):
    assert ref.startswith("#/"), ref
    node = spec
    for part in ref[2:].split("/"):
        assert part in node, f"unresolved $ref {ref}"
        node = node[part]
    return node


def test_every_ref_resolves(spec):
    refs = set(_refs(spec))
    assert refs
    for ref in refs:
        _resolve(spec, ref)


def test_operations_declare_path_parameters_errors_and_unique_ids(spec):
    seen = set()
    for path, ops in spec["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for method, op in ops.items():
            assert op["operationId"] not in seen
            seen.add(op["operationId"])
            params = [_resolve(spec, p["$ref"]) if "$ref" in p else p for p in op.get("parameters", [])]
            declared = {p["name"] for p in params if p["in"] == "path"}
            assert declared == names, f"{method} {path}: path parameters {declared} != {names}"
            assert all(p["required"] for p in params if p["in"] == "path")
            if op.get("security") != []:
                assert "401" in op["responses"], f"{method} {path} does not document 401"
            if names:
                assert "404" in op["responses"], f"{method} {path} does not document 404"
            if method == "post":
                assert {"400", "403"} <= set(op["responses"])
                assert "requestBody" in op


def test_task_filter_parameters_match_the_code(spec):
    from tracker.views.api.tasks import FILTER_PARAMS

    documented = {p["name"] for p in spec["paths"]["/tasks"]["get"]["parameters"] if "name" in p}
    assert set(FILTER_PARAMS) <= documented


# --- responses against the schemas --------------------------------------------------------

def check(spec, schema, value, where="$"):
    """`value` against `schema` (refs into the document's components) with a full JSON Schema
    2020-12 validator, formats (date, date-time) included."""
    root = {**schema, "components": spec["components"]}
    validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
    errors = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(value)]
    assert not errors, f"{where}: {errors[:5]}"


def _response_schema(spec, path, method, status):
    response = spec["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = _resolve(spec, response["$ref"])
    return response["content"]["application/json"]["schema"]


def test_real_responses_match_the_documented_schemas(app, spec):
    api = Api(app, cli_token(app, "thuky"))
    task_id = in_db(app, lambda s: s.scalar(select(Task.id).where(Task.coordinators.any()).order_by(Task.id)))
    d2 = directive_id(app, "05-KH/BCĐ")
    own_unit = api.get("/me").json["unit"]["id"]
    cases = [
        ("/me", "get", api.get("/me")),
        ("/units", "get", api.get("/units")),
        ("/units/{unit_id}", "get", api.get(f"/units/{own_unit}")),
        ("/directives", "get", api.get("/directives")),
        ("/directives/{directive_id}", "get", api.get(f"/directives/{d2}")),
        ("/tasks", "get", api.get("/tasks?per_page=100")),
        ("/tasks/{task_id}", "get", api.get(f"/tasks/{task_id}")),
        ("/directives", "post", api.post("/directives", {
            "kind": "conference", "issued_on": "2026-01-05", "issuer_unit_id": own_unit,
            "title": "Kết luận giao ban tháng 1"})),
        ("/directives/{directive_id}/tasks", "post", api.post(f"/directives/{d2}/tasks", {"tasks": [
            {"content": "Báo cáo tháng.", "lead_unit_id": unit_id(app, "TP-CA"), "coordinator_ids": [own_unit],
             "deadline": {"kind": "recurring", "recurrence": "monthly"}}]})),
        # errors
        ("/tasks", "get", api.get("/tasks?status=nope")),
        ("/tasks/{task_id}", "get", api.get("/tasks/987654")),
        ("/me", "get", app.test_client().get(f"{API}/me")),
        ("/directives", "post", api.post("/directives", {"kind": "document", "symbol": "zz"})),
        ("/directives/{directive_id}/tasks", "post",
         Api(app, cli_token(app, "giamsat")).post(f"/directives/{d2}/tasks", {"tasks": []})),
    ]
    for path, method, resp in cases:
        assert str(resp.status_code) in spec["paths"][path][method]["responses"], \
            f"{method} {path} answered {resp.status_code}, which is not documented"
        check(spec, _response_schema(spec, path, method, resp.status_code), resp.json, f"{method} {path}")
