"""Periodic jobs, declared as data (Redash's habit): name -> task, schedule, args."""
from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # 00:30 local time (Celery's timezone is the app's): yesterday's periods are over.
    "close-report-periods": {"task": "tracker.reports.close_ended_periods", "schedule": crontab(hour=0, minute=30)},
}
