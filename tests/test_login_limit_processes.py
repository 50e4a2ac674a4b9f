"""The login limit holds across real web server processes, over HTTP on loopback:
two gunicorn servers sharing Redis count as one, and the embedded default's web server
(scripts/web.sh, what `make run` starts) runs one process, so its in-memory counters are
the only ones."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(app, tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("RATELIMIT_STORAGE_URI", "REDIS_URL", "RATELIMIT_KEY_PREFIX")}
    env.update({"TRACKER_CONFIG": "testing", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "UPLOAD_DIR": str(tmp_path / "uploads")})
    env.update(extra)
    return env


class Server:
    def __init__(self, cmd, env, port, log):
        self.port = port
        self.log = log
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"
        self.http = requests.Session()
        for _attempt in range(300):  # waiting for it to listen, not a timing assertion
            assert self.proc.poll() is None, log.read_text()[-3000:]
            try:
                if self.http.get(self.url + "/login", timeout=60).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet
                time.sleep(0.2)
        raise AssertionError("server did not start: " + log.read_text()[-3000:])

    def login(self, email, password):
        page = self.http.get(self.url + "/login", timeout=30)
        token = _CSRF.search(page.text).group(1)
        return self.http.post(self.url + "/login", data={"email": email, "password": password, "csrf_token": token},
                              allow_redirects=False, timeout=30)

    def workers(self) -> int:
        """Gunicorn worker processes under this server's master."""
        master = self._master_pid()
        count = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                count += 1
        return count

    def _master_pid(self) -> int:
        # scripts/web.sh execs gunicorn, so the process we started is the master.
        return self.proc.pid

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture
def servers():
    started = []
    yield started
    for s in started:
        s.stop()


def test_two_gunicorn_servers_sharing_redis_count_as_one(app, tmp_path, servers):
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    env = _env(app, tmp_path, RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    for n in range(2):
        port = _free_port()
        servers.append(Server([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "app:app"],
                              env, port, tmp_path / f"web{n}.log"))
    try:
        # 14 wrong passwords, alternating between the two processes, each for another
        # email (so only the address limit, "5 per minute", is at work).
        codes = [servers[i % 2].login(f"khach{i}@sonla.demo", "sai-mat-khau").status_code for i in range(14)]
        assert codes.count(200) == 5 and codes[:5] == [200] * 5
        assert codes[5:] == [429] * 9
        refused = servers[1].login("khach99@sonla.demo", "sai-mat-khau")
        assert refused.status_code == 429 and "Bạn đã thử quá nhiều lần" in refused.text
    finally:
        r = redis.Redis.from_url(REDIS_URL)
        keys = list(r.scan_iter(f"*{prefix}*"))
        assert keys, "the limiter kept no counters in Redis"
        r.delete(*keys)


def test_embedded_default_web_server_is_one_process_and_holds_the_limit(app, tmp_path, servers):
    port = _free_port()
    env = _env(app, tmp_path, HOST="127.0.0.1", PORT=str(port))  # no shared store: memory://
    server = Server(["bash", "scripts/web.sh"], env, port, tmp_path / "web.log")
    servers.append(server)
    assert server.workers() == 1
    codes = [server.login(f"khach{i}@sonla.demo", "sai-mat-khau").status_code for i in range(8)]
    assert codes == [200] * 5 + [429] * 3


def test_web_script_runs_several_workers_only_with_a_shared_store(app, tmp_path, servers):
    port = _free_port()
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    env = _env(app, tmp_path, HOST="127.0.0.1", PORT=str(port), RATELIMIT_STORAGE_URI=REDIS_URL,
               RATELIMIT_KEY_PREFIX=prefix, WEB_WORKERS="2")
    server = Server(["bash", "scripts/web.sh"], env, port, tmp_path / "web.log")
    servers.append(server)
    try:
        assert server.workers() == 2
        codes = [server.login(f"khach{i}@sonla.demo", "sai-mat-khau").status_code for i in range(8)]
        assert codes == [200] * 5 + [429] * 3
    finally:
        r = redis.Redis.from_url(REDIS_URL)
        keys = list(r.scan_iter(f"*{prefix}*"))
        if keys:
            r.delete(*keys)


def test_account_backoff_is_shared_by_processes_whatever_the_limiter_store(app, tmp_path, servers):
    # Address limit out of the way and counted per process: only the per-account back-off
    # (kept in the database) can refuse here.
    env = _env(app, tmp_path, LOGIN_RATE_LIMIT="100 per minute", RATELIMIT_STORAGE_URI="memory://")
    for n in range(2):
        port = _free_port()
        servers.append(Server([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "app:app"],
                              env, port, tmp_path / f"web{n}.log"))
    codes = [servers[i % 2].login("thuky@sonla.demo", f"sai-{i}").status_code for i in range(5)]
    assert codes == [200] * 5
    right = servers[1].login("thuky@sonla.demo", "demo-2026!")
    assert right.status_code == 429 and "Email này đã đăng nhập sai quá nhiều lần" in right.text
    assert servers[0].login("admin@sonla.demo", "demo-2026!").status_code == 302  # other accounts log in
