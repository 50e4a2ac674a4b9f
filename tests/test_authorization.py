"""The authorization table: every role × action × own/other unit, refusals included.

"own" is an object of the user's unit (a task their unit leads, or their committee
assigned; a directive their committee recorded or that holds their task); "other"
is one of a unit they have nothing to do with. Another unit's object answers 404
(its existence is not confirmed); a role that may not act answers 403.
The last tests check that list queries and per-object checks agree for every role.
"""
import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import post_form
from tracker.domain.roles import Action, Role, allows
from tracker.models import Directive, Task, Unit, User
from tracker.queries.visibility import can_see_directive, can_see_task, visible_directives, visible_tasks

USERS = {
    Role.ADMIN: "admin",
    Role.LEADER: "truongban",
    Role.SECRETARIAT: "thuky",
    Role.VIEWER: "giamsat",
    Role.UNIT_HEAD: "chiengle.lanhdao",
    Role.UNIT_OFFICER: "chiengle.canbo",
}
COMMITTEE_ROLES = {Role.LEADER, Role.SECRETARIAT, Role.VIEWER}


def _user(session, role):
    return session.scalar(select(User).where(User.email == f"{USERS[role]}@sonla.demo"))


def _objects(session, role):
    """(own task, other task, own directive, other directive) for a role's demo user."""
    from tracker.services.calendar import load_calendar
    from tracker.services.directives import DirectiveInput, record_directive
    from tracker.services.tasks import TaskInput, assign_tasks

    unit = lambda code: session.scalar(select(Unit).where(Unit.code == code))  # noqa: E731
    tinh = session.scalar(select(User).where(User.email == "tinh.thuky@sonla.demo"))
    # A directive of the provincial committee with a task for the city police only:
    # nothing to do with the city committee nor with Chiềng Lề.
    other_dir = record_directive(session, tinh, DirectiveInput(
        kind="document", symbol="77-CV/BCĐ", issued_on=date(2026, 1, 5), issuer_unit_id=unit("SL-BCD").id,
        title="Công văn riêng của tỉnh"))
    other_task = assign_tasks(session, tinh, other_dir, [TaskInput("Việc của Công an", [unit("TP-CA").id])],
                              today=date(2026, 1, 5), calendar=load_calendar(session))[0]
    if role in COMMITTEE_ROLES or role is Role.ADMIN:
        own_task = session.scalar(select(Task).join(Task.assigned_by_unit).where(Unit.code == "TP-BCD").limit(1))
    else:
        own_task = session.scalar(select(Task).join(Task.lead_unit).where(Unit.code == "chiengle").limit(1))
    own_dir = own_task.directive
    if role in (Role.UNIT_HEAD, Role.UNIT_OFFICER):
        other_task = session.scalar(select(Task).join(Task.lead_unit).where(Unit.code == "tohieu").limit(1))
    return own_task, other_task, own_dir, other_dir


# (action, whose object) -> the expected answer per role; 200 means allowed.
TABLE = {
    ("view_task", "own"): {r: 200 for r in Role},
    ("view_task", "other"): {r: (200 if r is Role.ADMIN else 404) for r in Role},
    ("view_directive", "own"): {r: 200 for r in Role},
    ("view_directive", "other"): {r: (200 if r is Role.ADMIN else 404) for r in Role},
    ("create_directive", "-"): {r: (200 if r in (Role.ADMIN, Role.SECRETARIAT) else 403) for r in Role},
    ("assign_task", "own"): {r: (200 if r in (Role.ADMIN, Role.SECRETARIAT) else 403) for r in Role},
    ("assign_task", "other"): {r: (200 if r is Role.ADMIN else 404) for r in Role},
    ("list_tasks", "-"): {r: 200 for r in Role},
    ("create_token", "-"): {r: 200 for r in Role},
}


def _url(action, whose, objs):
    own_task, other_task, own_dir, other_dir = objs
    task = own_task if whose == "own" else other_task
    directive = own_dir if whose == "own" else other_dir
    return {
        "view_task": f"/tasks/{task.id}",
        "view_directive": f"/directives/{directive.id}",
        "create_directive": "/directives/new",
        "assign_task": f"/directives/{directive.id}/assign",
        "list_tasks": "/tasks/",
        "create_token": "/account/tokens",
    }[action]


CASES = [(role, action, whose, expected)
         for (action, whose), per_role in TABLE.items() for role, expected in per_role.items()]


@pytest.mark.parametrize("role,action,whose,expected", CASES,
                         ids=[f"{r.value}-{a}-{w}" for r, a, w, _ in CASES])
def test_authorization_table(client, session, as_user, role, action, whose, expected):
    objs = _objects(session, role)
    as_user(USERS[role])
    url = _url(action, whose, objs)
    assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_refused_assignment_post_changes_nothing(client, session, as_user, role):
    """Posting the assignment form where it is refused creates no task."""
    own_task, other_task, own_dir, other_dir = _objects(session, role)
    as_user(USERS[role])
    target = other_dir if role is not Role.ADMIN else None
    if target is None:
        return  # admins may assign anywhere: covered by the table
    before = session.scalar(select(Task.id).order_by(Task.id.desc()).limit(1))
    city_ubnd = session.scalar(select(Unit.id).where(Unit.code == "TP-UBND"))
    resp = post_form(client, f"/directives/{target.id}/assign",
                     {"items-0-content": "Giao trái phép", "items-0-lead": str(city_ubnd),
                      "items-0-deadline_kind": "none", "items-0-priority": "normal", "save": "1"},
                     form_page="/tasks/")
    assert resp.status_code in (403, 404)
    session.expire_all()
    assert session.scalar(select(Task.id).order_by(Task.id.desc()).limit(1)) == before


def test_domain_table_matches_roles():
    """The pure role table: viewers and unit roles never record or assign."""
    for role in (Role.VIEWER, Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.LEADER):
        assert not allows(role, Action.CREATE_DIRECTIVE)
        assert not allows(role, Action.ASSIGN_TASK)
        assert allows(role, Action.VIEW_TASK, visible=True)
        assert not allows(role, Action.VIEW_TASK, visible=False)
    assert allows(Role.SECRETARIAT, Action.ASSIGN_TASK, own_unit=True)
    assert not allows(Role.SECRETARIAT, Action.ASSIGN_TASK, own_unit=False)
    assert allows(Role.ADMIN, Action.MANAGE_UNITS, own_unit=False, visible=False)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_list_queries_agree_with_object_checks(client, session, as_user, role):
    _objects(session, role)
    user = _user(session, role)
    listed = set(session.scalars(visible_tasks(user).with_only_columns(Task.id)))
    checked = {t.id for t in session.scalars(select(Task)) if can_see_task(user, t)}
    assert listed == checked and listed
    listed_d = set(session.scalars(visible_directives(user).with_only_columns(Directive.id)))
    checked_d = {d.id for d in session.scalars(select(Directive)) if can_see_directive(user, d)}
    assert listed_d == checked_d and listed_d
    # And the page shows the same count as the query.
    as_user(USERS[role])
    page = client.get("/tasks/?per_page=100")
    assert int(re.search(r'id="result-count">(\d+)', page.text).group(1)) == len(listed)


def test_ward_officer_sees_exactly_the_ward_subtree(session):
    user = session.scalar(select(User).where(User.email == "chiengle.canbo@sonla.demo"))
    tasks = session.scalars(visible_tasks(user)).all()
    assert tasks
    for t in tasks:
        units = [t.lead_unit] + list(t.coordinators)
        assert any(u.path.startswith(user.unit.path) for u in units)
