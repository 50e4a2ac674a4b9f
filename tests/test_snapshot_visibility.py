"""A closed period shows every user the same tasks as it did while open: the snapshot is read
through the one visibility rule (tracker.queries.visibility), with the facts frozen with it."""
from datetime import date

from sqlalchemy import select

from tracker.domain.reports import Period
from tracker.extensions import db
from tracker.models import Task, User
from tracker.queries import reports as q
from tracker.services.reports import close_period


def _figures(user, period, role):
    root = q.default_root(db.session, user)
    rep = q.unit_report(db.session, user, period=period, as_of=period.end, root=root, role=role)
    total, lines = q.report_task_lines(db.session, user, period=period, as_of=period.end, unit=root, role=role,
                                       limit=1000)
    return rep.total.as_list(), sorted(line.task.id for line in lines), total, rep.snapshot


def test_committee_user_keeps_the_coordinating_task_after_closing(app):
    """Demo task 19 is led inside the city committee's area but coordinated by units outside it:
    open, its secretariat saw it among the coordinating tasks; closed, it vanished."""
    with app.app_context():
        thuky = db.session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
        admin = db.session.scalar(select(User).where(User.email == "admin@sonla.demo"))
        task = db.session.get(Task, 19)
        assert task is not None and task.coordinators
        for year in (2024, 2025):
            period = Period.containing("year", date(year, 6, 1))
            before = _figures(thuky, period, "coordinating")
            assert 19 in before[1] and before[0][2] == before[2] == 2  # total column
            close_period(db.session, period, actor=admin)
            after = _figures(thuky, period, "coordinating")
            assert after[3] is not None  # read from the snapshot
            assert after[:3] == before[:3]


def test_every_demo_user_sees_the_same_year_before_and_after_closing(app):
    with app.app_context():
        users = db.session.scalars(select(User).where(User.is_active_flag.is_(True)).order_by(User.id)).all()
        admin = next(u for u in users if u.is_admin)
        periods = [Period.containing("year", date(y, 6, 1)) for y in (2024, 2025)]
        before = {(u.id, p.key, role): _figures(u, p, role)[:3] for u in users for p in periods
                  for role in ("lead", "coordinating")}
        for p in periods:
            close_period(db.session, p, actor=admin)
        for (uid, key, role), want in before.items():
            p = next(p for p in periods if p.key == key)
            got = _figures(db.session.get(User, uid), p, role)
            assert got[3] is not None
            assert got[:3] == want, (uid, key, role)
