from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.timeutil import utcnow


class Directive(db.Model):
    """Where tasks come from: a conclusion, a supervision requirement or a document."""
    __tablename__ = "directives"
    __table_args__ = (
        # One number per issuer, type and numbering period (a year, or a Party term).
        Index("uq_directives_number", "issuer_unit_id", "doc_type", "number", "numbering_period", unique=True),
        # The source filter's latest directives, read in order (views.task_pickers.directive_choices).
        Index("ix_directives_issued_on", "issued_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    doc_type: Mapped[str | None] = mapped_column(String(10))  # QĐ, CT, KL, TB... ("" for công văn)
    symbol: Mapped[str | None] = mapped_column(String(100))   # canonical "154-QĐ/BCĐ"
    number: Mapped[int | None]
    numbering_period: Mapped[str | None] = mapped_column(String(20))
    issued_on: Mapped[date]
    issuer_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    # The assigning body that recorded it and follows its tasks up.
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    signer: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(500))
    # The full text of a conclusion (tens of kilobytes) and its folded copy for search: loaded when
    # a page reads them (the directive's own pages), not with every task list's sources.
    body: Mapped[str] = mapped_column(Text, default="", deferred=True)
    search_text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    issuer: Mapped["Unit"] = relationship(foreign_keys=[issuer_unit_id])  # noqa: F821
    owner: Mapped["Unit"] = relationship(foreign_keys=[owner_unit_id])  # noqa: F821
    created_by: Mapped["User"] = relationship()  # noqa: F821
    tasks: Mapped[list["Task"]] = relationship(back_populates="directive", order_by="Task.id")  # noqa: F821
    attachments: Mapped[list["Attachment"]] = relationship(  # noqa: F821
        primaryjoin="and_(Attachment.directive_id == Directive.id, Attachment.task_id.is_(None))",
        viewonly=True, order_by="Attachment.id",
    )
