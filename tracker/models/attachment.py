from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.timeutil import utcnow


class Attachment(db.Model):
    """An uploaded file, stored under a generated name; the original name is only shown."""
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int | None] = mapped_column(ForeignKey("directives.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("task_events.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploaded_by: Mapped["User"] = relationship()  # noqa: F821
    directive: Mapped["Directive | None"] = relationship()  # noqa: F821
    task: Mapped["Task | None"] = relationship()  # noqa: F821
    event: Mapped["TaskEvent | None"] = relationship()  # noqa: F821
