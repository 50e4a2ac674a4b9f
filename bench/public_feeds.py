"""Public page and calendar feed benchmark on the demo world (in-process, Flask test client).

    python bench/public_feeds.py [--requests 300]

Builds a fresh SQLite database from the migrations with the demo data, publishes the
demo plan, then times: the public directive page rendered (cache cold: after a data
change) and served from the data-version cache (warm); a conditional GET answered 304;
the admin's calendar feed (every open task with a deadline). Prints the figures last.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _ms(samples):
    samples = sorted(samples)
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.95) - 1] * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=300)
    args = ap.parse_args()
    from flask_migrate import upgrade
    from sqlalchemy import select

    from tracker import create_app
    from tracker.extensions import db
    from tracker.models import Directive, User
    from tracker.services.calendar import load_calendar
    from tracker.services.calendar_feed import regenerate_calendar_token
    from tracker.services.demo import load_demo
    from tracker.services.publication import publish
    from tracker.timeutil import local_today

    tmp = tempfile.mkdtemp(prefix="bench-public-")
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/b.db",
                      "UPLOAD_DIR": f"{tmp}/up", "PUBLIC_RATE_LIMIT": "1000000 per minute", "SERVER_NAME": None})
    with app.app_context():
        upgrade()
        load_demo(db.session, today=local_today(), calendar=load_calendar())
        thuky = db.session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
        admin = db.session.scalar(select(User).where(User.email == "admin@sonla.demo"))
        plan = db.session.scalar(select(Directive).where(Directive.symbol.like("05-KH/%")))
        publish(db.session, thuky, plan)
        token = regenerate_calendar_token(db.session, admin)
        plan_id = plan.id
    client = app.test_client()
    url = f"/cong-khai/van-ban/{plan_id}"
    cold, warm, cond, feed = [], [], [], []
    etag = client.get(url).headers["ETag"]
    for i in range(args.requests):
        if i % 10 == 0:  # a data change: the next request renders again
            with app.app_context():
                db.session.execute(db.text("UPDATE directives SET title = title WHERE id = :i"), {"i": plan_id})
                db.session.commit()
            t = time.perf_counter()
            r = client.get(url)
            cold.append(time.perf_counter() - t)
            etag = r.headers["ETag"]
            continue
        t = time.perf_counter()
        assert client.get(url).status_code == 200
        warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        cond.append(time.perf_counter() - t)
    for _ in range(max(10, args.requests // 10)):
        t = time.perf_counter()
        r = client.get(f"/lich/{token}.ics")
        feed.append(time.perf_counter() - t)
    events = r.get_data(as_text=True).count("BEGIN:VEVENT")
    c50, c95 = _ms(cold)
    w50, w95 = _ms(warm)
    n50, n95 = _ms(cond)
    f50, f95 = _ms(feed)
    print(f"public_cold_p50_ms={c50:.1f} public_cold_p95_ms={c95:.1f} public_warm_p50_ms={w50:.1f} "
          f"public_warm_p95_ms={w95:.1f} not_modified_p50_ms={n50:.1f} "
          f"feed_events={events} feed_p50_ms={f50:.1f} feed_p95_ms={f95:.1f}")


if __name__ == "__main__":
    main()
