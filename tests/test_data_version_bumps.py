"""Side effects are called by the use cases, not by hidden listeners.

Cached report figures, pickers and the calendar are keyed by the data version
(tracker/cache.py). Each write use case raises it in its own transaction by calling
bump_data_version; the workflow notifies and stops stale reminders the same way. These
tests run each write use case and check the version moved (and the structure counter
exactly when the write changes who sees what), and that the app registers no Session,
engine or pool listeners that would do such things behind the code's back.
"""
import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from tests.reliability.helpers import unit, user
from tests.test_imports import UNIT_HEADER
from tracker import create_app
from tracker.domain.reports import Period
from tracker.extensions import db
from tracker.models import DataVersion, Directive, IndicatorValue, Notification, Task
from tracker.services.calendar import delete_calendar_day, load_calendar, set_calendar_day
from tracker.services.directives import DirectiveInput, record_directive
from tracker.services.imports import apply_units, preview_units
from tracker.services.indicators import IndicatorInput, correct_value, define_indicator, report_value
from tracker.services.publication import publish, unpublish
from tracker.services.reports import close_period, reopen_period
from tracker.services.tasks import TaskInput, assign_tasks
from tracker.services.units import (create_unit, merge_units, move_unit, set_committee_members, set_unit_active,
                                    update_unit)
from tracker.services.workflow import ActionInput, apply_action
from tracker.timeutil import local_today


def test_the_app_registers_no_session_engine_or_pool_listeners(app):
    # Every module the app and the workers import, then the hooks the old code used.
    import workers.report_tasks  # noqa: F401  (imported to prove it registers nothing)
    import workers.tasks  # noqa: F401

    fresh = create_app(dict(app.config))
    with fresh.app_context():
        s = db.session()
        for name in ("before_flush", "after_flush", "after_flush_postexec", "before_commit", "after_commit"):
            assert list(getattr(s.dispatch, name)) == [], name
        for name in ("before_cursor_execute", "after_cursor_execute", "begin", "commit", "rollback"):
            assert list(getattr(db.engine.dispatch, name)) == [], name
        assert list(db.engine.pool.dispatch.checkin) == []
        assert list(db.engine.pool.dispatch.checkout) == []


def _versions(session) -> tuple[int, int, int]:
    session.expire_all()
    return tuple(session.get(DataVersion, i).value for i in (1, 2, 3))


def test_each_write_use_case_raises_the_data_version(app, session):
    session = db.session  # the plain session: without the tests' arranging net (conftest.ArrangingSession)
    today, cal = local_today(), load_calendar(session)
    thuky, admin = user(session, "thuky"), user(session, "admin")
    head = user(session, "chiengle.lanhdao")
    seen = []

    def moves(label, structure, fn, past=True):
        d0, s0, p0 = _versions(session)
        out = fn()
        d1, s1, p1 = _versions(session)
        assert (d1, s1) == (d0 + 1, s0 + (1 if structure else 0)), label
        # Figures as of past days (tracker.cache.PAST): every write but those whose tracked tasks
        # change no past report (here: a task assigned today, and its steps) moves them too.
        assert p1 == p0 + (1 if past else 0), label
        seen.append(label)
        return out

    def step(actor, task_id, action, **kw):
        session.expire_all()
        task = session.get(Task, task_id)
        return apply_action(session, actor, task_id, ActionInput(action=action, version=task.version, **kw),
                            today=today, calendar=cal)

    # Directives and tasks.
    d = moves("record_directive", True, lambda: record_directive(session, thuky, DirectiveInput(
        kind="conference", title="Kết luận kiểm tra phiên bản dữ liệu", issuer_unit_id=thuky.unit_id, issued_on=today)))
    (task,) = moves("assign_tasks", True, lambda: assign_tasks(session, thuky, d, [TaskInput(
        content="Rà soát phiên bản dữ liệu", lead_unit_ids=[unit(session, "chiengle").id])],
        today=today, calendar=cal), past=False)
    task_id = task.id
    # Workflow steps: progress and status only, so the pickers' counter stays.
    moves("receive", False, lambda: step(head, task_id, "receive"), past=False)
    moves("report", False, lambda: step(head, task_id, "report", note="Đang làm", progress=40), past=False)
    moves("reassign", True, lambda: step(thuky, task_id, "reassign", lead_unit_id=unit(session, "tohieu").id,
                                         note="Giao lại."), past=False)  # assigned today: in no past report
    # The reassigned unit heard of it: notify is called by the use case too.
    assert session.scalar(select(Notification.id).where(
        Notification.task_id == task_id, Notification.user_id == user(session, "tohieu.lanhdao").id,
        Notification.kind == "reassigned")) is not None

    # Indicators and publication.
    plan = session.scalars(select(Directive).where(Directive.symbol == "05-KH/BCĐ")).one()
    wards = [unit(session, "chiengle"), unit(session, "tohieu")]
    ind = moves("define_indicator", False, lambda: define_indicator(session, thuky, plan, IndicatorInput(
        name="Mô hình phiên bản", measure="count", direction="higher", aggregation="sum", unit_label="mô hình",
        total="10", unit_ids=[w.id for w in wards])))
    ward_officer = user(session, "chiengle.canbo")
    row = moves("report_value", False, lambda: report_value(
        session, ward_officer, ind, unit_id=wards[0].id, value="3", reported_on=today, today=today))
    moves("correct_value", False, lambda: correct_value(
        session, thuky, session.get(IndicatorValue, row.id), value="4", reason="Nhập nhầm.", today=today))
    moves("publish", False, lambda: publish(session, thuky, plan))
    moves("unpublish", False, lambda: unpublish(session, thuky, plan))

    # Report snapshots.
    period = Period.containing("month", today.replace(day=1) - timedelta(days=1))
    moves("close_period", False, lambda: close_period(session, period, actor=admin))
    moves("reopen_period", False, lambda: reopen_period(session, period, actor=admin, reason="Bổ sung số liệu."))

    # Units, committees and the calendar change who sees what: both counters.
    city = unit(session, "TP-BCD")
    new = moves("create_unit", True, lambda: create_unit(
        session, actor=admin, name="Tổ phiên bản", code="VER-1", kind="other", parent=city))
    moves("update_unit", True, lambda: update_unit(
        session, new, actor=admin, name="Tổ phiên bản dữ liệu", code="VER-1", kind="other", short_name=None,
        email=None, officers_may_submit=False))
    moves("move_unit", True, lambda: move_unit(session, new, unit(session, "chiengle"), actor=admin))
    moves("set_committee_members", True, lambda: set_committee_members(
        session, city, {m.id for m in city.members} | {new.id}, actor=admin))
    other = create_unit(session, actor=admin, name="Tổ phiên bản hai", code="VER-2", kind="other", parent=city)
    moves("merge_units", True, lambda: merge_units(session, other, new, actor=admin))
    moves("set_unit_active", True, lambda: set_unit_active(session, new, False, actor=admin))
    day = today + timedelta(days=200)
    moves("set_calendar_day", True, lambda: set_calendar_day(session, day, actor=admin, is_working=False,
                                                             note="Nghỉ bù"))
    moves("delete_calendar_day", True, lambda: delete_calendar_day(session, day, actor=admin))
    moves("apply_units", True, lambda: apply_units(session, preview_units(session, [
        UNIT_HEADER, ["VER-3", "Tổ phiên bản ba", "other", "TP-BCD", "", ""]]), actor=admin))
    assert len(seen) == 21


def test_no_module_registers_event_listeners():
    """Read from the source: side effects are called by the use cases, so no module of the
    app or the workers hooks into SQLAlchemy events (an import made for its side effect)."""
    root = Path(__file__).resolve().parents[1]
    hooked = [str(p.relative_to(root)) for sub in ("tracker", "workers") for p in sorted((root / sub).rglob("*.py"))
              if re.search(r"\bevent\.listen\(|\blistens_for\(|\bsa_event\b", p.read_text(encoding="utf-8"))]
    assert hooked == []
