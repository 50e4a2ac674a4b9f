"""The bell's count of unread notices: read with the login session in the same statement, and
counted again when this process has written since (a notice read or sent in the request)."""
import re

from sqlalchemy import event, func, select

from tests.conftest import csrf_from
from tests.test_workflow import _user, make_task
from tracker.extensions import db
from tracker.models import Notification
from tracker.services.notifications import mark_read, unread_count
from tracker.services.sessions import load_session_user, start_session


def _bell(html: str) -> int:
    m = re.search(r'id="bell-count"[^>]*>(\d+)<', html)
    assert m, "no bell on the page"
    return int(m.group(1))


def _unread(session, user) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))


def test_the_bell_shows_the_unread_count_without_a_statement_of_its_own(app, client, session, as_user):
    for _ in range(3):
        make_task(session)
    officer = _user(session, "chiengle.canbo")
    assert _unread(session, officer) >= 3
    as_user("chiengle.canbo")
    seen = []

    def log(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", log)
        try:
            html = client.get("/tasks/").text
        finally:
            event.remove(db.engine, "before_cursor_execute", log)
    assert _bell(html) == _unread(session, officer)
    alone = [s for s in seen if "FROM notifications" in s and "user_sessions" not in s]
    assert alone == [], alone
    assert any("FROM notifications" in s and "user_sessions" in s for s in seen)

    # Reading every notice: the next page's bell says 0.
    page = client.get("/notifications/")
    assert client.post("/notifications/read", data={"csrf_token": csrf_from(page.text)}).status_code == 302
    assert _bell(client.get("/home").text) == 0 == _unread(session, officer)
    # A new task for the unit: one more notice, and the bell shows it on the next page.
    make_task(session)
    assert _bell(client.get("/home").text) == 1 == _unread(session, officer)


def test_a_count_read_with_the_session_is_not_reused_after_a_write(app, session):
    for _ in range(2):
        make_task(session)
    officer = _user(session, "chiengle.canbo")
    with app.test_request_context("/home"):
        key = start_session(db.session, db.session.get(type(officer), officer.id),
                            max_age=app.config["SESSION_MAX_AGE"])
        db.session.commit()
        user = load_session_user(db.session, f"{officer.id}:{key}")
        before = _unread(db.session, user)
        assert before >= 2 and unread_count(db.session, user) == before
        # Read in this request: the bell counts again rather than show the count read at login.
        mark_read(db.session, user, None)
        assert unread_count(db.session, user) == 0

        user = load_session_user(db.session, f"{officer.id}:{key}")
        assert unread_count(db.session, user) == 0
        # A notice sent by a write of this process after the session was read is counted.
        make_task(db.session)
        assert unread_count(db.session, user) == 1
