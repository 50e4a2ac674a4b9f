"""Indicators (chỉ tiêu) of a directive or a task, their per-unit targets and reported values."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.timeutil import utcnow

AMOUNT = Numeric(18, 2)


class Indicator(db.Model):
    """What a directive or a task is measured by (domain.indicators: measure, direction, aggregation)."""
    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint("(directive_id IS NULL) <> (task_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int | None] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    measure: Mapped[str] = mapped_column(String(20))
    unit_label: Mapped[str] = mapped_column(String(100), default="")
    direction: Mapped[str] = mapped_column(String(10))
    aggregation: Mapped[str] = mapped_column(String(10))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    directive: Mapped["Directive | None"] = relationship()  # noqa: F821
    task: Mapped["Task | None"] = relationship()  # noqa: F821
    targets: Mapped[list["IndicatorTarget"]] = relationship(
        back_populates="indicator", order_by="IndicatorTarget.id", cascade="all, delete-orphan")


class IndicatorTarget(db.Model):
    """The target one unit must reach (a city target split across wards is one row per ward)."""
    __tablename__ = "indicator_targets"
    __table_args__ = (UniqueConstraint("indicator_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    target: Mapped[Decimal] = mapped_column(AMOUNT)

    indicator: Mapped[Indicator] = relationship(back_populates="targets")
    unit: Mapped["Unit"] = relationship()  # noqa: F821


class IndicatorValue(db.Model):
    """One reported value: history, never updated. A correction is a new row naming the row
    it replaces (corrects_id) with a reason."""
    __tablename__ = "indicator_values"
    __table_args__ = (
        Index("ix_indicator_values_lookup", "indicator_id", "unit_id", "reported_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    value: Mapped[Decimal] = mapped_column(AMOUNT)
    reported_on: Mapped[date]
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    task_event_id: Mapped[int | None] = mapped_column(ForeignKey("task_events.id"))
    note: Mapped[str | None] = mapped_column(Text)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("indicator_values.id"), unique=True)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    indicator: Mapped[Indicator] = relationship()
    unit: Mapped["Unit"] = relationship()  # noqa: F821
    reported_by: Mapped["User"] = relationship()  # noqa: F821
    attachment: Mapped["Attachment | None"] = relationship()  # noqa: F821
    corrects: Mapped["IndicatorValue | None"] = relationship(remote_side=[id])


class IndicatorSnapshotValue(db.Model):
    """An indicator's target and value in force for one unit, frozen when a report period is
    closed (services.reports.close_period): the closed period's exports read these."""
    __tablename__ = "indicator_snapshot_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("report_snapshots.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int]  # a plain id, like the snapshot rows: a merged unit must not rewrite history
    target: Mapped[Decimal] = mapped_column(AMOUNT)
    value: Mapped[Decimal | None] = mapped_column(AMOUNT)
