"""The home page's work lists — "new tasks" (assigned, led by the user's unit), "to review"
(submitted, assigned by it) and "returned" (led by it) — read the unit's own (unit, status,
due_on) index without the visibility union (visibility.own_tasks_clause). They must be exactly
what the old statement gave (the union with the conditions in each branch, deadline order, none
last, then id, 100 at most) for every demo user and the admin, on the page too: with a task the
user's unit both leads and assigned (reached by two branches), one it assigned to a unit outside
its subtree (visible through the assigning branch alone), a task a unit below leads and one it
coordinates (visible, but not its own: never listed), deadlines shared, past and absent."""
import re
from datetime import timedelta

from sqlalchemy import select

from tests.conftest import login
from tracker.domain.workflow import TaskStatus
from tracker.models import Task, Unit, User, task_coordinators
from tracker.queries.visibility import task_clause_with
from tracker.timeutil import local_today
from tracker.views.main import UNIT_AND_COMMITTEE, _by_status

LISTS = (("new", TaskStatus.ASSIGNED, "lead"), ("review", TaskStatus.SUBMITTED, "assigner"),
         ("returned", TaskStatus.RETURNED, "lead"))


def _old(session, user, status, own):
    """The statement before: the visibility union with the conditions inside each branch."""
    conds = [Task.status == status.value]
    if not user.is_admin:
        conds.append((Task.lead_unit_id if own == "lead" else Task.assigned_by_unit_id) == user.unit_id)
    stmt = select(Task.id).where(task_clause_with(user, *conds))
    return list(session.scalars(stmt.order_by(Task.due_on.is_(None), Task.due_on.asc(), Task.id.asc()).limit(100)))


def _arrange(session, today):
    """For the units of two unit heads with a unit below: tasks of each list's status, led and
    assigned by the unit (both at once too), led by a unit below or outside, coordinated by it."""
    heads = session.scalars(select(User).where(User.role == "unit_head", User.unit_id.is_not(None))
                            .order_by(User.id)).all()
    units = []
    for u in heads:
        child = session.scalar(select(Unit).where(Unit.parent_id == u.unit_id).order_by(Unit.id).limit(1))
        if child is not None and u.unit_id not in [x[0].id for x in units]:
            units.append((u.unit, child))
    assert len(units) >= 2
    pool = iter(session.scalars(select(Task).order_by(Task.id.desc())).all())
    dues = (today, None, today - timedelta(days=30), today, today + timedelta(days=9))
    for unit, child in units[:2]:
        # A unit outside the subtree: what it leads, the unit sees only as its assigning body.
        other = session.scalar(select(Unit).where(~Unit.path.startswith(unit.path)).order_by(Unit.id).limit(1))
        lead = ((unit, unit), (unit, child), (unit, other), (child, unit), (child, child))
        assigner = ((unit, unit), (child, unit), (other, unit), (unit, child), (child, child))
        for status, pairs in ((TaskStatus.ASSIGNED, lead), (TaskStatus.SUBMITTED, assigner),
                              (TaskStatus.RETURNED, lead)):
            for (led, by), due in zip(pairs, dues):
                t = next(pool)
                t.status, t.lead_unit_id, t.assigned_by_unit_id, t.due_on = status.value, led.id, by.id, due
                if led is child and by is child:   # visible to the unit only as a coordinator
                    session.flush()
                    if not session.execute(select(task_coordinators).where(
                            task_coordinators.c.task_id == t.id, task_coordinators.c.unit_id == unit.id)).first():
                        session.execute(task_coordinators.insert().values(task_id=t.id, unit_id=unit.id))
    session.commit()


def _shown(html):
    """The ids each list shows on the page, in order."""
    def ids(section_id, pattern):
        m = re.search(rf'<section class="mb-4" id="{section_id}">(.*?)</section>', html, re.S)
        return [int(i) for i in re.findall(pattern, m.group(1))] if m else []
    return {"new": ids("new-tasks", r'name="task_ids" value="(\d+)"'),
            "review": ids("to-review", r'name="task_ids" value="(\d+)"'),
            "returned": ids("returned-tasks", r'data-returned-task="(\d+)"')}


def test_home_work_lists_equal_the_old_statements_for_every_user(app, session):
    today = local_today()
    _arrange(session, today)
    users = session.scalars(select(User).where(User.is_active_flag.is_(True)).order_by(User.id)).all()
    assert any(u.is_admin for u in users)
    seen = {name: 0 for name, _, _ in LISTS}
    for user in users:
        want = {}
        for name, status, own in LISTS:
            listed = user.role in UNIT_AND_COMMITTEE or (user.is_admin and name == "review")
            want[name] = _old(session, user, status, own) if listed else []
            got = [t.id for t in _by_status(user, status, lead_only=own == "lead", assigner_only=own == "assigner")]
            if listed:
                assert got == want[name], (user.email, name)
            seen[name] += len(want[name]) >= 3
        client = app.test_client()
        assert login(client, user.email).status_code == 302
        assert _shown(client.get("/home").text) == want, user.email
    # The arranged tasks were listed (and in more than one order of deadlines) for several users.
    assert all(n >= 2 for n in seen.values()), seen
