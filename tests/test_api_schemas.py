"""The API's request bodies are declared once (tracker/views/api/schemas.py): the limit a
client reads in the OpenAPI document is the limit the API enforces. And the API's user
comes from its token alone, whatever cookies the client also sends."""
import pytest
from sqlalchemy import select, update

from tests.conftest import csrf_from, demo_email
from tests.test_api import API, Api, assert_error, cli_token, directive_id, in_db, unit_id
from tracker.models import User
from tracker.services.demo import DEMO_PASSWORD
from tracker.timeutil import local_today


@pytest.fixture
def api(app):
    return lambda local: Api(app, cli_token(app, local))


def _spec(client) -> dict:
    return client.get(f"{API}/openapi.json").json


def _directive(app, **kw):
    data = {"kind": "conference", "issued_on": local_today().isoformat(),
            "issuer_unit_id": unit_id(app, "TP-BCD"), "title": "Kết luận giao ban"}
    data.update(kw)
    return data


@pytest.mark.parametrize("field", ["title", "signer", "symbol"])
def test_documented_text_limit_is_the_enforced_one(app, client, api, field):
    schema = _spec(client)["components"]["schemas"]["DirectiveInput"]["properties"][field]
    limit = next(s["maxLength"] for s in [schema, *schema.get("anyOf", [])] if "maxLength" in s)
    body = assert_error(api("thuky").post("/directives", _directive(app, **{field: "x" * (limit + 1)})),
                        400, "validation_error")
    assert list(body["fields"]) == [field] and str(limit) in body["fields"][field]


def test_documented_list_limits_are_the_enforced_ones(app, client, api):
    schemas = _spec(client)["components"]["schemas"]
    bulk_max = schemas["BulkActionInput"]["properties"]["tasks"]["maxItems"]
    assign_max = schemas["AssignRequest"]["properties"]["tasks"]["maxItems"]
    assert schemas["AssignRequest"]["properties"]["tasks"]["items"] == {"$ref": "#/components/schemas/TaskAssignment"}
    client_ = api("thuky")
    too_many = [{"id": 1, "version": 1}] * (bulk_max + 1)
    assert "tasks" in assert_error(client_.post("/tasks/bulk-actions", {"action": "receive", "tasks": too_many}),
                                   400, "validation_error")["fields"]
    d2 = directive_id(app, "05-KH/BCĐ")
    item = {"content": "Việc", "lead_unit_id": unit_id(app, "TP-CA"), "deadline": {"kind": "none"}}
    assert "tasks" in assert_error(client_.post(f"/directives/{d2}/tasks", {"tasks": [item] * (assign_max + 1)}),
                                   400, "validation_error")["fields"]


def test_every_problem_of_a_body_is_named_with_its_path(app, api):
    body = assert_error(api("thuky").post("/tasks/bulk-actions", {
        "action": "split", "note": 5, "tasks": [{"id": 0, "version": 1}, {"id": 3}, "x"]}), 400, "validation_error")
    assert set(body["fields"]) == {"action", "note", "tasks[0].id", "tasks[1].version", "tasks[2]"}


def test_english_messages_for_a_user_who_chose_english(app, api):
    def set_locale(s):
        s.execute(update(User).where(User.email == demo_email("thuky")).values(locale="en"))
        s.commit()
    in_db(app, set_locale)
    client = api("thuky")
    resp = client.post("/directives", _directive(app, title="x" * 501))
    assert resp.headers["Content-Language"] == "en"
    assert resp.json["fields"]["title"] == "Longer than 500 characters."
    assert client.get("/me?lang=vi").headers["Content-Language"] == "vi"


def test_the_token_decides_even_with_a_remembered_browser_login(app):
    browser = app.test_client()
    page = browser.get("/login")
    resp = browser.post("/login", data={"email": demo_email("thuky"), "password": DEMO_PASSWORD,
                                        "remember": "y", "csrf_token": csrf_from(page.text)})
    assert resp.status_code == 302 and browser.get_cookie("remember_token") is not None
    # the same browser, a script sending another user's token
    me = browser.get(f"{API}/me", headers={"Authorization": f"Bearer {cli_token(app, 'tohieu.canbo')}"})
    assert me.status_code == 200 and me.json["email"] == demo_email("tohieu.canbo")
    assert "Set-Cookie" not in me.headers
    # cookies alone name nobody, and the browser's page login is untouched
    assert_error(browser.get(f"{API}/me"), 401, "unauthorized")
    assert browser.get("/home").status_code == 200
    # a remembered cookie alone (new browser, no session) does not open the API either
    other = app.test_client()
    other.set_cookie("remember_token", browser.get_cookie("remember_token").value)
    assert_error(other.get(f"{API}/me"), 401, "unauthorized")
    assert in_db(app, lambda s: s.scalar(select(User.id).where(User.email == demo_email("thuky")))) is not None
    assert Api(app, cli_token(app, "thuky")).get("/me").json["email"] == demo_email("thuky")


def test_documented_query_limits_are_the_enforced_ones(client, api):
    params = {p["name"]: p["schema"] for p in _spec(client)["paths"]["/tasks"]["get"]["parameters"] if "name" in p}
    most, longest = params["per_page"]["maximum"], params["q"]["maxLength"]
    thuky = api("thuky")
    assert thuky.get(f"/tasks?per_page={most}").json["per_page"] == most
    assert set(assert_error(thuky.get(f"/tasks?per_page={most + 1}&q={'a' * (longest + 1)}"), 400,
                            "validation_error")["fields"]) == {"per_page", "q"}
    assert "lead, coordinating" in assert_error(thuky.get("/tasks?role=boss"), 400)["fields"]["role"]
