"""Thin task: close the report periods that ended yesterday (the service is idempotent)."""
from celery import shared_task

from tracker.extensions import db
from tracker.services.reports import close_ended_periods
from tracker.timeutil import local_today


@shared_task(name="tracker.reports.close_ended_periods")
def close_periods() -> list[str]:
    """Snapshot each month, quarter, half-year and year on the day after it ends."""
    return close_ended_periods(db.session, local_today())
