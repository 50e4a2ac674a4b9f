from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.timeutil import utcnow


class CountColumns:
    """The 13 counts of domain.reports.COLUMNS, one integer column each: the rows of a closed
    period (report_snapshot_rows) and the standing counts of the current ones (report_counts)."""
    assigned: Mapped[int] = mapped_column(Integer, default=0)
    carried: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    late: Mapped[int] = mapped_column(Integer, default=0)
    within: Mapped[int] = mapped_column(Integer, default=0)
    overdue: Mapped[int] = mapped_column(Integer, default=0)
    overdue_30: Mapped[int] = mapped_column(Integer, default=0)
    overdue_90: Mapped[int] = mapped_column(Integer, default=0)
    overdue_120: Mapped[int] = mapped_column(Integer, default=0)
    no_deadline: Mapped[int] = mapped_column(Integer, default=0)
    extended: Mapped[int] = mapped_column(Integer, default=0)
    carried_open: Mapped[int] = mapped_column(Integer, default=0)


class ReportSnapshot(db.Model):
    """The frozen figures of a closed period (chốt số liệu): what reports of it show from then on.

    ``active_key`` is the period's key while the snapshot is in force and NULL once
    an admin re-opens it; being unique, a second close of the same period (a beat
    run twice, two admins at once) cannot create a second snapshot in force.
    """
    __tablename__ = "report_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_kind: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[date]
    period_end: Mapped[date]
    as_of: Mapped[date]
    active_key: Mapped[str | None] = mapped_column(String(60), unique=True)
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the nightly job
    reopened_at: Mapped[datetime | None]
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    # Units as they were when closed: {id: [path, name, short_name]}, so later
    # renames, moves and merges do not change the report.
    units: Mapped[dict] = mapped_column(JSON, default=dict)
    task_count: Mapped[int] = mapped_column(Integer, default=0)

    closed_by: Mapped["User | None"] = relationship(foreign_keys=[closed_by_id])  # noqa: F821
    reopened_by: Mapped["User | None"] = relationship(foreign_keys=[reopened_by_id])  # noqa: F821


class ReportSnapshotRow(CountColumns, db.Model):
    """Counts of one (assigning body, unit, role) in a snapshot; columns as domain.reports.COLUMNS."""
    __tablename__ = "report_snapshot_rows"
    __table_args__ = (Index("ix_report_snapshot_rows_snapshot_role", "snapshot_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("report_snapshots.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(12))  # lead | coordinating
    # Plain ids, no foreign keys: a merged or deleted unit must not rewrite history.
    assigned_by_unit_id: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(Integer)


class ReportSnapshotTask(db.Model):
    """One task counted in a snapshot, with its category and dates as they were at closing.

    The task lists of a closed period (drill-down, Excel and Word appendices) are read
    from here, so they keep agreeing with the frozen figures after later edits.
    """
    __tablename__ = "report_snapshot_tasks"

    snapshot_id: Mapped[int] = mapped_column(ForeignKey("report_snapshots.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    assigned_by_unit_id: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(12))  # on_time | late | within | overdue | no_deadline
    carried: Mapped[bool] = mapped_column(default=False)
    extended: Mapped[bool] = mapped_column(default=False)
    due_on: Mapped[date | None]
    original_due_on: Mapped[date | None]
    completed_on: Mapped[date | None]  # only when completed by the snapshot's as-of date
