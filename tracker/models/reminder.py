from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.timeutil import utcnow


class ReminderPolicy(db.Model):
    """An assigning body's reminder settings; bodies without a row use the defaults."""
    __tablename__ = "reminder_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    assigning_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), unique=True)
    before_days: Mapped[str] = mapped_column(String(50), default="7,3,1")
    overdue_every: Mapped[int] = mapped_column(Integer, default=3)
    escalate_after: Mapped[int] = mapped_column(Integer, default=5)
    acceptance_after: Mapped[int] = mapped_column(Integer, default=3)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    assigning_unit: Mapped["Unit"] = relationship()  # noqa: F821


class NotificationPref(db.Model):
    """How a user wants reminders: one mail per task, a daily digest, or none."""
    __tablename__ = "notification_prefs"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(10), default="task")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Reminder(db.Model):
    """One reminder owed to one recipient: the record of what is due and what was sent.

    The unique key (task, recipient, kind, step, deadline) is what makes a reminder go
    out once whatever retries, redeliveries or second beat processes do.
    """
    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("task_id", "recipient", "kind", "step", "ref_date", name="uq_reminders_key"),
        Index("ix_reminders_state_planned_for", "state", "planned_for"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(40))  # "user:12" or "unit:5"
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(30))
    step: Mapped[int] = mapped_column(Integer, default=0)
    ref_date: Mapped[date]
    planned_for: Mapped[date]
    # planned -> queued (its own mail is in the outbox) -> failed | cancelled; digest -> sent;
    # suppressed (recipient opted out); cancelled (task accepted, cancelled, deadline moved).
    # A queued reminder is sent when its mail is: delivery marks the outbox row alone (one
    # indexed row a mail, not two), and ``shown`` reads the reminder through its mail.
    state: Mapped[str] = mapped_column(String(12), default="planned")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]  # set for reminders sent in a digest

    task: Mapped["Task"] = relationship()  # noqa: F821
    user: Mapped["User | None"] = relationship()  # noqa: F821

    def shown(self, mail=None) -> tuple[str, datetime | None]:
        """(state, sent at) as people see it: a reminder whose own mail went out is sent,
        whatever happened to the task afterwards."""
        if mail is not None and mail.state == "sent":
            return "sent", mail.sent_at
        return self.state, self.sent_at


class SweepRun(db.Model):
    """A day the sweep has planned, so missed days can be caught up."""
    __tablename__ = "reminder_sweeps"

    day: Mapped[date] = mapped_column(primary_key=True)
    finished_at: Mapped[datetime] = mapped_column(default=utcnow)
    planned: Mapped[int] = mapped_column(Integer, default=0)
