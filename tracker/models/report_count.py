"""Standing report counts: each unit's own figures for the periods that contain today.

``report_counts`` holds, per standard period kind (month, quarter, half-year, year: the
one containing the day it was built for), role (lead, coordinating), unit and assigning
body, exactly the 13 counts ``queries.reports.own_counts`` computes from the tasks as of
that day. ``report_count_builds`` has one row per period kind saying for which day (and
period) its rows are valid. See tracker/queries/reports/counts.py and docs/reports.md.
"""
from datetime import date, datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.domain.reports import COLUMNS
from tracker.extensions import db
from tracker.models.report_snapshot import CountColumns


class ReportCountBuild(db.Model):
    __tablename__ = "report_count_builds"

    period_kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    built_for_day: Mapped[date | None]  # NULL: never built, or invalidated
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    built_at: Mapped[datetime | None]


class ReportCount(CountColumns, db.Model):
    __tablename__ = "report_counts"

    period_kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    assigned_by_unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class PastCountBuild(db.Model):
    """One row per past standard period whose figures as of its last day ``past_counts`` holds."""
    __tablename__ = "past_count_builds"

    period_kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    period_start: Mapped[date] = mapped_column(primary_key=True)
    period_end: Mapped[date]
    built_at: Mapped[datetime | None]


class PastCount(CountColumns, db.Model):
    """Each unit's own figures of a past standard period as of its last day (the trend's past
    points, the previous period a ranking compares with): tracker/queries/reports/past_counts.py."""
    __tablename__ = "past_counts"

    period_kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    period_start: Mapped[date] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    assigned_by_unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


assert all(c in ReportCount.__table__.c for c in COLUMNS)
assert all(c in PastCount.__table__.c for c in COLUMNS)
