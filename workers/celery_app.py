"""The Celery app object for `celery -A workers.celery_app worker|beat`."""
from tracker import create_app
from tracker.celery import celery_init_app

flask_app = create_app()
celery = celery_init_app(flask_app)

import workers.tasks  # noqa: E402,F401  (registers the tasks)
import workers.report_tasks  # noqa: E402,F401  (report snapshots)
from workers.schedule import build_schedule  # noqa: E402

celery.conf.beat_schedule = build_schedule(flask_app.config)
