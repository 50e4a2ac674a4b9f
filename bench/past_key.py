"""Figures as of past days under a stream of writes: how often they are recomputed, and what a view costs.

    python bench/past_key.py [--url DB_URL] [--steps 30]

In-process, query cache on (per process): after each real workflow step committed through the
use case (bench/pages.py's Changer: receive, report progress, submit, accept, request or approve
an extension, as the user whose step it is), the admin opens the dashboard's chart data
(``trend``, this year: five past year ends and this year) and the previous year per unit (the
ranking's change: ``cached_unit_report`` of last year as of its last day). Prints how many of
the views recomputed their past figures (a call of ``past.totals_at`` / ``unit_report``), and
p50/p95/max of each view in ms, with the load average. Run it on a copy of the bench database
(the steps stay in it); run it from another checkout to compare code versions on the same data.
"""
import argparse
import os
import random
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.generate_dataset import DEFAULT_URL  # noqa: E402
from bench.pages import Changer, pct  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()

    from sqlalchemy import select

    from tracker import create_app
    from tracker.domain.reports import Period
    from tracker.extensions import db
    from tracker.models import User
    from tracker.queries import reports as q
    from tracker.queries.reports import task_lines, unit_reports
    from tracker.timeutil import local_today

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.url, "QUERY_CACHE": True, "CACHE_TYPE": "SimpleCache",
                      "SECRET_KEY": "bench-" + "x" * 40}, config_name="development")
    calls = {"trend": 0, "previous": 0}
    real_totals, real_report = task_lines.totals_at, unit_reports.unit_report

    def counting_totals(*a, **kw):
        calls["trend"] += 1
        return real_totals(*a, **kw)

    def counting_report(*a, **kw):
        calls["previous"] += 1
        return real_report(*a, **kw)
    task_lines.totals_at, unit_reports.unit_report = counting_totals, counting_report

    today = local_today()
    year = Period.containing("year", today)
    last = year.previous()
    times = {"trend": [], "previous": []}

    def views():
        with app.app_context():
            s = db.session
            admin = s.scalar(select(User).where(User.role == "admin").order_by(User.id).limit(1))
            t0 = time.perf_counter()
            q.trend(s, admin, period=year, today=today, root=None)
            t1 = time.perf_counter()
            q.cached_unit_report(s, admin, period=last, as_of=last.end)
            t2 = time.perf_counter()
            s.rollback()
        return (t1 - t0) * 1000, (t2 - t1) * 1000

    views()  # warm: the first view computes everything once
    calls.update(trend=0, previous=0)
    changer = Changer(app, random.Random(args.seed))
    load = [os.getloadavg()[0]]
    started = time.perf_counter()
    for _ in range(args.steps):
        changer.step()
        a, b = views()
        times["trend"].append(a)
        times["previous"].append(b)
    load.append(os.getloadavg()[0])
    steps = sum(changer.done.values())
    print(f"steps={steps} {dict(changer.done)} failed={changer.failed} seconds={time.perf_counter() - started:.1f} "
          f"load={load[0]:.1f}->{load[1]:.1f} today={today} last_year_end={last.end + timedelta(days=0)}")
    for k in ("trend", "previous"):
        v = sorted(times[k])
        print(f"{k}: recomputed {calls[k]}/{len(v)} views  p50_ms={pct(v, 50):.1f} p95_ms={pct(v, 95):.1f} "
              f"max_ms={v[-1]:.1f}")


if __name__ == "__main__":
    main()
