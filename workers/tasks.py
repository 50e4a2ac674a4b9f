"""Thin task wrappers: take ids, call a service, keep no state of their own."""
from celery import shared_task


@shared_task(name="tracker.ping", ignore_result=False)
def ping() -> str:
    """Health check: proves a worker is consuming from the broker."""
    return "pong"
