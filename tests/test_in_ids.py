"""A subtree's unit ids as one array parameter on PostgreSQL (queries.visibility.in_ids).

The visibility rule's branches, the task list's unit filter and the standing counts' scope send
a subtree as a list of ids. On PostgreSQL a list of ARRAY_FROM or more goes as ``= ANY(array)``,
one parameter; the rows must be those of the IN list it replaces, for every role
(tests/test_authorization.py compares the list queries with the object checks, role by role).
"""
import re

from sqlalchemy import select

from tracker.models import Directive, Task, Unit, User, task_coordinators
from tracker.queries.visibility import (ARRAY_FROM, can_see_directive, can_see_task, in_ids, subtree_ids,
                                        task_clause, visible_directives, visible_tasks)
from tracker.security import hash_password
from tests.conftest import login

PASSWORD = "thanh-pho-2026!"


def _city_user(session):
    """The head of the demo's city (41 units below it): the demo's own users sit on a committee
    or a commune, whose subtrees are shorter than ARRAY_FROM."""
    city = max(session.scalars(select(Unit).where(Unit.parent_id.is_not(None))),
               key=lambda u: len(subtree_ids(u)))
    user = User(email="truongphong.tp@test.demo", name="Trưởng phòng thành phố", role="unit_head",
                unit_id=city.id, password_hash=hash_password(PASSWORD))
    session.add(user)
    session.commit()
    return user


def test_a_subtree_is_sent_as_one_array_on_postgresql(session):
    user = _city_user(session)
    ids = subtree_ids(user.unit)
    assert isinstance(ids, list) and len(ids) >= ARRAY_FROM
    clause = in_ids(Task.lead_unit_id, ids)
    compiled = select(Task.id).where(clause).compile(session.get_bind())
    if session.get_bind().dialect.name == "postgresql":
        assert "= ANY (" in str(compiled) and len(compiled.params) == 1
    else:
        assert " IN (" in str(compiled)
    led = set(session.scalars(select(Task.id).where(clause)))
    assert led and led == set(session.scalars(select(Task.id).where(Task.lead_unit_id.in_(ids))))
    coordinated = set(session.scalars(select(task_coordinators.c.task_id)
                                      .where(in_ids(task_coordinators.c.unit_id, ids))))
    assert coordinated == set(session.scalars(select(task_coordinators.c.task_id)
                                              .where(task_coordinators.c.unit_id.in_(ids))))


def test_pages_and_queries_agree_with_the_object_checks(client, session):
    """The rule with the array, against the per-object checks; the task list, its unit filter
    (a subtree again) and the home tiles show the same tasks."""
    user = _city_user(session)
    tasks = session.scalars(select(Task)).all()
    seen = {t.id for t in tasks if can_see_task(user, t)}
    assert seen and set(session.scalars(visible_tasks(user).with_only_columns(Task.id))) == seen
    directives = {d.id for d in session.scalars(select(Directive)) if can_see_directive(user, d)}
    assert set(session.scalars(visible_directives(user).with_only_columns(Directive.id))) == directives
    assert login(client, user.email, PASSWORD).status_code == 302
    page = client.get("/tasks/?per_page=100").text
    assert int(re.search(r'id="result-count">(\d+)', page).group(1)) == len(seen)
    unit_page = client.get(f"/tasks/?unit={user.unit_id}&per_page=100").text
    assert sorted(int(x) for x in re.findall(r'data-task-id="(\d+)"', unit_page)) == sorted(
        t.id for t in tasks if t.lead_unit.path.startswith(user.unit.path)
        or any(c.path.startswith(user.unit.path) for c in t.coordinators))
    home = client.get("/home").text
    for cat, n in re.findall(r'data-count="(\w+)">(\d+)', home):
        listed = client.get(f"/tasks/?category={cat}").text
        assert int(re.search(r'id="result-count">(\d+)', listed).group(1)) == int(n)


def test_a_short_list_or_a_select_stays_an_in(session):
    user = _city_user(session)
    short = in_ids(Task.lead_unit_id, [user.unit_id])
    assert " IN (" in str(select(Task.id).where(short).compile(session.get_bind()))
    assert set(session.scalars(select(Task.id).where(short))) == \
        set(session.scalars(select(Task.id).where(Task.lead_unit_id == user.unit_id)))
    # The rule as a whole for the province user: each visible task has a unit of the subtree,
    # or was assigned by the user's unit.
    visible = session.scalars(select(Task).where(task_clause(user))).all()
    path = user.unit.path
    assert visible and all(t.assigned_by_unit_id == user.unit_id or t.lead_unit.path.startswith(path)
                           or any(c.path.startswith(path) for c in t.coordinators) for t in visible)
