"""Periodic jobs, declared as data (Redash's habit): name -> task, schedule, args.

The periods come from the app's settings (REMINDER_SWEEP_SECONDS, MAIL_DELIVER_SECONDS);
each entry expires after one period so a worker that was down does not wake up to a
backlog of identical jobs. A second beat process only makes the jobs run twice, which
the database's unique keys and row claims make harmless.
"""
from celery.schedules import crontab


def build_schedule(config) -> dict:
    sweep = float(config.get("REMINDER_SWEEP_SECONDS") or 300)
    deliver = float(config.get("MAIL_DELIVER_SECONDS") or 30)
    return {
        # 00:30 local time (Celery's timezone is the app's): yesterday's periods are over.
        # 00:05 local time: the standing report counts for the new day (categories move with the date).
        "build-report-counts": {"task": "tracker.reports.build_counts", "schedule": crontab(hour=0, minute=5)},
        "close-report-periods": {"task": "tracker.reports.close_ended_periods", "schedule": crontab(hour=0, minute=30)},
        # Reminders: plan what is due (idempotent), queue daily and weekly digests.
        "sweep-reminders": {"task": "tracker.reminders.sweep", "schedule": sweep, "options": {"expires": sweep}},
        # Deliver the outbox, including retries whose backoff has passed.
        "deliver-outbox": {"task": "tracker.mail.deliver", "schedule": deliver, "options": {"expires": deliver}},
    }


BEAT_SCHEDULE: dict = build_schedule({})
