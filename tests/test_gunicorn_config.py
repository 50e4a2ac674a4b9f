"""config/gunicorn.py, the settings every served worker runs with (scripts/web.sh, the Dockerfile,
docker-compose.yml, bench/pages.py): after it has loaded the app, a worker freezes what it holds
out of the cyclic collector's sight and raises the first threshold, and freezes again after its
first requests; the national pages' cost rested on this (docs/reports.md, session 24)."""
import gc
import runpy
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / "config" / "gunicorn.py"


@pytest.fixture
def hooks():
    saved = gc.get_threshold()
    yield runpy.run_path(str(CONFIG))
    gc.unfreeze()
    gc.set_threshold(*saved)


class Worker:
    pass


def test_worker_freezes_the_loaded_app_and_raises_the_first_threshold(hooks):
    gc.unfreeze()
    worker = Worker()
    hooks["post_worker_init"](worker)
    assert gc.get_freeze_count() > 1000        # this process's modules, app and test objects
    assert gc.get_threshold() == hooks["GC_THRESHOLD"]
    assert hooks["GC_THRESHOLD"][0] >= 10_000   # not CPython's 700


def test_worker_freezes_again_after_its_first_requests_and_then_never(hooks):
    worker = Worker()
    hooks["post_worker_init"](worker)
    first, later = hooks["FREEZE_AFTER"]
    frozen = gc.get_freeze_count()
    grown = []
    for n in range(1, later + 5):
        grown.append([n])                        # objects that outlive the request, like a statement cache
        before = gc.get_freeze_count()
        hooks["post_request"](worker, None, {}, None)
        if n in (first, later):
            assert gc.get_freeze_count() > before, n
        else:
            assert gc.get_freeze_count() == before, n
    assert gc.get_freeze_count() > frozen
