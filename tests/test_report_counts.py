"""The standing report counts (queries/reports/counts.py) stay equal to the live SQL and to a
brute-force count with the domain's rule, through long random runs of real workflow steps
(through the services, as users do them), across a change of day, for every unit, role,
current period and demo user's scope."""
import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from tracker import timeutil
from tracker.domain.reports import COLUMNS, Counts, Period, classify
from tracker.extensions import db
from tracker.models import ReportCount, ReportCountBuild, Task, Unit, User
from tracker.queries import reports as q
from tracker.queries.reports.counts import KINDS, table_own_counts, table_total_counts
from tracker.services.calendar import load_calendar
from tracker.services.report_counts import build_for_today
from tracker.services.units import merge_units
from tracker.services.workflow import ActionInput, apply_action

from tests.support.steps import NOTE, random_steps



def _brute_force(session, period: Period, day: date, role: str) -> dict[int, list[int]]:
    out: dict[int, Counts] = defaultdict(Counts)
    for t in session.scalars(select(Task).options(selectinload(Task.coordinators))):
        c = classify(q.facts(t), period, day)
        if c is None:
            continue
        for uid in ([t.lead_unit_id] if role == "lead" else [u.id for u in t.coordinators]):
            out[uid].add(c)
    return {uid: c.as_list() for uid, c in out.items()}


def _column_sums(per_unit: dict) -> list[int]:
    return [sum(v[i] for v in per_unit.values()) for i in range(len(COLUMNS))]


def _check_everything(session, day: date) -> int:
    """Table == live SQL == brute force for every kind and role (admin: every unit), and
    table == live for every demo user's default scope and whole scope. Returns the rows compared."""
    session.expire_all()
    admin = session.scalar(select(User).where(User.role == "admin"))
    users, seen = [], set()
    for u in session.scalars(select(User).where(User.role != "admin").order_by(User.id)):
        scope = (u.unit_id, u.role in q.COMMITTEE_ROLES)  # what the figures depend on about a user
        if scope not in seen:
            seen.add(scope)
            users.append(u)
    compared = 0
    for kind in KINDS:
        period = Period.containing(kind, day)
        for role in q.ROLES:
            table = table_own_counts(session, period=period, as_of=day, user=admin, role=role, day=day)
            live = q.own_counts(session, period=period, as_of=day, user=admin, role=role)
            brute = _brute_force(session, period, day, role)
            assert table == live == brute, (kind, role)
            # The totals a trend shows, summed by SQL over the same rows (units whose rows cancel out included).
            assert table_total_counts(session, period=period, as_of=day, user=admin, role=role, day=day) \
                == _column_sums(live), (kind, role)
            compared += len(table)
            for u in users:
                root = q.default_root(session, u)
                for root_path in {None, root.path if root is not None else None}:
                    unit_ids = q.subtree_unit_ids(session, root_path)
                    got = table_own_counts(session, period=period, as_of=day, user=u, role=role,
                                           root_path=root_path, unit_ids=unit_ids, day=day)
                    want = q.own_counts(session, period=period, as_of=day, user=u, role=role, root_path=root_path,
                                        unit_ids=unit_ids)
                    assert got == want, (kind, role, u.email, root_path)
                    total = table_total_counts(session, period=period, as_of=day, user=u, role=role,
                                               root_path=root_path, day=day)
                    assert total == _column_sums(want), (kind, role, u.email, root_path)
    # The table path was the one taken: every kind is built for the day.
    assert set(session.execute(select(ReportCountBuild.period_kind)
                               .where(ReportCountBuild.built_for_day == day)).scalars()) == set(KINDS)
    return compared


@pytest.fixture
def move_today(monkeypatch):
    """Move "today" (Asia/Ho_Chi_Minh) for the standing counts, as the clock would."""
    def _move(day: date):
        monkeypatch.setattr(timeutil, "local_today", lambda: day)
    return _move


def test_random_workflow_keeps_the_table_equal_to_live_sql_and_brute_force(app, session, move_today):
    rng = random.Random(14)
    day = timeutil.local_today()
    with app.app_context():
        _check_everything(session, day)  # the first reader builds the table for the day
        built_at = session.scalar(select(func.max(ReportCountBuild.built_at)))
        steps: dict[str, int] = defaultdict(int)
        for _round in range(3):
            for k, v in random_steps(rng, session, 80, day).items():
                if k != "why":
                    steps[k] += v
            assert _check_everything(session, day) > 0
        # Kept by deltas, not rebuilt: the build is the one of the first read.
        assert session.scalar(select(func.max(ReportCountBuild.built_at))) == built_at
        # The run did what users do: creations and the main workflow steps, extension approvals included.
        for action in ("create", "receive", "report", "submit", "accept", "return", "pause", "cancel",
                       "request_extension", "approve_extension", "reassign"):
            assert steps.get(action, 0) > 0, (action, dict(steps))

        # The next morning (and 40 days on): the first reader rebuilds, within -> overdue moves,
        # and writes that day keep it exact again.
        for later in (day + timedelta(days=1), day + timedelta(days=40)):
            move_today(later)
            assert sum(v for k, v in random_steps(rng, session, 50, later).items() if k != "why") > 0
            _check_everything(session, later)
            assert session.scalar(select(func.max(ReportCountBuild.built_at))) != built_at


def test_a_write_on_a_stale_day_leaves_the_table_to_its_next_reader(app, session, move_today):
    """Deltas are only added to rows valid for today: after midnight, before any reader, a
    step changes nothing in the table, and the reader's rebuild is exact."""
    day = timeutil.local_today()
    with app.app_context():
        _check_everything(session, day)
        before = session.execute(select(ReportCount.__table__)).all()
        tomorrow = day + timedelta(days=1)
        move_today(tomorrow)
        steps = random_steps(random.Random(7), session, 30, tomorrow)
        assert sum(steps.values()) > 0
        assert session.execute(select(ReportCount.__table__)).all() == before
        _check_everything(session, tomorrow)


def test_the_nightly_build_and_a_unit_merge(app, session, move_today):
    day = timeutil.local_today()
    with app.app_context():
        tomorrow = day + timedelta(days=1)
        move_today(tomorrow)
        from workers.report_tasks import build_counts
        from workers.schedule import BEAT_SCHEDULE

        entry = BEAT_SCHEDULE["build-report-counts"]  # 00:05 in the app's zone (Celery's timezone)
        assert entry["task"] == build_counts.name == "tracker.reports.build_counts"
        assert entry["schedule"].hour == {0} and entry["schedule"].minute == {5}
        assert sorted(build_counts()) == sorted(KINDS)  # the beat job's body, in this app
        # The past periods the dashboards read are built by the same job (queries/reports/past_counts.py).
        from tracker.models import PastCountBuild
        from tracker.queries.reports.past_counts import trend_periods
        past = {(k, s) for k, s in session.execute(select(PastCountBuild.period_kind, PastCountBuild.period_start))}
        assert past == {(p.kind.value, p.start) for p in trend_periods(tomorrow)}
        assert build_for_today(db.session) == []  # already built for the day: idempotent
        builds = session.execute(select(ReportCountBuild.period_kind, ReportCountBuild.built_for_day,
                                        ReportCountBuild.period_start, ReportCountBuild.period_end)).all()
        for kind, built_for, start, end in builds:
            p = Period.containing(kind, tomorrow)
            assert (built_for, start, end) == (tomorrow, p.start, p.end)
        _check_everything(session, tomorrow)
        # A merge moves open tasks to another unit in bulk: the table is marked stale and
        # its next reader rebuilds it.
        admin = session.scalar(select(User).where(User.role == "admin"))
        source = session.scalar(select(Unit).join(Task, Task.lead_unit_id == Unit.id)
                                .where(Task.status.notin_(("done", "cancelled"))).order_by(Unit.id).limit(1))
        target = session.scalar(select(Unit).where(Unit.parent_id == source.parent_id, Unit.id != source.id,
                                                   Unit.is_active.is_(True)).limit(1))
        assert merge_units(db.session, source, target, actor=admin)["tasks"] > 0
        assert session.scalar(select(func.count()).select_from(ReportCountBuild)
                              .where(ReportCountBuild.built_for_day.isnot(None))) == 0
        assert session.scalar(select(func.count()).select_from(PastCountBuild)) == 0   # rebuilt by next readers
        _check_everything(session, tomorrow)


def test_dashboard_and_home_tiles_read_the_table_and_match_the_live_report(app, client, session, as_user):
    """The pages show the standing counts' figures, equal to the live report's."""
    import re

    day = timeutil.local_today()
    with app.app_context():
        rng = random.Random(3)
        _check_everything(session, day)
        random_steps(rng, session, 40, day)
    as_user("thuky")
    page = client.get("/reports/?kind=quarter")
    assert page.status_code == 200
    shown = [int(v.replace(".", "")) for _c, v in re.findall(r'data-total="(\w+)">([\d.]+)<', page.text)]
    with app.app_context():
        user = session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
        root = q.default_root(session, user)
        period = Period.containing("quarter", day)
        live = q.total_counts(session, period=period, as_of=day, user=user, role="lead",
                              root_path=root.path if root is not None else None)
        assert session.scalar(select(ReportCountBuild.built_for_day).where(
            ReportCountBuild.period_kind == "quarter")) == day
    assert shown == live.as_list() and live.total > 0


def _wait_for_a_lock_wait(session, errors=()) -> None:
    """Until another backend of this database waits on a lock (the mechanism, not a clock)."""
    import time

    from sqlalchemy import text

    for _ in range(300):
        n = session.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND wait_event_type = 'Lock'")).scalar()
        session.rollback()
        if n:
            return
        assert not errors
        time.sleep(0.05)
    raise AssertionError("nobody waited")


@pytest.mark.postgres_only
def test_a_build_and_a_writer_wait_for_each_other(app, session):
    """A build waits for a writer whose deltas are applied but not committed, and a real step
    waits for a build in progress; either way the table ends equal to the live figures."""
    import threading

    from sqlalchemy.orm import Session

    from tracker.queries.reports.counts import build
    from tracker.services import report_counts

    day = timeutil.local_today()
    with app.app_context():
        _check_everything(session, day)
        open_ids = list(session.scalars(select(Task.id).where(Task.status.notin_(("done", "cancelled")))
                                        .order_by(Task.id)))
        errors = []

        def rebuild():
            try:
                with app.app_context(), db.engine.begin() as conn:
                    build(conn, day, force=True)
            except Exception as e:  # reported to the main thread
                errors.append(e)

        # 1. A writer between its deltas and its commit; a forced rebuild starts and waits.
        with Session(db.engine) as w:
            task = w.get(Task, open_ids[0])
            report_counts.track(w, [task.id])
            task.status = "cancelled"
            w.flush()
            report_counts.apply_pending(w)  # holds the header rows FOR SHARE
            t = threading.Thread(target=rebuild)
            t.start()
            _wait_for_a_lock_wait(session)
            w.commit()
        t.join()
        assert not errors
        _check_everything(session, day)

        # 2. A build in progress (not committed); a real step through the service waits for it,
        #    then adds its deltas to the new rows.
        admin = session.scalar(select(User).where(User.role == "admin"))
        version = session.get(Task, open_ids[1]).version
        done = []

        def step():
            try:
                with app.app_context():
                    apply_action(db.session, db.session.get(User, admin.id), open_ids[1],
                                 ActionInput(action="cancel", version=version, note=NOTE), today=day,
                                 calendar=load_calendar(db.session))
                    done.append(True)
            except Exception as e:
                errors.append(e)

        # The table is stale (as after midnight): without the header lock the step would skip
        # its deltas while the build had already read the tasks, and the cancel would be lost.
        with db.engine.begin() as conn:
            conn.execute(update(ReportCountBuild.__table__).values(built_for_day=None))
        with db.engine.connect() as conn:
            txn = conn.begin()
            assert sorted(build(conn, day)) == sorted(KINDS)
            t = threading.Thread(target=step)
            t.start()
            _wait_for_a_lock_wait(session, errors)
            txn.commit()
        t.join()
        assert not errors and done
        assert session.get(Task, open_ids[1]).status == "cancelled"
        _check_everything(session, day)


def test_cached_figures_of_the_current_periods_survive_steps_that_change_no_figure(app, client, session, as_user):
    """The dashboard's current figures are cached under the period kind's own counter: a step
    that changes no figure (receive) leaves it, one that does (cancel) moves it, and the page
    shows the new figures at once."""
    import re

    from tracker.models import DataVersion

    day = timeutil.local_today()
    ids = {"month": 11, "quarter": 12, "half_year": 13, "year": 14}

    def counters():
        session.expire_all()
        return {k: session.get(DataVersion, ids[k]).value for k in KINDS}

    def shown():
        page = client.get("/reports/?kind=year")
        assert page.status_code == 200
        return dict((c, int(v.replace(".", ""))) for c, v in re.findall(r'data-total="(\w+)">([\d.]+)<', page.text))

    as_user("thuky")
    first = shown()
    with app.app_context():
        cal = load_calendar(session)
        head = session.scalar(select(User).where(User.role == "unit_head", User.unit_id.in_(
            select(Task.lead_unit_id).where(Task.status == "assigned"))).order_by(User.id).limit(1))
        task = session.scalar(select(Task).where(Task.status == "assigned", Task.lead_unit_id == head.unit_id)
                              .order_by(Task.id).limit(1))
        before = counters()
        apply_action(session, head, task.id, ActionInput(action="receive", version=task.version), today=day,
                     calendar=cal)
        assert counters() == before  # nothing a report counts changed
        admin = session.scalar(select(User).where(User.role == "admin"))
        apply_action(session, admin, task.id, ActionInput(action="cancel", version=session.get(Task, task.id).version,
                                                          note=NOTE), today=day, calendar=cal)
        after = counters()
        assert after["year"] > before["year"]  # the kind the page built (the others are not built yet)
        sees = q.default_root(session, session.scalar(select(User).where(User.email == "thuky@sonla.demo")))
        counted = task.lead_unit.path.startswith(sees.path) if sees is not None else True
    now = shown()
    assert now["total"] == first["total"] - (1 if counted else 0)


def test_a_closed_periods_cached_report_survives_writes(app, session):
    """The previous period the dashboard ranks against is read from its snapshot: once cached,
    a workflow step (which raises the global data version) does not make it read again."""
    from sqlalchemy import event

    from tracker.models import DataVersion
    from tracker.services.reports import close_period, reopen_period

    day = timeutil.local_today()
    with app.app_context():
        admin = session.scalar(select(User).where(User.role == "admin"))
        closed = Period.containing("year", date(day.year - 1, 6, 1))
        close_period(db.session, closed, actor=admin)
        first = q.cached_unit_report(db.session, admin, period=closed, as_of=closed.end)
        assert first.snapshot is not None and first.total.total > 0
        head = session.scalar(select(User).where(User.role == "unit_head", User.unit_id.in_(
            select(Task.lead_unit_id).where(Task.status == "assigned"))).order_by(User.id).limit(1))
        task = session.scalar(select(Task).where(Task.status == "assigned", Task.lead_unit_id == head.unit_id)
                              .order_by(Task.id).limit(1))
        versions = dict(session.execute(select(DataVersion.id, DataVersion.value)).all())
        apply_action(session, head, task.id, ActionInput(action="receive", version=task.version), today=day,
                     calendar=load_calendar(session))
        session.expire_all()
        assert session.get(DataVersion, 1).value > versions[1]  # the global version moved
        statements = []

        def seen(conn, cursor, statement, *args):
            statements.append(statement)
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            again = q.cached_unit_report(db.session, admin, period=closed, as_of=closed.end)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
        assert again.total == first.total
        assert statements and not any("report_snapshot_rows" in s for s in statements)  # a cache hit
        # Re-opened: the live figures again, not the snapshot's cached ones.
        reopen_period(db.session, closed, actor=admin, reason="Kiểm tra mở lại kỳ")
        live = q.cached_unit_report(db.session, admin, period=closed, as_of=closed.end)
        assert live.snapshot is None
