"""CPU per mail of one delivery process (less sensitive to the shared machine's load than rates).

    python bench/reminders_cpu.py [--tasks 100000] [--due 10000] [--mails 3000] [--profile 30]

Builds the bench database of bench/reminders.py, runs the day's sweep, starts the same
aiosmtpd sink in its own process, then delivers ``--mails`` mails in this process (batches
of ``--batch``) and reports this process's own CPU time per mail (time.process_time: the
sink's and PostgreSQL's CPU are not in it), the wall-clock rate and the load average.
``--profile N`` prints the N most expensive functions (cProfile, cumulative and own time).
Then, for comparison, the floor's CPU per mail: a bare smtplib loop sending the same bytes.
"""
import argparse
import cProfile
import multiprocessing as mp
import os
import pstats
import smtplib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.reminders import DAY, build, sink_main  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--due", type=int, default=10_000)
    ap.add_argument("--mails", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--profile", type=int, default=0)
    ap.add_argument("--db-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://tracker:tracker@127.0.0.1:5432/tracker_bench_reminders"))
    args = ap.parse_args()

    app = build(args.db_url, args.tasks, args.due)
    from sqlalchemy import select

    from tracker import create_app
    from tracker.extensions import db
    from tracker.models import OutboxMail
    from tracker.services.calendar import load_calendar
    from tracker.services.mail import deliver, render_rows
    from tracker.services.reminders import sweep

    with app.app_context():
        sweep(db.session, DAY, load_calendar(), hour="00:00")

    port = 20000 + os.getpid() % 20000
    counter, ready = mp.Value("l", 0), mp.Event()
    sink = mp.Process(target=sink_main, args=(port, counter, ready), daemon=True)
    sink.start()
    ready.wait(10)

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.db_url, "MAIL_BACKEND": "smtp",
                      "SMTP_PORT": port, "MAIL_BATCH_SIZE": args.batch})
    with app.app_context():
        # One small batch first: imports, template compilation, prepared statements.
        deliver(db.session, app.config, max_batches=1, today=DAY)
        prof = cProfile.Profile(time.process_time) if args.profile else None
        c0, t0, sent = time.process_time(), time.monotonic(), 0
        if prof:
            prof.enable()
        while sent < args.mails:
            stats = deliver(db.session, app.config, max_batches=1, today=DAY)
            if not stats.sent:
                break
            sent += stats.sent
        if prof:
            prof.disable()
        cpu, wall = time.process_time() - c0, time.monotonic() - t0
        row = db.session.scalars(select(OutboxMail).limit(1)).first()
        data = render_rows(db.session, app.config, [row], DAY)[0].data
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    print(f"delivery: mails={sent} cpu_ms_per_mail={1000 * cpu / sent:.3f} mails_per_s={sent / wall:.0f} "
          f"load={load}")

    conn = smtplib.SMTP("127.0.0.1", port)
    c0 = time.process_time()
    for i in range(sent):
        conn.sendmail("no-reply@localhost", [f"head{i}@bench.local"], data)
    floor_cpu = time.process_time() - c0
    conn.quit()
    sink.terminate()
    print(f"floor: cpu_ms_per_mail={1000 * floor_cpu / sent:.3f} bytes={len(data)}")
    if prof:
        for key in ("cumulative", "tottime"):
            pstats.Stats(prof).sort_stats(key).print_stats(args.profile)


if __name__ == "__main__":
    main()
