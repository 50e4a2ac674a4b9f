"""Standing home tiles: per wide scope, how many visible tasks share the facts the rules read.

``home_counts`` holds, for the admin's scope (``scope_id`` 0: every task) and for each unit
near the top of the tree (depth <= HOME_COUNTS_DEPTH: the country, the provinces), how many
distinct tasks that unit's people see (the visibility rule) per key: a task whose category
no longer moves with the days (on time, late) is keyed by that category alone; any other by
its status, deadline and completion day as they are (NULL stored as ``NO_DATE``), so today's
categories are the rules applied to these few rows. ``home_count_builds`` (one row) says
for which depth the rows were built (NULL: never built, or invalidated).
See tracker/queries/home_counts.py and docs/reports.md ("Standing home tiles").
"""
from datetime import date, datetime

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db

# NULL in a key column: the unique key needs a value (PostgreSQL 15 NULLS NOT DISTINCT is not
# in SQLite); readers turn it back into NULL before the rules see it.
NO_DATE = date(1, 1, 1)


class HomeCountBuild(db.Model):
    __tablename__ = "home_count_builds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    depth: Mapped[int | None]  # the depth the rows were built for; NULL: stale
    built_at: Mapped[datetime | None]


class HomeCount(db.Model):
    __tablename__ = "home_counts"

    scope_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    fixed: Mapped[str] = mapped_column(String(20), primary_key=True)  # a fixed category, or ""
    status: Mapped[str] = mapped_column(String(20), primary_key=True)  # "" when fixed
    due_on: Mapped[date] = mapped_column(Date, primary_key=True)
    completed_on: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)
