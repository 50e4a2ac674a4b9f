"""Closing a period freezes its figures; later edits do not change it; re-opening is logged."""
from datetime import date

import pytest
from sqlalchemy import select

from tracker.domain.reports import Period
from tracker.extensions import db
from tracker.models import ReportSnapshot, Task, User
from tracker.queries import reports as q
from tracker.services import ServiceError
from tracker.services.reports import close_ended_periods, close_period, reopen_period


def _user(local):
    return db.session.scalar(select(User).where(User.email == f"{local}@sonla.demo"))


def _figures(user, period):
    rep = q.unit_report(db.session, user, period=period, as_of=period.end, root=q.default_root(db.session, user))
    return rep.total, [(r.unit.id, r.counts) for r in rep.rows], rep.snapshot


def test_closed_period_does_not_change_after_edits(app, session):
    with app.app_context():
        period = Period.containing("year", date(2023, 6, 1))
        admin, thuky = _user("admin"), _user("thuky")
        before = {u: _figures(u, period)[:2] for u in (admin, thuky)}
        assert before[admin][0].total > 0
        snap, created = close_period(db.session, period, actor=admin)
        assert created and snap.task_count == before[admin][0].total
        assert close_period(db.session, period)[1] is False  # idempotent
        for u in (admin, thuky):
            total, rows, used = _figures(u, period)
            assert used is not None and (total, rows) == before[u]
        # Edit every 2023 task: finish them all and move deadlines.
        for t in db.session.scalars(select(Task).where(Task.assigned_on <= period.end)).all():
            t.status, t.completed_on = "done", period.start
        session.commit()  # written directly: the standing and past counts are rebuilt
        assert _figures(admin, period)[:2] == before[admin]
        live = q.unit_report(db.session, admin, period=period, as_of=period.end, use_snapshot=False)
        assert live.total != before[admin][0]
        reopen_period(db.session, period, actor=admin, reason="Cập nhật số liệu")
        assert _figures(admin, period)[2] is None and _figures(admin, period)[0] == live.total
        with pytest.raises(ServiceError):
            reopen_period(db.session, period, actor=admin, reason="again")
        with pytest.raises(ServiceError):
            reopen_period(db.session, period, actor=thuky, reason="x")
        snap2, created = close_period(db.session, period, actor=admin)
        assert created and snap2.id != snap.id
        assert db.session.scalar(select(ReportSnapshot).where(ReportSnapshot.id == snap.id)).reopen_reason


def test_nightly_job_closes_what_ended_yesterday(app):
    with app.app_context():
        assert close_ended_periods(db.session, date(2025, 7, 1)) == [
            "month:2025-06-01:2025-06-30", "quarter:2025-04-01:2025-06-30", "half_year:2025-01-01:2025-06-30"]
        assert close_ended_periods(db.session, date(2025, 7, 1)) == []
        assert close_ended_periods(db.session, date(2025, 7, 2)) == []


def test_beat_schedule_runs_the_job():
    from workers.schedule import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["close-report-periods"]["task"] == "tracker.reports.close_ended_periods"


def test_closed_period_lists_stay_as_closed(app, session, as_user):
    """Drill-down and Excel lists of a closed period keep the tasks and categories of
    closing time; re-opening brings back the live lists."""
    import io
    import re

    from openpyxl import load_workbook

    period = Period.containing("year", date(2023, 6, 1))
    admin = session.scalar(select(User).where(User.email == "admin@sonla.demo"))
    close_period(session, period, actor=admin)
    client = as_user("admin")
    args = "kind=year&ref=01/06/2023&as_of=31/12/2023"

    def overdue_list():
        html = client.get(f"/reports/tasks?{args}&col=overdue").text
        return int(re.search(r"<span data-total>([\d.]+)</span>", html).group(1).replace(".", "")), \
            sorted(int(i) for i in re.findall(r'data-task="(\d+)"', html))

    def sheet_rows():
        wb = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{args}").data))
        tasks = [r for r in wb["Danh sách nhiệm vụ"].iter_rows(min_row=4, values_only=True) if r[0]]
        return len(tasks), len([r for r in wb["Quá hạn"].iter_rows(min_row=4, values_only=True) if r[0]])

    frozen = q.unit_report(session, admin, period=period, as_of=period.end).total
    total_before, ids_before = overdue_list()
    assert total_before == frozen.overdue > 0 and ids_before
    assert sheet_rows() == (frozen.total, frozen.overdue)
    # Every 2023 task finished on the first day and given a new deadline.
    for t in session.scalars(select(Task).where(Task.assigned_on <= period.end)).all():
        t.status, t.completed_on, t.due_on = "done", period.start, date(2030, 1, 1)
    session.commit()
    assert overdue_list() == (total_before, ids_before)
    assert sheet_rows() == (frozen.total, frozen.overdue)
    # A frozen line shows the deadline it had, not the one set afterwards.
    page = client.get(f"/reports/tasks?{args}&col=overdue").text
    assert "01/01/2030" not in page
    reopen_period(session, period, actor=admin, reason="Kiểm tra")
    assert overdue_list() == (0, [])


def test_trend_points_of_closed_periods_stay_as_closed(app, session):
    """The dashboard's trend reads each closed period from its snapshot (looked up for all its
    periods at once): edits after closing move the open periods' points, not the closed ones."""
    with app.app_context():
        admin = _user("admin")
        today = date(2025, 6, 15)
        current = Period.containing("year", today)
        closed = [current.previous(), current.previous().previous()]  # 2024 and 2023

        def points():
            return {p.key: c for p, c in q.trend(db.session, admin, period=current, today=today, root=None)}

        before = points()
        for p in closed:
            close_period(db.session, p, actor=admin)
        assert points() == before
        for t in db.session.scalars(select(Task).where(Task.assigned_on <= closed[0].end)).all():
            t.status, t.completed_on = "done", closed[0].start
        session.commit()  # written directly: the standing and past counts are rebuilt
        after = points()
        for p in closed:
            assert after[p.key] == before[p.key], p.key
        reopen_period(db.session, closed[0], actor=admin, reason="Cập nhật số liệu")
        assert points()[closed[0].key] != before[closed[0].key]  # live again: the edits show
        assert points()[closed[1].key] == before[closed[1].key]
