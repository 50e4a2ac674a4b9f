"""Report statements sent with their values written in: the same rows, and on PostgreSQL a plan
kept from one run to the next (tracker/queries/literal_sql.py)."""
from datetime import date

import pytest
from sqlalchemy import Date, Integer, String, bindparam, literal_column, select, text

from tracker.domain.reports import Period
from tracker.extensions import db
from tracker.models import Unit, User
from tracker.queries import literal_sql
from tracker.queries.reports import default_root, unit_report
from tracker.queries.reports import live


def test_values_are_written_in_as_the_dialect_quotes_them(app):
    """A quote, a percent sign and a backslash in a value come back unchanged (no injection, no
    doubled escapes), and dates and id lists keep their types."""
    stmt = select(literal_column("1").label("one")).where(
        bindparam("s", type_=String, literal_execute=True) == bindparam("s2", type_=String, literal_execute=True),
        bindparam("d", type_=Date, literal_execute=True) < bindparam("d2", type_=Date, literal_execute=True),
        literal_column("1").in_(bindparam("ids", type_=Integer, expanding=True, literal_execute=True)))
    tricky = "O'Neil 100% \\ '; DROP TABLE units; --"
    with app.app_context():
        params = {"s": tricky, "s2": tricky, "d": date(2026, 1, 1), "d2": date(2026, 12, 31), "ids": [1, 2, 3]}
        assert literal_sql.execute(db.session, stmt, params).all() == [(1,)]
        assert literal_sql.execute(db.session, stmt, {**params, "s2": tricky + "x"}).all() == []
        echoed = select(bindparam("s", type_=String, literal_execute=True).label("s"))
        assert literal_sql.execute(db.session, echoed, {"s": tricky}).scalar() == tricky
        assert db.session.scalar(select(db.func.count()).select_from(Unit)) > 0  # still there


def test_rows_read_from_the_driver_are_still_seen_and_fail_as_sqlalchemy_errors(app):
    """``rows`` reads the driver's cursor directly, but the statement still reaches the connection's
    listeners (statement counts, logging), and a failing statement raises SQLAlchemy's error, which
    leaves the session usable after a rollback."""
    from sqlalchemy import event
    from sqlalchemy.exc import DBAPIError

    stmt = select(bindparam("s", type_=String, literal_execute=True).label("s"))
    with app.app_context():
        seen = []

        def note(conn, cursor, statement, parameters, context, executemany):
            seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", note)
        try:
            assert literal_sql.rows(db.session, stmt, {"s": "50% 'x'"}) == [("50% 'x'",)]
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
        assert len(seen) == 1 and "50" in seen[0]
        broken = text("SELECT nothing FROM no_such_table")
        with pytest.raises(DBAPIError):
            literal_sql.rows(db.session, broken)
        db.session.rollback()
        assert db.session.scalar(select(db.func.count()).select_from(Unit)) > 0


def _commune_head(session):
    return session.scalar(select(User).join(Unit, User.unit_id == Unit.id)
                          .where(User.role == "unit_head", Unit.kind != "committee", Unit.depth >= 2)
                          .order_by(User.id).limit(1))


def test_a_report_reads_the_same_rows_as_with_bound_values(app):
    """Every statement a rolled-up or flat report sends, for every demo user's default root: the
    literal text gives the rows of the statement with its parameters bound."""
    period = Period.custom(date(2026, 1, 1), date(2026, 12, 31))
    as_of = period.default_as_of(date.today())
    seen = 0
    with app.app_context():
        s = db.session
        for user in s.scalars(select(User).order_by(User.id)).all():
            root = default_root(s, user)
            for rolled_up in (True, False):
                calls = []
                real = literal_sql.rows

                def spy(session, stmt, params=None, real=real, calls=calls):
                    calls.append((stmt, params))
                    return real(session, stmt, params)

                live.literal_sql.rows = spy
                try:
                    unit_report(s, user, period=period, as_of=as_of, root=root, rolled_up=rolled_up,
                                use_snapshot=False)
                finally:
                    live.literal_sql.rows = real
                for stmt, params in calls:
                    bound = s.connection().execute(stmt, params).all()
                    assert literal_sql.execute(s, stmt, params).all() == bound
                    assert literal_sql.rows(s, stmt, params) == [tuple(r) for r in bound]
                    seen += 1
    assert seen > 0


@pytest.mark.postgres_only
def test_a_repeated_report_is_not_planned_again(app):
    """The fifth run of a commune's report on a connection prepares it; from then on PostgreSQL runs
    its kept plan (a statement without parameters has one plan), where a bound statement was planned
    on every run (``plan_cache_mode = force_custom_plan``)."""
    period = Period.custom(date(2026, 1, 1), date(2026, 12, 31))
    as_of = period.default_as_of(date.today())
    with app.app_context():
        s = db.session
        user = _commune_head(s)
        root = default_root(s, user)
        for _ in range(8):
            unit_report(s, user, period=period, as_of=as_of, root=root, rolled_up=True, use_snapshot=False)
        rows = s.execute(text("SELECT parameter_types::text, generic_plans, custom_plans "
                              "FROM pg_prepared_statements WHERE statement LIKE '%count(*) FILTER%'")).all()
        assert rows, "the report's statement was not prepared"
        assert all(types == "{}" for types, _, _ in rows)
        assert sum(g for _, g, _ in rows) >= 3 and sum(c for _, _, c in rows) == 0
