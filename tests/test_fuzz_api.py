"""Property-based fuzzing of every operation in the OpenAPI document (schemathesis).

Schemathesis reads /api/v1/openapi.json from the real app (in process, WSGI) and
generates requests for every operation, both valid ones (positive mode) and ones
that break the schema (negative mode: wrong types, out-of-range numbers, missing
fields, junk strings). Each request is sent as three demo roles with real bearer
tokens from `flask users token`. The property: never a 5xx; a 4xx answer is JSON
with an error code and a message; and every answer whose status the operation documents
conforms to the documented response schema (schemathesis' response_schema_conformance:
the response models of tracker/views/api/responses.py, as the document publishes them).

Bounded: MAX_EXAMPLES per operation, derandomised (the same cases every run, so a
failure reproduces), no example database written.
"""
import re

import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.test_api import API, cli_token

MAX_EXAMPLES = 20
ROLES = ("thuky", "chiengle.canbo", "admin")

# No known 500s remain: far-future deadlines, report dates at the edges of the calendar,
# huge page numbers and very long searches are refused or clamped (tests/test_hardening_data.py).


# --- The fuzzing --------------------------------------------------------------------------

@pytest.fixture
def api_schema(app):
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app)
    schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                    max_examples=MAX_EXAMPLES, deterministic=True, database="none")
    return schema


@pytest.fixture
def tokens(app):
    return {role: cli_token(app, role) for role in ROLES}


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_no_operation_answers_5xx_every_4xx_is_json_and_bodies_match_the_document(case, tokens):
    for role, token in tokens.items():
        resp = case.call(headers={"Authorization": f"Bearer {token}"})
        where = f"{case.method} {case.formatted_path} as {role}: query={case.query!r} body={case.body!r}"
        assert resp.status_code < 500, f"{where} -> {resp.status_code}\n{resp.text[:2000]}"
        if resp.status_code >= 400:
            content_type = (resp.headers.get("content-type") or [""])[0]
            assert content_type.startswith("application/json"), \
                f"{where} -> {resp.status_code} not JSON:\n{resp.text[:500]}"
            body = resp.json()
            assert isinstance(body.get("error"), str) and body["error"], where
            assert isinstance(body.get("message"), str) and body["message"], where
        case.validate_response(resp, checks=[response_schema_conformance])


def test_every_documented_operation_is_fuzzed(app):
    """The parametrised test above covers each operation of the document: none filtered out."""
    loaded = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app)
    ops = {(op.method.upper(), op.path) for op in
           (r.ok() for r in loaded.get_all_operations())}
    spec = app.test_client().get(f"{API}/openapi.json").json
    documented = {(m.upper(), p) for p, item in spec["paths"].items() for m in item
                  if m in ("get", "post", "put", "patch", "delete")}
    # Schemathesis leaves out the operation that serves the document it was loaded from.
    documented.discard(("GET", "/openapi.json"))
    assert ops == documented and len(ops) >= 14


# --- Regressions found by the fuzzing --------------------------------------------------

def test_ids_beyond_32_bits_are_not_found_not_500(app, as_user):
    """On PostgreSQL an id of 2**31 overflowed the integer column: a 500 instead of a 404.
    Every route with an id, pages and API, and the report's ?unit= query."""
    big = 2**31
    api = app.test_client()
    headers = {"Authorization": f"Bearer {cli_token(app, 'thuky')}"}
    client = as_user("admin")
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "<int:" not in rule.rule:
            continue
        url = re.sub(r"<int:\w+>", str(big), rule.rule)
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: {"ext": "csv", "kind": "units"}.get(m.group(1), "x"), url)
        if url.startswith(API):
            resp = api.get(url, headers=headers)
            assert resp.status_code == 404 and resp.json["error"] == "not_found", url
        else:
            assert client.get(url).status_code == 404, url
        checked += 1
    assert checked >= 15
    resp = api.get(f"{API}/reports/units?unit={big}", headers=headers)
    assert resp.status_code == 404 and resp.is_json
    assert client.get(f"/reports/?unit={big}").status_code == 404
    assert client.get(f"/reports/?unit={2**31 - 1}").status_code == 404  # the largest id: a plain miss
    assert client.get(f"/tasks/?unit={big}&directive={big}").status_code < 500
