"""The home page's open-task tiles and its "all N tasks" figure, read inside each branch of the
visibility union (views/main.category_counts), are exactly the old rule's (the CASE over every
task the user sees) and each task's own badge counted one by one, for every demo user, with a
task both led and coordinated inside a user's subtree (reached by two branches) and tasks whose
deadline is today, in a few days, past and absent."""
import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tests.conftest import login
from tracker.models import Task, Unit, User, task_coordinators
from tracker.queries.tasks import category_expression
from tracker.queries.visibility import can_see_task, task_clause
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today
from tracker.views.helpers import task_category

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
    users = session.scalars(select(User).where(User.is_active_flag.is_(True), User.role != "admin")
                            .order_by(User.id)).all()
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
