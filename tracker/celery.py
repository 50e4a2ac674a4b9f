"""Celery bound to the Flask app (Flask's Celery pattern): every task runs in an app context."""
from celery import Celery, Task
from flask import Flask


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    broker = app.config["CELERY_BROKER_URL"]
    celery_app.conf.update(
        broker_url=broker,
        result_backend=app.config.get("CELERY_RESULT_BACKEND"),
        task_ignore_result=True,
        # At-least-once delivery; tasks are idempotent (the database holds what was done).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        timezone=app.config["TIMEZONE"],
        enable_utc=True,
        broker_connection_retry_on_startup=True,
    )
    if broker.startswith("redis"):
        celery_app.conf.broker_transport_options = {"visibility_timeout": 3600}
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
