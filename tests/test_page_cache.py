"""Cached pages (tracker/page_cache.py) follow every change their reader may see, and only those.

Each test reads a page twice (the second from the cache: header X-Page-Cache: hit), then changes
data through the use cases with the plain db.session (the observer's app, not the one serving
the pages) and reads it again: a page whose reader may see the change is computed again and
shows it; the pages of people who may not see it stay cached.
"""
import re

from sqlalchemy import select

from tests.conftest import demo_email, login
from tests.test_api import Api, cli_token
from tests.test_query_cache import _cancel, _open_task
from tracker.cache import PAGES, scope_version
from tracker.extensions import db
from tracker.labels import STATUS
from tracker.models import DataVersion, Notification, Task, Unit, User
from tracker.queries.visibility import can_see_task, sees_every_task
from tracker.services import SYSTEM
from tracker.services.units import create_unit

HEADER = "X-Page-Cache"


def _client(app, local):
    c = app.test_client()
    assert login(c, demo_email(local)).status_code == 302
    return c


def _twice(client, url):
    """The page, read twice: computed, then from the cache."""
    first = client.get(url)
    assert first.status_code == 200 and first.headers[HEADER] == "miss", url
    second = client.get(url)
    assert second.headers[HEADER] == "hit", url
    assert second.text == first.text
    return second


def _outsider(session, task):
    """A unit's user (not the admin, not one who sees every task) who may not see the task."""
    for user in session.scalars(select(User).where(User.unit_id.isnot(None)).order_by(User.id)):
        if user.is_active and not sees_every_task(user) and not can_see_task(user, task):
            return user
    raise AssertionError("the demo data has no user outside the task's scope")


def test_a_step_recomputes_the_pages_of_those_who_may_see_its_task_and_no_others(app, session):
    task = _open_task(session)
    outsider = _outsider(session, task)
    assigner, admin = _client(app, "thuky"), _client(app, "admin")
    other = _client(app, outsider.email.split("@")[0])
    page = _twice(assigner, f"/tasks/{task.id}")
    assert str(STATUS["cancelled"]) not in page.text.split('id="task-reminders"')[0]
    home_before = _twice(other, "/home").text
    _twice(admin, "/home")
    _twice(assigner, "/home")

    _cancel(db.session, "thuky@sonla.demo", task.id)

    after = assigner.get(f"/tasks/{task.id}")
    assert after.headers[HEADER] == "miss"
    assert str(STATUS["cancelled"]) in after.text
    assert assigner.get("/home").headers[HEADER] == "miss"
    assert admin.get("/home").headers[HEADER] == "miss"   # the admin sees every task
    kept = other.get("/home")
    assert kept.headers[HEADER] == "hit" and kept.text == home_before


def test_a_step_raises_the_counters_of_every_unit_above_the_tasks_units(app, session):
    task = _open_task(session)
    units = {task.lead_unit, task.assigned_by_unit, *task.coordinators}
    above = {int(u) for unit in units for u in unit.path.strip("/").split("/")}
    outside = session.scalars(select(Unit.id).where(Unit.id.not_in(above))).all()
    before = {u: scope_version(u, session) for u in [*above, *outside]}
    pages = session.get(DataVersion, PAGES).value

    _cancel(db.session, "thuky@sonla.demo", task.id)

    session.expire_all()
    assert {u: scope_version(u, session) for u in above} == {u: before[u] + 1 for u in above}
    assert {u: scope_version(u, session) for u in outside} == {u: before[u] for u in outside}
    assert session.get(DataVersion, PAGES).value == pages  # a step leaves the others' pages cached


def test_any_other_write_recomputes_every_page(app, session):
    task = _open_task(session)
    outsider = _outsider(session, task)
    other = _client(app, outsider.email.split("@")[0])
    _twice(other, "/tasks/")
    create_unit(db.session, actor=SYSTEM, name="Tổ công tác bộ nhớ trang", code="PAGE-CACHE", kind="other",
                parent=outsider.unit)
    page = other.get("/tasks/")
    assert page.headers[HEADER] == "miss" and "Tổ công tác bộ nhớ trang" in page.text


def test_the_bell_is_live_on_a_cached_page(app, session):
    client = _client(app, "thuky")
    page = _twice(client, "/home")
    assert 'id="bell-count" class="visually-hidden">0<' in page.text or 'id="bell-count">' in page.text
    thuky = session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
    task = _open_task(session)
    unread = lambda html: html.split('id="bell"', 1)[1].split("</li>", 1)[0]  # noqa: E731
    shown = unread(page.text)
    for _ in range(3):
        session.add(Notification(user_id=thuky.id, task_id=task.id, kind="comment"))
    session.commit()  # a notice raises no counter: the page stays cached, its bell does not
    again = client.get("/home")
    assert again.headers[HEADER] == "hit"
    assert unread(again.text) != shown and 'id="bell-count">' in unread(again.text)


def test_a_task_pages_reminders_are_live(app, session):
    from datetime import timedelta

    from tracker.models import Reminder

    client = _client(app, "thuky")
    task = _open_task(session)
    page = _twice(client, f"/tasks/{task.id}")
    assert "Đã ghi nhận" not in page.text.split('id="task-reminders"', 1)[1]
    thuky = session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
    session.add(Reminder(task_id=task.id, recipient=f"user:{thuky.id}", user_id=thuky.id, email=thuky.email,
                         kind="before", step=3, ref_date=task.due_on, planned_for=task.due_on - timedelta(days=3)))
    session.commit()  # written by the reminder planner, which raises no counter
    again = client.get(f"/tasks/{task.id}")
    assert again.headers[HEADER] == "hit"
    assert "Đã ghi nhận" in again.text.split('id="task-reminders"', 1)[1]


def test_a_page_with_a_flashed_message_is_not_kept(app, session):
    client = _client(app, "thuky")
    bad = client.get("/reports/?kind=decade")
    assert bad.headers[HEADER] == "miss" and 'class="alert' in bad.text
    assert client.get("/reports/?kind=decade").headers[HEADER] == "miss"
    good = _twice(client, "/reports/")
    assert "decade" not in good.text


def test_each_user_and_locale_has_its_own_page(app, session):
    a, b = _client(app, "thuky"), _client(app, "tinh.thuky")
    _twice(a, "/home")
    assert b.get("/home").headers[HEADER] == "miss"   # another user: never another user's page
    assert a.get("/home?lang=en").headers[HEADER] == "miss"
    english = a.get("/home")   # the language is kept in the login's session
    assert english.headers[HEADER] == "miss" and 'lang="en"' in english.text
    assert a.get("/home").headers[HEADER] == "hit"


def test_the_api_list_follows_a_step(app, session):
    api = Api(app, cli_token(app, "thuky"))
    task = _open_task(session)
    url = f"/tasks?per_page=100&status={task.status}"
    first = api.get(url)
    assert first.headers[HEADER] == "miss" and task.id in [t["id"] for t in first.json["items"]]
    assert api.get(url).headers[HEADER] == "hit"
    _cancel(db.session, "thuky@sonla.demo", task.id)
    after = api.get(url)
    assert after.headers[HEADER] == "miss" and task.id not in [t["id"] for t in after.json["items"]]


def test_the_cache_can_be_turned_off(app, session):
    app.config["PAGE_CACHE"] = False
    client = _client(app, "thuky")
    assert HEADER not in client.get("/home").headers
    assert HEADER not in client.get("/home").headers
    assert session.scalar(select(Task.id).limit(1)) is not None


def _steps(session):
    """Three workflow steps by the demo's committees: a cancellation, a progress report, a receipt."""
    from tracker.services.calendar import load_calendar
    from tracker.services.workflow import ActionInput, apply_action, available_actions
    from tracker.timeutil import local_today

    done = 0
    for task in session.scalars(select(Task).where(Task.status.in_(("assigned", "received", "in_progress")))
                                .order_by(Task.id.desc())):
        for user in session.scalars(select(User).where(User.unit_id.in_([task.lead_unit_id, task.assigned_by_unit_id]))
                                    .order_by(User.id)):
            acts = {a.value for a in available_actions(db.session, user, task)}
            inp = next((ActionInput(action=a, version=task.version, note="Ghi chú bộ nhớ trang.", progress=40)
                        for a in ("report", "receive", "cancel") if a in acts), None)
            if inp is not None:
                apply_action(db.session, user, task.id, inp, today=local_today(), calendar=load_calendar(session))
                done += 1
                break
        if done == 3:
            return done
    return done


_TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+|(<meta name="csrf-token" content=")[^"]+')


def test_every_cached_page_equals_the_page_computed_again(app, session):
    """After pages of five users are cached and three steps are taken, each page served (from the cache
    where its counters allow) is the page the app computes with the cache off (form tokens aside)."""
    from tracker.models import Directive

    users = ["thuky", "tinh.thuky", "admin", "chiengle.canbo", _outsider(session, _open_task(session)).email.split("@")[0]]
    directive = session.scalar(select(Directive.id).order_by(Directive.id))
    task = _open_task(session)
    urls = ["/home", "/tasks/", "/tasks/?category=overdue", "/reports/", f"/tasks/{task.id}",
            f"/reports/directives/{directive}"]
    clients = {u: _client(app, u) for u in users}
    for c in clients.values():
        for url in urls:
            c.get(url)
    assert _steps(session) == 3
    served = {(u, url): c.get(url) for u, c in clients.items() for url in urls}
    assert any(r.headers.get(HEADER) == "hit" for r in served.values())      # some pages stayed cached
    assert any(r.headers.get(HEADER) == "miss" for r in served.values())     # and some were recomputed
    app.config["PAGE_CACHE"] = False
    for (u, url), got in served.items():
        fresh = clients[u].get(url)
        assert got.status_code == fresh.status_code, (u, url)
        assert _TOKEN.sub(r"\1\2", got.text) == _TOKEN.sub(r"\1\2", fresh.text), (u, url)


def test_a_task_text_that_looks_like_a_live_part_is_served_as_written(app, session):
    """The live parts are filled in HTML only, where what users write is escaped; in the API's JSON a
    task's text holding such a comment comes back from the cache exactly as it was first served."""
    api = Api(app, cli_token(app, "thuky"))
    task = _open_task(session)
    task.content = "Rà soát <!--live:bell-->x<!--/live:bell--> và <!--live:other-->y<!--/live:other-->"
    session.commit()
    url = f"/tasks?per_page=100&status={task.status}"
    first, second = api.get(url), api.get(url)
    assert second.status_code == 200 and second.headers[HEADER] == "hit"
    assert second.get_data() == first.get_data()
    assert task.content in [t["content"] for t in second.json["items"]]
    page = _twice(_client(app, "thuky"), f"/tasks/{task.id}")
    assert "&lt;!--live:bell--&gt;x" in page.text


def test_a_new_leader_signs_the_cached_dashboard_at_once(app, session):
    """A unit's first leader is the default signer its people's dashboard shows: creating the
    account (the admin's use case) recomputes the pages."""
    from tracker.services.users import create_user

    unit = session.scalar(select(Unit).where(Unit.code == "TP-CA"))   # the city police: no leader account yet
    assert session.scalar(select(User.id).where(User.unit_id == unit.id, User.role == "leader")) is None
    client = _client(app, "congan.canbo")
    assert "Trưởng Ban Mới Nhận" not in _twice(client, "/reports/").text
    create_user(db.session, actor=SYSTEM, email="truong.moi@sonla.demo", name="Trưởng Ban Mới Nhận",
                password="x" * 12, role="leader", unit=db.session.get(Unit, unit.id), title="Trưởng ban")
    again = client.get("/reports/")
    assert again.headers[HEADER] == "miss" and "Trưởng Ban Mới Nhận" in again.text


def test_zero_seconds_turns_the_page_cache_off(app, session):
    app.config["PAGE_CACHE_SECONDS"] = 0
    client = _client(app, "thuky")
    for _ in range(2):
        page = client.get("/home")
        assert page.status_code == 200 and HEADER not in page.headers


def test_a_changed_setting_shown_on_a_page_is_seen_at_once(app, session):
    """A node restarted with another upload limit (shown on a task's forms) does not serve pages
    cached under the old one (the settings are part of the key)."""
    task = _open_task(session)
    lead = session.scalar(select(User).where(User.unit_id == task.lead_unit_id, User.role == "unit_head"))
    client = _client(app, lead.email.split("@")[0])
    mb = app.config["UPLOAD_MAX_BYTES"] // 1048576
    assert f"Tối đa {mb} MB" in _twice(client, f"/tasks/{task.id}").text
    app.config["UPLOAD_MAX_BYTES"] = (mb + 7) * 1048576
    app.extensions.pop("tracker_settings")   # as a restart with the new setting would
    again = client.get(f"/tasks/{task.id}")
    assert again.headers[HEADER] == "miss" and f"Tối đa {mb + 7} MB" in again.text
