"""`flask reminders sweep|deliver|weekly`: the beat's jobs, by hand, for operators and tests."""
from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from tracker.extensions import db

reminders_cli = AppGroup("reminders", help="Reminders and the mail outbox.")


def _day(value):
    from tracker.timeutil import local_today

    if not value:
        return local_today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--date")


@reminders_cli.command("sweep")
@click.option("--date", "day", default=None, help="Day to plan, YYYY-MM-DD (default: today, local time).")
def sweep_cmd(day):
    """Record the reminders due on a day and queue their mails (safe to repeat)."""
    from tracker.services.calendar import load_calendar
    from tracker.services.reminders import sweep

    d = _day(day)
    result = sweep(db.session, d, load_calendar(), hour=current_app.config["REMINDER_HOUR"])
    click.echo(f"{d.isoformat()}: {result.planned} reminders recorded, {result.queued} mails queued, "
               f"{result.digests} digests queued")


@reminders_cli.command("deliver")
@click.option("--max-seconds", default=50.0, show_default=True)
def deliver_cmd(max_seconds):
    """Send the outbox mails that are due."""
    from tracker.services.mail import deliver

    stats = deliver(db.session, current_app.config, max_seconds=max_seconds)
    click.echo(f"sent={stats.sent} retried={stats.retried} failed={stats.failed} cancelled={stats.cancelled}")


@reminders_cli.command("weekly")
@click.option("--date", "day", default=None, help="YYYY-MM-DD (default: today).")
@click.option("--force", is_flag=True, help="Queue even if the day is not a Monday.")
def weekly_cmd(day, force):
    """Queue the unit heads' weekly digests (Mondays)."""
    from tracker.services.digests import enqueue_weekly

    n = enqueue_weekly(db.session, _day(day), hour=current_app.config["REMINDER_HOUR"], force=force)
    click.echo(f"{n} weekly digests queued")
