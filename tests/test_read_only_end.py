"""A request that only read commits its transaction, so that PostgreSQL keeps the connection's
prepared statements (tracker/read_only_end.py); anything that wrote still rolls back."""
import pytest
from sqlalchemy import select, text, update

from tracker.extensions import db
from tracker.models import Task, User
from tracker.read_only_end import commit_if_read_only
from tests.conftest import demo_email


def _prepared(app) -> set[str]:
    with app.app_context():
        return {r[0] for r in db.session.execute(text("SELECT statement FROM pg_prepared_statements"))}


@pytest.mark.postgres_only
def test_a_pages_statements_stay_prepared_from_one_request_to_the_next(app, client, as_user):
    as_user("thuky")
    for _ in range(7):  # psycopg prepares a statement at its fifth execution on a connection
        assert client.get("/tasks/").status_code == 200
    with app.app_context():
        assert db.engine.pool.checkedin() == 1   # one connection served every request
    prepared = _prepared(app)
    # Every request's own statements among them (the login session's lookup, the unread
    # notifications): the requests' ROLLBACK used to discard them all.
    assert any("FROM user_sessions" in s for s in prepared)
    assert any("FROM notifications" in s for s in prepared)
    with app.app_context():
        # Planned anew each time all the same: a generic plan of ``path LIKE $1 || '%'`` scanned
        # every unit (docs/reports.md, session 25).
        assert db.session.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"


@pytest.mark.postgres_only
def test_a_request_that_wrote_without_committing_is_rolled_back(app, session):
    task_id = session.scalar(select(Task.id).order_by(Task.id).limit(1))
    before = session.get(Task, task_id).content
    with app.app_context():
        db.session.execute(update(Task).where(Task.id == task_id).values(content="không được lưu"))
        assert not commit_if_read_only(db.session())
    with app.app_context():   # the context's teardown rolled it back
        assert db.session.get(Task, task_id).content == before
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == demo_email("thuky")))
        user.name = "Tên chưa lưu"      # a pending change of the ORM: not committed either
        assert not commit_if_read_only(db.session())
    with app.app_context():
        assert db.session.scalar(select(User.name).where(User.email == demo_email("thuky"))) != "Tên chưa lưu"
    with app.app_context():   # a row locked FOR UPDATE: given a transaction id, rolled back
        db.session.execute(select(Task.id).where(Task.id == task_id).with_for_update())
        assert not commit_if_read_only(db.session())
    with app.app_context():
        loaded = db.session.get(Task, task_id)
        assert commit_if_read_only(db.session())
    assert loaded.content == before   # still readable after the request: nothing was expired
