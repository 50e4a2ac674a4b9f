"""The home page's list "Nhiệm vụ đang thực hiện, theo mức độ khẩn" (views/main.urgent_tasks)
reads the first open tasks of each branch of the visibility union by deadline; it must list
exactly what the rule says: the user's visible open tasks, overdue first, then due soon, then
within the deadline, then without one, each group by deadline and id — for every demo user
(the admin too), with a task reached by two branches, a paused task, tasks due today, in a few
days, past and without a deadline, and with a limit small enough that the branches' cut-offs
matter."""
import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tests.conftest import login
from tracker.domain.workflow import OPEN_VALUES
from tracker.models import Task, Unit, User, task_coordinators
from tracker.queries.visibility import can_see_task, task_clause
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today
from tracker.views.helpers import task_category
from tracker.views.main import HOME_LIMIT, urgent_tasks

RANK = {"overdue": 0, "due_soon": 1, "within": 2, "no_deadline": 3}


def _arrange(session, today):
    open_tasks = session.scalars(select(Task).where(Task.status.in_(("received", "in_progress", "assigned")))
                                 .order_by(Task.id)).all()
    assert len(open_tasks) >= 8
    dues = (today, today + timedelta(days=2), today - timedelta(days=1), None, today + timedelta(days=40),
            today - timedelta(days=200), today, None)
    for t, due in zip(open_tasks, dues):
        t.due_on = due
    open_tasks[5].status = "paused"   # paused work is open: still listed, overdue
    # Coordinated by its own lead unit's parent: the user of that unit reaches it twice.
    t = open_tasks[0]
    parent = session.get(Unit, t.lead_unit_id).parent_id
    if parent is not None and not session.execute(select(task_coordinators).where(
            task_coordinators.c.task_id == t.id, task_coordinators.c.unit_id == parent)).first():
        session.execute(task_coordinators.insert().values(task_id=t.id, unit_id=parent))
    session.commit()


def _expected(user, tasks, today, limit):
    """The rule, task by task: visible, open, ordered by the badge's urgency, deadline, id."""
    rows = [(t, task_category(t, today)) for t in tasks if t.status in OPEN_VALUES and can_see_task(user, t)]
    rows.sort(key=lambda r: (RANK[r[1]], r[0].due_on is None, r[0].due_on or today, r[0].id))
    return [(t.id, c) for t, c in rows[:limit]]


def test_urgent_list_equals_the_rule_for_every_user(app, session):
    today = local_today()
    _arrange(session, today)
    cal = current_calendar()
    tasks = session.scalars(select(Task).options(selectinload(Task.lead_unit), selectinload(Task.coordinators))).all()
    users = session.scalars(select(User).where(User.is_active_flag.is_(True)).order_by(User.id)).all()
    assert any(u.is_admin for u in users)
    listed = 0
    for user in users:
        for limit in (3, HOME_LIMIT):
            got = [(t.id, c) for t, c in urgent_tasks(user, today, cal, limit)]
            assert got == _expected(user, tasks, today, limit), (user.email, limit)
        listed += bool(got)
        client = app.test_client()
        assert login(client, user.email).status_code == 302
        home = client.get("/home").text
        shown = [(int(i), c) for i, c in re.findall(r'<tr data-task-id="(\d+)" data-cat="(\w+)"', home)]
        assert shown == _expected(user, tasks, today, HOME_LIMIT), user.email
    assert listed >= len(users) // 2


def test_a_unit_over_every_unit_lists_what_the_rule_says(app, session):
    """A national committee at the root of the only tree sees every task: its list takes the
    admin's path (every open task by deadline); it must still equal the rule, and stop taking
    that path as soon as a unit outside its tree exists."""
    from tracker.queries.visibility import sees_every_task
    from tracker.services.units import create_unit, move_unit

    today = local_today()
    _arrange(session, today)
    admin = session.scalar(select(User).where(User.role == "admin"))
    roots = session.scalars(select(Unit).where(Unit.parent_id.is_(None))).all()
    nation = create_unit(session, name="BCĐ Trung ương", code="TW-TEST", kind="committee", parent=None, actor=admin)
    session.commit()
    for r in roots:
        move_unit(session, r, nation, actor=admin)
    leader = User(email="tw.leader@test.demo", name="Lãnh đạo BCĐ TW", role="leader", unit_id=nation.id,
                  password_hash="!")
    session.add(leader)
    session.commit()
    assert sees_every_task(leader)
    tasks = session.scalars(select(Task).options(selectinload(Task.lead_unit), selectinload(Task.coordinators))).all()
    cal = current_calendar()
    for limit in (3, HOME_LIMIT):
        assert [(t.id, c) for t, c in urgent_tasks(leader, today, cal, limit)] == _expected(leader, tasks, today, limit)
    seen = {t.id for t in tasks if can_see_task(leader, t)}
    assert set(session.scalars(select(Task.id).where(task_clause(leader)))) == seen == {t.id for t in tasks}
    from tracker.models import Directive
    from tracker.queries.visibility import directive_clause

    with_tasks = {t.directive_id for t in tasks}
    no_task = Directive(title="Kết luận chưa giao nhiệm vụ", owner_unit_id=roots[0].id, issuer_unit_id=roots[0].id,
                        kind="conclusion", issued_on=today, created_by_id=admin.id)
    session.add(no_task)
    session.commit()
    directives = session.scalars(select(Directive)).all()
    assert set(session.scalars(select(Directive.id).where(directive_clause(leader)))) == {
        d.id for d in directives if d.id in with_tasks} != {d.id for d in directives}
    # The task list in its default order, and filtered, through the admin's key path.
    from tracker.domain.workflow import CLOSED_VALUES
    from tracker.queries.tasks import TaskFilter, paginate_tasks

    def urgency(t):
        return (t.status in CLOSED_VALUES, t.due_on is None, t.due_on or today, t.id)
    for f, keep in ((TaskFilter(), lambda t: True), (TaskFilter(category="overdue"),
                                                     lambda t: task_category(t, today) == "overdue")):
        want = sorted((t for t in tasks if keep(t)), key=urgency)
        page = paginate_tasks(leader, f, today=today, calendar=cal, page=2, per_page=7)
        assert [t.id for t in page.items] == [t.id for t in want[7:14]] and page.total == len(want)
    # A unit outside the tree: the leader no longer sees everything (new structure version).
    create_unit(session, name="Đơn vị ngoài", code="NGOAI-TEST", kind="other", parent=None, actor=admin)
    session.commit()
    assert not sees_every_task(leader)
    session.expire_all()
    assert set(session.scalars(select(Task.id).where(task_clause(leader)))) == {
        t.id for t in session.scalars(select(Task)).all() if can_see_task(leader, t)}
