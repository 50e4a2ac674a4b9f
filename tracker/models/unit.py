from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from tracker.domain.text import sort_key
from tracker.domain.units import UnitKind
from tracker.extensions import db
from tracker.timeutil import utcnow

# A steering committee is a unit whose member units take part in its work
# ("thành viên BCĐ"): the city People's Committee, the Front, the police...
committee_members = Table(
    "committee_members",
    db.metadata,
    Column("committee_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
)


class Unit(db.Model):
    __tablename__ = "units"
    # Subtree queries are prefix LIKEs; on PostgreSQL only a pattern_ops index serves
    # them under a non-C collation (the default index made it scan 10,000 units).
    __table_args__ = (Index("ix_units_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # "/1/5/23/": subtree queries are prefix matches (see domain.units.path_for).
    path: Mapped[str] = mapped_column(String(500), default="")
    depth: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(30), default=UnitKind.OTHER.value)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    # Vietnamese collation key of the name (domain.text.sort_key), kept by the name's
    # validator: paged lists sort by it in SQL, the same on SQLite and PostgreSQL.
    sort_name: Mapped[str] = mapped_column(String(800), default="", index=True)
    short_name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Whether officers may submit results without their head (unit workflow).
    officers_may_submit: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped["Unit | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent", order_by="Unit.sort_name")
    members: Mapped[list["Unit"]] = relationship(
        secondary=committee_members,
        primaryjoin=id == committee_members.c.committee_id,
        secondaryjoin=id == committee_members.c.unit_id,
        order_by="Unit.sort_name",
    )

    @validates("name")
    def _keep_sort_name(self, _key, value):
        self.sort_name = sort_key(value)
        return value

    @property
    def is_committee(self) -> bool:
        return self.kind == UnitKind.COMMITTEE.value

    def is_within(self, other: "Unit") -> bool:
        """True when self is other or below it."""
        return self.path.startswith(other.path)

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"
