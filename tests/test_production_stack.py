"""The production configuration once, end to end, with real processes.

gunicorn with 2 workers on TRACKER_CONFIG=production (secure cookies, HSTS, SMTP mail),
PostgreSQL (a fresh copy of the demo world), a Redis server of the test's own holding the
Celery broker (db 0), the query cache (db 1) and the limiter's counters (db 2), a Celery
worker and a Celery beat, and an SMTP server on loopback. Everything goes through HTTP:
log in, read pages (their cached queries land in Redis), trip the login limiter (its
counters are shared by both gunicorn workers), assign a task through the API and wait
for the reminder mail the beat plans and the worker delivers.

The session cookie is Secure, as production sets it; this client speaks plain HTTP on
loopback and so keeps and sends the cookie itself, as a browser behind TLS would.
"""
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import uuid
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import redis
from sqlalchemy import select

from tests.conftest import csrf_from, demo_email
from tests.reliability.conftest import ROOT, Procs, RedisServer, _wait_port, free_port, wait_until
from tests.reliability.smtp_sink import SmtpSink
from tests.test_api import cli_token
from tracker.models import CalendarDay, Directive, Unit
from tracker.services.calendar import load_calendar
from tracker.services.demo import DEMO_PASSWORD
from tracker.timeutil import local_today

pytestmark = pytest.mark.postgres_only

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
BROKER_DB, CACHE_DB, LIMITER_DB = 0, 1, 2
LOGIN_LIMIT = 5  # LOGIN_RATE_LIMIT: "5 per minute;20 per hour"


class Browser:
    """Plain HTTP to one host and port, keeping cookies (Secure ones included) by hand."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.text = resp.read().decode("utf-8", "replace")
        for raw in resp.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                resp.secure_cookie = resp.__dict__.get("secure_cookie", False) or bool(morsel["secure"])
                self.cookies[name] = morsel.value
        conn.close()
        return resp

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, data):
        from urllib.parse import urlencode

        return self.request("POST", path, urlencode(data),
                            {"Content-Type": "application/x-www-form-urlencoded"})


def _login(browser, email, password):
    page = browser.get("/login")
    return browser.post_form("/login", {"email": email, "password": password, "csrf_token": csrf_from(page.text)})


class Gunicorn:
    def __init__(self, env, tmp):
        self.port = free_port()
        self.log = tmp / "gunicorn.log"
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [GUNICORN, "-c", "config/gunicorn.py", "-w", "2", "-b", f"127.0.0.1:{self.port}", "--access-logfile", "-",
                 "app:app"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_port(self.port, timeout=60)
        wait_until(lambda: self.log.read_text(errors="replace").count("Booting worker") >= 2, 60,
                   message="two gunicorn workers")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def _text_of(msg: Message) -> str:
    parts = [p.get_payload(decode=True) or b"" for p in msg.walk() if not p.is_multipart()]
    return str(msg["Subject"] or "") + "\n" + "\n".join(p.decode("utf-8", "replace") for p in parts)


@pytest.fixture
def stack(app, session, tmp_path):
    """Redis, SMTP, worker, beat and gunicorn on the production settings, over the test's database."""
    today = local_today()
    if not load_calendar(session).is_working_day(today):
        # Reminders go out on working days; make today one, as an admin would for a make-up day.
        session.add(CalendarDay(day=today, is_working=True, note="Ngày làm bù (kiểm thử)"))
        session.commit()
    redis_server = RedisServer(tmp_path).start()
    sink = SmtpSink().start()
    base = f"redis://127.0.0.1:{redis_server.port}"
    env = {
        "TRACKER_CONFIG": "production", "SECRET_KEY": secrets.token_urlsafe(48),
        "CELERY_BROKER_URL": f"{base}/{BROKER_DB}",
        "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": f"{base}/{CACHE_DB}",
        "RATELIMIT_STORAGE_URI": f"{base}/{LIMITER_DB}",
        "BASE_URL": "https://tracker.example.invalid", "MAIL_BATCH_SIZE": "500",
    }
    procs = Procs(app, redis_server, sink, tmp_path, env)
    gunicorn = None
    try:
        procs.worker(name="worker", concurrency=2)
        procs.beat(name="beat")
        gunicorn = Gunicorn(procs.env(), tmp_path)
        yield {"port": gunicorn.port, "redis": base, "sink": sink, "procs": procs, "gunicorn": gunicorn}
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        procs.stop_all()
        sink.stop()
        redis_server.stop()


def test_production_stack_end_to_end(app, session, stack):
    port = stack["port"]
    cache = redis.Redis.from_url(f"{stack['redis']}/{CACHE_DB}")
    limits = redis.Redis.from_url(f"{stack['redis']}/{LIMITER_DB}")
    assert cache.dbsize() == 0 and limits.dbsize() == 0

    # Log in: production headers and a Secure, HttpOnly session cookie.
    user = Browser(port)
    resp = _login(user, demo_email("thuky"), DEMO_PASSWORD)
    assert resp.status == 302, resp.text[:500]
    set_cookie = " ".join(resp.headers.get_all("Set-Cookie"))
    assert "Secure" in set_cookie and "HttpOnly" in set_cookie
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")

    # Pages read through the query cache, which lives in Redis, shared by both workers.
    for path in ("/home", "/tasks/", "/reports/", "/directives/"):
        page = user.get(path)
        assert page.status == 200, (path, page.status)
        assert "Lê Văn Bình" in page.text  # thuky's name in the menu: logged in
    keys = cache.keys("*")
    assert keys, "no query-cache entry in Redis"
    before = len(keys)
    for _ in range(4):  # several requests: both workers answer some; they share the entries
        assert user.get("/reports/").status == 200
    assert len(cache.keys("*")) == before

    # The login limiter counts in Redis: the 6th failure is refused whichever worker answers.
    attacker = Browser(port)
    codes = [_login(attacker, demo_email("thuky"), "wrong-password").status for _ in range(LOGIN_LIMIT + 3)]
    assert codes[:LOGIN_LIMIT] == [200] * LOGIN_LIMIT
    assert codes[LOGIN_LIMIT:] == [429] * 3
    assert limits.dbsize() > 0
    log = stack["gunicorn"].log.read_text(errors="replace")
    assert log.count("Booting worker") == 2

    # Assign a task due today through the API; beat plans its reminder, the worker mails it.
    token = cli_token(app, "thuky")
    directive = session.scalar(select(Directive.id).join(Directive.owner).where(Unit.code == "TP-BCD")
                               .order_by(Directive.id))
    chiengle = session.scalar(select(Unit.id).where(Unit.code == "chiengle"))
    content = f"Kiểm thử môi trường vận hành {uuid.uuid4().hex[:8]}"
    body = {"tasks": [{"content": content, "lead_unit_id": chiengle,
                       "deadline": {"kind": "date", "due_on": local_today().isoformat()}}]}
    resp = Browser(port).request("POST", f"/api/v1/directives/{directive}/tasks", json.dumps(body),
                                 {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert resp.status == 201, resp.text[:1000]
    sink = stack["sink"]

    def ours():
        return [(rcpt, m) for rcpt, m in list(sink.messages) if content in _text_of(m)]

    wait_until(lambda: ours(), 90, interval=0.5, message="the reminder mail of the new task")
    rcpt, msg = ours()[0]
    assert rcpt.endswith("@sonla.demo") or "chiengle" in rcpt
    assert "https://tracker.example.invalid/" in _text_of(msg)  # links use BASE_URL
    # A second look at the same page, after the assignment: served, and the cache was
    # invalidated by version, not cleared (old entries stay until they expire).
    assert user.get("/tasks/").status == 200
    assert len(cache.keys("*")) > before
