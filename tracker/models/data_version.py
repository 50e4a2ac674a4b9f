from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db


class DataVersion(db.Model):
    """One counter, raised in the same transaction as any change to report data.

    Cached query results are keyed by it (tracker.cache), so a cached figure is never
    older than the data a reader could see.
    """
    __tablename__ = "data_versions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class ScopeVersion(db.Model):
    """A unit's page counter: raised by every workflow step on a task its people may see
    (the task's lead, coordinating and assigning units and every unit above them), so a page
    cached for someone of this unit is keyed by it (tracker/page_cache.py). A unit no step has
    reached yet has no row (its counter reads 0)."""
    __tablename__ = "scope_versions"

    unit_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
