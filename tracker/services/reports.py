"""Closing a period (chốt số liệu): freeze its figures; re-opening is an explicit, logged admin act."""
import logging
from datetime import date, timedelta

from sqlalchemy import case, func, insert, literal, or_, select
from sqlalchemy.exc import IntegrityError

from tracker.cache import bump_data_version
from tracker.domain.reports import COLUMNS, Period, ended_periods
from tracker.models import ReportSnapshot, ReportSnapshotRow, ReportSnapshotTask, Task, Unit
from tracker.queries.categories import category_case
from tracker.queries.reports.clauses import role_source
from tracker.queries.reports import _TC, active_snapshot, conditions, count_columns, due_on_as_of
from flask_babel import gettext as _

from tracker.services import ServiceError
from tracker.timeutil import utcnow

log = logging.getLogger("tracker.reports")


def _rows(session, period: Period, as_of: date, role: str):
    conds = conditions(period, as_of)
    unit_col, frm = role_source(role)
    stmt = select(Task.assigned_by_unit_id, unit_col, *count_columns(period, as_of)).select_from(frm)
    stmt = stmt.where(conds["population"]).group_by(Task.assigned_by_unit_id, unit_col)
    return session.execute(stmt).all()


def _task_lines(snap_id: int, period: Period, as_of: date, role: str):
    """Select of each counted task's frozen line (ReportSnapshotTask columns, in order)."""
    conds = conditions(period, as_of)
    completed = or_(conds["on_time"], conds["late"])
    category = category_case(conds)
    unit_col = Task.lead_unit_id if role == "lead" else _TC.c.unit_id
    stmt = select(literal(snap_id), literal(role), unit_col, Task.id, Task.assigned_by_unit_id, category,
                  case((conds["carried"], True), else_=False), case((conds["extended"], True), else_=False),
                  due_on_as_of(as_of), Task.original_due_on, case((completed, Task.completed_on), else_=None))
    if role != "lead":
        stmt = stmt.select_from(_TC).join(Task, Task.id == _TC.c.task_id)
    return stmt.where(conds["population"])


TASK_LINE_COLUMNS = ["snapshot_id", "role", "unit_id", "task_id", "assigned_by_unit_id", "category", "carried",
                     "extended", "due_on", "original_due_on", "completed_on"]


def close_period(session, period: Period, *, actor=None, as_of: date | None = None) -> tuple[ReportSnapshot, bool]:
    """Snapshot every unit's counts of ``period`` as of its last day; (snapshot, created).

    Idempotent: when a snapshot is already in force it is returned unchanged, so
    the nightly job may run twice.
    """
    existing = active_snapshot(session, period)
    if existing is not None:
        return existing, False
    as_of = as_of or period.end
    period.check_as_of(as_of)
    units = {str(uid): [path, name, short] for uid, path, name, short in
             session.execute(select(Unit.id, Unit.path, Unit.name, Unit.short_name))}
    snap = ReportSnapshot(period_kind=period.kind.value, period_start=period.start, period_end=period.end,
                          as_of=as_of, active_key=period.key, closed_by_id=actor.id if actor else None,
                          units=units)
    session.add(snap)
    try:
        session.flush()
    except IntegrityError:  # closed by someone else meanwhile
        session.rollback()
        return active_snapshot(session, period), False
    total = 0
    for role in ("lead", "coordinating"):
        batch = []
        for assigner, unit_id, *counts in _rows(session, period, as_of, role):
            batch.append({"snapshot_id": snap.id, "role": role, "assigned_by_unit_id": assigner,
                          "unit_id": unit_id, **dict(zip(COLUMNS, counts))})
            if role == "lead":
                total += counts[COLUMNS.index("total")]
        if batch:
            session.execute(insert(ReportSnapshotRow), batch)
        # The tasks behind the figures, so that a closed period's lists stay as they were.
        session.execute(insert(ReportSnapshotTask).from_select(TASK_LINE_COLUMNS, _task_lines(snap.id, period, as_of, role)))
    snap.task_count = total
    from tracker.queries.indicators import freeze
    freeze(session, snap.id, as_of)  # indicator values in force at closing
    bump_data_version(session)
    session.commit()
    log.info("report period %s closed by %s: %d tasks", period.key, actor.email if actor else "schedule", total)
    return snap, True


def reopen_period(session, period: Period, *, actor, reason: str) -> ReportSnapshot:
    """Take a closed period's snapshot out of force; its row stays as the log of who and why."""
    if actor is None or not actor.is_admin:
        raise ServiceError({"_": _("Chỉ quản trị hệ thống được mở lại kỳ báo cáo đã chốt.")}, status=403)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": _("Nhập lý do mở lại kỳ báo cáo.")})
    snap = active_snapshot(session, period)
    if snap is None:
        raise ServiceError({"_": _("Kỳ báo cáo này chưa được chốt.")})
    snap.active_key = None
    snap.reopened_at = utcnow()
    snap.reopened_by_id = actor.id
    snap.reopen_reason = reason[:2000]
    bump_data_version(session)
    session.commit()
    log.warning("report period %s re-opened by %s: %s", period.key, actor.email, reason)
    return snap


def close_ended_periods(session, today: date) -> list[str]:
    """What the nightly job does: close every standard period that ended yesterday."""
    done = []
    for period in ended_periods(today - timedelta(days=1)):
        _snap, created = close_period(session, period)
        if created:
            done.append(period.key)
    return done


def snapshot_history(session, limit: int = 50) -> list[ReportSnapshot]:
    return list(session.scalars(select(ReportSnapshot).order_by(ReportSnapshot.id.desc()).limit(limit)))


def snapshot_count(session) -> int:
    return session.scalar(select(func.count()).select_from(ReportSnapshot))
