"""Cached figures and pickers (tracker/cache.py) follow every committed change, and only those.

The pages read report figures, the default report root, pickers and the calendar
through a cache keyed by a data version that each write transaction raises. These
tests change data from outside the app under test (the observer session, a bare
engine connection, another process) and check the next page shows the change.
"""
import subprocess
import sys
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import select

from tests.test_api import Api, cli_token
from tracker.domain.reports import Period
from tracker.models import DataVersion, Directive, Notification, Task, User
from tracker.queries import reports as q
from tracker.services import SYSTEM
from tracker.services.units import create_unit
from tracker.timeutil import local_today

YEAR = "/reports/units?kind=year"


def _version(session, kind=1) -> int:
    session.expire_all()
    return session.get(DataVersion, kind).value


def _open_task(session, unit_email="thuky@sonla.demo"):
    """An open task of this year, with a deadline, assigned by thuky's committee."""
    thuky = session.scalar(select(User).where(User.email == unit_email))
    start = Period.containing("year", local_today()).start
    return session.scalar(select(Task).where(
        Task.assigned_by_unit_id == thuky.unit_id, Task.status.in_(("assigned", "received", "in_progress")),
        Task.due_on.isnot(None), Task.assigned_on >= start).order_by(Task.id).limit(1))


def test_figures_follow_a_change_made_elsewhere(app, session):
    api = Api(app, cli_token(app, "thuky"))
    before = api.get(YEAR).json["total"]
    assert api.get(YEAR).json["total"] == before  # second read: same figures (from the cache)
    task = _open_task(session)
    assert task is not None
    v0, s0 = _version(session), _version(session, 2)
    task.status, task.completed_on, task.progress = "done", local_today(), 100
    session.commit()
    # A workflow-like change raises the data counter, not the structure one (pickers).
    assert (_version(session), _version(session, 2)) == (v0 + 1, s0)
    after = api.get(YEAR).json["total"]
    done_before = before["on_time"] + before["late"]
    assert after["on_time"] + after["late"] == done_before + 1
    assert after["within"] + after["overdue"] == before["within"] + before["overdue"] - 1


def test_a_bare_engine_write_and_another_process_are_seen(app, session):
    api = Api(app, cli_token(app, "thuky"))
    before = api.get(YEAR).json["total"]["overdue"]
    task = _open_task(session)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    # Core statement on a connection of its own: no ORM session involved.
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.update(Task.__table__).where(Task.__table__.c.id == task.id)
                     .values(due_on=local_today() - timedelta(days=3)))
    engine.dispose()
    overdue = api.get(YEAR).json["total"]["overdue"]
    was_overdue = task.due_on < local_today()
    assert overdue == before + (0 if was_overdue else 1)
    # Another process, through the app's own engine hooks.
    code = (
        "import sqlalchemy as sa, sys\n"
        "import tracker.cache\n"
        "e = sa.create_engine(sys.argv[1])\n"
        "with e.begin() as c:\n"
        "    c.execute(sa.text('UPDATE tasks SET status = :s WHERE id = :i'), {'s': 'cancelled', 'i': int(sys.argv[2])})\n"
    )
    subprocess.run([sys.executable, "-c", code, url, str(task.id)], check=True, timeout=120)
    assert api.get(YEAR).json["total"]["overdue"] == overdue - 1


def test_rollbacks_and_unrelated_writes_keep_the_version(app, session):
    v0 = _version(session)
    task = _open_task(session)
    task.content = task.content + " (nháp)"
    session.flush()
    session.rollback()
    assert _version(session) == v0
    user = session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
    session.add(Notification(user_id=user.id, task_id=task.id, kind="comment"))
    session.commit()
    assert _version(session) == v0


def test_each_user_gets_the_figures_of_their_own_scope(app, session):
    """Cache entries are shared only where the scope is the same: every user's cached
    dashboard equals the uncached query for that user."""
    today = local_today()
    period = Period.containing("year", today)
    emails = ["thuky@sonla.demo", "chiengle.canbo@sonla.demo", "congan.lanhdao@sonla.demo", "admin@sonla.demo"]
    emails += [e for e in session.scalars(select(User.email).order_by(User.id)) if e not in emails][:6]
    thuky = session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
    city = q.default_root(session, thuky)
    # The same root seen by three scopes: everything (admin), the city committee's, the province's.
    same_root = ["admin@sonla.demo", "thuky@sonla.demo", "tinh.thuky@sonla.demo"]
    seen = set()
    for _round in range(2):
        for email, root in [(e, None) for e in emails] + [(e, city) for e in same_root]:
            user = session.scalar(select(User).where(User.email == email))
            api = Api(app, cli_token(app, email.split("@")[0]))
            got = api.get(YEAR + (f"&unit={city.id}" if root is not None else "")).json
            rep = q.unit_report(session, user, period=period, as_of=period.default_as_of(today),
                                root=root or q.default_root(session, user))
            assert got["total"]["total"] == rep.total.total, email
            # (the API lists rows in rank order: compare each unit's figures)
            assert {r["unit"]["id"]: r["counts"]["total"] for r in got["rows"]} == \
                {r.unit.id: r.counts.total for r in rep.rows}, email
            if root is not None:
                seen.add(rep.total.total)
    assert len(seen) >= 2  # the scopes really differ on that root


def test_pickers_show_a_new_directive_and_unit_at_once(app, session, as_user):
    client = as_user("thuky")
    assert client.get("/tasks/").status_code == 200
    thuky = session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
    session.add(Directive(kind="conclusion", title="Kết luận kiểm tra bộ nhớ đệm", owner_unit_id=thuky.unit_id,
                          issuer_unit_id=thuky.unit_id, created_by_id=thuky.id, issued_on=local_today()))
    session.commit()
    create_unit(session, actor=SYSTEM, name="Ban Kiểm tra bộ nhớ đệm", code="CACHE-TEST", kind="other",
                parent=thuky.unit.parent or thuky.unit)
    html = client.get("/tasks/").text
    assert "Kết luận kiểm tra bộ nhớ đệm" in html
    assert "Ban Kiểm tra bộ nhớ đệm" in html


def test_structure_changes_raise_both_counters(app, session):
    task = _open_task(session)
    v0, s0 = _version(session), _version(session, 2)
    other = session.scalar(select(Task.lead_unit_id).where(Task.lead_unit_id != task.lead_unit_id).limit(1))
    task.lead_unit_id = other  # a reassignment moves the task to another unit's lists and pickers
    session.commit()
    assert (_version(session), _version(session, 2)) == (v0 + 1, s0 + 1)
