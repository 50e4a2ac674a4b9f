"""The fast paths of the lists give exactly the rows of the plain rule.

The task list and the API list page through narrow key rows (queries.tasks.task_keys,
paginate_tasks); home, the directive progress page and can_see_directive put their
conditions inside the visibility union (visibility.task_clause_with). For users of every
level, these must list the same tasks, in the same order, with the same totals, as the
plain queries (task_list + task_clause), and a directive must be visible exactly when one of
its tasks is (or the user's unit owns it, or the user is an admin).
"""
import re

import pytest
from sqlalchemy import and_, select

from tracker.domain.workflow import OPEN_STATUSES
from tracker.models import Directive, Task, Unit, User, task_coordinators
from tracker.queries.tasks import TaskFilter, paginate_tasks, task_list
from tracker.queries.visibility import can_see_directive, can_see_task, task_clause, task_clause_with
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today


def _users(session) -> list[User]:
    """One active user per (role, unit level), plus one whose unit only coordinates tasks."""
    seen, out = set(), []
    for user in session.scalars(select(User).order_by(User.id)):
        key = (user.role, user.unit.depth if user.unit else None)
        if user.is_active and key not in seen:
            seen.add(key)
            out.append(user)
    coord_unit = session.scalar(select(task_coordinators.c.unit_id).where(
        task_coordinators.c.unit_id.notin_(select(Task.lead_unit_id))).limit(1))
    if coord_unit is not None:
        out += session.scalars(select(User).where(User.unit_id == coord_unit).limit(1)).all()
    assert len(out) >= 5 and any(u.is_admin for u in out)
    return out


def _filters(session) -> list[TaskFilter]:
    units = session.scalars(select(Unit).order_by(Unit.depth, Unit.id)).all()
    root, deep = units[0], units[-1]
    middle = next(u for u in units if u.depth == 1)
    return [
        TaskFilter(), TaskFilter(category="overdue"), TaskFilter(category="due_soon"), TaskFilter(status="done"),
        TaskFilter(sort="unit"), TaskFilter(sort="-due"), TaskFilter(sort="due"), TaskFilter(sort="assigned"),
        TaskFilter(sort="-assigned"), TaskFilter(sort="status"), TaskFilter(q="dan van"),
        TaskFilter(unit_id=root.id), TaskFilter(unit_id=middle.id, category="overdue"),
        TaskFilter(unit_id=middle.id, role="lead", sort="unit"), TaskFilter(unit_id=middle.id, role="coordinating"),
        TaskFilter(unit_id=deep.id, include_subunits=False), TaskFilter(unit_id=10 ** 8),
    ]


def test_paged_key_rows_list_what_task_list_lists(session):
    today, calendar = local_today(), current_calendar()
    checked = 0
    for user in _users(session):
        for f in _filters(session):
            expected = [t.id for t in session.scalars(task_list(user, f, today=today, calendar=calendar))]
            got, page = [], 1
            while True:
                p = paginate_tasks(user, f, today=today, calendar=calendar, page=page, per_page=7)
                assert p.total == len(expected), (user.email, f)
                if not p.items:
                    break
                assert all(isinstance(t, Task) for t in p.items)
                got += [t.id for t in p.items]
                page += 1
            assert got == expected, (user.email, f)
            checked += len(expected)
    assert checked > 100  # the demo data gave every case something to compare


def test_conditions_inside_the_union_select_the_same_tasks(session):
    open_values = [s.value for s in OPEN_STATUSES]
    directive = session.scalar(select(Directive.id).order_by(Directive.id))
    for user in _users(session):
        for conds in ([Task.status.in_(open_values)], [Task.status == "submitted"],
                      [Task.directive_id == directive], [Task.lead_unit_id == user.unit_id, Task.status == "assigned"]):
            plain = set(session.scalars(select(Task.id).where(and_(task_clause(user), *conds))))
            inside = set(session.scalars(select(Task.id).where(task_clause_with(user, *conds))))
            assert inside == plain, (user.email, conds)


def test_a_directive_is_visible_exactly_when_one_of_its_tasks_is(session):
    users = _users(session)
    directives = session.scalars(select(Directive).order_by(Directive.id)).all()
    seen = 0
    for user in users:
        for d in directives:
            expected = user.is_admin or d.owner_unit_id == user.unit_id or any(
                can_see_task(user, t) for t in session.scalars(select(Task).where(Task.directive_id == d.id)))
            session.expire(d)  # its tasks not loaded: the query path answers
            assert can_see_directive(user, d) == expected, (user.email, d.id)
            seen += expected
    assert 0 < seen < len(users) * len(directives)


@pytest.mark.parametrize("local", ["thuky", "admin"])
def test_the_list_and_the_api_show_the_pages_the_rule_gives(client, session, as_user, local):
    """Through the real pages: page 2 of the task list and of the API list, totals included."""
    from tests.conftest import demo_email
    from tracker.services.users import create_token

    as_user(local)
    user = session.scalar(select(User).where(User.email == demo_email(local)))
    expected = [t.id for t in session.scalars(task_list(user, TaskFilter(), today=local_today(),
                                                        calendar=current_calendar()))]
    html = client.get("/tasks/?per_page=10&page=2").text
    assert [int(x) for x in re.findall(r'data-task-id="(\d+)"', html)] == expected[10:20]
    assert int(re.search(r'id="result-count">(\d+)', html).group(1)) == len(expected)
    token = create_token(session, user, "test")
    body = client.get("/api/v1/tasks?per_page=10&page=2", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert [t["id"] for t in body["items"]] == expected[10:20]
    assert body["total"] == len(expected)
