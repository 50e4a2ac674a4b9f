"""The fast paths of the lists give exactly the rows of the plain rule.

The task list and the API list page through narrow key rows (queries.tasks.task_keys,
paginate_tasks); home, the directive progress page and can_see_directive put their
conditions inside the visibility union (visibility.task_clause_with). For users of every
level, these must list the same tasks, in the same order, with the same totals, as the
plain queries (task_list + task_clause), and a directive must be visible exactly when one of
its tasks is (or the user's unit owns it, or the user is an admin).
"""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import and_, select

from tracker.domain.deadlines import DeadlineCategory
from tracker.domain.workflow import OPEN_STATUSES, TaskStatus
from tracker.models import Directive, Task, Unit, User, task_coordinators
from tracker.queries.tasks import TaskFilter, paginate_tasks, task_list
from tracker.queries.visibility import (can_see_directive, can_see_task, directive_clause, sees_every_task, task_clause,
                                        task_clause_with)
from tracker.services.demo import DEMO_PASSWORD
from tracker.services.units import add_unit
from tracker.services.users import add_user
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


def _paged_as_task_list(session, user, f) -> list[int]:
    """Every page of 7 of paginate_tasks equals task_list's ids in its order, with its total."""
    today, calendar = local_today(), current_calendar()
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
    return got


def test_paged_key_rows_list_what_task_list_lists(session):
    checked = 0
    for user in _users(session):
        for f in _filters(session):
            checked += len(_paged_as_task_list(session, user, f))
    assert checked > 100  # the demo data gave every case something to compare


def _root_leader(session) -> User:
    """A committee leader at the root of the demo's only unit tree: the rule lets them see every task."""
    root = session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    user = add_user(session, email="root.leader@sonla.demo", name="Trưởng ban", password=DEMO_PASSWORD,
                    role="leader", unit=root)
    session.commit()
    return user


def _odd_tasks(session) -> dict[str, int]:
    """Tasks of every part of the urgency order: done without a completion day (the category
    rules hold it open: overdue, or with no deadline), cancelled, done with one."""
    today = local_today()
    open_ids = session.scalars(select(Task.id).where(Task.status.in_([s.value for s in OPEN_STATUSES]))
                               .order_by(Task.id)).all()
    odd = dict(zip(("undated_overdue", "undated_no_deadline", "cancelled", "done"), open_ids))
    for key, (status, due, completed) in {
            "undated_overdue": ("done", today - timedelta(days=9), None),
            "undated_no_deadline": ("done", None, None),
            "cancelled": ("cancelled", today - timedelta(days=20), None),
            "done": ("done", today - timedelta(days=3), today - timedelta(days=1))}.items():
        task = session.get(Task, odd[key])
        task.status, task.due_on, task.completed_on = status, due, completed
    session.commit()
    return odd


# Every category and status, and both together, on the lists of whoever sees every task.
WIDE_FILTERS = ([TaskFilter(category=c.value) for c in DeadlineCategory] + [TaskFilter(status=s.value) for s in TaskStatus]
                + [TaskFilter(status="done", category="overdue"), TaskFilter(status="in_progress", category="overdue"),
                   TaskFilter(status="cancelled", category="on_time"), TaskFilter(status="done", category="late"),
                   TaskFilter(q="dan van", category="overdue"), TaskFilter(category="no_deadline", due_to=date(2100, 1, 1))])


def test_whoever_sees_every_task_pages_through_the_order_of_every_task(session):
    odd = _odd_tasks(session)
    leader = _root_leader(session)
    admin = session.scalar(select(User).where(User.role == "admin").order_by(User.id))
    assert sees_every_task(leader) and sees_every_task(admin)
    for user in (leader, admin):
        for f in WIDE_FILTERS + _filters(session):
            _paged_as_task_list(session, user, f)
        overdue = _paged_as_task_list(session, user, TaskFilter(category="overdue"))
        # Done without a completion day is overdue to the rules, and comes after the open work.
        assert overdue[-1] == odd["undated_overdue"]
        assert odd["undated_no_deadline"] in _paged_as_task_list(session, user, TaskFilter(category="no_deadline"))
        assert odd["cancelled"] in _paged_as_task_list(session, user, TaskFilter(status="cancelled"))


def test_a_second_unit_tree_is_outside_the_root_leaders_list(session):
    leader = _root_leader(session)
    other = add_unit(session, name="Tỉnh Điện Biên", code="DB", kind="province", parent=None)
    session.flush()
    task = session.scalar(select(Task).where(Task.assigned_by_unit_id != leader.unit_id,
                                             Task.status.in_([s.value for s in OPEN_STATUSES])).order_by(Task.id))
    task.lead_unit_id, task.assigned_by_unit_id, task.coordinators = other.id, other.id, []
    task.due_on = local_today() - timedelta(days=5)
    session.commit()
    assert not sees_every_task(leader)
    for f in (TaskFilter(), TaskFilter(category="overdue")):
        assert task.id not in _paged_as_task_list(session, leader, f)
    admin = session.scalar(select(User).where(User.role == "admin").order_by(User.id))
    assert task.id in _paged_as_task_list(session, admin, TaskFilter(category="overdue"))


def test_the_source_filter_of_whoever_sees_every_task_lists_the_visible_directives(session):
    from tracker.views.task_pickers import directive_choices

    leader = _root_leader(session)
    # A recent directive of another unit whose tasks are moved off it: nobody sees it but its owner.
    orphan = session.scalar(select(Directive).where(Directive.owner_unit_id != leader.unit_id)
                            .order_by(Directive.issued_on.desc(), Directive.id.desc()))
    for t in orphan.tasks:
        t.directive_id = None
    session.commit()
    expected = session.execute(select(Directive.id).where(directive_clause(leader))
                               .order_by(Directive.issued_on.desc()).limit(200)).scalars().all()
    got = [d.id for d in directive_choices(leader)]
    assert sorted(got) == sorted(expected) and orphan.id not in got and got


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


def test_the_wide_scopes_unfiltered_totals_from_the_standing_rows_stay_the_rules(session, monkeypatch):
    """Every unit's people read their unfiltered list's total from the standing home rows
    (HOME_COUNTS_DEPTH 99): through real steps (creations, cancellations, reassignments) every
    page and the total stay the rule's, cancelled tasks counted as the list shows them."""
    import random

    from flask import current_app

    from tests.support.steps import random_steps
    from tracker.queries import home_counts
    from tracker.services.home_counts import build_if_stale

    current_app.config["HOME_COUNTS_DEPTH"] = 99
    odd = _odd_tasks(session)  # a cancelled task among them
    assert build_if_stale(session)
    session.commit()
    done = random_steps(random.Random(14), session, 40, local_today())
    assert done.get("create", 0) and done.get("cancel", 0), dict(done)
    standing = 0
    for user in _users(session):
        total = home_counts.standing_total(session, user)
        if user.unit is not None and not user.is_admin:
            assert total is not None, user.email
            standing += 1
        listed = _paged_as_task_list(session, user, TaskFilter())
        assert total is None or total == len(listed), user.email
        if can_see_task(user, session.get(Task, odd["cancelled"])):
            assert odd["cancelled"] in listed
    assert standing >= 4


def test_the_admins_unfiltered_list_takes_its_total_from_the_standing_rows(client, session, as_user):
    """The admin's list of every task counted a million rows on each page view; with the standing
    home rows built, its total is their sum (cancelled tasks included, as listed), and the page
    sends no count over the tasks table. A filtered list still counts."""
    from sqlalchemy import event, func
    from sqlalchemy.engine import Engine

    from tracker.services.home_counts import build_if_stale

    assert build_if_stale(session)
    session.commit()
    everything = session.scalar(select(func.count()).select_from(Task))
    in_progress = session.scalar(select(func.count()).select_from(Task).where(Task.status == "in_progress"))
    sent = []

    def record(conn, cursor, statement, *args):
        sent.append(" ".join(statement.split()))

    as_user("admin")
    event.listen(Engine, "before_cursor_execute", record)
    try:
        html = client.get("/tasks/").text
        counted = [s for s in sent if s.startswith("SELECT count(*) AS count_1 FROM tasks")]
        sent.clear()
        filtered = client.get("/tasks/?status=in_progress").text
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert int(re.search(r'id="result-count">(\d+)', html).group(1)) == everything
    assert not counted
    assert int(re.search(r'id="result-count">(\d+)', filtered).group(1)) == in_progress
    assert [s for s in sent if s.startswith("SELECT count(*) AS count_1 FROM tasks")], sent
