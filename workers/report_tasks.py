"""Thin task: close the report periods that ended yesterday (the service is idempotent)."""
from celery import shared_task

from tracker.extensions import db
from tracker.services.reports import close_ended_periods
from tracker.timeutil import local_today


@shared_task(name="tracker.reports.close_ended_periods")
def close_periods() -> list[str]:
    """Snapshot each month, quarter, half-year and year on the day after it ends."""
    return close_ended_periods(db.session, local_today())


@shared_task(name="tracker.reports.build_counts")
def build_counts() -> list[str]:
    """Rebuild the standing report counts for the new day (readers would otherwise do it lazily)."""
    from tracker.services.report_counts import build_for_today

    return build_for_today(db.session)
