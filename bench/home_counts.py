"""Standing home tiles at national scale: build time, the tiles from the standing rows against
the live statement (views.main.live_category_counts), the writers' share, and EXPLAIN.

    python bench/home_counts.py [--url ...] [--runs 5] [--steps 20] [--explain]

Roles: the admin (every task), the national committee's leader (unit 1), the busiest
province's secretariat (bench/rollup.busiest_chain). Live and standing are timed alternately,
best of ``--runs``, and must be equal. Run it on a copy of the bench database: it rebuilds
the table and commits ``--steps`` real ``receive`` steps.
"""
import argparse
import os
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.generate_dataset import DEFAULT_URL  # noqa: E402
from bench.counts import timed_receive_steps  # noqa: E402
from bench.rollup import busiest_chain  # noqa: E402


def load() -> str:
    return " ".join(open("/proc/loadavg").read().split()[:3])


def main():  # noqa: PLR0915 - one measurement after the other
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--steps", type=int, default=20, help="real receive steps to time (they commit)")
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--no-build", action="store_true", help="keep the rows (build only if stale)")
    args = ap.parse_args()

    from sqlalchemy import func, select, text

    from tracker import create_app
    from tracker.domain.reports import Period
    from tracker.extensions import db
    from tracker.models import User
    from tracker.queries import home_counts as standing
    from tracker.services.calendar import load_calendar
    from tracker.views.main import live_category_counts

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.url, "QUERY_CACHE": False})
    with app.app_context():
        s = db.session
        print(f"nproc={os.cpu_count()} load={load()}")
        depth = standing.configured_depth()
        if not args.no_build:
            t0 = time.perf_counter()
            with db.engine.begin() as conn:
                standing.build(conn, depth, force=True)
            print(f"build_s={time.perf_counter() - t0:.2f} depth={depth} load={load()}")
        for scope, n in s.execute(select(standing.HC.c.scope_id, func.count()).group_by(standing.HC.c.scope_id)
                                  .order_by(func.count().desc()).limit(3)):
            print(f"rows scope={scope} {n}")
        print(f"rows total {s.scalar(select(func.count()).select_from(standing.HC))}")
        s.commit()

        day, cal = date.today(), load_calendar(s)
        period = Period.containing("year", day)
        prov = busiest_chain(s, {"start": period.start, "last": day})[0]
        cases = [("admin", select(User).where(User.role == "admin")),
                 ("committee_leader(1)", select(User).where(User.role == "leader", User.unit_id == 1)),
                 ("province_secretariat", select(User).where(User.role == "secretariat", User.unit_id == prov))]
        for label, stmt in cases:
            user = s.scalar(stmt.order_by(User.id).limit(1))
            live_t, table_t = [], []
            for _ in range(args.runs):
                t = time.perf_counter()
                live = live_category_counts(user, day, cal)
                live_t.append(time.perf_counter() - t)
                s.rollback()
                t = time.perf_counter()
                table = standing.tiles(s, user, day, cal)
                table_t.append(time.perf_counter() - t)
                s.rollback()
                assert table == live, (label, table, live)
            print(f"{label:22s} live_ms={min(live_t) * 1000:8.1f} (max {max(live_t) * 1000:7.1f}) "
                  f"standing_ms={min(table_t) * 1000:6.2f} (max {max(table_t) * 1000:6.2f}) "
                  f"tasks={sum(live.values())} load={load()}")

        # Real steps: the standing tiles' share of each (services.home_counts.apply).
        from tracker.services import home_counts as writer

        spent, inner = [], writer.apply

        def timed(*a, **kw):
            t = time.perf_counter()
            inner(*a, **kw)
            spent.append(time.perf_counter() - t)
        writer.apply = timed
        steps = timed_receive_steps(s, args.steps, day, cal)
        writer.apply = inner
        if steps:
            steps.sort()
            spent.sort()
            print(f"receive steps={len(steps)} step_ms_median={steps[len(steps) // 2] * 1000:.1f} "
                  f"home_ms_median={spent[len(spent) // 2] * 1000:.2f} home_ms_max={spent[-1] * 1000:.2f} "
                  f"load={load()}")

        if args.explain:
            conn = s.connection()
            for label, scope in (("admin (scope 0)", standing.EVERY_TASK), ("unit 1", 1)):
                sql = str(standing._tiles_stmt(scope, day, cal).compile(conn, compile_kwargs={"literal_binds": True}))
                print(f"\n-- the tiles of {label} from the standing rows")
                for (line,) in conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql)):
                    print(line)
            s.rollback()


if __name__ == "__main__":
    main()
