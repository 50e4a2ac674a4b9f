from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db


class CalendarDay(db.Model):
    """An admin-set exception to the statutory calendar: a day off or a make-up working day."""
    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_working: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(255), default="")
