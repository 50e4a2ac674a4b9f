"""gunicorn settings for every way the web app is served: ``gunicorn -c config/gunicorn.py app:app``
(scripts/web.sh, the Dockerfile, docker-compose.yml, bench/pages.py).

Why the collector is tuned: a loaded worker holds about 190,000 objects that live as long as it
does (the app, SQLAlchemy's mappers, compiled templates, catalogues). CPython's cyclic collector
walks all of them on every full collection, and a page that reads many rows (the national
dashboard reads one row per unit, 10,000 of them) allocates enough to trigger several per
request: measured in-process on the 1M-task bench database, the admin's home page spent 270 ms
of CPU with the defaults and 60-110 ms with the long-lived objects frozen and a higher first
threshold (docs/reports.md, session 24). Only cyclic garbage waits for the collector; everything
else is freed as soon as it is unreferenced, so the larger first generation costs little memory.
"""
import gc

# First generation: collect after 50,000 net allocations rather than 700; older generations as
# CPython's defaults scale them. Tuples of rows are the bulk of a large page's allocations.
GC_THRESHOLD = (50_000, 20, 100)
# Requests after which the worker freezes again what has grown long-lived since it started:
# statement caches, compiled templates, the catalogues of the second locale.
FREEZE_AFTER = (50, 500)


def freeze_long_lived() -> None:
    """Collect once, then move every surviving object out of the collector's sight."""
    gc.collect()
    gc.freeze()


def post_worker_init(worker) -> None:
    freeze_long_lived()
    gc.set_threshold(*GC_THRESHOLD)
    worker.tracker_served = 0


def post_request(worker, req, environ, resp) -> None:
    worker.tracker_served = getattr(worker, "tracker_served", 0) + 1
    if worker.tracker_served in FREEZE_AFTER:
        freeze_long_lived()
