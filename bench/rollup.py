"""Rollup benchmark: the dashboard's figures as each role sees them, against a hand-written floor.

    python bench/rollup.py [--url ...] [--year 2026] [--as-of DD/MM/YYYY] [--runs 5]

For each role (a commune head, a district head, a province secretariat, the national
committee's leader, a member of a province committee, the admin) the bench takes the
user's default report root (``queries.reports.default_root``, what the dashboard opens)
and times ``queries.reports.unit_report`` for that user and root: the dashboard's, the
API's and the exports' path, with the user's visibility scope, the query cache off
(``QUERY_CACHE=False``: every figure from SQL, the live path).

floor_s: the bare SQL any correct answer for that role must run: one GROUP BY
lead_unit_id with the same FILTERed counts over the tasks in the root's subtree that
the user may see (subtree ids bound as one array; for the committee member the
"assigned by the committee, or led or coordinated by it" rule written by hand). No
ORM, no rollup, no unit names. Best of ``--runs`` each (up to 50 for scopes of a few
milliseconds), after one warm-up, measured alternately (floor, rollup, floor, ...) so that load from other processes hits both.
The floor's values are written into its text (``literal``), as the app sends its report statements
(tracker/queries/literal_sql.py): PostgreSQL then keeps the plan of each, and neither is planned
again on every run (for a commune's report planning was half of the time).

The committee member: the dataset has no committee unit beside the administrative
tree (the demo's "BCĐ thành phố"), so the bench makes one inside its own transaction
(a committee unit under the busiest province, owning what the province assigned)
and rolls it back at the end: nothing is written to the database.

The live path: the year ``--year`` as a custom period with the same dates (the same SQL;
the standing counts of the current standard periods never answer a custom period),
``--as-of`` (default: today), and ``use_snapshot=False`` (a closed period's snapshot is
not read). ``--standard`` times the standard year instead, i.e. whatever the dashboard
reads for it.
"""
import argparse
import os
import re
import sys
import time
from datetime import date, datetime

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.generate_dataset import DEFAULT_URL  # noqa: E402

COUNTS = """
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
  count(*) FILTER (WHERE assigned_on < :start AND (status <> 'done' OR completed_on > :as_of))"""

POPULATION = """status <> 'cancelled' AND assigned_on <= :last
  AND (assigned_on >= :start OR status <> 'done' OR completed_on IS NULL OR completed_on >= :start)"""

# Every task (admin; a root whose subtree is the whole tree).
FLOOR_ALL = f"SELECT lead_unit_id,{COUNTS}\nFROM tasks WHERE {POPULATION}\nGROUP BY lead_unit_id"
# The tasks led by a unit of the root's subtree (the user's own subtree: all of them visible).
FLOOR_SUBTREE = (f"SELECT lead_unit_id,{COUNTS}\nFROM tasks WHERE {POPULATION}\n"
                 "  AND lead_unit_id = ANY(:below)\nGROUP BY lead_unit_id")
# A committee beside the tree: what it assigned, or what a unit of its own subtree leads or coordinates.
FLOOR_COMMITTEE = (f"SELECT lead_unit_id,{COUNTS}\nFROM tasks WHERE {POPULATION}\n"
                   "  AND lead_unit_id = ANY(:below)\n"
                   "  AND (assigned_by_unit_id = :unit OR lead_unit_id = ANY(:own)\n"
                   "       OR id IN (SELECT task_id FROM task_coordinators WHERE unit_id = ANY(:own)))\n"
                   "GROUP BY lead_unit_id")


def literal(sql: str, params: dict) -> str:
    """``sql`` with its ``:name`` parameters written in as PostgreSQL literals (dates, ints, int
    lists): a statement without parameters, whose plan PostgreSQL keeps once psycopg has prepared
    it, as the app's report statements are sent (tracker/queries/literal_sql.py). The floor is then
    planned as seldom as the rollup, not on every run."""
    def value(m):
        v = params[m.group(1)]
        if isinstance(v, (list, tuple)):
            return "ARRAY[" + ",".join(str(int(x)) for x in v) + "]::int[]"
        if isinstance(v, date):
            return f"'{v.isoformat()}'::date"
        return str(int(v))
    return re.sub(r"(?<!:):(\w+)", value, sql)


def busiest(session, level_ids, by_unit, paths):
    """The unit of ``level_ids`` whose subtree leads the most tasks (ties: lowest id)."""
    def load(uid):
        p = paths[uid]
        return sum(n for u, n in by_unit.items() if paths.get(u, "").startswith(p))
    return max(sorted(level_ids), key=load)


def busiest_chain(session, params):
    """(province, district, commune, units, paths): the busiest province by tasks led in the period
    (``params``: start, last), its busiest district, that district's busiest commune."""
    from sqlalchemy import select, text

    from tracker.models import Unit
    units = session.execute(select(Unit.id, Unit.path, Unit.depth, Unit.kind)).all()
    paths = {u.id: u.path for u in units}
    by_unit = dict(session.execute(text(f"SELECT lead_unit_id, count(*) FROM tasks WHERE {POPULATION} "
                                        "GROUP BY lead_unit_id"), params).all())
    prov = busiest(session, [u.id for u in units if u.kind == "province"], by_unit, paths)
    dist = busiest(session, [u.id for u in units if u.depth == 2 and u.path.startswith(paths[prov])], by_unit, paths)
    comm = busiest(session, [u.id for u in units if u.depth == 3 and u.path.startswith(paths[dist])], by_unit, paths)
    return prov, dist, comm, units, paths


def committee_scenario(session, province):
    """A committee unit under ``province`` owning what the province assigned, and its member (a viewer).
    Written in the bench's open transaction; rolled back by main()."""
    from sqlalchemy import update

    from tracker.models import Directive, Task, User
    from tracker.services.units import add_unit

    c = add_unit(session, name=f"Ban Chỉ đạo (bench) {province.name}", code=f"BENCH-BCD-{province.id}",
                 kind="committee", parent=province, short_name="BCĐ (bench)")
    session.execute(update(Directive).where(Directive.owner_unit_id == province.id).values(owner_unit_id=c.id))
    session.execute(update(Task).where(Task.assigned_by_unit_id == province.id).values(assigned_by_unit_id=c.id))
    member = User(email=f"bench.bcd.{province.id}@bench.vn", name="Ủy viên BCĐ (bench)", password_hash="x",
                  role="viewer", unit_id=c.id, locale="vi", session_nonce="", created_at=datetime.utcnow())
    session.add(member)
    session.flush()
    session.expire_all()
    return member


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--year", type=int, default=None, help="default: this year in Asia/Ho_Chi_Minh")
    ap.add_argument("--as-of", default=None, help="DD/MM/YYYY within the year (default: today, or the year's end)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--roles", default="", help="comma-separated subset of the role names")
    ap.add_argument("--standard", action="store_true",
                    help="the standard year (what the dashboard opens) instead of the same dates as a custom period")
    args = ap.parse_args()

    from sqlalchemy import select

    from tracker import create_app
    from tracker.domain.reports import Period
    from tracker.extensions import db
    from tracker.models import Unit, User
    from tracker.queries.reports import default_root, unit_report
    from tracker.timeutil import local_today

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.url, "QUERY_CACHE": False})
    with app.app_context():
        s = db.session
        # Today as the app has it (Asia/Ho_Chi_Minh), not the machine's UTC date: from 17:00 UTC on,
        # date.today() is the users' yesterday, an as-of in the past, which the dashboard never opens
        # by default and which the reports answer through the deadlines of the day (past.py).
        today = local_today()
        year = Period.containing("year", date(args.year or today.year, 6, 1))
        # The live path: the same dates as a custom period, which the standing counts of the
        # current periods (tracker/queries/reports/counts.py, issue #14) never hold; the SQL
        # is the same as the year's (conditions() reads only the dates).
        period = year if args.standard else Period.custom(year.start, year.end)
        as_of = (datetime.strptime(args.as_of, "%d/%m/%Y").date() if args.as_of
                 else period.default_as_of(today))
        params = {"start": period.start, "as_of": as_of, "last": min(period.end, as_of)}

        # Who: the busiest province, its busiest district, that district's busiest commune.
        prov_id, dist_id, comm_id, units, paths = busiest_chain(s, params)
        top_id = min(u.id for u in units if u.depth == 0)

        def user(role, unit_id):
            return s.scalar(select(User).where(User.role == role, User.unit_id == unit_id).order_by(User.id).limit(1))

        province = s.get(Unit, prov_id)
        roles = [
            ("commune_head", user("unit_head", comm_id)),
            ("district_head", user("unit_head", dist_id)),
            ("province_secretariat", user("secretariat", prov_id)),
            ("committee_leader", user("leader", top_id)),
            ("committee_member", committee_scenario(s, province)),
            ("admin", s.scalar(select(User).where(User.role == "admin").order_by(User.id).limit(1))),
        ]
        if args.roles:
            keep = set(args.roles.split(","))
            roles = [r for r in roles if r[0] in keep]

        uptime = open("/proc/loadavg").read().split()[:3]
        print(f"period={period.label()} as_of={as_of:%d/%m/%Y} nproc={os.cpu_count()} load={' '.join(uptime)}")
        print(f"{'role':22} {'root':>24} {'units':>6} {'tasks':>7} {'rollup_s':>9} {'floor_s':>8} {'ratio':>6}")
        sum_r = sum_f = 0.0
        worst = 0.0
        for name, u in roles:
            root = default_root(s, u)
            below = ([uid for uid, p in paths.items() if p.startswith(root.path)] if root is not None else None)
            if name == "committee_member":
                below = below + [u.unit_id]
                sql, p = FLOOR_COMMITTEE, {**params, "below": below, "unit": u.unit_id,
                                           "own": [u.unit_id]}
            elif root is None or root.parent_id is None:
                sql, p = FLOOR_ALL, params
            else:
                sql, p = FLOOR_SUBTREE, {**params, "below": below}
            conn = s.connection()
            floor_sql = literal(sql, p)

            def floor(conn=conn, floor_sql=floor_sql):
                return conn.exec_driver_sql(floor_sql).all()

            def rollup(u=u, root=root):
                return unit_report(s, u, period=period, as_of=as_of, root=root, rolled_up=True, use_snapshot=False)

            t0 = time.perf_counter()
            floor(), rollup()  # warm-up: caches, plans
            # Small scopes take milliseconds: more runs, so that the best of them is not a scheduling accident.
            runs = max(args.runs, min(50, int(0.5 / max(time.perf_counter() - t0, 1e-3))))
            tf, tr = [], []
            for _ in range(runs):
                t0 = time.perf_counter()
                rows = floor()
                tf.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                rep = rollup()
                tr.append(time.perf_counter() - t0)
            floor_s, rollup_s = min(tf), min(tr)
            total = sum(r[3] for r in rows)
            assert total == rep.total.total, (name, total, rep.total.total)
            sum_r += rollup_s
            sum_f += floor_s
            worst = max(worst, rollup_s / floor_s)
            label = f"{root.id}:{root.kind}" if root is not None else "(all)"
            print(f"{name:22} {label:>24} {len(rows):>6} {total:>7} {rollup_s:>9.4f} {floor_s:>8.4f} "
                  f"{rollup_s / floor_s:>6.2f}")
        s.rollback()  # the committee scenario
        # Its rolled-back updates left dead row versions on the busiest province's pages and cleared
        # their all-visible bits: index-only scans of later benches (bench/pages.py on a copy of this
        # database) then read the heap again (62,000 buffers instead of 20,000 for that province's task
        # list). VACUUM leaves the database as autovacuum would.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE) tasks, directives")
        uptime = open("/proc/loadavg").read().split()[:3]
        print(f"overall rollup_s={sum_r:.3f} floor_s={sum_f:.3f} ratio={sum_r / sum_f:.2f} "
              f"worst_ratio={worst:.2f} load={' '.join(uptime)}")


if __name__ == "__main__":
    main()
