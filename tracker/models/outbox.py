from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.timeutil import utcnow


class OutboxMail(db.Model):
    """Every outgoing mail is a row first: pending -> sending -> sent | failed (or cancelled).

    The body is rendered when the mail is sent (so a mail about a task that was
    accepted in the meantime is cancelled, not sent); the subject is kept for the
    admin's browser once rendered.
    """
    __tablename__ = "outbox"
    # Ends with the id: a claim reads the due rows of one state in (not_before, id) order from it
    # alone (migration c4e8a1b7d305).
    __table_args__ = (Index("ix_outbox_state_not_before", "state", "not_before", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    template: Mapped[str] = mapped_column(String(30))  # reminder | digest | weekly
    reminder_id: Mapped[int | None] = mapped_column(ForeignKey("reminders.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    to_addr: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    payload: Mapped[dict | None] = mapped_column(JSON)
    subject: Mapped[str | None] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    not_before: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    message_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    reminder: Mapped["Reminder | None"] = relationship()  # noqa: F821
    user: Mapped["User | None"] = relationship()  # noqa: F821
