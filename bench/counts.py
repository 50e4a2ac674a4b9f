"""Standing report counts at national scale: build time, report time from the table against
the live GROUP BY, and EXPLAIN (ANALYZE, BUFFERS) of the hot statements.

    python bench/counts.py [--url ...] [--runs 3] [--explain]

Run it on a copy of the bench database (it rebuilds the table and, with --explain, runs one
delta upsert inside a transaction it rolls back).
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.generate_dataset import DEFAULT_URL  # noqa: E402


def best(fn, runs):
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def timed_receive_steps(s, n: int, day, cal, after=None) -> list[float]:
    """Seconds of each of up to ``n`` real receive steps (the use case, by the lead unit's head),
    on the newest assigned tasks led by a unit that has a head; ``after()`` runs after each step,
    outside its time."""
    from sqlalchemy import select

    from tracker.models import Task, User
    from tracker.services.workflow import ActionInput, apply_action

    spent = []
    heads = select(User.unit_id).where(User.role == "unit_head")
    for tid in s.scalars(select(Task.id).where(Task.status == "assigned", Task.lead_unit_id.in_(heads))
                         .order_by(Task.id.desc()).limit(n)).all():
        task = s.get(Task, tid)
        head = s.scalar(select(User).where(User.unit_id == task.lead_unit_id, User.role == "unit_head").limit(1))
        t = time.perf_counter()
        apply_action(s, head, tid, ActionInput(action="receive", version=task.version), today=day, calendar=cal)
        spent.append(time.perf_counter() - t)
        if after is not None:
            after()
    return spent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--steps", type=int, default=20, help="real workflow steps to time (they commit)")
    args = ap.parse_args()

    from sqlalchemy import func, select, text

    from tracker import create_app
    from tracker.domain.reports import Period
    from tracker.extensions import db
    from tracker.models import Unit, User
    from tracker.queries import reports as q
    from tracker.queries.reports import counts as standing

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.url, "QUERY_CACHE": False})
    with app.app_context():
        s = db.session
        day = standing.today()
        t0 = time.perf_counter()
        with db.engine.begin() as conn:
            built = standing.build(conn, day, force=True)
        build_s = time.perf_counter() - t0
        rows = s.scalar(select(func.count()).select_from(standing.RC))
        print(f"build_s={build_s:.2f} kinds={','.join(built)} rows={rows} day={day}")
        s.commit()

        admin = s.scalar(select(User).where(User.role == "admin").order_by(User.id).limit(1))
        period = Period.containing("year", day)

        def at_depth(depth):
            return s.scalar(select(Unit).where(Unit.depth == depth).order_by(Unit.id).limit(1))

        cases = [("country/admin", admin, None)]
        for depth, name in ((1, "province"), (2, "district"), (3, "commune")):
            u = at_depth(depth)
            head = s.scalar(select(User).where(User.unit_id == u.id, User.role == "unit_head").limit(1))
            cases.append((f"{name}/head", head, u))
        sec = s.scalar(select(User).where(User.role == "secretariat").order_by(User.id).limit(1))
        if sec is not None:
            cases.append(("committee/secretariat", sec, q.default_root(s, sec)))
        for label, user, root in cases:
            if user is None:
                continue
            for role in ("lead", "coordinating"):
                table_s, rep = best(lambda u=user, r=root, ro=role: q.unit_report(
                    s, u, period=period, as_of=day, root=r, role=ro), args.runs)
                live_s, live = best(lambda u=user, r=root, ro=role: q.unit_report(
                    s, u, period=Period.custom(period.start, period.end), as_of=day, root=r, role=ro), args.runs)
                assert rep.total == live.total, (label, role)
                print(f"{label:24s} {role:12s} table_ms={table_s * 1000:7.1f} live_ms={live_s * 1000:7.1f} "
                      f"rows={len(rep.rows)} total={rep.total.total}")

        # Real workflow steps through the services (receive, by the lead unit's head): the time of
        # the whole step and of the standing counts' part of it (apply_pending).
        from tracker.services import report_counts
        from tracker.services.calendar import load_calendar

        spent = []
        inner = report_counts.apply_pending

        def timed(session):
            t = time.perf_counter()
            inner(session)
            spent.append(time.perf_counter() - t)
        report_counts.apply_pending = timed
        cal = load_calendar(s)
        steps = timed_receive_steps(s, args.steps, day, cal)
        report_counts.apply_pending = inner
        if steps:
            steps.sort()
            spent.sort()
            print(f"receive steps={len(steps)} step_ms_median={steps[len(steps) // 2] * 1000:.1f} "
                  f"counts_ms_median={spent[len(spent) // 2] * 1000:.2f} counts_ms_max={spent[-1] * 1000:.2f}")

        # Under writes, with the query cache on: a real step (receive, which changes no figure),
        # then the province head's year report through cached_unit_report, which the dashboard
        # and the home tiles call. Keyed by the kind's counter, the report stays cached.
        app.config["QUERY_CACHE"] = True
        prov = at_depth(1)
        phead = s.scalar(select(User).where(User.unit_id == prov.id, User.role == "unit_head").limit(1))
        after_step = []

        def report_after_step():
            t = time.perf_counter()
            q.cached_unit_report(s, phead, period=period, as_of=day, root=prov)
            after_step.append(time.perf_counter() - t)
        timed_receive_steps(s, args.steps, day, cal, after=report_after_step)
        app.config["QUERY_CACHE"] = False
        if after_step:
            after_step.sort()
            print(f"cached province report after each receive: steps={len(after_step)} "
                  f"median_ms={after_step[len(after_step) // 2] * 1000:.1f} first_ms={after_step[0] * 1000:.1f} "
                  f"max_ms={after_step[-1] * 1000:.1f}")

        if args.explain:
            conn = s.connection()
            prov = at_depth(1)
            ids = q.subtree_unit_ids(s, prov.path)
            stmt = standing._rows_stmt("year", "lead", standing.RC.c.unit_id.in_(ids))
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            print("\n-- the province's rows from the table (year, lead)")
            for (line,) in conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql)):
                print(line)
            key = conn.execute(select(standing.RC.c.unit_id, standing.RC.c.assigned_by_unit_id)
                               .where(standing.RC.c.period_kind == "year").limit(1)).one()
            print("\n-- one delta (a task's step: one row of one unit, +1/-1 in two columns)")
            for (line,) in conn.execute(text(
                    "EXPLAIN (ANALYZE, BUFFERS) INSERT INTO report_counts AS rc (period_kind, role, unit_id, "
                    "assigned_by_unit_id, assigned, carried, total, on_time, late, within, overdue, overdue_30, "
                    "overdue_90, overdue_120, no_deadline, extended, carried_open) VALUES ('year', 'lead', :u, :b, "
                    "0, 0, 0, 1, 0, -1, 0, 0, 0, 0, 0, 0, 0) ON CONFLICT (period_kind, role, unit_id, "
                    "assigned_by_unit_id) DO UPDATE SET on_time = rc.on_time + excluded.on_time, "
                    "within = rc.within + excluded.within"), {"u": key[0], "b": key[1]}):
                print(line)
            s.rollback()
            print("\n-- the build's lead statement (year)")
            b = standing.build_statements("year", day)[0]
            sql = str(b.select.compile(conn, compile_kwargs={"literal_binds": True}))
            for (line,) in s.connection().execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql)):
                print(line)
            s.rollback()


if __name__ == "__main__":
    main()
