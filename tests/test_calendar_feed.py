"""Calendar feeds: a per-user secret iCalendar URL, scoped by the visibility rule, parsed here
with vobject (the feed is made with icalendar)."""
import re
from datetime import date, timedelta

import vobject
from sqlalchemy import select

from tests.conftest import csrf_from, demo_email, login
from tracker.domain.workflow import OPEN_STATUSES
from tracker.models import CalendarToken, Task, User
from tracker.queries.visibility import can_see_task
from tracker.services.calendar import load_calendar
from tracker.services.tasks import TaskInput, assign_tasks
from tracker.services.users import set_active, set_password
from tracker.services.workflow import ActionInput, apply_action
from tracker.timeutil import local_today

_OPEN = {s.value for s in OPEN_STATUSES}


def _user(session, local):
    return session.scalar(select(User).where(User.email == demo_email(local)))


def _new_feed_url(client) -> str:
    page = client.get("/account/calendar")
    assert page.status_code == 200
    resp = client.post("/account/calendar", data={"csrf_token": csrf_from(page.text)})
    m = re.search(r'id="calendar-url"[^>]*>([^<]+)<', resp.text)
    assert m, "the new URL is shown once"
    return m.group(1).replace("http://127.0.0.1:5000", "")


def _events(resp) -> dict[int, object]:
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/calendar")
    cal = vobject.readOne(resp.get_data(as_text=True))
    out = {}
    for ev in getattr(cal, "vevent_list", []):
        m = re.fullmatch(r"task-(\d+)@127\.0\.0\.1", ev.uid.value)
        assert m, ev.uid.value
        out[int(m.group(1))] = ev
    return out


def _expected(session, local) -> set[int]:
    """Open tasks with a deadline that the per-object rule lets the user see."""
    session.expire_all()
    user = _user(session, local)
    return {t.id for t in session.scalars(select(Task)).all()
            if t.status in _OPEN and t.due_on is not None and can_see_task(user, t)}


def test_feed_is_scoped_exactly_like_the_task_list_for_each_role(app, session):
    seen = {}
    for local in ("thuky", "chiengle.canbo", "tohieu.lanhdao", "congan.lanhdao", "giamsat", "tinh.thuky", "admin"):
        c = app.test_client()
        login(c, demo_email(local))
        url = _new_feed_url(c)
        events = _events(app.test_client().get(url))
        assert set(events) == _expected(session, local), local
        seen[local] = set(events)
    assert seen["chiengle.canbo"] and seen["chiengle.canbo"] < seen["thuky"] <= seen["admin"]
    assert not seen["chiengle.canbo"] & seen["tohieu.lanhdao"]


def test_events_are_all_day_on_the_deadline_titled_and_linked(app, client, session, as_user):
    as_user("chiengle.canbo")
    url = _new_feed_url(client)
    events = _events(app.test_client().get(url))
    for tid, ev in events.items():
        t = session.get(Task, tid)
        assert type(ev.dtstart.value) is date and ev.dtstart.value == t.due_on
        assert ev.dtend.value == t.due_on + timedelta(days=1)
        assert ev.summary.value == " ".join(t.content.split())
        assert ev.url.value == f"http://127.0.0.1:5000/tasks/{tid}"
    raw = app.test_client().get(url).get_data(as_text=True)
    assert "DTSTART;VALUE=DATE:" in raw and "\r\n" in raw


def test_extension_moves_the_event_and_keeps_its_uid(app, client, session, as_user):
    cal, today = load_calendar(session), local_today()
    thuky, head = _user(session, "thuky"), _user(session, "chiengle.lanhdao")
    ward = head.unit
    task, = assign_tasks(session, thuky, None, [TaskInput("Rà soát danh sách hộ nghèo năm nay.", [ward.id],
                                                          deadline_kind="date", due_on=today + timedelta(days=10))],
                         today=today, calendar=cal)
    as_user("chiengle.canbo")
    url = _new_feed_url(client)
    before = _events(app.test_client().get(url))[task.id]
    assert before.dtstart.value == task.due_on >= today + timedelta(days=10)

    def step(user, action, **kw):
        session.expire_all()
        t = session.get(Task, task.id)
        apply_action(session, user, t.id, ActionInput(action=action, version=t.version, **kw), today=today, calendar=cal)

    step(head, "receive")
    step(head, "request_extension", note="Chờ số liệu của tổ dân phố.", new_due_on=today + timedelta(days=30))
    step(thuky, "approve_extension")
    session.expire_all()
    moved = session.get(Task, task.id).due_on
    assert moved >= today + timedelta(days=30)
    after = _events(app.test_client().get(url))[task.id]
    assert after.uid.value == before.uid.value
    assert after.dtstart.value == moved
    assert int(after.sequence.value) > int(before.sequence.value)
    # Cancelled: the event drops out.
    step(thuky, "cancel", note="Trùng với kế hoạch khác.")
    assert task.id not in _events(app.test_client().get(url))


def test_completed_tasks_drop_out(app, client, session, as_user):
    as_user("thuky")
    url = _new_feed_url(client)
    events = _events(app.test_client().get(url))
    done = [t.id for t in session.scalars(select(Task).where(Task.status == "done")).all()]
    assert done and not set(done) & set(events)


def test_revoke_and_regenerate_make_the_old_url_404(app, client, session, as_user):
    as_user("chiengle.canbo")
    first = _new_feed_url(client)
    anon = app.test_client()
    assert anon.get(first).status_code == 200
    second = _new_feed_url(client)  # "Tạo lại"
    assert second != first
    assert anon.get(first).status_code == 404
    assert anon.get(second).status_code == 200
    page = client.get("/account/calendar")
    assert 'id="revoke"' in page.text and second.split("/")[-1][:10] in page.text
    assert second.split("/")[-1] not in page.text  # shown once only
    client.post("/account/calendar/revoke", data={"csrf_token": csrf_from(page.text)})
    assert anon.get(second).status_code == 404
    assert "Chưa có địa chỉ lịch." in client.get("/account/calendar").text
    for bad in ("/lich/cal_x.ics", "/lich/" + "a" * 300 + ".ics", "/lich/dt_abc.ics"):
        assert anon.get(bad).status_code == 404
    assert session.scalar(select(CalendarToken).where(CalendarToken.revoked_at.is_(None))) is None


def test_password_change_and_deactivation_revoke_the_feed(app, client, session, as_user):
    as_user("chiengle.canbo")
    url = _new_feed_url(client)
    anon = app.test_client()
    assert anon.get(url).status_code == 200
    admin = _user(session, "admin")
    set_password(session, _user(session, "chiengle.canbo"), "mat-khau-moi-2026!", actor=admin)
    assert anon.get(url).status_code == 404
    c = app.test_client()
    login(c, demo_email("tohieu.canbo"))
    url2 = _new_feed_url(c)
    assert anon.get(url2).status_code == 200
    set_active(session, _user(session, "tohieu.canbo"), False, actor=_user(session, "admin"))
    assert anon.get(url2).status_code == 404


def test_feed_is_served_without_a_session(app, client, as_user):
    as_user("chiengle.canbo")
    url = _new_feed_url(client)
    mine, anon = client.get(url), app.test_client().get(url)
    assert "Set-Cookie" not in mine.headers and "Set-Cookie" not in anon.headers
    assert mine.data == anon.data
    assert "no-store" in mine.headers["Cache-Control"]


def test_reminder_dates_are_alarms_on_the_days_reminders_go_out(app, client, session, as_user):
    from tracker.domain.reminders import ReminderKind, reminders_due
    from tracker.timeutil import to_local

    cal, today = load_calendar(session), local_today()
    thuky, ward = _user(session, "thuky"), _user(session, "chiengle.lanhdao").unit
    task, = assign_tasks(session, thuky, None, [TaskInput("Tổng hợp ý kiến cử tri về quy hoạch chợ.", [ward.id],
                                                          deadline_kind="date", due_on=today + timedelta(days=30))],
                         today=today, calendar=cal)
    as_user("chiengle.canbo")
    ev = _events(app.test_client().get(_new_feed_url(client)))[task.id]
    alarms = [to_local(a.trigger.value) for a in getattr(ev, "valarm_list", [])]
    assert len(alarms) == 3  # the default policy: 7, 3 and 1 working days before
    for when in alarms:
        assert when.strftime("%H:%M") == "07:30" and when.date() >= today
        assert [t.kind for t in reminders_due(due_on=task.due_on, status=task.status, today=when.date(),
                                              calendar=cal)] == [ReminderKind.BEFORE]
    expected = [d for d in (today + timedelta(days=i) for i in range(31))
                if any(t.kind is ReminderKind.BEFORE for t in
                       reminders_due(due_on=task.due_on, status=task.status, today=d, calendar=cal))]
    assert sorted(a.date() for a in alarms) == expected


def test_feed_is_rate_limited_per_ip(app, client, as_user):
    as_user("chiengle.canbo")
    url = _new_feed_url(client)
    app.config["PUBLIC_RATE_LIMIT"] = "2 per minute"
    anon = app.test_client()
    assert [anon.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert anon.get(url, environ_overrides={"REMOTE_ADDR": "10.0.0.7"}).status_code == 200
