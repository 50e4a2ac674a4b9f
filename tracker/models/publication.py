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
