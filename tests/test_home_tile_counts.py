"""The home page's open-task tiles and its "all N tasks" figure — read inside each branch of the
visibility union, or, for the admin and the wide scopes, from the standing rows
(queries/home_counts.py) — are exactly the old rule's (the CASE over every task the user sees)
and each task's own badge counted one by one, for every demo user and the admin, with a task
both led and coordinated inside a user's subtree (reached by two branches) and tasks whose
deadline is today, in a few days, past and absent; the standing rows stay so through random
real workflow steps and across days."""
import random
import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tests.conftest import login
from tests.support.steps import random_steps
from tracker import timeutil
from tracker.extensions import db
from tracker.models import HomeCount, HomeCountBuild, Task, Unit, User, task_coordinators
from tracker.queries import home_counts
from tracker.queries.tasks import category_expression
from tracker.queries.visibility import can_see_task, task_clause
from tracker.services.calendar import current_calendar
from tracker.services.home_counts import build_if_stale
from tracker.services.report_counts import build_for_today
from tracker.timeutil import local_today
from tracker.views.helpers import task_category
from tracker.views.main import category_counts

CATS = ("overdue", "due_soon", "within", "no_deadline")


def _arrange(session, today):
    open_tasks = session.scalars(select(Task).where(Task.status.in_(("received", "in_progress", "assigned")))
                                 .order_by(Task.id)).all()
    assert len(open_tasks) >= 4
    for t, due in zip(open_tasks, (today, today + timedelta(days=2), today - timedelta(days=1), None)):
        t.due_on = due
    # Coordinated by its own lead unit's parent: the user of that unit reaches it twice.
    t = open_tasks[0]
    parent = session.get(Unit, t.lead_unit_id).parent_id
    if parent is not None and not session.execute(select(task_coordinators).where(
            task_coordinators.c.task_id == t.id, task_coordinators.c.unit_id == parent)).first():
        session.execute(task_coordinators.insert().values(task_id=t.id, unit_id=parent))
    session.commit()


def test_home_tiles_equal_the_old_rule_and_the_badges(app, session):
    today = local_today()
    _arrange(session, today)
    cal = current_calendar()
    tasks = session.scalars(select(Task).options(selectinload(Task.lead_unit), selectinload(Task.coordinators))).all()
    users = session.scalars(select(User).where(User.is_active_flag.is_(True)).order_by(User.id)).all()
    assert any(u.is_admin for u in users)
    checked = 0
    for user in users:
        cat = category_expression(today, cal).label("cat")
        old = dict(session.execute(select(cat, func.count()).select_from(Task).where(task_clause(user))
                                   .group_by(cat)).all())
        badges = Counter(task_category(t, today) for t in tasks if can_see_task(user, t))
        badges.pop(None, None)
        assert {k: v for k, v in old.items() if k} == dict(badges), user.email
        client = app.test_client()
        assert login(client, user.email).status_code == 302
        home = client.get("/home").text
        shown = {c: int(re.search(rf'data-count="{c}">(\d+)<', home).group(1)) for c in CATS}
        assert shown == {c: badges.get(c, 0) for c in CATS}, user.email
        assert re.search(r"Xem tất cả (\d+) nhiệm vụ", home).group(1) == str(sum(badges.values())), user.email
        checked += sum(shown.values()) > 0
    assert checked >= len(users) // 2


def _old_and_badges(session, user, day, cal, tasks):
    cat = category_expression(day, cal).label("cat")
    old = {k: n for k, n in session.execute(select(cat, func.count()).select_from(Task).where(task_clause(user))
                                            .group_by(cat)).all() if k}
    badges = Counter(task_category(t, day) for t in tasks if can_see_task(user, t))
    badges.pop(None, None)
    return old, dict(badges)


def _check_every_user(app, session, day, *, standing_units: bool, stale: bool = False) -> int:
    """For every demo user and the admin: the tiles as the home page computes them on ``day``
    == the old statement == the badges; the standing rows were read for the admin and, with
    ``standing_units``, for every unit's people (none while ``stale``). Returns the users read
    from standing rows."""
    session.expire_all()
    with app.app_context():
        cal = current_calendar()
        tasks = session.scalars(select(Task).options(selectinload(Task.lead_unit),
                                                     selectinload(Task.coordinators))).all()
        from_table = 0
        for user in db.session.scalars(select(User).where(User.is_active_flag.is_(True)).order_by(User.id)):
            old, badges = _old_and_badges(db.session, user, day, cal, tasks)
            assert old == badges, user.email
            got = category_counts(user, day, cal)
            assert {k: n for k, n in got.items() if n} == badges, (user.email, day)
            standing = home_counts.tiles(db.session, user, day, cal)
            if stale:
                assert standing is None, user.email
            elif user.is_admin or (standing_units and user.unit is not None):
                assert standing is not None, user.email
            if standing is not None:
                assert standing == got
                from_table += 1
        db.session.remove()
    return from_table


def test_standing_tiles_stay_exact_through_random_steps_and_days(app, session, monkeypatch):
    """Every demo unit's people and the admin read the standing rows (HOME_COUNTS_DEPTH 99); the
    first reader builds them; real steps keep them equal to the live rule, the next day and 40
    days on, with no rebuild; unit people's pages show them."""
    app.config["HOME_COUNTS_DEPTH"] = 99
    day = timeutil.local_today()
    _arrange(session, day)
    _check_every_user(app, session, day, standing_units=False, stale=True)  # the live statement for all
    with app.app_context():
        from workers.report_tasks import build_counts

        build_counts()  # the nightly job builds them
        assert build_for_today(db.session) == [] and not build_if_stale(db.session)  # once
    assert _check_every_user(app, session, day, standing_units=True) > 10
    built_at = session.scalar(select(HomeCountBuild.built_at))
    assert built_at is not None
    rng = random.Random(1414)
    done = Counter()
    for later in (day, day, day + timedelta(days=1), day + timedelta(days=40)):
        monkeypatch.setattr(timeutil, "local_today", lambda d=later: d)
        done.update({k: v for k, v in random_steps(rng, session, 60, later).items() if k != "why"})
        _check_every_user(app, session, later, standing_units=True)
    for action in ("create", "receive", "submit", "accept", "return", "cancel", "approve_extension", "reassign"):
        assert done.get(action, 0) > 0, (action, dict(done))
    # Kept by the steps' deltas, never rebuilt; rows are per scope, not per task.
    assert session.scalar(select(HomeCountBuild.built_at)) == built_at
    assert session.scalar(select(func.min(HomeCount.n))) >= 0


def test_default_depth_reads_standing_rows_for_the_top_units_and_a_move_makes_them_stale(app, session):
    """At the default depth only the admin and the units at the top two levels read standing rows;
    a move of a unit (who sees what changes) leaves them to the live statement until the rebuild."""
    day = timeutil.local_today()
    with app.app_context():
        assert build_if_stale(db.session)
    assert _check_every_user(app, session, day, standing_units=False) > 1
    with app.app_context():
        from tracker.services.units import move_unit

        admin = db.session.scalar(select(User).where(User.role == "admin"))
        deep = db.session.scalar(select(Unit).where(Unit.depth == 2).order_by(Unit.id))
        top = db.session.scalar(select(Unit).where(Unit.depth == 1, Unit.id != deep.parent_id).order_by(Unit.id))
        if deep is not None and top is not None:
            move_unit(db.session, deep, top, actor=admin)
            assert db.session.scalar(select(HomeCountBuild.depth)) is None
            assert home_counts.tiles(db.session, admin, day, current_calendar()) is None
        db.session.remove()
    _check_every_user(app, session, day, standing_units=False, stale=True)
    with app.app_context():
        assert build_if_stale(db.session)
    assert _check_every_user(app, session, day, standing_units=False) > 1
