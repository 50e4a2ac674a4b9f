"""A conclusion's full text is read by its own pages only.

A directive's body is the whole conclusion (tens of kilobytes in real use); the task list loads
each row's source, the home page and the API list their tasks. None of those may carry the body
(or the folded copies kept for search) from the database; the directive's page and its API detail
still show it."""
import re

from sqlalchemy import event, select, update

from tracker.extensions import db
from tracker.models import Directive, Task
from tests.test_api import cli_token

BODY = "KẾT LUẬN của Ban Chỉ đạo. " + "Nội dung dài của văn bản. " * 2500 + "HẾT VĂN BẢN 7431."


def _statements(app, client, url, headers=None):
    sent = []

    def note(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        resp = client.get(url, headers=headers or {})
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert resp.status_code == 200, (url, resp.status_code)
    return resp, sent


def _selected_columns(statement: str) -> str:
    """What a SELECT sends back (the column lists of the statement and its subqueries), not its
    WHERE. A count's subquery names every column, but the count returns one number (PostgreSQL
    pulls the subquery up and never reads them)."""
    flat = " ".join(statement.split())
    if flat.startswith("SELECT count("):
        return ""
    return " ".join(re.findall(r"SELECT (.*?) FROM", flat))


def test_lists_do_not_load_the_full_text(app, client, session, as_user):
    directive_id = session.scalar(select(Task.directive_id).where(Task.directive_id.isnot(None)).order_by(Task.id))
    session.execute(update(Directive).where(Directive.id == directive_id).values(body=BODY))
    session.commit()
    as_user("thuky")
    for url in ("/tasks/?per_page=100", "/home", f"/tasks/?directive={directive_id}"):
        resp, sent = _statements(app, client, url)
        read = " ".join(_selected_columns(s) for s in sent)
        assert "directives.body" not in read and "search_text" not in read, url
        assert "HẾT VĂN BẢN 7431" not in resp.text
    # The directive's own page shows it.
    resp, _sent = _statements(app, client, f"/directives/{directive_id}")
    assert "HẾT VĂN BẢN 7431" in resp.text


def test_the_api_detail_still_gives_the_body(app, client, session):
    directive_id = session.scalar(select(Task.directive_id).where(Task.directive_id.isnot(None)).order_by(Task.id))
    session.execute(update(Directive).where(Directive.id == directive_id).values(body=BODY))
    session.commit()
    bearer = {"Authorization": f"Bearer {cli_token(app, 'thuky')}"}
    for url in ("/api/v1/directives", "/api/v1/tasks"):
        resp, sent = _statements(app, client, url, bearer)
        assert "directives.body" not in " ".join(_selected_columns(s) for s in sent), url
    resp, _sent = _statements(app, client, f"/api/v1/directives/{directive_id}", bearer)
    assert resp.get_json()["body"] == BODY
