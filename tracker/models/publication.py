"""Public disclosure (công khai) of a directive, and the directive's own history."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.timeutil import utcnow


class DirectivePublication(db.Model):
    """A directive published on the public pages; no row means not published.

    Only the published fields listed in docs/public.md are ever shown publicly."""
    __tablename__ = "directive_publications"

    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"), primary_key=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    directive: Mapped["Directive"] = relationship()  # noqa: F821


class DirectiveEvent(db.Model):
    """One step in a directive's history (published, unpublished). Append-only."""
    __tablename__ = "directive_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)

    actor: Mapped["User | None"] = relationship()  # noqa: F821


class PublicItem(db.Model):
    """One item of a directive's work marked public one by one (công khai mục này): a task
    event's note (a progress report, a comment) or an evidence file. No row means not
    public; a marked item shows only while its directive is published."""
    __tablename__ = "public_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("task_events.id", ondelete="CASCADE"), unique=True)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"), unique=True)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
