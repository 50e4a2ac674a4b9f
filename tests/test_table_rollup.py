"""A whole tree's rolled-up report read from the standing rows and summed by the database
(queries/reports/table_rollup.py) equals the live statement's (top_units_with_counts) and the
domain's rollup of the rows (rollup_top), for the current periods as of today and a past period
as of its end, both roles, the whole tree and each top unit, before and after real steps."""
import random

from sqlalchemy import select

from tracker import timeutil
from tracker.domain.reports import Period, rollup_top
from tracker.models import Unit, User
from tracker.queries import reports as q
from tracker.queries.reports.counts import table_own_counts
from tracker.queries.reports.live import top_units_with_counts
from tracker.queries.reports.past_counts import past_own_counts
from tracker.queries.reports.table_rollup import table_top_units
from tracker.queries.visibility import scope_key

from tests.support.steps import random_steps


def _check(session, day) -> int:
    session.expire_all()
    admin = session.scalar(select(User).where(User.role == "admin"))
    roots = [None, *session.scalars(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))]
    periods = [(Period.containing(k, day), day) for k in ("year", "quarter", "month")]
    prev = Period.containing("year", day).previous()
    periods.append((prev, prev.end))
    compared = 0
    for period, as_of in periods:
        for role in q.ROLES:
            # The rows are built by their first reader.
            rows = table_own_counts(session, period=period, as_of=as_of, user=admin, role=role, day=day) \
                if as_of == day else past_own_counts(session, period=period, as_of=as_of, user=admin, role=role,
                                                      day=day)
            for root in roots:
                got = table_top_units(session, period=period, as_of=as_of, user=admin, role=role, root=root,
                                      day=day)
                assert got is not None, (period, role, root)
                live = top_units_with_counts(session, period=period, as_of=as_of, user=admin, role=role, root=root)
                assert got == live, (period, role, root and root.id)
                paths = {uid: u.path for uid, u in q.units_under(session, root.path if root else None).items()}
                tops, _everything = rollup_top(rows, paths, root.path if root is not None else "/")
                assert {k: v for k, v in got[2].items() if root is None or k != root.id} == \
                    {k: v for k, v in tops.items() if k in got[0]}, (period, role, root and root.id)
                compared += len(got[2])
    return compared


def test_the_database_rollup_of_the_standing_rows_equals_the_live_report(app, session):
    day = timeutil.local_today()
    with app.app_context():
        assert _check(session, day) > 0
        random_steps(random.Random(41), session, 60, day)
        assert _check(session, day) > 0


def test_it_is_only_for_whoever_sees_every_task_and_the_whole_tree_or_a_top_unit(app, session):
    day = timeutil.local_today()
    with app.app_context():
        period = Period.containing("year", day)
        admin = session.scalar(select(User).where(User.role == "admin"))
        table_own_counts(session, period=period, as_of=day, user=admin, role="lead", day=day)
        below = session.scalar(select(Unit).where(Unit.parent_id.isnot(None)).order_by(Unit.id))
        assert table_top_units(session, period=period, as_of=day, user=admin, role="lead", root=below) is None
        for user in session.scalars(select(User).where(User.role != "admin")):
            root = q.default_root(session, user)
            if scope_key(user, root.path if root is not None else None)[0] != "all":
                assert table_top_units(session, period=period, as_of=day, user=user, role="lead", root=root) is None
        past = Period.containing("year", day).previous()   # a past year as of a day before its end
        assert table_top_units(session, period=past, as_of=past.end.replace(month=6, day=30), user=admin,
                               role="lead", root=None) is None
