"""Thin task wrappers: take ids, call a service, keep no state of their own.

No ETA or countdown anywhere: with Redis, a message held back longer than the
visibility timeout is redelivered (and one held in a dead worker's memory is lost).
The beat runs these often; what is due lives in the database.
"""
from datetime import date

from celery import shared_task
from flask import current_app

from tracker.extensions import db


@shared_task(name="tracker.ping", ignore_result=False)
def ping() -> str:
    """Health check: proves a worker is consuming from the broker."""
    return "pong"


@shared_task(name="tracker.reminders.sweep")
def sweep_reminders(day: str | None = None) -> dict:
    """Record today's reminders (and any working day the sweep missed), then nudge delivery."""
    from tracker.services.calendar import load_calendar
    from tracker.services.digests import enqueue_weekly
    from tracker.services.reminders import days_to_sweep, sweep
    from tracker.timeutil import local_today

    cfg = current_app.config
    calendar = load_calendar()
    today = local_today()
    days = [date.fromisoformat(day)] if day else days_to_sweep(db.session, today, calendar)
    planned = 0
    for d in days:
        planned += sweep(db.session, d, calendar, hour=cfg["REMINDER_HOUR"]).planned
    weekly = enqueue_weekly(db.session, today, hour=cfg["REMINDER_HOUR"])
    deliver_outbox.delay()
    return {"days": [d.isoformat() for d in days], "planned": planned, "weekly": weekly}


@shared_task(name="tracker.mail.deliver")
def deliver_outbox(max_seconds: float | None = None) -> dict:
    """Send due outbox mails in batches, one SMTP connection per batch."""
    from tracker.services.mail import deliver

    cfg = current_app.config
    stats = deliver(db.session, cfg, max_seconds=max_seconds or max(cfg["MAIL_DELIVER_SECONDS"] * 2, 10))
    db.session.remove()
    return {"sent": stats.sent, "retried": stats.retried, "failed": stats.failed, "cancelled": stats.cancelled}
