"""The past counts (queries/reports/past_counts.py): a past standard period's figures as of its last
day, built once by their first reader and kept by the writers' deltas, stay equal to the live SQL
through long random runs of real workflow steps (cancellations, moves to another unit, extensions,
creations: through the services), for every kind, role, the admin and every demo user's scopes, and
across a change of day; the dashboard's trend and ranking read them."""
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tracker import timeutil
from tracker.domain.reports import Period
from tracker.models import PastCount, PastCountBuild, User
from tracker.queries import reports as q
from tracker.queries.reports.past_counts import KINDS, holds, past_own_counts, past_totals
from tracker.services.report_counts import invalidate

from tests.support.steps import random_steps


def _past_periods(day: date) -> list[Period]:
    out = []
    for kind in KINDS:
        p = Period.containing(kind, day)
        for _ in range(2):
            p = p.previous()
            out.append(p)
    return out


def _users(session):
    """One user of each role and kind of unit (what the figures depend on about a user)."""
    users, seen = [], set()
    for u in session.scalars(select(User).order_by(User.id)):
        scope = (u.role, u.unit.kind if u.unit is not None else None)
        if scope not in seen:
            seen.add(scope)
            users.append(u)
    return users


def _check(session, day: date) -> int:
    """Table == live SQL for each past period, role, user and scope (default root and whole)."""
    session.expire_all()
    compared = 0
    periods = _past_periods(day)
    for p in periods:
        assert holds(p, p.end, "lead", day)
        for role in q.ROLES:
            for u in _users(session):
                root = q.default_root(session, u)
                for root_path in {None, root.path if root is not None else None}:
                    unit_ids = q.subtree_unit_ids(session, root_path)
                    got = past_own_counts(session, period=p, as_of=p.end, user=u, role=role, root_path=root_path,
                                          unit_ids=unit_ids, day=day)
                    want = q.own_counts(session, period=p, as_of=p.end, user=u, role=role, root_path=root_path,
                                        unit_ids=unit_ids)
                    assert got == want, (p, role, u.email, root_path)
                    compared += sum(v[0] + v[2] for v in got.values())
    for kind in KINDS:   # the trend's sums, one statement per kind
        ps = [p for p in periods if p.kind.value == kind]
        admin = session.scalar(select(User).where(User.role == "admin"))
        for u in (admin, *_users(session)[:6]):
            got = past_totals(session, ps, user=u, role="lead")
            want = [q.total_counts(session, period=p, as_of=p.end, user=u, role="lead") for p in ps]
            assert got == want, (kind, u.email)
    built = set(session.execute(select(PastCountBuild.period_kind, PastCountBuild.period_start)).all())
    assert {(p.kind.value, p.start) for p in periods} <= built
    return compared


def test_random_workflow_keeps_the_past_counts_equal_to_live_sql(app, session, monkeypatch):
    rng = random.Random(24)
    day = timeutil.local_today()
    with app.app_context():
        assert _check(session, day) > 0   # the demo data has tasks in past periods
        built_at = session.scalar(select(func.max(PastCountBuild.built_at)))
        rows = session.scalar(select(func.count()).select_from(PastCount))
        steps = {}
        for _round in range(2):
            for k, v in random_steps(rng, session, 80, day).items():
                if k != "why":
                    steps[k] = steps.get(k, 0) + v
            _check(session, day)
        # Kept by the writers' deltas, not rebuilt.
        assert session.scalar(select(func.max(PastCountBuild.built_at))) == built_at
        assert session.scalar(select(func.count()).select_from(PastCount)) >= rows
        # Steps that change past figures were among them.
        for action in ("cancel", "reassign", "approve_extension", "create"):
            assert steps.get(action, 0) > 0, (action, steps)

        # 40 days on: the new previous periods are built by their first reader, the older ones kept exact.
        later = day + timedelta(days=40)
        monkeypatch.setattr(timeutil, "local_today", lambda: later)
        assert sum(v for k, v in random_steps(rng, session, 50, later).items() if k != "why") > 0
        _check(session, later)
        _check(session, day)


def test_a_bulk_change_drops_the_past_counts_and_the_next_reader_rebuilds_them(app, session):
    day = timeutil.local_today()
    with app.app_context():
        _check(session, day)
        invalidate(session)
        session.commit()
        assert session.scalar(select(func.count()).select_from(PastCountBuild)) == 0
        _check(session, day)


def test_a_cancellation_moves_the_previous_year_on_the_trend_and_the_ranking(app, client, session, as_user):
    """What a user sees: the previous year's point of the dashboard's trend (and the ranking's
    previous figures) loses a task cancelled today, on the first reading after the cancellation,
    from the table kept by the step's delta (not rebuilt)."""
    from tracker.models import Task
    from tracker.services.calendar import load_calendar
    from tracker.services.workflow import ActionInput, apply_action

    day = timeutil.local_today()
    with app.app_context():
        admin = session.scalar(select(User).where(User.role == "admin"))
        prev = Period.containing("year", day).previous()

        as_user("admin")

        def year_point():
            body = client.get("/reports/trend.json?period=year").get_json()
            return body["total"][body["labels"].index(prev.label())]

        before = past_totals(session, [prev], user=admin)[0]
        assert year_point() == before.total > 0
        built_at = session.scalar(select(func.max(PastCountBuild.built_at)))
        task = session.scalar(select(Task).where(Task.assigned_on <= prev.end, Task.status.notin_(("cancelled", "done")))
                              .order_by(Task.id).limit(1))
        assert task is not None
        apply_action(session, admin, task.id, ActionInput(action="cancel", version=task.version,
                                                          note="Hủy để kiểm tra số liệu năm trước"),
                     today=day, calendar=load_calendar(session))
        session.commit()
        after = past_totals(session, [prev], user=admin)[0]
        assert after.total == before.total - 1
        assert after == q.total_counts(session, period=prev, as_of=prev.end, user=admin)
        assert year_point() == after.total
        assert session.scalar(select(func.max(PastCountBuild.built_at))) == built_at


def _old_month(day: date, back: int) -> Period:
    p = Period.containing("month", day)
    for _ in range(back):
        p = p.previous()
    return p


def _equal_to_live(session, p: Period) -> None:
    session.expire_all()
    admin = session.scalar(select(User).where(User.role == "admin"))
    for role in q.ROLES:
        assert past_own_counts(session, period=p, as_of=p.end, user=admin, role=role) == \
            q.own_counts(session, period=p, as_of=p.end, user=admin, role=role), (p, role)
    session.rollback()


@pytest.mark.postgres_only
def test_a_past_build_and_a_writer_wait_for_each_other(app, session):
    """A past period's build waits for a writer whose deltas are applied but not committed, and a
    real step waits for a build in progress; either way the period's rows end equal to the live SQL."""
    import threading

    from sqlalchemy.orm import Session

    from tracker.extensions import db
    from tracker.models import Task
    from tracker.queries.reports.past_counts import build
    from tracker.services import report_counts
    from tracker.services.calendar import load_calendar
    from tracker.services.workflow import ActionInput, apply_action

    from tests.test_report_counts import _wait_for_a_lock_wait

    day = timeutil.local_today()
    with app.app_context():
        first, second = _old_month(day, 7), _old_month(day, 8)

        def open_then(p):   # open now and counted in p: its cancellation moves p's figures
            return list(session.scalars(select(Task.id).where(Task.status.notin_(("done", "cancelled")),
                                                              Task.assigned_on <= p.end).order_by(Task.id)))
        errors = []

        def build_in_thread(p):
            def run():
                try:
                    with app.app_context(), db.engine.begin() as conn:
                        build(conn, p)
                except Exception as e:  # reported to the main thread
                    errors.append(e)
            t = threading.Thread(target=run)
            t.start()
            return t

        # 1. A writer between its deltas and its commit; the build of a period starts and waits.
        assert open_then(first)
        with Session(db.engine) as w:
            task = w.get(Task, open_then(first)[0])
            report_counts.track(w, [task.id])
            task.status = "cancelled"
            w.flush()
            assert report_counts.apply_pending(w) is True   # holds the header rows FOR SHARE
            t = build_in_thread(first)
            _wait_for_a_lock_wait(session)
            w.commit()
        t.join()
        assert not errors
        _equal_to_live(session, first)

        # 2. A build in progress (not committed); a real step through the service waits for it,
        #    then adds its delta to the new rows.
        admin_id = session.scalar(select(User.id).where(User.role == "admin"))
        tid = open_then(second)[0]
        version = session.get(Task, tid).version
        session.rollback()   # (nothing of the main session is read in the thread)
        done = []

        def step():
            try:
                with app.app_context():
                    apply_action(db.session, db.session.get(User, admin_id), tid,
                                 ActionInput(action="cancel", version=version, note="Hủy khi đang dựng số liệu"),
                                 today=day, calendar=load_calendar(db.session))
                    done.append(True)
            except Exception as e:
                errors.append(e)

        with db.engine.connect() as conn:
            txn = conn.begin()
            assert build(conn, second)
            t = threading.Thread(target=step)
            t.start()
            _wait_for_a_lock_wait(session, errors)
            txn.commit()
        t.join()
        assert not errors and done
        _equal_to_live(session, second)
