"""Reminder benchmark: 1,000,000 tasks, 100,000 reminders due, on PostgreSQL.

    python bench/reminders.py [--tasks 1000000] [--due 100000] [--db-url ...] [--workers 2]

Builds a fresh database (migrations, then COPY), runs the sweep for one day (plan_s),
delivers the outbox into an SMTP sink on loopback with ``--workers`` processes
(send_per_s), then sends the same number of mails of the same size to the same sink
with as many processes, each a bare smtplib loop over one connection (floor_per_s).
Both clocks start once every process is ready. Ends with one line: plan_s=… send_per_s=… floor_per_s=… ratio=… (ratio = floor / send).
"""
import argparse
import multiprocessing as mp
import os
import random
import smtplib
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DAY = date(2026, 3, 20)


def sink_main(port, counter, ready, pipelining=True):

    from aiosmtpd.controller import Controller

    class Count:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            # Offer PIPELINING, as production servers (Postfix, Exim, Exchange) do; the floor's
            # bare smtplib loop never pipelines. --no-pipelining: aiosmtpd's own answer.
            session.host_name = hostname
            if pipelining:
                responses.insert(-1, "250-PIPELINING")
            return responses

        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += 1
            return "250 OK"

    c = Controller(Count(), hostname="127.0.0.1", port=port)
    c.start()
    ready.set()
    while True:
        time.sleep(3600)


def build(url, n_tasks, n_due):
    import sqlalchemy as sa

    from tracker import create_app
    from tracker.domain.calendar import default_calendar
    from tracker.domain.reminders import ReminderKind, day_plan
    from tracker.domain.text import sort_key

    admin = sa.create_engine(sa.engine.make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = sa.engine.make_url(url).database
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    eng = sa.create_engine(url)
    n_units = 10_000
    refs = [t.ref_date for t in day_plan(DAY, default_calendar())
            if t.kind in (ReminderKind.BEFORE, ReminderKind.DUE, ReminderKind.OVERDUE)]
    plan_dates = set(t.ref_date for t in day_plan(DAY, default_calendar()))
    quiet = [DAY + timedelta(days=d) for d in range(-900, 400) if DAY + timedelta(days=d) not in plan_dates]
    rnd = random.Random(7)
    now = datetime(2026, 1, 1)
    raw = eng.raw_connection()
    try:
        cur = raw.cursor()
        with cur.copy("COPY units (id, parent_id, path, depth, kind, code, name, sort_name, is_active, "
                      "officers_may_submit, created_at) FROM STDIN") as cp:
            cp.write_row((1, None, "/1/", 0, "committee", "BCD", "Ban Chỉ đạo", sort_key("Ban Chỉ đạo"), True, False,
                          now))
            for i in range(2, n_units + 2):
                cp.write_row((i, 1, f"/1/{i}/", 1, "commune", f"U{i}", f"Xã số {i}", sort_key(f"Xã số {i}"), True,
                              False, now))
        with cur.copy("COPY users (id, email, name, password_hash, role, unit_id, locale, is_active, session_nonce, created_at) FROM STDIN") as cp:
            cp.write_row((1, "thuky@bench.local", "Thư ký", "x", "admin", 1, "vi", True, "", now))
            for i in range(2, n_units + 2):
                cp.write_row((i, f"head{i}@bench.local", f"Lãnh đạo {i}", "x", "unit_head", i, "vi", True, "", now))
        with cur.copy("COPY tasks (id, content, search_text, lead_unit_id, assigned_by_unit_id, assigned_by_id, "
                      "assigned_at, assigned_on, deadline_kind, due_on, original_due_on, priority, status, progress, "
                      "created_at, updated_at, version) FROM STDIN") as cp:
            for i in range(1, n_tasks + 1):
                if i <= n_due:
                    due, status = refs[i % len(refs)], "in_progress"
                else:
                    due = quiet[rnd.randrange(len(quiet))]
                    status = "done" if rnd.random() < 0.6 else "in_progress"
                cp.write_row((i, f"Nhiệm vụ số {i}: rà soát, báo cáo kết quả thực hiện", "", 2 + i % n_units, 1, 1,
                              now, date(2025, 1, 2), "date", due, due, "normal", status, 0, now, now, 1))
        for t in ("units", "users", "tasks"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))")
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    return app


def cpu_seconds(pid) -> float:
    """User + system CPU of a process so far (/proc; the bench runs on one machine)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def deliver_proc(url, port, batch, out, start, cpu):
    from tracker import create_app
    from tracker.extensions import db
    from tracker.services.mail import deliver

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "MAIL_BACKEND": "smtp",
                      "SMTP_PORT": port, "MAIL_BATCH_SIZE": batch})
    with app.app_context():
        start.wait()  # every process ready (app built): the clock starts for all at once
        c0 = time.process_time()
        stats = deliver(db.session, app.config, max_seconds=3600, today=DAY)
        own = time.process_time() - c0
        db.session.close()
        # The PostgreSQL backends this process used (its session's and the marks' connection).
        conns = [db.engine.connect() for _ in range(db.engine.pool.checkedin())]
        pg = sum(cpu_seconds(c.exec_driver_sql("SELECT pg_backend_pid()").scalar()) for c in conns)
        cpu.put((own, pg))
        out.put(stats.sent)


def floor_proc(port, count, data, start, out, cpu):
    """The floor: a bare smtplib loop over one connection, the same mail bytes to the same sink."""
    start.wait()
    c0 = time.process_time()
    conn = smtplib.SMTP("127.0.0.1", port)
    for i in range(count):
        conn.sendmail("no-reply@localhost", [f"head{i}@bench.local"], data)
    conn.quit()
    cpu.put((time.process_time() - c0, 0.0))
    out.put(count)


def run_timed(procs, start, out):
    """Start the processes, wait until all are ready, then time them to the last one's end."""
    for p in procs:
        p.start()
    start.wait()
    t0 = time.monotonic()
    done = sum(out.get() for _ in procs)
    elapsed = time.monotonic() - t0
    for p in procs:
        p.join()
    return done, elapsed


def budget(cpu, n, sink_s, mails) -> str:
    """Where a phase's CPU went, per mail: the senders, their PostgreSQL backends, the sink."""
    own, pg = map(sum, zip(*(cpu.get() for _ in range(n))))
    return (f"senders {1000 * own / mails:.3f} + postgres {1000 * pg / mails:.3f} + sink {1000 * sink_s / mails:.3f}"
            f" = {1000 * (own + pg + sink_s) / mails:.3f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=1_000_000)
    ap.add_argument("--due", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=4)  # delivery processes; they wait on SMTP and PostgreSQL in turn
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--no-pipelining", action="store_true", help="the sink does not offer PIPELINING")
    ap.add_argument("--db-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://tracker:tracker@127.0.0.1:5432/tracker_bench_reminders"))
    args = ap.parse_args()

    t0 = time.monotonic()
    app = build(args.db_url, args.tasks, args.due)
    print(f"built {args.tasks} tasks in {time.monotonic() - t0:.1f}s", file=sys.stderr)

    from sqlalchemy import func, select

    from tracker.extensions import db
    from tracker.models import OutboxMail, Reminder
    from tracker.services.calendar import load_calendar
    from tracker.services.reminders import sweep

    with app.app_context():
        t0 = time.monotonic()
        result = sweep(db.session, DAY, load_calendar(), hour="00:00")
        plan_s = time.monotonic() - t0
        n = db.session.scalar(select(func.count(Reminder.id)))
        queued = db.session.scalar(select(func.count(OutboxMail.id)))
        print(f"sweep: {result}; reminders={n} outbox={queued}", file=sys.stderr)
        t0 = time.monotonic()
        again = sweep(db.session, DAY, load_calendar(), hour="00:00")
        print(f"second sweep (nothing new): planned={again.planned} in {time.monotonic() - t0:.1f}s", file=sys.stderr)

    port = 20000 + os.getpid() % 20000
    counter, ready = mp.Value("l", 0), mp.Event()
    sink = mp.Process(target=sink_main, args=(port, counter, ready, not args.no_pipelining), daemon=True)
    sink.start()
    ready.wait(10)

    out, start, cpu = mp.Queue(), mp.Barrier(args.workers + 1), mp.Queue()
    procs = [mp.Process(target=deliver_proc, args=(args.db_url, port, args.batch, out, start, cpu))
             for _ in range(args.workers)]
    sink0 = cpu_seconds(sink.pid)
    sent, send_s = run_timed(procs, start, out)
    send_cpu = budget(cpu, args.workers, cpu_seconds(sink.pid) - sink0, sent)
    send_per_s = sent / send_s
    assert sent == queued == counter.value, (sent, queued, counter.value)

    # The floor: the same number of mails of the same size, a bare smtplib loop per process,
    # as many processes (and so SMTP connections) as delivery used.
    with app.app_context():
        from tracker.services.mail import render_rows

        row = db.session.scalars(select(OutboxMail).limit(1)).first()
        sample = render_rows(db.session, app.config, [row], DAY)[0].data
    start = mp.Barrier(args.workers + 1)
    shares = [sent // args.workers + (k < sent % args.workers) for k in range(args.workers)]
    procs = [mp.Process(target=floor_proc, args=(port, n, sample, start, out, cpu)) for n in shares]
    sink0 = cpu_seconds(sink.pid)
    floored, floor_s = run_timed(procs, start, out)
    floor_cpu = budget(cpu, args.workers, cpu_seconds(sink.pid) - sink0, sent)
    assert floored == sent and counter.value == 2 * sent, (floored, sent, counter.value)
    floor_per_s = sent / floor_s
    sink.terminate()
    print(f"nproc={os.cpu_count()} load={' '.join(open('/proc/loadavg').read().split()[:3])} "
          f"workers={args.workers} mails={sent}", file=sys.stderr)
    print(f"CPU ms per mail, delivery: {send_cpu}; floor: {floor_cpu}", file=sys.stderr)
    print(f"plan_s={plan_s:.1f} send_per_s={send_per_s:.0f} floor_per_s={floor_per_s:.0f} "
          f"ratio={floor_per_s / send_per_s:.2f}")


if __name__ == "__main__":
    main()
