"""The embedded default really runs Celery: a worker process on kombu's SQLAlchemy
transport over SQLite consumes a task sent by the app."""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_worker_on_sqlite_broker_consumes_a_task(tmp_path):
    env = dict(os.environ)
    env.update({
        "TRACKER_CONFIG": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "CELERY_BROKER_URL": f"sqla+sqlite:///{tmp_path / 'broker.db'}",
        "CELERY_RESULT_BACKEND": f"db+sqlite:///{tmp_path / 'results.db'}",
    })
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "-l", "info",
         "--concurrency", "1", "--pool", "solo", "-n", f"embedded-{os.getpid()}@localhost"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # As `make run` does, the app sends work once the worker is up: a first publish racing the
    # worker's creation of kombu's tables in a new broker file can lose its channel.
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(worker.stdout.readline, "")), daemon=True).start()
    deadline = time.monotonic() + 90
    while not any(" ready." in line for line in lines) and time.monotonic() < deadline:
        assert worker.poll() is None, "".join(lines)[-2000:]
        time.sleep(0.2)
    try:
        code = (
            "from workers.celery_app import celery\n"
            "from workers.tasks import ping\n"
            "celery.conf.task_ignore_result = False\n"
            "print(ping.apply_async(ignore_result=False).get(timeout=60))\n"
        )
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=90)
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.strip().endswith("pong")
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
