"""Page benchmark: the report dashboard and a unit's filtered task list under 20 concurrent users.

    python bench/pages.py [--url DB_URL] [--users 20] [--seconds 60] [--workers 2]

Starts gunicorn (2 workers) on the bench database (bench/generate_dataset.py), logs
20 different users in (commune and district heads, province secretariats), then
each user loops: GET /reports/ (its default scope, this year) and GET
/tasks/?unit=<a unit of its scope>&category=overdue. Prints
p50_ms p95_ms p99_ms rps errors over every request of the timed window.

Figures and pickers come from the exact query cache (tracker/cache.py) once computed;
--change-every 1 commits a data change every second (as workflow steps do), which
invalidates every cached figure, and --no-cache measures the pages without the cache.
"""
import argparse
import http.cookiejar
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.generate_dataset import DEFAULT_URL  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "demo-2026!"


def pick_users(db_url: str, n: int, rng: random.Random):
    import sqlalchemy as sa

    eng = sa.create_engine(db_url)
    with eng.connect() as c:
        def some(sql, k):
            rows = c.execute(sa.text(sql)).all()
            return rng.sample(rows, min(k, len(rows)))
        communes = some("SELECT u.email, u.unit_id FROM users u JOIN units n ON n.id = u.unit_id "
                        "WHERE u.role = 'unit_head' AND n.depth = 3", n // 2)
        districts = some("SELECT u.email, u.unit_id FROM users u JOIN units n ON n.id = u.unit_id "
                         "WHERE u.role = 'unit_head' AND n.depth = 2", n * 3 // 10)
        provinces = some("SELECT u.email, u.unit_id FROM users u JOIN units n ON n.id = u.unit_id "
                         "WHERE u.role = 'secretariat' AND n.depth = 1", n - n // 2 - n * 3 // 10)
        out = []
        for email, unit_id in communes + districts + provinces:
            # A unit of the user's scope for the filtered task list: a child, else the unit itself.
            child = c.execute(sa.text("SELECT id FROM units WHERE parent_id = :u ORDER BY id LIMIT 1"),
                              {"u": unit_id}).scalar()
            out.append((email, child or unit_id))
    eng.dispose()
    return out


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())

    def get(self, path):
        try:
            with self.opener.open(self.base + path, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def login(self, email):
        status, body = self.get("/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()
        data = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token}).encode()
        try:
            with self.opener.open(self.base + "/login", data=data, timeout=30) as r:
                status = r.status
        except urllib.error.HTTPError as e:
            status = e.code
        if status != 302:
            raise RuntimeError(f"login {email}: {status}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


def wait_ready(base, proc, timeout=60):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            urllib.request.urlopen(base + "/login", timeout=2).read()
            return
        except Exception:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--only", choices=["dashboard", "tasks"], help="time one of the two pages only")
    ap.add_argument("--no-cache", action="store_true", help="run the app with QUERY_CACHE off (every figure from SQL)")
    ap.add_argument("--change-every", type=float, default=0,
                    help="seconds between data changes during the run (each one invalidates every cached figure)")
    args = ap.parse_args()
    rng = random.Random(7)
    users = pick_users(args.url, args.users, rng)
    base = f"http://127.0.0.1:{args.port}"
    env = dict(os.environ, TRACKER_CONFIG="development", DATABASE_URL=args.url, SECRET_KEY="bench-" + "x" * 40,
               LOGIN_RATE_LIMIT="100000 per minute", QUERY_CACHE="0" if args.no_cache else "1")
    proc = subprocess.Popen([os.path.join(ROOT, ".venv", "bin", "gunicorn"), "-w", str(args.workers), "-b",
                             f"127.0.0.1:{args.port}", "--log-level", "warning", "app:app"], cwd=ROOT, env=env)
    try:
        wait_ready(base, proc)
        clients = []
        for email, unit in users:
            c = Client(base)
            c.login(email)
            clients.append((c, unit))
        # Warm-up: one round each (imports, first plans), not timed.
        def pages_of(unit):
            both = ["/reports/", f"/tasks/?unit={unit}&category=overdue"]
            return {"dashboard": both[:1], "tasks": both[1:]}.get(args.only, both)

        for c, unit in clients:
            for path in pages_of(unit):
                c.get(path)
        lat, errors, lock = [], [0], threading.Lock()
        stop = time.time() + args.seconds

        def run(c, unit):
            paths = pages_of(unit)
            i = 0
            while time.time() < stop:
                path = paths[i % len(paths)]
                i += 1
                t0 = time.perf_counter()
                status, _body = c.get(path)
                dt = (time.perf_counter() - t0) * 1000
                with lock:
                    lat.append(dt)
                    if status != 200:
                        errors[0] += 1

        changes = [0]

        def change_data():
            # What a workflow step does to the cache: a committed write of a task's status
            # raises the data version (not the structure one: see tracker/cache.py).
            import sqlalchemy as sa
            eng = sa.create_engine(args.url)
            while time.time() < stop:
                time.sleep(args.change_every)
                with eng.begin() as c:
                    c.execute(sa.text("UPDATE tasks SET version = version WHERE id = (SELECT min(id) FROM tasks)"))
                    c.execute(sa.text("UPDATE data_versions SET value = value + 1 WHERE id = 1"))
                changes[0] += 1
            eng.dispose()

        t0 = time.time()
        threads = [threading.Thread(target=run, args=cu) for cu in clients]
        if args.change_every:
            threads.append(threading.Thread(target=change_data))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - t0
        print(f"requests={len(lat)} users={len(clients)} seconds={elapsed:.1f} data_changes={changes[0]} "
              f"query_cache={'off' if args.no_cache else 'on'}")
        print(f"p50_ms={pct(lat, 50):.1f} p95_ms={pct(lat, 95):.1f} p99_ms={pct(lat, 99):.1f} "
              f"rps={len(lat) / elapsed:.1f} errors={errors[0]}")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
