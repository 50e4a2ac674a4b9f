"""Cached figures and pickers (tracker/cache.py) follow every committed change, and only those.

The pages read report figures, the default report root, pickers and the calendar
through a cache keyed by a data version that each write transaction raises. These
tests change data through the use cases (with the plain db.session, not the tests'
arranging session that bumps on its own), from outside the app under test (the observer's
app, another process) and check the next page shows the change.
"""
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from tests.test_api import Api, cli_token
from tracker.domain.reports import Period
from tracker.extensions import db
from tracker.models import DataVersion, Notification, Task, User
from tracker.queries import reports as q
from tracker.services import SYSTEM
from tracker.services.calendar import load_calendar
from tracker.services.directives import DirectiveInput, record_directive
from tracker.services.units import create_unit
from tracker.services.workflow import ActionInput, apply_action
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


def _cancel(session, email, task_id):
    """The committee's secretariat cancels the task through the workflow use case."""
    user = session.scalar(select(User).where(User.email == email))
    session.expire_all()
    task = session.get(Task, task_id)
    apply_action(session, user, task.id, ActionInput(action="cancel", version=task.version, note="Không còn phù hợp."),
                 today=local_today(), calendar=load_calendar(session))


def test_figures_follow_a_change_made_elsewhere(app, session):
    api = Api(app, cli_token(app, "thuky"))
    before = api.get(YEAR).json["total"]
    assert api.get(YEAR).json["total"] == before  # second read: same figures (from the cache)
    task = _open_task(session)
    assert task is not None
    v0, s0 = _version(session), _version(session, 2)
    _cancel(db.session, "thuky@sonla.demo", task.id)  # the observer's app: not the one serving the API
    # A workflow step raises the data counter, not the structure one (pickers).
    assert (_version(session), _version(session, 2)) == (v0 + 1, s0)
    after = api.get(YEAR).json["total"]
    assert after["within"] + after["overdue"] == before["within"] + before["overdue"] - 1


def test_a_change_by_another_process_is_seen(app, session):
    """A use case run by another process (a Celery worker, a CLI command) raises the
    version in the database, so this process's cached figures are dropped too. (Writes
    that bypass the use cases, e.g. raw SQL in a script, must call bump_data_version.)"""
    api = Api(app, cli_token(app, "thuky"))
    before = api.get(YEAR).json["total"]
    task = _open_task(session)
    v0 = _version(session)
    code = (
        "import sys\n"
        "from tracker import create_app\n"
        "from tracker.extensions import db\n"
        "from tests.test_query_cache import _cancel\n"
        "app = create_app({'SQLALCHEMY_DATABASE_URI': sys.argv[1], 'INSTANCE_PATH': sys.argv[3],"
        " 'UPLOAD_DIR': sys.argv[4]}, config_name='testing')\n"
        "with app.app_context():\n"
        "    _cancel(db.session, 'thuky@sonla.demo', int(sys.argv[2]))\n"
    )
    subprocess.run([sys.executable, "-c", code, app.config["SQLALCHEMY_DATABASE_URI"], str(task.id),
                    app.instance_path, app.config["UPLOAD_DIR"]],
                   check=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert _version(session) == v0 + 1
    after = api.get(YEAR).json["total"]
    assert after["within"] + after["overdue"] == before["within"] + before["overdue"] - 1


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
    record_directive(db.session, thuky, DirectiveInput(kind="conference", title="Kết luận kiểm tra bộ nhớ đệm",
                                                    issuer_unit_id=thuky.unit_id, issued_on=local_today()))
    create_unit(db.session, actor=SYSTEM, name="Ban Kiểm tra bộ nhớ đệm", code="CACHE-TEST", kind="other",
                parent=thuky.unit.parent or thuky.unit)
    html = client.get("/tasks/").text
    assert "Kết luận kiểm tra bộ nhớ đệm" in html
    assert "Ban Kiểm tra bộ nhớ đệm" in html


def test_structure_changes_raise_both_counters(app, session):
    task = _open_task(session)
    v0, s0 = _version(session), _version(session, 2)
    thuky = session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
    other = session.scalar(select(Task.lead_unit_id).where(
        Task.lead_unit_id != task.lead_unit_id, Task.assigned_by_unit_id == thuky.unit_id).limit(1))
    # A reassignment moves the task to another unit's lists and pickers.
    apply_action(db.session, thuky, task.id, ActionInput(action="reassign", version=task.version, lead_unit_id=other,
                                                      note="Giao lại cho đơn vị phù hợp."),
                 today=local_today(), calendar=load_calendar(session))
    assert (_version(session), _version(session, 2)) == (v0 + 1, s0 + 1)
