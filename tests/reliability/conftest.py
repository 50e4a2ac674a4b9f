"""Real parts: a Redis of our own (so we can restart it), an SMTP server on loopback,
and Celery worker / beat processes started with subprocess."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
REDIS_SERVER = shutil.which("redis-server")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class RedisServer:
    def __init__(self, tmp):
        self.dir, self.port, self.proc = tmp, free_port(), None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--appendonly", "yes",
             "--dir", str(self.dir), "--save", "", "--logfile", str(self.dir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_port(self.port)
        return self

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()  # SIGTERM: Redis flushes its AOF and exits
            self.proc.wait(10)
            self.proc = None


def _wait_port(port, timeout=15):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {port}")


@pytest.fixture
def redis_server(tmp_path):
    if REDIS_SERVER is None:
        pytest.fail("redis-server is missing: scripts/services.sh installs it")
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


class Procs:
    """Worker and beat processes of one test; each in its own process group."""

    def __init__(self, app, redis, sink, tmp_path, extra_env):
        self.app, self.redis, self.sink, self.tmp = app, redis, sink, tmp_path
        self.extra_env = extra_env
        self.procs = []

    def env(self, **kw):
        env = dict(os.environ)
        env.update({
            "TRACKER_CONFIG": "testing", "PYTHONPATH": str(ROOT),
            "DATABASE_URL": self.app.config["SQLALCHEMY_DATABASE_URI"],
            "CELERY_BROKER_URL": self.redis.url, "UPLOAD_DIR": str(self.tmp / "uploads"),
            "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.sink.port),
            "REMINDER_HOUR": "00:00", "REMINDER_SWEEP_SECONDS": "3", "MAIL_DELIVER_SECONDS": "2",
            "MAIL_BATCH_SIZE": "10", "MAIL_LEASE_SECONDS": "12", "SMTP_TIMEOUT": "3",
            "MAIL_RETRY_BASE_SECONDS": "1", "MAIL_RETRY_MAX_SECONDS": "4", "MAIL_MAX_ATTEMPTS": "1000",
        })
        env.update(self.extra_env)
        env.update({k: str(v) for k, v in kw.items()})
        return env

    def _start(self, args, name, **env):
        log = open(self.tmp / f"{name}.log", "ab")
        proc = subprocess.Popen([CELERY, "-A", "workers.celery_app", *args], cwd=ROOT, env=self.env(**env),
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        proc.log_path = self.tmp / f"{name}.log"
        self.procs.append(proc)
        return proc

    def worker(self, name="w1", concurrency=2, beat=False, **env):
        args = ["worker", "-l", "info", "-c", str(concurrency), "-n", f"{name}@%h", "--without-gossip",
                "--without-mingle", "--without-heartbeat"]
        if beat:
            args += ["-B", "-s", str(self.tmp / f"{name}-beat-schedule")]
        proc = self._start(args, name, **env)
        self.wait_log(proc, "ready.")
        return proc

    def beat(self, name="beat1", **env):
        return self._start(["beat", "-l", "info", "-s", str(self.tmp / f"{name}-schedule")], name, **env)

    def wait_log(self, proc, text, timeout=60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in proc.log_path.read_text(errors="replace"):
                return
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not seen; log:\n" + proc.log_path.read_text(errors="replace")[-4000:])

    def kill(self, proc, sig=signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        proc.wait(20)

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(10)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    self.kill(proc)


@pytest.fixture
def procs(app, redis_server, sink, tmp_path):
    p = Procs(app, redis_server, sink, tmp_path, {})
    yield p
    p.stop_all()


def client_for(redis_url):
    from celery import Celery

    return Celery("tests", broker=redis_url, set_as_current=False)


def wait_until(predicate, timeout, interval=0.25, message="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")
