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
