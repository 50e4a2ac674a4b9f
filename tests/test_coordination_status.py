"""Each coordination keeps its task's status, deadline, directive and lead unit (task_coordinators.status,
due_on, directive_id, lead_unit_id), copied there by the database's triggers (migrations c6e1d8b2f47a,
e2b7c9d41f06, a7d3f9c2e815) on every write, whoever makes it: the home page's urgent list and a province's first
list pages read a unit's open coordinated tasks from them (visibility.status_branches), the source
filter the directives its coordinations make visible (visibility.directive_clause). A stale copy
would drop a task a coordinating unit must see from its urgent list, list a finished one, or hide a
directive. After a day of real steps through the
services (creations with coordinators, receipts, reports, submissions, acceptances, a return,
pauses and resumptions, refusals, extensions requested, approved and rejected, reassignments,
cancellations), a unit merge, a bulk update and a
coordination added by hand, every copy equals its task, and every demo user's urgent list and
first pages equal the plain rule's."""
import random
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from tests.support.steps import random_steps
from tracker.domain.workflow import CLOSED_VALUES, OPEN_VALUES
from tracker.models import Directive, Task, Unit, User, task_coordinators as tc
from tracker.queries.tasks import TaskFilter, paginate_tasks, task_list
from tracker.queries.visibility import can_see_directive, task_clause, visible_directives
from tracker.services.calendar import current_calendar
from tracker.services.home_counts import build_if_stale
from tracker.services.units import merge_units
from tracker.timeutil import local_today
from tracker.views.main import HOME_LIMIT, urgent_tasks


def _copies(session) -> dict[tuple[int, int], tuple]:
    return {(t, u): (s, d, di, le) for t, u, s, d, di, le in session.execute(
        select(tc.c.task_id, tc.c.unit_id, tc.c.status, tc.c.due_on, tc.c.directive_id, tc.c.lead_unit_id))}


def _tasks(session) -> dict[int, tuple]:
    return {i: (s, d, di, le) for i, s, d, di, le in session.execute(
        select(Task.id, Task.status, Task.due_on, Task.directive_id, Task.lead_unit_id))}


def _a_day_of_writes(session):
    """Real steps, then the writes that do not go through a task's workflow."""
    today = local_today()
    before = _tasks(session)
    done = random_steps(random.Random(616), session, 90, today)
    for step in ("create", "receive", "submit", "accept", "approve_extension", "reassign"):
        assert done.get(step), (step, done)
    admin = session.scalar(select(User).where(User.role == "admin"))
    # A unit that coordinates open tasks merged into another: its coordinations move.
    source = session.get(Unit, session.scalar(
        select(tc.c.unit_id).join(Task, Task.id == tc.c.task_id).join(Unit, Unit.id == tc.c.unit_id)
        .where(Task.status.in_(OPEN_VALUES), Unit.parent_id.isnot(None)).order_by(tc.c.unit_id.desc()).limit(1)))
    target = session.scalar(select(Unit).where(Unit.parent_id == source.parent_id, Unit.id != source.id,
                                               Unit.is_active.is_(True)).order_by(Unit.id).limit(1))
    merge_units(session, source, target, actor=admin)
    # A bulk statement (as a data fix would): one coordinated task's deadline, another's status.
    coordinated = list(session.scalars(select(tc.c.task_id).join(Task, Task.id == tc.c.task_id)
                                       .where(Task.status.in_(OPEN_VALUES)).order_by(tc.c.task_id).distinct()))
    session.execute(update(Task).where(Task.id == coordinated[0]).values(due_on=today - timedelta(days=3)))
    session.execute(update(Task).where(Task.id == coordinated[1]).values(status="paused"))
    # And two moved to another source (a data fix): one to another directive, one to none.
    other = session.scalar(select(Directive.id).where(Directive.id != session.get(Task, coordinated[2]).directive_id)
                           .order_by(Directive.id.desc()).limit(1))
    session.execute(update(Task).where(Task.id == coordinated[2]).values(directive_id=other))
    session.execute(update(Task).where(Task.id == coordinated[3]).values(directive_id=None))
    # And one given another lead unit by a bulk statement (the steps' reassignments go through the service).
    session.execute(update(Task).where(Task.id == coordinated[4]).values(lead_unit_id=target.id))
    # A coordination added by hand to a task that has none (as the tests' arranging does).
    bare = session.scalar(select(Task.id).where(Task.id.notin_(select(tc.c.task_id)), Task.status.in_(OPEN_VALUES))
                          .order_by(Task.id).limit(1))
    session.execute(tc.insert().values(task_id=bare, unit_id=target.id))
    session.commit()
    after = _tasks(session)
    coordinated_now = {t for t, _u in _copies(session)}
    moved = [t for t in coordinated_now if t in before and before[t] != after[t]]
    # The steps did change coordinated tasks' statuses and deadlines, and added coordinations.
    assert any(before[t][0] != after[t][0] for t in moved) and any(before[t][1] != after[t][1] for t in moved)
    assert any(before[t][3] != after[t][3] for t in moved)
    assert coordinated_now - set(before)
    return today


def test_every_coordination_keeps_its_tasks_status_deadline_directive_and_lead(session):
    _a_day_of_writes(session)
    tasks = _tasks(session)
    copies = _copies(session)
    assert len(copies) > 20 and any(s in CLOSED_VALUES for s, *_ in copies.values())
    assert any(di is None for _s, _d, di, _le in copies.values()) and len({c[2] for c in copies.values()}) > 3
    assert len({le for *_, le in copies.values()}) > 3
    stale = {k: (v, tasks[k[0]]) for k, v in copies.items() if v != tasks[k[0]]}
    assert not stale


def test_the_directives_a_user_sees_stay_the_rules_after_a_day_of_writes(session):
    """The source filter's directives (read through the copies) against the object check (which
    reads the tasks themselves), for every demo user."""
    _a_day_of_writes(session)
    directives = session.scalars(select(Directive)).all()
    for user in session.scalars(select(User).where(User.is_active_flag.is_(True))):
        listed = set(session.scalars(visible_directives(user).with_only_columns(Directive.id)))
        assert listed == {d.id for d in directives if can_see_directive(user, d)}, user.email


def _rule_urgent(session, user, limit):
    """The plain rule: the user's visible open tasks by deadline (none last), then id."""
    return list(session.scalars(select(Task.id).where(task_clause(user), Task.status.in_(OPEN_VALUES))
                                .order_by(Task.due_on.asc().nulls_last(), Task.id).limit(limit)))


def test_urgent_lists_and_first_pages_stay_the_rules_after_a_day_of_writes(session):
    current_app.config["HOME_COUNTS_DEPTH"] = 99   # every unit's list reads the branches' firsts
    assert build_if_stale(session)
    session.commit()
    today = _a_day_of_writes(session)
    cal = current_calendar()
    users = session.scalars(select(User).where(User.is_active_flag.is_(True)).order_by(User.id)).all()
    coordinating = 0
    for user in users:
        for limit in (3, HOME_LIMIT):
            assert [t.id for t, _c in urgent_tasks(user, today, cal, limit)] == _rule_urgent(session, user, limit), \
                (user.email, limit)
        if user.unit is None or user.is_admin:
            continue
        expected = [t.id for t in session.scalars(task_list(user, TaskFilter(), today=today, calendar=cal))]
        for page in (1, 2, 4):
            got = paginate_tasks(user, TaskFilter(), today=today, calendar=cal, page=page, per_page=7)
            assert [t.id for t in got.items] == expected[(page - 1) * 7:page * 7], (user.email, page)
        below = {u.id for u in session.scalars(select(Unit).where(Unit.path.startswith(user.unit.path)))}
        coordinating += any(session.scalars(select(tc.c.task_id).where(tc.c.unit_id.in_(below)).limit(1)))
    assert coordinating >= 3


def test_a_task_led_elsewhere_is_seen_through_its_coordination_alone(session):
    """The coordinations' branch keeps only tasks led outside the coordinating subtree (those led
    inside are in the lead branch): a task led by another district's unit and coordinated by a
    ward is in the ward's list and counts only while the coordination lasts; one led by the ward
    and also coordinated by it is listed once."""
    leading = select(Task.lead_unit_id)
    user = session.scalar(select(User).join(Unit, Unit.id == User.unit_id)
                          .where(Unit.depth >= 2, Unit.id.in_(leading), User.is_active_flag.is_(True),
                                 Unit.id.notin_(select(Task.assigned_by_unit_id).where(Task.assigned_by_unit_id.isnot(None))))
                          .order_by(User.id).limit(1))
    unit = user.unit
    elsewhere = session.scalar(select(Task).join(Unit, Unit.id == Task.lead_unit_id)
                               .where(~Unit.path.startswith(unit.path), Task.assigned_by_unit_id.is_distinct_from(unit.id),
                                      Task.id.notin_(select(tc.c.task_id).where(tc.c.unit_id == unit.id)))
                               .order_by(Task.id).limit(1))
    own = session.scalar(select(Task).where(Task.lead_unit_id == unit.id).order_by(Task.id).limit(1))
    assert user is not None, "no user of a leading unit"
    assert elsewhere is not None, "no task led elsewhere"
    assert own is not None

    def visible():
        return list(session.scalars(select(Task.id).where(task_clause(user))))

    assert elsewhere.id not in visible()
    session.execute(tc.insert().values(task_id=elsewhere.id, unit_id=unit.id))
    if session.scalar(select(tc.c.task_id).where(tc.c.task_id == own.id, tc.c.unit_id == unit.id)) is None:
        session.execute(tc.insert().values(task_id=own.id, unit_id=unit.id))
    session.flush()
    ids = visible()
    assert elsewhere.id in ids and ids.count(own.id) == 1 and len(ids) == len(set(ids))
    page = paginate_tasks(user, TaskFilter(), today=local_today(), calendar=current_calendar(), page=1, per_page=10_000)
    assert elsewhere.id in {t.id for t in page.items}
    session.execute(tc.delete().where(tc.c.task_id == elsewhere.id, tc.c.unit_id == unit.id))
    session.flush()
    assert elsewhere.id not in visible()
