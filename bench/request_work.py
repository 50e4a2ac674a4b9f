"""Work per request, page by page, over bench/pages.py's own users: what does not depend on the machine's speed.

    python bench/request_work.py [--url DB_URL] [--users 20] [--rounds 3] [--seed 7]

On this shared virtual machine the same code's CPU per request moved by 40 % within minutes
(docs/reports.md, sessions 24-26), so two versions compared by time alone need many alternated
runs. This script counts instead, in-process (Flask's test client, the query and page caches off,
every figure from SQL, as ``bench/pages.py --no-cache --no-page-cache`` serves):

- ``stmts``: statements sent to the database per request (SQLAlchemy's before_cursor_execute);
- ``calls``: Python function calls per request (cProfile's count, one pass);
- ``cpu_ms``: this process's CPU time per request, the least of ``--rounds`` visits (the least is
  the figure least disturbed by other work on the machine).

The users are bench/pages.py's (pick_users with the same seed: commune heads, district heads,
province secretariats, committee leaders, the admin), each page the first of its list. Run it from
two checkouts on the same database to compare versions; it writes nothing but each user's "bench"
API token (as bench/pages.py does).
"""
import argparse
import cProfile
import collections
import os
import pstats
import random
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.generate_dataset import DEFAULT_URL  # noqa: E402
from bench.pages import PAGES, pick_users  # noqa: E402

ROLES = ("commune", "district", "province", "leader", "admin")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    os.environ.setdefault("TRACKER_CONFIG", "development")
    import gc

    from sqlalchemy import event

    from tracker import create_app
    from tracker.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.url, "QUERY_CACHE": False, "PAGE_CACHE": False,
                      "SECRET_KEY": "bench-" + "x" * 40, "RATELIMIT_STORAGE_URI": "memory://",
                      "LOGIN_RATE_LIMIT": "100000 per minute"}, config_name="development")
    users = pick_users(app, args.users, random.Random(args.seed))
    sent = [0]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: sent.__setitem__(0, sent[0] + 1))
    clients = []
    for i, (label, email, paths, token) in enumerate(users):
        c = app.test_client()
        c.environ_base["REMOTE_ADDR"] = f"10.7.{i}.1"
        page = c.get("/login").text
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        assert c.post("/login", data={"email": email, "password": "demo-2026!", "csrf_token": csrf}).status_code == 302
        trend = re.search(rb'data-trend-src="([^"]+)"', c.get("/reports/").data)
        paths = dict(paths, trend=trend.group(1).decode().replace("&amp;", "&"))
        clients.append((label, c, {k: (v[0] if isinstance(v, list) else v) for k, v in paths.items()}, token))

    def visit(c, path, token):
        headers = {"Authorization": f"Bearer {token}"} if path.startswith("/api/") else {}
        resp = c.get(path, headers=headers)
        assert resp.status_code == 200, (path, resp.status_code)

    gc.set_threshold(50_000, 20, 100)   # as config/gunicorn.py
    stmts, calls, cpu = (collections.defaultdict(list) for _ in range(3))
    for label, c, paths, token in clients:
        # Warm (templates compiled, statements prepared) just before: a token's "last used" is
        # written once a minute, and a user measured long after its warm pass would count it.
        for k in PAGES:
            visit(c, paths[k], token)
        gc.collect()
        gc.freeze()
        for k in PAGES:
            sent[0] = 0
            prof = cProfile.Profile()
            prof.enable()
            visit(c, paths[k], token)
            prof.disable()
            stmts[k, label].append(sent[0])
            calls[k, label].append(pstats.Stats(prof).total_calls)
            best = float("inf")
            for _ in range(args.rounds):
                t = time.process_time()
                visit(c, paths[k], token)
                best = min(best, time.process_time() - t)
            cpu[k, label].append(best * 1000)

    def mean(v):
        return sum(v) / len(v)

    print(f"nproc={os.cpu_count()} load={' '.join(open('/proc/loadavg').read().split()[:3])} users={len(clients)}")
    print(f"{'page':10s} " + " ".join(f"{r:>22s}" for r in ROLES) + "   (stmts / calls / cpu_ms)")
    for k in PAGES:
        cells = []
        for r in ROLES:
            if (k, r) in stmts:
                cells.append(f"{mean(stmts[k, r]):4.1f} /{mean(calls[k, r]):7.0f} /{mean(cpu[k, r]):5.1f}")
            else:
                cells.append("-")
        print(f"{k:10s} " + " ".join(f"{c:>22s}" for c in cells))
    every = [(s, n, t) for key in stmts for s, n, t in zip(stmts[key], calls[key], cpu[key])]
    print("per request (every user and page): stmts %.1f  calls %.0f  cpu_ms %.1f" % tuple(
        mean([e[i] for e in every]) for i in range(3)))


if __name__ == "__main__":
    main()
