"""Rollup benchmark: every unit's figures for one year, as of today, against a hand-written GROUP BY.

    python bench/rollup.py [--url ...] [--year 2026] [--runs 3]

rollup_s: tracker.queries.reports.unit_report for the admin (every unit, rolled up
through the tree, ranking inputs included) -- the path the dashboard, API and
exports take. floor_s: one hand-written GROUP BY lead_unit_id over the same
tables and the same definitions (no visibility clause, no rollup, no ORM). Best of
``--runs`` each, after one warm-up.
"""
import argparse
import os
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.generate_dataset import DEFAULT_URL  # noqa: E402

FLOOR_SQL = """
SELECT lead_unit_id,
  count(*) FILTER (WHERE assigned_on >= :start),
  count(*) FILTER (WHERE assigned_on < :start),
  count(*),
  count(*) FILTER (WHERE status = 'done' AND completed_on <= :as_of AND (due_on IS NULL OR completed_on <= due_on)),
  count(*) FILTER (WHERE status = 'done' AND completed_on <= :as_of AND completed_on > due_on),
  count(*) FILTER (WHERE (status <> 'done' OR completed_on > :as_of) AND due_on >= :as_of),
  count(*) FILTER (WHERE (status <> 'done' OR completed_on > :as_of) AND due_on < :as_of),
  count(*) FILTER (WHERE (status <> 'done' OR completed_on > :as_of) AND due_on < :as_of - 30),
  count(*) FILTER (WHERE (status <> 'done' OR completed_on > :as_of) AND due_on < :as_of - 90),
  count(*) FILTER (WHERE (status <> 'done' OR completed_on > :as_of) AND due_on < :as_of - 120),
  count(*) FILTER (WHERE (status <> 'done' OR completed_on > :as_of) AND due_on IS NULL),
  count(*) FILTER (WHERE original_due_on IS NOT NULL AND due_on IS NOT NULL AND original_due_on <> due_on),
  count(*) FILTER (WHERE assigned_on < :start AND (status <> 'done' OR completed_on > :as_of))
FROM tasks
WHERE status <> 'cancelled' AND assigned_on <= :last
  AND (assigned_on >= :start OR status <> 'done' OR completed_on IS NULL OR completed_on >= :start)
GROUP BY lead_unit_id
"""


def best(fn, runs):
    fn()  # warm-up: caches, plans
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--year", type=int, default=date.today().year)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from sqlalchemy import select, text

    from tracker import create_app
    from tracker.domain.reports import Period
    from tracker.extensions import db
    from tracker.models import User
    from tracker.queries.reports import unit_report

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.url})
    with app.app_context():
        s = db.session
        admin = s.scalar(select(User).where(User.role == "admin").order_by(User.id).limit(1))
        period = Period.containing("year", date(args.year, 6, 1))
        as_of = period.default_as_of(date.today())

        def rollup():
            rep = unit_report(s, admin, period=period, as_of=as_of, root=None, rolled_up=True)
            return rep

        def floor():
            return s.execute(text(FLOOR_SQL), {"start": period.start, "as_of": as_of,
                                               "last": min(period.end, as_of)}).all()

        floor_s, rows = best(floor, args.runs)
        rollup_s, rep = best(rollup, args.runs)
        floor_total = sum(r[3] for r in rows)
        assert floor_total == rep.total.total, (floor_total, rep.total.total)
        print(f"period={period.label()} as_of={as_of:%d/%m/%Y} units_with_tasks={len(rows)} "
              f"tasks_counted={rep.total.total} completion={rep.total.completion_rate}% "
              f"on_time={rep.total.on_time_rate}%")
        print(f"rollup_s={rollup_s:.3f} floor_s={floor_s:.3f} ratio={rollup_s / floor_s:.2f}")


if __name__ == "__main__":
    main()
