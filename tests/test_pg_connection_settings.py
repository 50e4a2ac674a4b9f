"""The app's PostgreSQL connections start without JIT, and a live report then sends no SET first."""
import pytest
from sqlalchemy import event, text

from tracker.extensions import db
from tracker.queries.reports.past import jit_off


@pytest.mark.postgres_only
def test_every_connection_of_the_app_starts_with_jit_off(app):
    with app.app_context():
        assert db.session.execute(text("SHOW jit")).scalar() == "off"
        # A connection taken later from the pool (not the first one) too.
        with db.engine.connect() as other:
            assert other.execute(text("SHOW jit")).scalar() == "off"


@pytest.mark.postgres_only
def test_a_report_does_not_send_set_local_jit_on_such_a_connection(app):
    sent = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda c, cur, st, *a: sent.append(st))
        jit_off(db.session)
        assert not [s for s in sent if "jit" in s.lower()]
        assert db.session.execute(text("SHOW jit")).scalar() == "off"
