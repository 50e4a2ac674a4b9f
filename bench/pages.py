"""Page benchmark: what users of every level open, under concurrent load and a stream of workflow steps.

    python bench/pages.py [--url DB_URL] [--users 20] [--seconds 60] [--workers 2]
                          [--change-every S] [--no-cache] [--pages home,tasks,...]

Starts gunicorn (``--workers`` sync workers) on the bench database (bench/generate_dataset.py)
with the query cache in the store production uses: Redis (``CACHE_TYPE=RedisCache``), shared
by the workers (``--redis``; ``--no-cache`` turns the query cache off). Logs in ``--users``
users of every level: commune heads (40 %), district heads (25 %), province secretariats
(20 %), committee leaders (a province's) and one admin. Each user loops over:

    home        GET /home (where / and login land)
    tasks       GET /tasks/ (the default list)
    tasks_f     GET /tasks/?unit=<a unit of its scope>&category=overdue
    task        GET /tasks/<id>: each time the next of up to --spread (50) tasks it may see
    dashboard   GET /reports/ (its default scope, this year)
    trend       GET the chart data the dashboard's script fetches (its data-trend-src)
    directive   GET /reports/directives/<id>: likewise, of the directives it may see
    api         GET /api/v1/tasks with a personal token (Authorization: Bearer)

Pages are cached as rendered (tracker/page_cache.py) unless ``--no-page-cache`` (the query cache
alone) or ``--no-cache`` (neither); the share of answers served from it is printed per page.
gunicorn runs with config/gunicorn.py (the collector tuned as in production) unless ``--default-gc``.

``--change-every S``: a thread commits one real workflow step every S seconds through the
use case (tracker.services.workflow.apply_action, in-process, own app on the same
database): on a random open task, as the user whose step it is, one of receive, report
progress, submit, accept, request an extension, approve an extension.

Prints ``p50_ms p95_ms p99_ms rps errors`` over every request of the timed window, then
p95 per page and per role. The tokens it creates stay in the database (one per user, named
"bench"); run it on a copy of the bench database.
"""
import argparse
import http.cookiejar
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.generate_dataset import DEFAULT_URL  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "demo-2026!"
PAGES = ("home", "tasks", "tasks_f", "task", "dashboard", "trend", "directive", "api")
OPEN = ("assigned", "received", "in_progress", "submitted", "returned")


def make_app(db_url):
    from tracker import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": db_url, "QUERY_CACHE": False,
                       "SECRET_KEY": "bench-" + "x" * 40}, config_name="development")


def pick_users(app, n: int, rng: random.Random, spread: int = 1):
    """(role label, email, page paths except the trend, API token) for n users of every level."""
    import sqlalchemy as sa

    from tracker.extensions import db
    from tracker.models import Directive, Task, User
    from tracker.queries.visibility import directive_clause, task_clause
    from tracker.services.users import create_token

    shares = [("commune", "unit_head", 3, max(1, n * 4 // 10)), ("district", "unit_head", 2, max(1, n // 4)),
              ("province", "secretariat", 1, max(1, n // 5))]
    shares.append(("leader", "leader", 1, max(1, n - 1 - sum(s[3] for s in shares))))
    out = []
    with app.app_context():
        s = db.session
        picked = []
        for label, role, depth, k in shares:
            ids = s.scalars(sa.text("SELECT u.id FROM users u JOIN units n ON n.id = u.unit_id "
                                    "WHERE u.role = :r AND n.depth = :d AND u.is_active ORDER BY u.id"),
                            {"r": role, "d": depth}).all()
            picked += [(label, i) for i in rng.sample(ids, min(k, len(ids)))]
        picked.append(("admin", s.scalar(sa.text("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1"))))
        if n < len(picked):
            picked = picked[:max(n - 1, 0)] + picked[-1:]
        for label, uid in picked:
            user = s.get(User, uid)
            if user.is_admin:
                unit = s.scalar(sa.text("SELECT id FROM units WHERE depth = 1 ORDER BY id LIMIT 1"))
            else:
                unit = s.scalar(sa.text("SELECT id FROM units WHERE parent_id = :u ORDER BY id LIMIT 1"),
                                {"u": user.unit_id}) or user.unit_id
            # A task it may see: among its lead unit's, else any visible one.
            task_ids = s.scalars(sa.select(Task.id).where(Task.lead_unit_id == user.unit_id).limit(50)).all() \
                if not user.is_admin else []
            if not task_ids:
                task_ids = s.scalars(sa.select(Task.id).where(task_clause(user)).limit(50)).all()
            # A directive it may see that has tasks (the progress page has something to show).
            dir_ids = s.scalars(sa.select(Directive.id).where(directive_clause(user)).where(
                sa.exists().where(Task.directive_id == Directive.id)).limit(50)).all()
            # Each visit of the task (directive) page opens the next of up to `spread` of them: a user
            # reads many tasks, and a page cache must not be flattered by one task read over and over.
            paths = {"home": "/home", "tasks": "/tasks/", "tasks_f": f"/tasks/?unit={unit}&category=overdue",
                     "task": [f"/tasks/{i}" for i in rng.sample(task_ids, min(spread, len(task_ids)))],
                     "dashboard": "/reports/",
                     "directive": [f"/reports/directives/{i}" for i in rng.sample(dir_ids, min(spread, len(dir_ids)))],
                     "api": "/api/v1/tasks"}
            token = create_token(s, user, "bench")
            out.append((label, user.email, paths, token))
    return out


class Client:
    def __init__(self, base, token=None):
        self.base = base
        self.token = token
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def get(self, path, tag=None):
        req = urllib.request.Request(self.base + path)
        if tag:   # page/role, written by gunicorn's access log next to the time the worker spent
            req.add_header("X-Bench", tag)
        if path.startswith("/api/"):
            req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with self.opener.open(req, timeout=30) as r:
                self.cached = r.headers.get("X-Page-Cache")  # hit / miss (tracker/page_cache.py), None: off
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            self.cached = None
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
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Changer:
    """Commits one real workflow step per call, through the use case, as the user whose step it is."""

    WANTED = ("approve_extension", "accept", "submit", "receive", "report", "request_extension")

    def __init__(self, app, rng):
        self.app, self.rng = app, rng
        self.done = defaultdict(int)
        self.failed = 0
        self.pending = []  # tasks with an extension request this run made

    def _candidates(self, s, task):
        import sqlalchemy as sa

        from tracker.models import User

        return s.scalars(sa.select(User).where(
            User.is_active_flag.is_(True),
            sa.or_(sa.and_(User.unit_id == task.lead_unit_id, User.role == "unit_head"),
                   sa.and_(User.unit_id == task.assigned_by_unit_id, User.role.in_(("secretariat", "leader")))))
            .order_by(User.id)).all()

    def step(self):
        import sqlalchemy as sa

        from tracker.extensions import db
        from tracker.models import Task
        from tracker.services import ServiceError
        from tracker.services.calendar import current_calendar
        from tracker.services.workflow import ActionInput, apply_action, available_actions
        from tracker.timeutil import local_today

        with self.app.app_context():
            s = db.session
            today, calendar = local_today(), current_calendar()
            if self.pending and self.rng.random() < 0.5:
                task_id = self.pending.pop(0)
            else:
                top = s.scalar(sa.text("SELECT max(id) FROM tasks"))
                task_id = s.scalar(sa.select(Task.id).where(Task.id >= self.rng.randint(1, top),
                                                            Task.status.in_(OPEN)).order_by(Task.id).limit(1))
            task = s.get(Task, task_id) if task_id else None
            if task is None:
                return
            options = []
            for user in self._candidates(s, task):
                acts = {a.value for a in available_actions(s, user, task)}
                options += [(a, user) for a in self.WANTED if a in acts]
            if not options:
                return
            first = [o for o in options if o[0] == "approve_extension"]
            action, user = first[0] if first else self.rng.choice(options)
            inp = ActionInput(action=action, version=task.version, note="Bench: bước thực hiện")
            if action == "report":
                inp.progress = min(95, task.progress + 10)
            if action == "request_extension":
                inp.new_due_on = calendar.add_working_days(max(task.due_on, today), 10)
            try:
                apply_action(s, user, task.id, inp, today=today, calendar=calendar)
            except ServiceError:
                s.rollback()
                self.failed += 1
                return
            self.done[action] += 1
            if action == "request_extension":
                self.pending.append(task.id)


def cpu_probe_ms() -> float:
    """Milliseconds of a fixed pure-Python loop, best of three: the machine's speed just before and
    after a run. On a shared virtual machine it moved by 40 % within minutes (docs/reports.md,
    session 24); two runs compare only at a similar probe."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        s = 0
        for i in range(2_000_000):
            s += i
        best = min(best, (time.perf_counter() - t) * 1000)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/11", help="the query cache's Redis (CACHE_REDIS_URL)")
    ap.add_argument("--pages", default=",".join(PAGES), help="comma-separated subset of " + ",".join(PAGES))
    ap.add_argument("--no-cache", action="store_true", help="run the app with QUERY_CACHE off (every figure from SQL)")
    ap.add_argument("--no-page-cache", action="store_true", help="run the app with PAGE_CACHE off (the query cache only)")
    ap.add_argument("--default-gc", action="store_true",
                    help="serve without config/gunicorn.py (CPython's default collector settings)")
    ap.add_argument("--spread", type=int, default=50,
                    help="tasks (and directives) each user opens in turn on the task (directive) page")
    ap.add_argument("--change-every", type=float, default=0,
                    help="seconds between committed workflow steps during the run (0: none)")
    args = ap.parse_args()
    wanted = [p for p in args.pages.split(",") if p]
    unknown = set(wanted) - set(PAGES)
    if unknown:
        ap.error(f"unknown pages: {', '.join(sorted(unknown))}")
    rng = random.Random(7)
    probe = cpu_probe_ms()
    app = make_app(args.url)
    users = pick_users(app, args.users, rng, args.spread)
    if not args.port:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            args.port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{args.port}"
    env = dict(os.environ, TRACKER_CONFIG="development", DATABASE_URL=args.url, SECRET_KEY="bench-" + "x" * 40,
               LOGIN_RATE_LIMIT="100000 per minute", QUERY_CACHE="0" if args.no_cache else "1",
               PAGE_CACHE="0" if args.no_page_cache else "1",
               CACHE_TYPE="RedisCache", CACHE_REDIS_URL=args.redis)
    access_log = tempfile.NamedTemporaryFile(prefix="bench-pages-", suffix=".log", delete=False).name
    proc = subprocess.Popen([os.path.join(ROOT, ".venv", "bin", "gunicorn"),
                             *([] if args.default_gc else ["-c", os.path.join(ROOT, "config", "gunicorn.py")]),
                             "-w", str(args.workers), "-b",
                             f"127.0.0.1:{args.port}", "--log-level", "warning", "app:app",
                             "--access-logfile", access_log, "--access-logformat", "%({x-bench}i)s %(M)s"],
                            cwd=ROOT, env=env)
    try:
        wait_ready(base, proc)
        clients = []
        for label, email, paths, token in users:
            c = Client(base, token)
            c.login(email)
            # The chart data: the URL the dashboard's script fetches.
            status, body = c.get("/reports/")
            m = re.search(rb'data-trend-src="([^"]+)"', body)
            if status != 200 or m is None:
                raise RuntimeError(f"dashboard of {email}: {status}, no chart source")
            paths = dict(paths, trend=m.group(1).decode().replace("&amp;", "&"))
            clients.append((label, c, [(p, paths[p]) for p in PAGES if p in wanted]))
        for _label, c, paths in clients:  # warm-up: one round each (imports, first plans), not timed
            for _p, path in paths:
                c.get(path if isinstance(path, str) else path[0])
        lat = []  # (page, role, ms, ok, page cache hit, status)
        lock = threading.Lock()
        stop = time.time() + args.seconds

        def run(label, c, paths):
            i = rng.randrange(len(paths))
            turn = defaultdict(int)
            while time.time() < stop:
                page, path = paths[i % len(paths)]
                i += 1
                if not isinstance(path, str):
                    turn[page] += 1
                    path = path[turn[page] % len(path)]
                t0 = time.perf_counter()
                status, _body = c.get(path, f"{page}/{label}")
                dt = (time.perf_counter() - t0) * 1000
                with lock:
                    lat.append((page, label, dt, status == 200, c.cached == "hit", status))

        changer = Changer(app, random.Random(11))

        def change_data():
            nxt = time.time() + args.change_every
            while time.time() < stop:
                time.sleep(max(0.0, nxt - time.time()))
                nxt += args.change_every
                changer.step()

        cpu0 = cpu_by_group(proc.pid)
        t0 = time.time()
        threads = [threading.Thread(target=run, args=cu) for cu in clients]
        if args.change_every:
            threads.append(threading.Thread(target=change_data))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - t0
        steps = sum(changer.done.values())
        done = " ".join(f"{k}={v}" for k, v in sorted(changer.done.items()))
        roles = defaultdict(int)
        for label, *_rest in clients:
            roles[label] += 1
        print(f"requests={len(lat)} users={len(clients)} ({', '.join(f'{k} {v}' for k, v in roles.items())}) "
              f"seconds={elapsed:.1f} workflow_steps={steps} ({done}; refused {changer.failed}) "
              f"query_cache={'off' if args.no_cache else 'redis'} page_cache={'off' if args.no_cache or args.no_page_cache else 'redis'} gc={'default' if args.default_gc else 'tuned'} load={os.getloadavg()[0]:.2f} "
              f"cpu_probe_ms={probe:.0f}/{cpu_probe_ms():.0f}")
        for name, key in (("page", 0), ("role", 1)):
            groups = defaultdict(list)
            for row in lat:
                groups[row[key]].append(row[2])
            print(f"p95_ms by {name}: " + " ".join(f"{g}={pct(v, 95):.0f}" for g, v in groups.items()))
        hits = defaultdict(list)
        for row in lat:
            hits[row[0]].append(row[4])
        print("page cache hits %: " + " ".join(f"{g}={100 * sum(v) / len(v):.0f}" for g, v in hits.items())
              + f" all={100 * sum(r[4] for r in lat) / max(1, len(lat)):.0f}")
        print_service_time(access_log, elapsed, args.workers)
        print_cpu(cpu0, cpu_by_group(proc.pid), len(lat))
        ms = [row[2] for row in lat]
        errors = sum(1 for row in lat if not row[3])
        if errors:   # which page answered what, and for whom: an error is something to look into
            failed = defaultdict(int)
            for row in lat:
                if not row[3]:
                    failed[f"{row[0]}/{row[1]}={row[5]}"] += 1
            print("errors by page/role=status: " + " ".join(f"{k} x{v}" for k, v in sorted(failed.items())))
        print(f"p50_ms={pct(ms, 50):.1f} p95_ms={pct(ms, 95):.1f} p99_ms={pct(ms, 99):.1f} "
              f"rps={len(lat) / elapsed:.1f} errors={errors}")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        os.unlink(access_log)


def _proc_cpu(pid) -> tuple[str, int, float]:
    """(command name, parent pid, user + system CPU seconds) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        raw = f.read()
    name = raw[raw.index("(") + 1:raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2:].split()
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_group(master: int) -> dict[str, float]:
    """CPU seconds used so far, by who used them: the gunicorn workers, PostgreSQL's processes,
    Redis, this bench process (the 20 clients and the workflow steps' own app), and the whole
    machine (/proc/stat, every core): the rest is the kernel's and other processes' share."""
    out = {"workers": 0.0, "postgres": 0.0, "redis": 0.0}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            name, ppid, cpu = _proc_cpu(int(entry))
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        if ppid == master:
            out["workers"] += cpu
        elif name.startswith("postgres"):
            out["postgres"] += cpu
        elif name.startswith("redis"):
            out["redis"] += cpu
    t = os.times()
    out["bench"] = t.user + t.system
    with open("/proc/stat") as f:
        busy = [int(x) for x in f.readline().split()[1:]]
    out["machine"] = (sum(busy) - busy[3] - busy[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait
    return out


def print_cpu(before: dict, after: dict, requests: int):
    """Where the cores went during the timed window, in ms of CPU per request."""
    d = {k: after[k] - before[k] for k in after}
    other = d["machine"] - sum(v for k, v in d.items() if k != "machine")
    parts = [f"{k} {1000 * d[k] / max(requests, 1):.1f}" for k in ("workers", "postgres", "redis", "bench")]
    print(f"cpu_ms per request: {' + '.join(parts)} + other {1000 * other / max(requests, 1):.1f} "
          f"= machine {1000 * d['machine'] / max(requests, 1):.1f} (cores busy {d['machine']:.0f} s)")


def print_service_time(access_log, elapsed, workers):
    """Where the workers' time goes: the time gunicorn measured per request (from parsing it to
    sending the last byte; queueing before a worker takes the request is not in it), summed per
    page and role. Under a closed loop the latencies above are mostly queue; these sums say which
    pages hold the workers."""
    per = defaultdict(list)
    with open(access_log) as f:
        for line in f:
            tag, _, ms = line.strip().rpartition(" ")
            if "/" in tag and ms.isdigit():
                per[tag].append(int(ms))
    total = sum(sum(v) for v in per.values()) or 1
    busy = total / 1000 / (elapsed * workers)
    rows = sorted(per.items(), key=lambda kv: -sum(kv[1]))
    print(f"service time: workers busy {busy:.0%} of {workers}x{elapsed:.0f}s; "
          "page/role=mean_ms (share of worker time), largest first:")
    print("  " + " ".join(f"{tag}={sum(v) / len(v):.0f}ms({sum(v) / total:.0%})" for tag, v in rows))


if __name__ == "__main__":
    main()
