"""With the query cache off (QUERY_CACHE=0), a result is still read once per request and again
after a write of this process, and each caller gets a copy (tracker/cache.py, _request_memo)."""
import pytest
from sqlalchemy import event, select

from tests.conftest import demo_email, login
from tracker.cache import memo
from tracker.extensions import db
from tracker.models import Unit, User
from tracker.services.units import create_unit


@pytest.fixture
def app_config():
    return {"QUERY_CACHE": False}


def test_a_result_is_computed_once_per_request_and_each_caller_gets_a_copy(app):
    calls = []

    def compute():
        calls.append(1)
        return [1, 2, 3]

    with app.test_request_context("/"):
        first = memo("t", ("k",), compute)
        first.append(99)   # a caller changing what it got changes nothing for the next one
        assert memo("t", ("k",), compute) == [1, 2, 3]
        assert memo("t", ("other",), compute) == [1, 2, 3]
        assert len(calls) == 2
    with app.test_request_context("/"):   # a new request reads again
        memo("t", ("k",), compute)
        assert len(calls) == 3


def test_a_write_of_the_request_is_seen_by_a_later_read(app):
    with app.test_request_context("/"):
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        parent = db.session.scalar(select(Unit).where(Unit.depth == 1))

        def below():
            return sorted(db.session.scalars(select(Unit.id).where(Unit.path.startswith(parent.path))))

        before = memo("below", (parent.path,), below)
        unit = create_unit(db.session, actor=admin, name="Xã Thử Nghiệm", code="xa-thu-nghiem", kind="commune", parent=parent)
        after = memo("below", (parent.path,), below)
        assert unit.id in after and unit.id not in before and len(after) == len(before) + 1


def _get_with_statements(app, client, url):
    """(the response to GET ``url``, each statement it sent with its parameters)."""
    seen = []

    def log(conn, cursor, statement, parameters, *args):
        seen.append((" ".join(statement.split()), repr(parameters)))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", log)
        try:
            resp = client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", log)
    return resp, seen


def test_a_report_reads_its_subtree_once_with_the_cache_off(app, client):
    login(client, demo_email("thuky"))
    client.get("/reports/trend.json")
    resp, seen = _get_with_statements(app, client, "/reports/trend.json")
    assert resp.status_code == 200 and resp.get_json()
    # Nothing is read twice with the same parameters: the subtree (for this period's counts and
    # again for the past periods'), nor which past periods are built (one statement for five).
    repeated = [s for s in set(seen) if seen.count(s) > 1]
    assert repeated == []
    assert len([s for s, _ in seen if "FROM past_count_builds" in s]) == 1


def test_the_directive_page_asks_once_whether_its_directive_is_visible(app, client):
    """The page's guard and its indicators panel both ask; a unit that does not own the
    directive (its visibility is a query over the directive's tasks) sends that query once."""
    from tracker.models import Directive, Task

    login(client, demo_email("chiengle.canbo"))
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == demo_email("chiengle.canbo")))
        directive_id = db.session.scalar(
            select(Directive.id).join(Task, Task.directive_id == Directive.id)
            .where(Task.lead_unit_id == user.unit_id, Directive.owner_unit_id != user.unit_id)
            .order_by(Directive.id).limit(1))
    assert directive_id is not None
    resp, seen = _get_with_statements(app, client, f"/reports/directives/{directive_id}")
    assert resp.status_code == 200
    assert [s for s in set(seen) if seen.count(s) > 1] == []
