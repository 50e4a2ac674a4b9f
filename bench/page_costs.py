"""What one request costs, page by page: SQL queries, rows, CPU, PostgreSQL buffers, Redis commands.

    python bench/page_costs.py [--url DB_URL] [--redis redis://127.0.0.1:6379/13] [--runs 3]
                               [--roles commune_head,district_head,province_secretariat]

Runs the app in this process through Flask's test client (no HTTP server, one thread), so
the CPU time of a request is the app's own: views, ORM, templates, the driver's side of
SQL. For each role (the busiest province, its busiest district, that district's busiest
commune; users of the bench dataset, bench/generate_dataset.py) it logs in through the
form, then opens each page ``--runs`` times and prints, per request:

- ``queries``, ``rows``: statements sent and rows they returned (SQLAlchemy's
  before/after_cursor_execute events);
- ``cpu_ms``, ``wall_ms``: this process's CPU time and the elapsed time;
- ``blks_hit``, ``blks_read``: PostgreSQL shared-buffer hits and reads of one request
  on a warm backend (pg_stat_database deltas: two requests on a new connection minus
  one, the pool emptied before and after so that the backend reports them at exit);
- ``redis``: commands sent to Redis (the query cache and the rate limiter's store).

Two passes: ``live`` (QUERY_CACHE off: every figure from SQL) and ``cached`` (the exact
query cache in Redis, as production runs it; the first request of a page fills it and is
not counted). The cache keys carry a prefix of their own; nothing is flushed.
The first line gives nproc, memory and the load average.
"""
import argparse
import os
import re
import statistics
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.generate_dataset import DEFAULT_URL  # noqa: E402
from bench.rollup import busiest_chain  # noqa: E402

PASSWORD = "demo-2026!"


def machine() -> str:
    mem = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    return f"nproc={os.cpu_count()} mem_gib={mem / 2**20:.0f} load={load}"


class Counter:
    """Queries and rows through SQLAlchemy, Redis commands through redis-py."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.queries = self.rows = self.redis = 0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        Counter.current = self
        if not getattr(Counter, "patched", False):
            import redis.client

            orig_exec, orig_pipe = redis.client.Redis.execute_command, redis.client.Pipeline.execute

            def execute_command(self, *a, **kw):
                Counter.current.redis += 1
                return orig_exec(self, *a, **kw)

            def pipe_execute(self, *a, **kw):
                Counter.current.redis += len(self.command_stack)
                return orig_pipe(self, *a, **kw)

            redis.client.Redis.execute_command = execute_command
            redis.client.Pipeline.execute = pipe_execute
            Counter.patched = True

    def _before(self, *a):
        self.queries += 1

    def _after(self, conn, cursor, *a):
        n = getattr(cursor, "rowcount", -1)
        self.rows += n if n and n > 0 and cursor.description is not None else 0

    def snapshot(self):
        return self.queries, self.rows, self.redis


def pg_blocks(admin, dbname):
    from sqlalchemy import text

    with admin.connect() as c:
        return tuple(c.execute(text("SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = :d"),
                               {"d": dbname}).one())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--roles", default="commune_head,district_head,province_secretariat",
                    help="comma-separated: commune_head, district_head, province_secretariat, committee_leader, admin")
    ap.add_argument("--modes", default="live,cached")
    ap.add_argument("--pages", default="",
                    help="comma-separated page names to open (default: all), e.g. tasks,tasks_overdue,api_tasks")
    args = ap.parse_args()

    import sqlalchemy as sa
    from sqlalchemy import select, true

    from tracker import create_app
    from tracker.domain.reports import Period
    from tracker.extensions import db
    from tracker.models import Directive, Task, User

    dbname = sa.engine.make_url(args.url).database
    admin = sa.create_engine(args.url, isolation_level="AUTOCOMMIT", pool_size=1)
    print(machine())
    out = []
    for mode in args.modes.split(","):
        app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.url,
                          "QUERY_CACHE": mode == "cached", "CACHE_TYPE": "RedisCache",
                          "CACHE_REDIS_URL": args.redis, "CACHE_KEY_PREFIX": f"page_costs:{os.getpid()}:",
                          "RATELIMIT_STORAGE_URI": args.redis})
        with app.app_context():
            counter = Counter(db.engine)
            s = db.session
            period = Period.containing("year", date.today())
            params = {"start": period.start, "last": date.today()}
            prov, dist, comm, _units, _paths = busiest_chain(s, params)
            who = {"commune_head": ("unit_head", comm), "district_head": ("unit_head", dist),
                   "province_secretariat": ("secretariat", prov), "committee_leader": ("leader", 1),
                   "admin": ("admin", None)}
            from tracker.services.users import create_token

            people = []
            for role in args.roles.split(","):
                r, unit_id = who[role]
                user = s.scalar(select(User).where(User.role == r, User.unit_id == unit_id if unit_id else true())
                                .order_by(User.id).limit(1))
                mine = (Task.lead_unit_id == unit_id) | (Task.assigned_by_unit_id == unit_id) if unit_id else true()
                task_id = s.scalar(select(Task.id).where(mine).order_by(Task.id.desc()).limit(1))
                directive_id = s.scalar(select(Directive.id).join(Task, Task.directive_id == Directive.id)
                                        .where(mine).order_by(Directive.id.desc()).limit(1))
                api_token = create_token(s, user, "bench/page_costs.py")  # a row in the bench database
                people.append((role, user.email, task_id, directive_id, api_token))
            s.rollback()
        # The requests run with no application context of ours around them: each request has
        # its own (and its own flask.g), as under gunicorn.

        def flushed_blocks(request, app=app):
            """Buffer hits and reads of the requests. A backend sends its statistics when it
            exits (otherwise at most once a second, later when idle): the pool is emptied
            before and after."""
            with app.app_context():
                db.engine.dispose()
            time.sleep(0.3)
            b0 = pg_blocks(admin, dbname)
            request()
            with app.app_context():
                db.engine.dispose()
            time.sleep(0.3)
            b1 = pg_blocks(admin, dbname)
            return b1[0] - b0[0], b1[1] - b0[1]

        for role, email, task_id, directive_id, api_token in people:
            client = app.test_client()
            # An address of its own per run and user: the login limiter counts per address.
            client.environ_base["REMOTE_ADDR"] = f"10.{os.getpid() % 250}.{len(out) % 250}.{len(mode)}"
            page = client.get("/login")
            found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
            assert found, (email, page.status_code)
            resp = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": found.group(1)})
            assert resp.status_code == 302, (email, resp.status_code)
            pages = [("home", "/home"), ("tasks", "/tasks/"), ("tasks_overdue", "/tasks/?category=overdue"),
                     ("tasks_status", "/tasks/?status=in_progress"),
                     ("task", f"/tasks/{task_id}"), ("dashboard", "/reports/"),
                     ("trend", "/reports/trend.json"), ("directive", f"/reports/directives/{directive_id}"),
                     ("api_tasks", "/api/v1/tasks"), ("api_overdue", "/api/v1/tasks?category=overdue")]
            if args.pages:
                pages = [p for p in pages if p[0] in args.pages.split(",")]
            for name, url in pages:
                headers = {"Authorization": f"Bearer {api_token}"} if url.startswith("/api/") else {}
                first = client.get(url, headers=headers)  # warm-up (and, cached, fills the cache)
                if first.status_code != 200:
                    out.append((mode, role, name, f"status {first.status_code}"))
                    print(mode, role, name, "status", first.status_code, flush=True)
                    continue
                q0 = counter.snapshot()
                cpu, wall = [], []
                for _ in range(args.runs):
                    c0, w0 = time.process_time(), time.perf_counter()
                    resp = client.get(url, headers=headers)
                    cpu.append(time.process_time() - c0)
                    wall.append(time.perf_counter() - w0)
                    assert resp.status_code == 200, (url, resp.status_code)
                q1 = counter.snapshot()
                one = flushed_blocks(lambda c=client, u=url, h=headers: c.get(u, headers=h))
                two = flushed_blocks(lambda c=client, u=url, h=headers: (c.get(u, headers=h), c.get(u, headers=h)))
                blocks = (two[0] - one[0], two[1] - one[1])  # the second request, on a backend warmed by the first
                n = args.runs
                row = (mode, role, name, (q1[0] - q0[0]) / n, (q1[1] - q0[1]) / n,
                       statistics.median(cpu) * 1000, statistics.median(wall) * 1000,
                       blocks[0], blocks[1], (q1[2] - q0[2]) / n)
                out.append(row)
                print("{:6} {:21} {:14} queries={:.0f} rows={:.0f} cpu_ms={:.1f} wall_ms={:.1f} "
                      "blks_hit={:.0f} blks_read={:.0f} redis={:.0f}".format(*row), flush=True)
        with app.app_context():
            db.engine.dispose()
    print(machine())


if __name__ == "__main__":
    main()
