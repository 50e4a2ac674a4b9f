"""Generate a national-scale dataset into PostgreSQL with COPY (no ORM inserts).

10,000 units on 4 levels (country, 63 provinces, 693 districts, 9,243 communes),
50,000 users, 30,000 directives, 1,000,000 tasks over 3 years and about 3,000,000
history rows, with spreads of deadlines, delays and extensions close to what
provincial reports show (about 3/4 finished on time, a long tail of overdue work).

    python bench/generate_dataset.py [--tasks 1000000] [--url postgresql+psycopg://...]

The database (default tracker_bench) is dropped, re-created and migrated first.
Every user's password is the demo password; bench/pages.py logs in with it.
"""
import argparse
import io
import os
import random
import sys
import time
from datetime import date, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from tracker.domain.text import sort_key  # noqa: E402

DEFAULT_URL = os.environ.get("BENCH_DATABASE_URL",
                             "postgresql+psycopg://tracker:tracker@127.0.0.1:5432/tracker_bench")
PROVINCES, DISTRICTS_PER_PROVINCE, UNITS = 63, 11, 10_000
USERS_PER_UNIT = 5
STATUSES_OPEN = ["assigned", "received", "in_progress", "in_progress", "in_progress", "submitted", "returned", "paused"]


def log(msg, t0=[time.time()]):  # noqa: B006, B008  (a start time shared by every call)
    print(f"[{time.time() - t0[0]:7.1f}s] {msg}", flush=True)


def esc(v) -> str:
    if v is None:
        return r"\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    s = str(v)
    if "\\" in s or "\t" in s or "\n" in s:
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return s


class Copier:
    """Buffers rows as COPY text and flushes them in large chunks."""

    def __init__(self, conn, table, columns, required):
        missing = required - set(columns)
        if missing:
            raise SystemExit(f"{table}: the schema needs {sorted(missing)}; update the generator")
        self.cur = conn.cursor()
        self.copy_cm = self.cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN")
        self.copy = self.copy_cm.__enter__()
        self.buf = io.StringIO()
        self.n = 0

    def row(self, *values):
        self.buf.write("\t".join(map(esc, values)))
        self.buf.write("\n")
        self.n += 1
        if self.n % 50_000 == 0:
            self.flush()

    def flush(self):
        self.copy.write(self.buf.getvalue())
        self.buf = io.StringIO()

    def close(self):
        self.flush()
        self.copy_cm.__exit__(None, None, None)
        return self.n


def required_columns(conn, table):
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema='public' AND table_name=%s "
        "AND is_nullable='NO' AND column_default IS NULL", (table,)).fetchall()
    return {r[0] for r in rows}


def create_database(url: sa.engine.URL):
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        c.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    from flask_migrate import upgrade

    from tracker import create_app
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False)})
    with app.app_context():
        upgrade()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--tasks", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--today", default=None, help="YYYY-MM-DD (default: today)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    today = date.fromisoformat(args.today) if args.today else date.today()
    url = sa.engine.make_url(args.url)
    log(f"creating and migrating {url.database}")
    create_database(url)
    from tracker.security import hash_password
    from tracker.services.demo import DEMO_PASSWORD

    pw_hash = hash_password(DEMO_PASSWORD)
    now = datetime.utcnow().replace(microsecond=0)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        conn.execute("SET synchronous_commit = off")
        # --- units -----------------------------------------------------------------
        units = []  # (id, parent_id, path, depth, kind)
        units.append((1, None, "/1/", 0, "other"))
        next_id = 2
        provinces, districts, communes = [], [], []
        for _p in range(PROVINCES):
            pid = next_id
            next_id += 1
            units.append((pid, 1, f"/1/{pid}/", 1, "province"))
            provinces.append(pid)
        for pid in provinces:
            for _d in range(DISTRICTS_PER_PROVINCE):
                did = next_id
                next_id += 1
                units.append((did, pid, f"/1/{pid}/{did}/", 2, "district"))
                districts.append(did)
        n_communes = UNITS - len(units)
        for i in range(n_communes):
            did = districts[i % len(districts)]
            pid = units[did - 1][1]
            cid = next_id
            next_id += 1
            units.append((cid, did, f"/1/{pid}/{did}/{cid}/", 3, rng.choice(["commune", "ward"])))
            communes.append(cid)
        by_id = {u[0]: u for u in units}
        children = {}
        for u in units:
            children.setdefault(u[1], []).append(u[0])
        cp = Copier(conn, "units", ["id", "parent_id", "path", "depth", "kind", "code", "name", "short_name",
                                    "email", "is_active", "officers_may_submit", "created_at", "sort_name"],
                    required_columns(conn, "units"))
        names = {"other": "Ban Chỉ đạo Trung ương", "province": "Tỉnh", "district": "Huyện", "commune": "Xã",
                 "ward": "Phường"}
        for uid, parent, path, depth, kind in units:
            name = names[kind] if uid == 1 else f"{names[kind]} {uid:05d}"
            cp.row(uid, parent, path, depth, kind, f"U{uid:05d}", name, name, f"unit{uid}@bench.vn", True, False, now,
                   sort_key(name))
        log(f"units: {cp.close()}")

        # --- users -----------------------------------------------------------------
        cp = Copier(conn, "users", ["id", "email", "name", "title", "password_hash", "role", "unit_id", "locale",
                                    "is_active", "session_nonce", "created_at"], required_columns(conn, "users"))
        uid_seq = 1
        users_of = {}
        cp.row(uid_seq, "admin@bench.vn", "Quản trị", None, pw_hash, "admin", 1, "vi", True, "", now)
        users_of[1] = [uid_seq]
        for unit_id, _p, _path, depth, _kind in units:
            roles = ["unit_head", "unit_officer", "unit_officer", "unit_officer", "viewer"]
            if depth <= 2:
                roles = ["leader", "secretariat", "unit_head", "unit_officer", "unit_officer"]
            for k, role in enumerate(roles[:USERS_PER_UNIT]):
                uid_seq += 1
                cp.row(uid_seq, f"u{unit_id}.{k}@bench.vn", f"Người dùng {unit_id}.{k}", None, pw_hash, role,
                       unit_id, "vi", True, "", now)
                users_of.setdefault(unit_id, []).append(uid_seq)
        log(f"users: {cp.close()}")

        # --- directives ----------------------------------------------------------------
        assigners = [1] * 3 + provinces * 4 + districts  # weights: districts assign the most
        n_directives = 30_000
        start_day = today - timedelta(days=3 * 365)
        dir_owner, dir_date = [], []
        cp = Copier(conn, "directives", ["id", "kind", "doc_type", "symbol", "number", "numbering_period",
                                         "issued_on", "issuer_unit_id", "owner_unit_id", "signer", "title", "body",
                                         "search_text", "created_by_id", "created_at"],
                    required_columns(conn, "directives"))
        for i in range(1, n_directives + 1):
            owner = rng.choice(assigners)
            issued = start_day + timedelta(days=rng.randrange(0, 3 * 365))
            dir_owner.append(owner)
            dir_date.append(issued)
            cp.row(i, "conference", "KL", f"{i}-KL/BCĐ{owner}", i, str(issued.year), issued, owner, owner, None,
                   f"Kết luận số {i}", "", f"ket luan so {i}", users_of[owner][0], now)
        log(f"directives: {cp.close()}")

        # --- tasks, coordinators, events -------------------------------------------------
        t_cols = ["id", "directive_id", "parent_id", "content", "search_text", "lead_unit_id", "assigned_by_unit_id",
                  "assigned_by_id", "assigned_at", "assigned_on", "deadline_kind", "deadline_days", "recurrence",
                  "due_on", "original_due_on", "priority", "status", "progress", "completed_on", "note",
                  "created_at", "updated_at", "version"]
        cp = Copier(conn, "tasks", t_cols, required_columns(conn, "tasks"))
        coords = []
        events = []  # (task_id, actor, at, kind, from, to)
        subtree_cache = {}

        def below(unit_id):
            out = subtree_cache.get(unit_id)
            if out is None:
                out, stack = [], list(children.get(unit_id, []))
                while stack:
                    x = stack.pop()
                    out.append(x)
                    stack.extend(children.get(x, []))
                subtree_cache[unit_id] = out
            return out

        for tid in range(1, args.tasks + 1):
            d = rng.randrange(n_directives)
            owner, issued = dir_owner[d], dir_date[d]
            assigned = min(issued + timedelta(days=rng.randrange(0, 20)), today)
            pool = children[owner] if rng.random() < 0.6 else below(owner)
            lead = rng.choice(pool)
            r = rng.random()
            if r < 0.10:
                due, kind = None, "none"
            else:
                due, kind = assigned + timedelta(days=int(rng.lognormvariate(3.4, 0.7)) + 3), "date"
            original = None
            if due is not None and rng.random() < 0.08:
                original = due
                due = due + timedelta(days=rng.randrange(15, 90))
            # Completion: about 3/4 on time, the rest late with a long tail, some never.
            base = due or (assigned + timedelta(days=60))
            r = rng.random()
            if r < 0.72:
                finish = assigned + timedelta(days=int((base - assigned).days * rng.random()))
            elif r < 0.93:
                finish = base + timedelta(days=int(rng.expovariate(1 / 35)) + 1)
            else:
                finish = None
            status, completed = None, None
            if rng.random() < 0.02:
                status = "cancelled"
            elif finish is not None and finish <= today:
                status, completed = "done", finish
            else:
                status = rng.choice(STATUSES_OPEN)
            at = datetime.combine(assigned, datetime.min.time()) + timedelta(hours=1)
            actor = users_of[owner][1]
            cp.row(tid, d + 1, None, f"Nhiệm vụ {tid} theo kết luận {d + 1}", f"nhiem vu {tid}", lead, owner, actor,
                   at, assigned, kind, None, None, due, original, "normal", status, 100 if completed else 0,
                   completed, None, at, at, 3)
            if rng.random() < 0.3:
                sibs = children.get(by_id[lead][1], [])
                for c in rng.sample(sibs, min(len(sibs), rng.choice([1, 1, 2]))):
                    if c != lead:
                        coords.append((tid, c))
            lead_user = users_of[lead][0]
            events.append((tid, actor, at, "assigned", None, "assigned", 1))
            events.append((tid, lead_user, at + timedelta(days=1), "received", "assigned", "received", 2))
            if completed:
                events.append((tid, actor, datetime.combine(completed, datetime.min.time()) + timedelta(hours=9),
                               "accepted", "submitted", "done", 3))
            else:
                events.append((tid, lead_user, at + timedelta(days=5), "progress", "received", "in_progress", 3))
            if original is not None:
                events.append((tid, actor, at + timedelta(days=10), "extension_approved", None, None, 3))
        log(f"tasks: {cp.close()}")
        cp = Copier(conn, "task_coordinators", ["task_id", "unit_id"], required_columns(conn, "task_coordinators"))
        for tid, c in coords:
            cp.row(tid, c)
        log(f"task_coordinators: {cp.close()}")
        cp = Copier(conn, "task_events", ["id", "task_id", "actor_id", "at", "kind", "from_status", "to_status",
                                          "task_version"], required_columns(conn, "task_events"))
        for i, (tid, actor, at, kind, fs, ts, ver) in enumerate(events, start=1):
            cp.row(i, tid, actor, at, kind, fs, ts, ver)
        log(f"task_events: {cp.close()}")
        for table in ("units", "users", "directives", "tasks", "task_events"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        # COPY bypasses the app's engine hooks: raise the data version by hand so no
        # cached figure of the old data survives (tracker/cache.py).
        conn.execute("UPDATE data_versions SET value = value + 1")
        conn.commit()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    log("VACUUM ANALYZE")
    # What the nightly job (workers/report_tasks.py) has built by the time users come: the standing
    # report counts, the wide scopes' home tiles and the trend's past periods. Without them the first
    # readers of a fresh database take the live statements (the admin's home: a scan of every task).
    from tracker import create_app
    from tracker.extensions import db
    from tracker.services.report_counts import build_for_today
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.url, "QUERY_CACHE": False})
    with app.app_context():
        built = build_for_today(db.session)
    log(f"done (standing counts built: {', '.join(built) or 'none'})")


if __name__ == "__main__":
    main()
