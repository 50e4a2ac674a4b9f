"""Property-based fuzzing of every HTML form (Hypothesis): never a 5xx.

For each POST endpoint of the app, FORMS names the demo user who can reach it, the page
that shows the form and the URL it posts to. The test logs in through the real login
form, reads the page, takes the form's fields (and the options of its selects) from the
HTML, and posts generated values with the page's valid CSRF token: real choices half of
the time (so validation passes and the service runs), otherwise long strings, unicode,
control and zero-width characters, dates in both formats, negative and huge numbers,
small junk files, and fields left out. The property is that no answer is a 5xx.

test_every_post_endpoint_is_fuzzed fails when a POST route is added to the app without
an entry here, and test_each_form_is_on_its_page when a listed page no longer shows the
form, so a new form cannot be missed.
"""
import io
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import csrf_from, demo_email, login
from tests.test_api import cli_token
from tracker import create_app
from tracker.extensions import db
from tracker.models import Task, Unit, User

MAX_EXAMPLES = 15

FUZZ_SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                HealthCheck.data_too_large])


# --- Known 500s being fixed on other branches ------------------------------------------
# The lead removes each entry when the branch that fixes it is merged.
KNOWN_500_EXCLUSIONS = {
    # Far-future deadlines (year 9999) overflow the working-day calendar: generated
    # dates stay within these years.
    "far_future_deadlines": (1900, 2100),
    # Report dates in year 1 / 9999: the same year range applies to reports.close.
    "report_dates_year_1_or_9999": (1900, 2100),
    # ~1300-word searches: generated text has at most this many words.
    "very_long_searches": 200,
    # Upload bombs (zip archives that inflate to gigabytes): generated files are small
    # random bytes, never crafted archives.
    "upload_bombs": 4096,
}
MIN_YEAR, MAX_YEAR = KNOWN_500_EXCLUSIONS["far_future_deadlines"]
MAX_WORDS = KNOWN_500_EXCLUSIONS["very_long_searches"]
MAX_FILE_BYTES = KNOWN_500_EXCLUSIONS["upload_bombs"]


# --- Which form each POST endpoint belongs to -----------------------------------------

@dataclass(frozen=True)
class Form:
    role: str | None          # demo user posting it (None: logged out)
    page: str                 # page showing the form; "{task}" etc. filled from the demo world
    action: str | None = None  # URL posted to, when it is not the page itself
    on_page: bool = True      # False: shown only after an earlier step; fields listed below
    fields: tuple = ()        # extra field names to fuzz (besides what the page shows)


FORMS = {
    "auth.login": Form(None, "/login"),
    "account.profile": Form("thuky", "/account/"),
    "account.tokens": Form("thuky", "/account/tokens"),
    "account.revoke": Form("thuky", "/account/tokens", "/account/tokens/{token}/revoke"),
    "reminders.preferences": Form("chiengle.canbo", "/account/notifications"),
    # The link in a reminder mail: no login, the token is in the path.
    "reminders.unsubscribe": Form(None, "/account/notifications/u/{unsub}", on_page=False, fields=("mode",)),
    "admin.calendar": Form("admin", "/admin/calendar"),
    "admin.calendar_delete": Form("admin", "/admin/calendar", "/admin/calendar/{day}/delete"),
    "admin.import_upload": Form("admin", "/admin/import", "/admin/import/units"),
    # Posted from the preview that follows an upload; a forged or stale token is the fuzz.
    "admin.import_confirm": Form("admin", "/admin/import", "/admin/import/units/confirm", on_page=False,
                                 fields=("token",)),
    "reminders.outbox_retry": Form("admin", "/admin/outbox", "/admin/outbox/{mail}/retry", on_page=False),
    "reminders.policy_edit": Form("admin", "/admin/reminder-policies/{unit}"),
    "admin.unit_new": Form("admin", "/admin/units/new"),
    "admin.unit_edit": Form("admin", "/admin/units/{unit}/edit"),
    "admin.unit_members": Form("admin", "/admin/units/{committee}/members"),
    "admin.unit_merge": Form("admin", "/admin/units/{unit}/merge"),
    "admin.unit_move": Form("admin", "/admin/units/{unit}/move"),
    "admin.unit_toggle": Form("admin", "/admin/units", "/admin/units/{unit}/active"),
    "admin.user_new": Form("admin", "/admin/users/new"),
    "admin.user_edit": Form("admin", "/admin/users/{user}/edit"),
    "admin.user_password": Form("admin", "/admin/users/{user}/password"),
    "admin.user_toggle": Form("admin", "/admin/users", "/admin/users/{user}/active"),
    "directives.new": Form("thuky", "/directives/new"),
    "directives.assign": Form("thuky", "/directives/{directive}/assign"),
    "proposals.propose": Form("thuky", "/directives/{directive}/propose"),
    "proposals.import_tasks": Form("thuky", "/directives/{directive}/import"),
    "proposals.import_confirm": Form("thuky", "/directives/{directive}/import",
                                     "/directives/{directive}/import/confirm", on_page=False, fields=("token",)),
    "notifications.read": Form("chiengle.canbo", "/notifications/", "/notifications/read"),
    "reports.close": Form("admin", "/reports/", "/reports/close"),
    # Shown once a period is closed; the fuzz posts it with the close form's fields.
    "reports.reopen": Form("admin", "/reports/", "/reports/reopen", on_page=False,
                           fields=("kind", "ref", "as_of", "role", "rollup")),
    "tasks.act": Form("chiengle.lanhdao", "/tasks/{task}", "/tasks/{task}/act/{action}"),
    "tasks.bulk": Form("thuky", "/home", "/tasks/bulk"),
    "tasks.split": Form("chiengle.lanhdao", "/tasks/{split}/split"),
}

# POST endpoints deliberately not fuzzed here, with the reason.
NOT_FUZZED = {
    "auth.logout": "no fields; ends the session the fuzzing needs (tests/test_auth.py covers it)",
}

CSRF_REFUSED = "Phiên làm việc của biểu mẫu đã hết hạn"

TASK_ACTIONS = ("receive", "refuse", "report", "contribute", "submit", "accept", "return", "request_extension",
                "approve_extension", "reject_extension", "pause", "resume", "cancel", "reassign", "comment",
                "nonsense")


def _post_endpoints(app) -> set[str]:
    """POST endpoints of the HTML side; the JSON API's are fuzzed by tests/test_fuzz_api.py."""
    return {r.endpoint for r in app.url_map.iter_rules()
            if "POST" in r.methods and not r.rule.startswith("/api/")}


def _collection_app():
    return create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


# --- Reading forms from pages ----------------------------------------------------------

class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}, "files": set()}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag in ("input", "textarea", "select", "button") and name:
            options = self._form["fields"].setdefault(name, [])
            if tag == "input" and a.get("type") == "file":
                self._form["files"].add(name)
            elif a.get("value") is not None:
                options.append(a["value"])
            if tag == "select":
                self._select = options
        if tag == "option" and self._select is not None and a.get("value") is not None:
            self._select.append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form":
            self._form = None


def forms_on(html: str, action: str, page: str) -> list[dict]:
    """The POST forms of a page that post to `action` (a form without action posts to its page)."""
    parser = _Forms()
    parser.feed(html)
    return [f for f in parser.forms if (f["action"] or page).split("?")[0] == action]


# --- Generated values ------------------------------------------------------------------

NASTY = ["", " ", "0", "-1", "-99999999999999999999", "99999999999999999999", "1e308", "NaN", "null", "true",
         "\u200b", "\u200d\u200b\ufeff", "\x00", "\r\n", "\t\x0b\x0c", "<script>alert(1)</script>",
         "=cmd|' /C calc'!A0", "' OR 1=1 --", "%s%s%n", "../../etc/passwd", "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
         "Nguyễn Thị Hạnh", "\u202eabc", "a" * 5000]

dates = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))
texts = st.text(st.characters(codec="utf-8"), max_size=300)
long_texts = st.integers(300, 20000).map(lambda n: "x" * n)
numbers = st.one_of(st.integers(-2**63, 2**63), st.integers(-5, 400)).map(str)
junk = st.one_of(
    st.sampled_from(NASTY), texts, long_texts, numbers,
    dates.map(lambda d: d.strftime("%d/%m/%Y")), dates.map(lambda d: d.isoformat()),
).filter(lambda s: len(s.split()) <= MAX_WORDS)
junk_file = st.tuples(st.binary(max_size=MAX_FILE_BYTES),
                      st.sampled_from(["a.xlsx", "a.csv", "a.docx", "a.pdf", "a.txt", "a.exe", "", "..\\x.xlsx",
                                       "tệp có dấu.xlsx", "a" * 300 + ".csv"]))


def _value(options):
    if options:
        return st.one_of(st.sampled_from(options), st.sampled_from(options), junk)
    return junk


def payload_strategy(fields: dict[str, list[str]], files: set[str]):
    """A dict of field -> value (or a list for repeated fields); each field may be left out."""
    parts = {}
    for name, options in fields.items():
        if "csrf_token" in name:
            continue
        if name in files:
            parts[name] = st.one_of(st.none(), junk_file)
        else:
            parts[name] = st.one_of(st.none(), _value(options), st.lists(_value(options), min_size=2, max_size=4))
    extra = st.dictionaries(st.text("abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=12), junk,
                            max_size=2)
    return st.tuples(st.fixed_dictionaries(parts), extra)


# --- The demo world's ids for the URL templates --------------------------------------

def _placeholders(app, client_for) -> dict[str, str]:
    with app.app_context():
        s = db.session
        chiengle = s.scalar(select(Unit).where(Unit.code == "chiengle"))
        task = s.scalar(select(Task).where(Task.lead_unit_id == chiengle.id).order_by(Task.id))
        user = s.scalar(select(User).where(User.email == demo_email("giamsat")))
        # A task in progress can be split into sub-tasks.
        split = s.scalar(select(Task.id).where(Task.lead_unit_id == chiengle.id, Task.status == "in_progress")
                         .order_by(Task.id))
        committee = s.scalar(select(Unit.id).where(Unit.code == "TP-BCD"))
        ids = {"task": task.id, "directive": task.directive_id, "unit": chiengle.id, "user": user.id,
               "committee": committee, "split": split}
    ids.update(day=f"{date.today().year}-12-31", mail=1, unsub="dt-not-a-real-token", action="report", token=1)
    return {k: str(v) for k, v in ids.items()}


def _fill(template: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], template)


def _prepare(endpoint: str, client, ids):
    """Earlier steps some forms need: an API token to revoke, a holiday to delete."""
    if endpoint == "account.revoke":
        page = client.get("/account/tokens")
        client.post("/account/tokens", data={"csrf_token": csrf_from(page.text), "name": "fuzz"})
        m = re.search(r'/account/tokens/(\d+)/revoke', client.get("/account/tokens").text)
        assert m, "no token to revoke"
        ids["token"] = m.group(1)
    if endpoint == "admin.calendar_delete":
        page = client.get("/admin/calendar")
        day = date(date.today().year, 12, 31)
        client.post("/admin/calendar", data={"csrf_token": csrf_from(page.text), "day": day.strftime("%d/%m/%Y"),
                                             "note": "fuzz"})
        m = re.search(r'/admin/calendar/([\d-]+)/delete', client.get("/admin/calendar").text)
        assert m, "no calendar day to delete"
        ids["day"] = m.group(1)


# --- The tests ---------------------------------------------------------------------------

def test_every_post_endpoint_is_fuzzed():
    endpoints = _post_endpoints(_collection_app())
    assert endpoints == set(FORMS) | set(NOT_FUZZED), (
        f"not fuzzed: {sorted(endpoints - set(FORMS) - set(NOT_FUZZED))}; "
        f"listed but gone: {sorted((set(FORMS) | set(NOT_FUZZED)) - endpoints)}")


def _client_for(app, role):
    client = app.test_client()
    if role is not None:
        assert login(client, demo_email(role)).status_code == 302, f"login as {role}"
    return client


def test_each_form_is_on_its_page(app):
    """Each listed page shows its form (so the fuzzed field names are the real ones)."""
    ids = _placeholders(app, None)
    for endpoint, spec in FORMS.items():
        if not spec.on_page:
            continue
        client = _client_for(app, spec.role)
        _prepare(endpoint, client, ids)
        page = client.get(_fill(spec.page, ids))
        assert page.status_code == 200, f"{endpoint}: {spec.page} -> {page.status_code}"
        action = _fill(spec.action or spec.page, ids)
        if endpoint == "tasks.act":
            action_re = re.compile(re.escape(f"/tasks/{ids['task']}/act/") + r"\w+")
            assert action_re.search(page.text), f"{endpoint}: no action form on {spec.page}"
            continue
        assert forms_on(page.text, action, _fill(spec.page, ids)), f"{endpoint}: no form posting to {action} on {spec.page}"


@pytest.mark.parametrize("endpoint", sorted(FORMS))
def test_form_never_answers_5xx(app, endpoint):
    spec = FORMS[endpoint]
    ids = _placeholders(app, None)
    client = _client_for(app, spec.role)
    _prepare(endpoint, client, ids)
    page_url = _fill(spec.page, ids)
    page = client.get(page_url)
    assert page.status_code < 500
    token = csrf_from(page.text) if "csrf_token" in page.text else csrf_from(client.get("/login").text)
    action = _fill(spec.action or spec.page, ids)
    found = forms_on(page.text, action, page_url)
    if endpoint == "tasks.act":
        parser = _Forms()
        parser.feed(page.text)
        found = [f for f in parser.forms if "/act/" in f["action"]]
    fields: dict[str, list[str]] = {name: [] for name in spec.fields}
    files: set[str] = set()
    csrf_names = {"csrf_token"}
    for form in found:
        for name, options in form["fields"].items():
            fields.setdefault(name, []).extend(options)
            if "csrf_token" in name:
                csrf_names.add(name)
        files |= form["files"]
    assert fields or not spec.on_page or endpoint in ("notifications.read", "admin.unit_toggle",
                                                      "admin.user_toggle"), f"{endpoint}: no fields found"

    statuses = []

    @FUZZ_SETTINGS
    @given(payload=payload_strategy(fields, files),
           act=st.sampled_from(TASK_ACTIONS) if endpoint == "tasks.act" else st.just(None))
    def fuzz(payload, act):
        values, extra = payload
        data = {}
        for name, value in {**extra, **values}.items():
            if value is None:
                continue
            if name in files:
                content, filename = value
                data[name] = (io.BytesIO(content), filename)
            else:
                data[name] = value
        data.update({name: token for name in csrf_names})
        url = action if act is None else _fill(spec.action, {**ids, "action": act})
        resp = client.post(url, data=data, content_type="multipart/form-data" if files else None)
        assert resp.status_code < 500, f"POST {url} {data!r} -> {resp.status_code}\n{resp.text[:3000]}"
        assert CSRF_REFUSED not in resp.text, f"POST {url}: the CSRF token was refused"
        statuses.append(resp.status_code)

    fuzz()
    assert len(statuses) == MAX_EXAMPLES


# --- Regressions found by the fuzzing --------------------------------------------------

def test_blank_report_dates_mean_the_default_not_a_500(app, as_user, session):
    """A date of spaces only ("ref= ") was taken for a date and crashed the period maths."""
    from tracker.models import ReportSnapshot
    from tracker.timeutil import local_today

    client = as_user("admin")
    page = client.get("/reports/?kind=year&ref=%20&as_of=%20")
    assert page.status_code == 200
    assert f"/{local_today().year}" in page.text  # this year's report, as with no ref at all
    api = app.test_client().get("/api/v1/reports/units?kind=year&ref=%20",
                                headers={"Authorization": f"Bearer {cli_token(app, 'admin')}"})
    assert api.status_code == 200 and api.json["period"]["start"] == f"{local_today().year}-01-01"
    token = csrf_from(page.text)
    # Blank ref: this year, which has not ended: refused with a message, not a 500.
    assert client.post("/reports/close", data={"kind": "year", "ref": "  ", "csrf_token": token}).status_code == 302
    assert client.post("/reports/reopen", data={"kind": "year", "ref": " ", "reason": "x",
                                                "csrf_token": token}).status_code == 302
    assert session.scalar(select(ReportSnapshot)) is None
    # Blank as_of: the period's own default.
    resp = client.post("/reports/close", data={"kind": "year", "ref": "01/06/2024", "as_of": " ",
                                               "csrf_token": token})
    assert resp.status_code == 302
    snap = session.scalar(select(ReportSnapshot))
    assert snap.active_key == "year:2024-01-01:2024-12-31"
    resp = client.post("/reports/reopen", data={"kind": "year", "ref": "01/06/2024", "as_of": "\t",
                                                "reason": "Sửa số liệu", "csrf_token": token})
    assert resp.status_code == 302
    session.expire_all()
    assert session.get(ReportSnapshot, snap.id).active_key is None
