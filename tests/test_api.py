"""The JSON API under /api/v1: tokens, scoping, permissions, validation, errors."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, or_, select

from tests.conftest import demo_email, post_form
from tracker.extensions import db
from tracker.models import ApiToken, Directive, Task, Unit, User, task_coordinators
from tracker.timeutil import local_today

API = "/api/v1"


# --- helpers ---------------------------------------------------------------------------

def in_db(app, fn):
    """Run fn(session) in an app context of its own (not shared with the requests)."""
    with app.app_context():
        return fn(db.session)


def unit_id(app, code: str) -> int:
    return in_db(app, lambda s: s.scalar(select(Unit.id).where(Unit.code == code)))


def task_count(app) -> int:
    return in_db(app, lambda s: s.scalar(select(func.count(Task.id))))


def directive_id(app, symbol: str) -> int:
    return in_db(app, lambda s: s.scalar(select(Directive.id).where(Directive.symbol == symbol)))


def cli_token(app, local: str) -> str:
    result = app.test_cli_runner().invoke(args=["users", "token", demo_email(local)])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert token.startswith("dt_")
    return token


class Api:
    """A test client that sends one user's bearer token and no cookies of its own."""

    def __init__(self, app, token: str):
        self.client = app.test_client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path, **kw):
        return self.client.get(API + path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def post(self, path, json=None, **kw):
        return self.client.post(API + path, json=json, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def all_tasks(self, query: str = "") -> list[dict]:
        items, page = [], 1
        while True:
            body = self.get(f"/tasks?per_page=100&page={page}{query}").json
            items += body["items"]
            if page >= body["pages"]:
                assert len(items) == body["total"]
                return items
            page += 1


@pytest.fixture
def api(app):
    """api("thuky") -> an Api client holding a token made with `flask users token`."""
    return lambda local: Api(app, cli_token(app, local))


def assert_error(resp, status: int, code: str | None = None):
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.is_json
    body = resp.json
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["message"], str) and body["message"]
    if code:
        assert body["error"] == code
    return body


def _item(content="Báo cáo kết quả rà soát.", **kw):
    item = {"content": content, "deadline": {"kind": "none"}}
    item.update(kw)
    return item


# --- tokens ----------------------------------------------------------------------------

def test_token_from_cli_authenticates(api):
    resp = api("thuky").get("/me")
    assert resp.status_code == 200
    me = resp.json
    assert me["email"] == demo_email("thuky")
    assert me["role"] == "secretariat"
    assert me["unit"]["code"] == "TP-BCD"
    assert "assign_task" in me["permissions"]
    assert resp.headers["Cache-Control"] == "no-store"


def test_token_from_account_page_authenticates(app, client, as_user):
    as_user("congan.canbo")
    page = post_form(client, "/account/tokens", {"name": "Đồng bộ Excel"})
    assert page.status_code == 200
    token = re.search(r'id="new-token"[^>]*>([^<]+)<', page.text).group(1)
    me = Api(app, token).get("/me")
    assert me.status_code == 200 and me.json["email"] == demo_email("congan.canbo")


def test_missing_token_is_401_with_challenge(client):
    resp = client.get(f"{API}/tasks")
    body = assert_error(resp, 401, "unauthorized")
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Bearer" in body["message"]


@pytest.mark.parametrize("header", [
    "Bearer dt_not-a-real-token",
    "Bearer nonsense",
    "Bearer ",
    "Basic dGh1a3k6ZGVtby0yMDI2IQ==",
    "Bearer " + "x" * 5000,
])
def test_invalid_token_is_401(client, header):
    resp = client.get(f"{API}/me", headers={"Authorization": header})
    assert_error(resp, 401, "unauthorized")
    assert 'error="invalid_token"' in resp.headers["WWW-Authenticate"]


def test_revoked_token_is_401(app, client, as_user):
    as_user("thuky")
    page = post_form(client, "/account/tokens", {"name": "tạm"})
    token = re.search(r'id="new-token"[^>]*>([^<]+)<', page.text).group(1)
    api = Api(app, token)
    assert api.get("/me").status_code == 200
    token_id = in_db(app, lambda s: s.scalar(select(ApiToken.id).where(ApiToken.prefix == token[:10])))
    post_form(client, f"/account/tokens/{token_id}/revoke", {}, form_page="/account/tokens")
    assert in_db(app, lambda s: s.get(ApiToken, token_id).revoked_at) is not None
    assert_error(api.get("/me"), 401, "unauthorized")


def test_token_of_deactivated_user_is_401(app, api):
    client = api("congan.canbo")

    def deactivate(s):
        s.scalar(select(User).where(User.email == demo_email("congan.canbo"))).is_active_flag = False
        s.commit()
    in_db(app, deactivate)
    assert_error(client.get("/me"), 401)


def test_session_cookie_does_not_authenticate_the_api(client, as_user):
    as_user("thuky")
    assert client.get("/home").status_code == 200  # logged in for pages
    assert_error(client.get(f"{API}/me"), 401, "unauthorized")
    # and a cookie-only POST is refused before anything is written (no CSRF needed: no cookie auth)
    assert_error(client.post(f"{API}/directives", json={}), 401)


def test_token_marks_last_use(app, api):
    client = api("thuky")
    client.get("/me")
    used = in_db(app, lambda s: s.scalar(select(ApiToken.last_used_at).order_by(ApiToken.id.desc())))
    assert used is not None


# --- language --------------------------------------------------------------------------

def test_messages_default_to_vietnamese_and_honour_english_requests(client, api):
    resp = client.get(f"{API}/me")
    assert resp.headers["Content-Language"] == "vi"
    assert "mã truy cập" in resp.json["message"].lower()
    assert client.get(f"{API}/me?lang=en").headers["Content-Language"] == "en"
    assert client.get(f"{API}/me", headers={"Accept-Language": "en-US,en;q=0.8"}).headers["Content-Language"] == "en"
    assert "Set-Cookie" not in client.get(f"{API}/me?lang=en").headers
    assert api("thuky").get("/me", headers={"Accept-Language": "en"}).headers["Content-Language"] == "en"


# --- units -----------------------------------------------------------------------------

def test_units_for_secretariat_are_the_assignable_ones(app, api):
    body = api("thuky").get("/units?per_page=100").json
    codes = {u["code"] for u in body["items"]}
    assert body["total"] == len(codes)
    assert {"TP", "TP-CA", "TP-UBND", "tohieu", "chiengle-to1"} <= codes
    assert "SL" not in codes and "SL-BCD" not in codes


def test_units_for_a_ward_officer_are_the_ward_subtree(app, api):
    client = api("chiengle.canbo")
    body = client.get("/units").json
    assert {u["code"] for u in body["items"]} == {"chiengle", "chiengle-du", "chiengle-to1", "chiengle-to2", "chiengle-to3"}
    assert client.get(f"/units/{unit_id(app, 'chiengle-to2')}").json["code"] == "chiengle-to2"
    assert_error(client.get(f"/units/{unit_id(app, 'tohieu')}"), 404, "not_found")


def test_units_pagination_and_search(api):
    client = api("admin")
    first = client.get("/units?per_page=5").json
    second = client.get("/units?per_page=5&page=2").json
    assert len(first["items"]) == 5 and len(second["items"]) == 5
    assert first["total"] == second["total"] and first["pages"] == -(-first["total"] // 5)
    assert not {u["id"] for u in first["items"]} & {u["id"] for u in second["items"]}
    found = client.get("/units?q=chieng le").json["items"]
    assert found and all("Chiềng Lề" in u["name"] for u in found)
    assert_error(client.get("/units?per_page=101"), 400, "validation_error")
    assert set(client.get("/units?page=0&per_page=x").json["fields"]) == {"page", "per_page"}


# --- task lists: scoping -----------------------------------------------------------------

def _expected_task_ids(app, unit_code: str) -> set[int]:
    """The visibility rule written out independently: assigned by the unit, or led or
    coordinated by it or a unit below it."""
    def q(s):
        unit = s.scalar(select(Unit).where(Unit.code == unit_code))
        below = select(Unit.id).where(Unit.path.startswith(unit.path))
        coord = select(task_coordinators.c.task_id).where(task_coordinators.c.unit_id.in_(below))
        return set(s.scalars(select(Task.id).where(or_(
            Task.assigned_by_unit_id == unit.id, Task.lead_unit_id.in_(below), Task.id.in_(coord)))))
    return q


def test_ward_officer_sees_only_their_wards_tasks(app, api):
    client = api("tohieu.canbo")
    items = client.all_tasks()
    expected = in_db(app, _expected_task_ids(app, "tohieu"))
    assert {t["id"] for t in items} == expected
    assert 0 < len(expected) < task_count(app)
    tohieu = {u["id"] for u in client.get("/units").json["items"]}
    for t in items:
        assert t["lead_unit"]["id"] in tohieu or {c["id"] for c in t["coordinators"]} & tohieu


def test_secretariat_sees_their_committees_tasks_and_not_another_bodys(app, api):
    # The province committee assigns a task straight to the city police: not the city committee's.
    tinh = api("tinh.thuky")
    created = tinh.post("/directives", {
        "kind": "document", "symbol": "77-CV/BCĐ", "issued_on": local_today().isoformat(),
        "issuer_unit_id": unit_id(app, "SL-BCD"), "title": "Công văn về an ninh cơ sở"})
    assert created.status_code == 201, created.json
    assigned = tinh.post(f"/directives/{created.json['id']}/tasks", {"tasks": [
        _item("Rà soát an ninh cơ sở.", lead_unit_id=unit_id(app, "TP-CA"))]})
    assert assigned.status_code == 201, assigned.json
    new_id = assigned.json["tasks"][0]["id"]

    thuky = api("thuky")
    ids = {t["id"] for t in thuky.all_tasks()}
    assert ids == in_db(app, _expected_task_ids(app, "TP-BCD"))
    assert new_id not in ids
    assert_error(thuky.get(f"/tasks/{new_id}"), 404)
    assert new_id in {t["id"] for t in api("congan.canbo").all_tasks()}
    assert {t["id"] for t in tinh.all_tasks()} == in_db(app, _expected_task_ids(app, "SL-BCD"))


def test_task_list_pagination_and_total(api):
    client = api("admin")
    first = client.get("/tasks?per_page=7").json
    assert len(first["items"]) == 7 and first["page"] == 1 and first["per_page"] == 7
    last = client.get(f"/tasks?per_page=7&page={first['pages']}").json
    assert len(last["items"]) == first["total"] - 7 * (first["pages"] - 1)
    beyond = client.get(f"/tasks?per_page=7&page={first['pages'] + 1}").json
    assert beyond["items"] == [] and beyond["total"] == first["total"]


def test_task_filters_match_the_page(app, api):
    client = api("thuky")
    overdue = client.all_tasks("&category=overdue")
    assert overdue and all(t["category"] == "overdue" for t in overdue)
    lead = client.all_tasks(f"&unit={unit_id(app, 'tohieu')}&role=lead")
    assert lead and all(t["lead_unit"]["id"] == unit_id(app, "tohieu") for t in lead)
    done = client.all_tasks("&status=done&sort=-due")
    assert done and all(t["status"] == "done" for t in done)
    dues = [t["due_on"] for t in done if t["due_on"]]
    assert dues == sorted(dues, reverse=True)
    d2 = directive_id(app, "05-KH/BCĐ")
    assert all(t["directive_id"] == d2 for t in client.all_tasks(f"&directive={d2}"))
    window = client.all_tasks("&due_from=2023-01-01&due_to=2023-12-31")
    assert window and all("2023-01-01" <= t["due_on"] <= "2023-12-31" for t in window)
    found = client.all_tasks("&q=dan van kheo")
    assert found and all("Dân vận khéo" in t["content"] for t in found)


def test_bad_filter_values_are_400_and_listed(api):
    resp = api("thuky").get("/tasks?status=finished&category=late-ish&role=boss&sort=name"
                            "&due_from=31/02/2024&unit=abc&sub=2&per_page=500&q=a%00b")
    body = assert_error(resp, 400, "validation_error")
    assert set(body["fields"]) == {"status", "category", "role", "sort", "due_from", "unit", "sub", "per_page", "q"}


# --- task detail ---------------------------------------------------------------------------

def test_task_detail_has_category_coordinators_directive_and_history(app, api):
    from tracker.views.helpers import task_category

    client = api("thuky")
    task_id = in_db(app, lambda s: s.scalar(select(Task.id).where(Task.coordinators.any()).order_by(Task.id)))
    resp = client.get(f"/tasks/{task_id}")
    assert resp.status_code == 200
    t = resp.json
    with app.test_request_context():
        task = db.session.get(Task, task_id)
        assert t["category"] == task_category(task)
        assert [c["id"] for c in t["coordinators"]] == [c.id for c in task.coordinators]
        assert t["directive"]["id"] == task.directive_id and t["directive"]["symbol"] == task.directive.symbol
        assert t["assigned_on"] == task.assigned_on.isoformat()
    assert t["events"] and t["events"][0]["kind"] == "assigned"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t["events"][0]["at"])
    assert t["events"][0]["actor"]["name"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t["created_at"])


def test_another_units_task_is_404_like_a_missing_one(app, api):
    client = api("tohieu.canbo")
    other = in_db(app, lambda s: s.scalar(select(Task.id).join(Unit, Unit.id == Task.lead_unit_id)
                                          .where(Unit.code == "chiengle").order_by(Task.id)))
    foreign = assert_error(client.get(f"/tasks/{other}"), 404, "not_found")
    missing = assert_error(client.get("/tasks/987654"), 404, "not_found")
    assert foreign == missing
    assert_error(client.get("/tasks/99999999999999999999"), 404)
    own = client.all_tasks()[0]["id"]
    assert client.get(f"/tasks/{own}").status_code == 200


# --- directives --------------------------------------------------------------------------

def test_directive_list_and_detail_are_scoped(app, api):
    ward = api("tohieu.canbo")
    symbols = {d["symbol"] for d in ward.get("/directives").json["items"]}
    assert symbols == {"25-TB/BCĐ", "05-KH/BCĐ"}  # not the province's supervision of the city
    assert_error(ward.get(f"/directives/{directive_id(app, '154-QĐ/BCĐ')}"), 404)
    detail = ward.get(f"/directives/{directive_id(app, '05-KH/BCĐ')}").json
    assert detail["task_ids"] and detail["may_assign"] is False
    assert set(detail["task_ids"]) <= {t["id"] for t in ward.all_tasks()}
    thuky = api("thuky")
    assert thuky.get("/directives?kind=supervision").json["items"][0]["symbol"] == "154-QĐ/BCĐ"
    assert [d["symbol"] for d in thuky.get("/directives?q=hoi nghi tong ket").json["items"]] == ["25-TB/BCĐ"]
    assert "kind" in assert_error(thuky.get("/directives?kind=memo"), 400)["fields"]


def _directive(app, **kw):
    data = {"kind": "document", "symbol": "12-KL/BCĐ", "issued_on": local_today().isoformat(),
            "issuer_unit_id": unit_id(app, "TP-BCD"), "signer": "Nguyễn Thị Hạnh",
            "title": "Kết luận của Trưởng Ban Chỉ đạo tại hội nghị giao ban quý", "body": "Yêu cầu các xã, phường ..."}
    data.update(kw)
    return data


def test_create_directive_201_then_duplicate_number_409(app, api):
    client = api("thuky")
    resp = client.post("/directives", _directive(app, symbol=" 12 - kl / bcđ ", unknown_field=[1, 2]))
    assert resp.status_code == 201, resp.json
    d = resp.json
    assert d["symbol"] == "12-KL/BCĐ" and d["issued_on"] == local_today().isoformat()
    assert d["owner"]["id"] == unit_id(app, "TP-BCD") and d["created_by"]["name"] == "Lê Văn Bình"
    assert d["may_assign"] is True and d["task_ids"] == []
    assert resp.headers["Location"].endswith(f"{API}/directives/{d['id']}")
    assert client.get(f"/directives/{d['id']}").json["title"] == d["title"]

    dup = client.post("/directives", _directive(app, title="Một văn bản khác"))
    body = assert_error(dup, 409, "conflict")
    assert "12-KL/BCĐ" in body["fields"]["symbol"]
    assert in_db(app, lambda s: s.scalar(select(func.count()).where(Directive.symbol == "12-KL/BCĐ"))) == 1


def test_malformed_symbol_is_400_with_the_field(app, api):
    before = in_db(app, lambda s: s.scalar(select(func.count(Directive.id))))
    body = assert_error(api("thuky").post("/directives", _directive(app, symbol="công văn số mười hai")),
                        400, "validation_error")
    assert list(body["fields"]) == ["symbol"] and "154-QĐ/BCĐ" in body["fields"]["symbol"]
    assert in_db(app, lambda s: s.scalar(select(func.count(Directive.id)))) == before


def test_wrong_types_are_400_with_every_field(app, api):
    body = assert_error(api("thuky").post("/directives", {
        "kind": 3, "symbol": ["12-KL/BCĐ"], "issued_on": "23/11/2022", "issuer_unit_id": "4",
        "title": None, "signer": {"x": 1}, "body": "ok"}), 400, "validation_error")
    assert set(body["fields"]) == {"kind", "symbol", "issued_on", "issuer_unit_id", "title", "signer"}


@pytest.mark.parametrize("patch,field", [
    ({"issued_on": "2026-02-30"}, "issued_on"),
    ({"issuer_unit_id": 10**30}, "issuer_unit_id"),
    ({"issuer_unit_id": True}, "issuer_unit_id"),
    ({"title": "x" * 501}, "title"),
    ({"title": "null\x00byte"}, "title"),
    ({"title": "\ud800 lone surrogate"}, "title"),
    ({"title": "   "}, "title"),
    ({"kind": "memo"}, "kind"),
    ({"kind": "document", "symbol": None}, "symbol"),
])
def test_bad_values_never_500(app, api, patch, field):
    body = assert_error(api("thuky").post("/directives", _directive(app, **patch)), 400)
    assert field in body["fields"]


def test_issuer_must_be_a_unit_the_user_may_pick(app, api):
    body = assert_error(api("thuky").post("/directives", _directive(app, issuer_unit_id=unit_id(app, "SL-BCD"))), 400)
    assert "issuer_unit_id" in body["fields"]


def test_bad_json_is_400(app, api):
    client = api("thuky")
    resp = client.client.post(f"{API}/directives", data='{"kind": "document",', headers={
        **client.headers, "Content-Type": "application/json"})
    assert_error(resp, 400, "invalid_json")
    resp = client.client.post(f"{API}/directives", data=b"\xff\xfe", headers={
        **client.headers, "Content-Type": "application/json"})
    assert_error(resp, 400, "invalid_json")
    assert_error(client.post("/directives", json=[1, 2]), 400, "invalid_json")
    assert_error(client.client.post(f"{API}/directives", data="kind=document", headers=client.headers), 415)


@pytest.mark.parametrize("local", ["giamsat", "tohieu.canbo", "congan.lanhdao", "truongban"])
def test_roles_that_may_not_record_get_403(app, api, local):
    body = assert_error(api(local).post("/directives", _directive(app)), 403, "forbidden")
    assert body["message"]


# --- assigning tasks ------------------------------------------------------------------------

def test_assign_tasks_including_a_group(app, api):
    client = api("thuky")
    d2 = directive_id(app, "05-KH/BCĐ")
    before = task_count(app)
    due = (local_today() + timedelta(days=30)).isoformat()
    resp = client.post(f"/directives/{d2}/tasks", {"tasks": [
        _item("Bảo đảm an ninh trật tự dịp lễ hội.", lead_unit_id=unit_id(app, "TP-CA"),
              coordinator_ids=[unit_id(app, "TP-UBND"), unit_id(app, "TP-MTTQ")],
              deadline={"kind": "date", "due_on": due}, priority="high"),
        _item("Báo cáo kết quả đối thoại với nhân dân.", lead_group=f"communes:{unit_id(app, 'TP')}",
              deadline={"kind": "working_days", "days": 10}),
    ]})
    assert resp.status_code == 201, resp.json
    body = resp.json
    assert body["count"] == 13 == len(body["tasks"])
    assert task_count(app) == before + 13
    police = body["tasks"][0]
    assert police["lead_unit"]["id"] == unit_id(app, "TP-CA") and police["priority"] == "high"
    assert {c["id"] for c in police["coordinators"]} == {unit_id(app, "TP-UBND"), unit_id(app, "TP-MTTQ")}
    assert police["deadline"]["kind"] == "date" and police["due_on"] >= due
    group = body["tasks"][1:]
    assert len({t["lead_unit"]["id"] for t in group}) == 12
    assert all(t["deadline"]["kind"] == "working_days" and t["deadline"]["days"] == 10 for t in group)
    assert all(t["status"] == "assigned" and t["directive_id"] == d2 for t in body["tasks"])
    detail = client.get(f"/directives/{d2}").json
    assert {t["id"] for t in body["tasks"]} <= set(detail["task_ids"])
    # each ward sees its own new task, with its history, and not its neighbour's
    ward = api("tohieu.canbo")
    mine = next(t for t in group if t["lead_unit"]["id"] == unit_id(app, "tohieu"))
    theirs = next(t for t in group if t["lead_unit"]["id"] == unit_id(app, "chiengle"))
    seen = ward.get(f"/tasks/{mine['id']}").json
    assert seen["events"][0]["kind"] == "assigned" and seen["events"][0]["actor"]["name"] == "Lê Văn Bình"
    assert_error(ward.get(f"/tasks/{theirs['id']}"), 404)


def test_deadline_before_assignment_creates_nothing(app, api):
    client = api("thuky")
    d2 = directive_id(app, "05-KH/BCĐ")
    before = task_count(app)
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    resp = client.post(f"/directives/{d2}/tasks", {"tasks": [
        _item("Nhiệm vụ hợp lệ.", lead_unit_id=unit_id(app, "TP-CA")),
        _item("Nhiệm vụ hạn đã qua.", lead_group=f"communes:{unit_id(app, 'TP')}",
              deadline={"kind": "date", "due_on": yesterday}),
    ]})
    body = assert_error(resp, 400, "validation_error")
    assert set(body["fields"]) == {"tasks[1].deadline"}
    assert task_count(app) == before


def test_assignment_errors_are_keyed_by_item_and_field(app, api):
    client = api("thuky")
    d2 = directive_id(app, "05-KH/BCĐ")
    before = task_count(app)
    resp = client.post(f"/directives/{d2}/tasks", {"tasks": [
        {"content": "", "deadline": {"kind": "none"}},
        _item(lead_group="communes:999999"),
        _item(lead_unit_id="12"),
        _item(lead_unit_id=unit_id(app, "TP-CA"), deadline={"kind": "date", "due_on": "31/12/2030"}),
        _item(lead_unit_id=unit_id(app, "TP-CA"), deadline={"kind": "working_days", "days": 0}),
        _item(lead_unit_id=unit_id(app, "TP-CA"), deadline={"kind": "someday"}),
        _item(lead_unit_id=unit_id(app, "TP-CA"), priority="asap", coordinator_ids=[unit_id(app, "SL")]),
        {"content": "Không có thời hạn", "lead_unit_id": unit_id(app, "TP-CA")},
        "not an object",
    ]})
    fields = assert_error(resp, 400, "validation_error")["fields"]
    assert "tasks[0].content" in fields and "tasks[0].lead_unit_id" in fields
    assert "tasks[1].lead_group" in fields
    assert "tasks[2].lead_unit_id" in fields
    assert "tasks[3].deadline.due_on" in fields
    assert "tasks[5].deadline.kind" in fields
    assert "tasks[6].coordinator_ids" in fields
    assert "tasks[7].deadline" in fields
    assert "tasks[8]" in fields
    assert task_count(app) == before
    # service-level checks are reported once the types are right
    resp = client.post(f"/directives/{d2}/tasks", {"tasks": [
        _item(lead_unit_id=unit_id(app, "TP-CA"), deadline={"kind": "working_days", "days": 0}),
        _item(lead_unit_id=unit_id(app, "TP-CA"), priority="asap"),
        _item(lead_unit_id=unit_id(app, "TP-CA"), deadline={"kind": "recurring"}),
    ]})
    fields = assert_error(resp, 400)["fields"]
    assert set(fields) == {"tasks[0].deadline", "tasks[1].priority", "tasks[2].deadline"}
    assert_error(client.post(f"/directives/{d2}/tasks", {"tasks": []}), 400)
    assert "tasks" in assert_error(client.post(f"/directives/{d2}/tasks", {"task": [_item()]}), 400)["fields"]
    assert task_count(app) == before


def test_lead_outside_the_committees_reach_is_refused(app, api):
    d2 = directive_id(app, "05-KH/BCĐ")
    resp = api("thuky").post(f"/directives/{d2}/tasks", {"tasks": [_item(lead_unit_id=unit_id(app, "SL"))]})
    assert "tasks[0].lead_unit_id" in assert_error(resp, 400)["fields"]


def test_assign_permissions_match_the_page(app, api):
    d0, d1, d2 = (directive_id(app, s) for s in ("25-TB/BCĐ", "154-QĐ/BCĐ", "05-KH/BCĐ"))
    payload = {"tasks": [_item(lead_unit_id=unit_id(app, "TP-CA"))]}
    before = task_count(app)
    assert_error(api("giamsat").post(f"/directives/{d2}/tasks", payload), 403, "forbidden")      # viewer
    assert_error(api("tohieu.canbo").post(f"/directives/{d2}/tasks", payload), 403, "forbidden")  # sees it, may not
    assert_error(api("thuky").post(f"/directives/{d1}/tasks", payload), 403, "forbidden")  # sees it, not its owner
    assert_error(api("tinh.thuky").post(f"/directives/{d0}/tasks", payload), 404)  # cannot see it
    assert_error(api("tohieu.canbo").post(f"/directives/{d1}/tasks", payload), 404)
    assert_error(api("thuky").post("/directives/987654/tasks", payload), 404)
    assert task_count(app) == before
    assert api("admin").post(f"/directives/{d1}/tasks", payload).status_code == 201


def test_unknown_api_urls_and_methods_are_json(api):
    client = api("thuky")
    assert_error(client.get("/nothing-here"), 404)
    assert_error(client.client.delete(f"{API}/tasks/1", headers=client.headers), 405)


def test_lead_group_must_name_a_group(app, api):
    d2 = directive_id(app, "05-KH/BCĐ")
    before = task_count(app)
    resp = api("thuky").post(f"/directives/{d2}/tasks", {"tasks": [
        _item(lead_group=str(unit_id(app, "TP-CA"))),
        _item(lead_group=f"communes:{unit_id(app, 'TP')}", lead_unit_id=unit_id(app, "TP-CA")),
    ]})
    fields = assert_error(resp, 400)["fields"]
    assert "tasks[0].lead_group" in fields and "tasks[1].lead_unit_id" in fields
    assert task_count(app) == before
