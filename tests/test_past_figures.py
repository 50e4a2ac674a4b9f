"""Figures as of a past day (the trend's past points, the previous period the dashboard ranks
against, a report as of yesterday) are cached under their own counter (tracker.cache.PAST),
which a write moves only when it changes a task as some past day's report sees it
(services/past_figures.py). Through random real workflow steps by the users they belong to,
after every step: each demo user's cached figures equal a fresh computation (exact), and the
counter moved exactly when a brute force with the domain's rule over every past day and period
kind says some past figure could change (not over-invalidated: a receipt, a progress report, a
submission, an extension request or approval leave it)."""
import random
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select, text

from tracker import timeutil
from tracker.cache import bump_data_version
from tracker.domain.reports import STANDARD_KINDS, Period, TaskFacts, classify
from tracker.extensions import db
from tracker.models import DataVersion, Directive, ExtensionRequest, Task, TaskEvent, User, task_coordinators
from tracker.queries import reports as q
from tracker.queries.reports.clauses import end_of_day_utc
from tracker.services import ServiceError
from tracker.services.calendar import load_calendar
from tracker.services.past_figures import judging_day
from tracker.services.tasks import TaskInput, assign_tasks
from tracker.services.workflow import ActionInput, apply_action, available_actions
from tests.support.steps import step_input

NOTE = "Ghi chú kiểm tra số liệu kỳ trước"
PAST = 3


def _past_version(session) -> int:
    session.expire_all()
    return session.get(DataVersion, PAST).value


def _scope_users(session) -> list[User]:
    """One demo user per scope the figures depend on (unit, committee or not), and the admin."""
    out, seen = [], set()
    for u in session.scalars(select(User).where(User.is_active_flag.is_(True)).order_by(User.id)):
        key = "admin" if u.is_admin else (u.unit_id, u.role in q.COMMITTEE_ROLES)
        if key not in seen:
            seen.add(key)
            out.append(u)
    return out


def _figures(app, session, users, today: date) -> list:
    """What the pages show as of past days, for each user: the month trend (its past points: the
    last five month ends), the previous quarter per unit (the ranking's change), this year as of
    yesterday."""
    out = []
    for u in users:
        root = q.default_root(session, u)
        out.append([c.as_list() for _p, c in q.trend(session, u, period=Period.containing("month", today),
                                                   today=today, root=root)])
        prev = Period.containing("quarter", today).previous()
        for period, as_of in ((prev, prev.end), (Period.containing("year", today), today - timedelta(days=1))):
            if as_of < period.start:
                continue
            rep = q.cached_unit_report(session, u, period=period, as_of=as_of, root=root)
            out.append((rep.total.as_list(), [(r.unit.id, r.counts.as_list()) for r in rep.rows]))
    return out


def _fresh(app, session, users, today):
    app.config["QUERY_CACHE"] = False
    try:
        return _figures(app, session, users, today)
    finally:
        app.config["QUERY_CACHE"] = True


def _state(session, task_id: int):
    """A task as a past report sees it, read independently of the code under test."""
    session.expire_all()
    t = session.get(Task, task_id)
    exts = session.execute(select(ExtensionRequest.decided_at, ExtensionRequest.current_due_on)
                           .where(ExtensionRequest.task_id == task_id, ExtensionRequest.status == "approved")
                           .order_by(ExtensionRequest.decided_at, ExtensionRequest.id)).all()
    coords = tuple(sorted(session.scalars(select(task_coordinators.c.unit_id)
                                          .where(task_coordinators.c.task_id == task_id))))
    facts = TaskFacts(t.status, t.assigned_on, t.due_on, t.original_due_on, t.completed_on)
    return facts, list(exts), (t.lead_unit_id, t.assigned_by_unit_id, coords)


def _columns(state, period: Period, day: date):
    facts, exts, _units = state
    due = facts.due_on
    for decided_at, replaced in exts:  # the earliest decided after the day holds the deadline then
        if decided_at >= end_of_day_utc(day):
            due = replaced if replaced is not None else facts.due_on
            break
    c = classify(TaskFacts(facts.status, facts.assigned_on, due, facts.original_due_on, facts.completed_on),
                 period, day)
    return None if c is None else c.as_list()


def _reaches_the_past(old, new, today: date) -> bool:
    """Brute force: does any report of a standard period as of any day before today count the
    task differently (or for other units)? None: the task did not exist."""
    day = min(s[0].assigned_on for s in (old, new) if s is not None)
    while day < today:
        for kind in STANDARD_KINDS:
            period = Period.containing(kind, day)
            a = _columns(old, period, day) if old is not None else None
            b = _columns(new, period, day) if new is not None else None
            if a != b or (a is not None and old[2] != new[2]):
                return True
        day += timedelta(days=1)
    return False


def _people(session):
    heads = {u.unit_id: u for u in session.scalars(select(User).where(User.role == "unit_head").order_by(User.id))}
    staff = defaultdict(list)
    for u in session.scalars(select(User).where(User.role.in_(("secretariat", "leader"))).order_by(User.id)):
        staff[u.unit_id].append(u)
    return session.scalar(select(User).where(User.role == "admin")), heads, staff


def _plan(rng, session, today: date):
    """A real step by a user it belongs to: (what, the task's id or None for a new task, do it)."""
    cal = load_calendar(session)
    admin, heads, staff = _people(session)
    if rng.random() < 0.15:  # a new task: today, or back-dated (assigned days ago)
        d = session.get(Directive, rng.choice(list(session.scalars(select(Directive.id).order_by(Directive.id)))))
        lead = rng.choice([u for u in sorted(heads) if u != d.owner_unit_id])
        back = rng.choice([0, rng.randint(1, 200)])
        item = TaskInput("Nhiệm vụ kiểm tra số liệu kỳ trước", [lead], deadline_kind="date",
                         due_on=today + timedelta(days=30))
        return ("create back-dated" if back else "create"), None, \
            lambda: assign_tasks(session, admin, d, [item], today=today - timedelta(days=back), calendar=cal)
    waiting = list(session.scalars(select(Task.id).where(Task.status == "submitted").order_by(Task.id)))
    open_ids = list(session.scalars(select(Task.id).where(Task.status.notin_(("done", "cancelled"))).order_by(Task.id)))
    task = session.get(Task, rng.choice(waiting if waiting and rng.random() < 0.3 else open_ids))
    choices = []
    for actor in [heads.get(task.lead_unit_id), *staff.get(task.assigned_by_unit_id, [])]:
        if actor is not None:
            choices += [(actor, a.value) for a in available_actions(session, actor, task)
                        if a.value not in ("comment", "contribute", "split", "reassign")]
    choices += [(admin, a.value) for a in available_actions(session, admin, task) if a.value in ("cancel", "reassign")]
    if not choices:
        return None
    weights = [WEIGHTS.get(a, 1) for _u, a in choices]
    actor, action = rng.choices(choices, weights)[0]
    inp = step_input(rng, session, task, action, today, sorted(heads))
    return action, task.id, lambda: apply_action(session, actor, task.id, inp, today=today, calendar=cal)


# A working day's mix: mostly receipts, reports, submissions, reviews and extension steps.
WEIGHTS = {"receive": 6, "report": 6, "submit": 6, "accept": 6, "return": 2, "request_extension": 4,
           "approve_extension": 6, "reject_extension": 1, "cancel": 1, "reassign": 1}


def _submitted_days_ago(session, today: date, n: int) -> None:
    """n open tasks whose completion reports were submitted three days ago (their acceptance in
    the run is a late one: done as of the days since)."""
    _admin, heads, _staff = _people(session)
    tasks = session.scalars(select(Task).where(Task.status.in_(("received", "in_progress")),
                                               Task.lead_unit_id.in_(list(heads))).order_by(Task.id)).all()[:n]
    for t in tasks:
        apply_action(session, heads[t.lead_unit_id], t.id, ActionInput(
            action="submit", version=t.version, note=NOTE, progress=100, override=True), today=today,
            calendar=load_calendar(session))
        event = session.scalar(select(TaskEvent).where(TaskEvent.task_id == t.id, TaskEvent.kind == "submitted")
                               .order_by(TaskEvent.id.desc()).limit(1))
        event.at -= timedelta(days=3)
    session.commit()


def test_cached_past_figures_stay_exact_and_survive_steps_that_cannot_change_them(app, session):
    rng = random.Random(18)
    today = timeutil.local_today()
    with app.app_context():
        _submitted_days_ago(session, today, 2)
        users = _scope_users(session)  # every demo user's scope: at the start and at the end
        assert _figures(app, session, users, today) == _fresh(app, session, users, today)
        # After each step (each costs a fresh count per user): the admin, the committees, a
        # department, a ward, and the stepped task's lead unit.
        some = [u for u in users if u.is_admin or u.role in q.COMMITTEE_ROLES or u.email.split("@")[0] in (
            "ubnd.lanhdao", "chiengle.lanhdao")]
        kept: dict[str, int] = defaultdict(int)
        moved: dict[str, int] = defaultdict(int)
        for _ in range(30):
            plan = _plan(rng, session, today)
            if plan is None:
                continue
            what, task_id, do = plan
            version = _past_version(session)
            old = _state(session, task_id) if task_id is not None else None
            newest = session.scalar(select(Task.id).order_by(Task.id.desc()).limit(1))
            try:
                do()
            except ServiceError:
                session.rollback()
                continue
            if task_id is None:
                task_id = session.scalar(select(Task.id).order_by(Task.id.desc()).limit(1))
                assert task_id > newest
            expected = _reaches_the_past(old, _state(session, task_id), today)
            assert (_past_version(session) > version) == expected, (what, expected)
            (moved if expected else kept)[what] += 1
            # Exact: what a page shows now (from the cache where the counter stayed) is the truth.
            lead = session.get(Task, task_id).lead_unit_id
            check = some + [u for u in users if u.unit_id == lead and u not in some]
            assert _figures(app, session, check, today) == _fresh(app, session, check, today), what
        assert _figures(app, session, users, today) == _fresh(app, session, users, today)
        # The run held steps of both sorts: receipts, reports, submissions and extension steps that
        # kept the cache; cancellations, late acceptances, back-dated tasks that moved it.
        assert sum(kept.values()) >= 12 and sum(moved.values()) >= 3, (dict(kept), dict(moved))
        assert {"receive", "submit", "approve_extension"} <= set(kept), (dict(kept), dict(moved))
        assert {"cancel", "accept", "create back-dated"} <= set(moved), (dict(kept), dict(moved))


def test_a_write_that_does_not_say_what_it_changed_moves_the_counter(app, session):
    """Raw SQL (a script) and a direct deadline edit: unknown writes, assumed to reach the past."""
    today = timeutil.local_today()
    with app.app_context():
        users = _scope_users(session)[:4]
        task = session.scalar(select(Task).where(Task.status.in_(("assigned", "received", "in_progress")),
                                                 Task.due_on.is_not(None), Task.assigned_on < today - timedelta(days=40))
                              .order_by(Task.id).limit(1))
        _figures(app, session, users, today)
        v = _past_version(session)
        db.session.execute(text("UPDATE tasks SET due_on = :d WHERE id = :i"),
                           {"d": today - timedelta(days=35), "i": task.id})
        bump_data_version(db.session)
        session.commit()  # (the arranging session's commit: it sees the bump and adds none)
        assert _past_version(session) == v + 1
        assert _figures(app, session, users, today) == _fresh(app, session, users, today)
        task = session.get(Task, task.id)
        task.due_on = today + timedelta(days=90)  # through the tests' arranging session: no use case
        session.commit()
        assert _past_version(session) == v + 2
        assert _figures(app, session, users, today) == _fresh(app, session, users, today)


def test_tomorrow_todays_steps_count_for_yesterday(app, session, monkeypatch):
    """An acceptance of a report submitted today changes no past figure today; tomorrow today is a
    past day: the figures as of it (and the month trend) are computed anew, with the acceptance."""
    today = timeutil.local_today()
    with app.app_context():
        admin, heads, staff = _people(session)
        cal = load_calendar(session)
        task = session.scalar(select(Task).where(Task.status.in_(("received", "in_progress")),
                                                 Task.lead_unit_id.in_(list(heads)),
                                                 Task.assigned_by_unit_id.in_(list(staff)))
                              .order_by(Task.id).limit(1))
        head, boss = heads[task.lead_unit_id], staff[task.assigned_by_unit_id][0]
        users = [admin, head, boss]
        year = Period.containing("year", today)

        def as_of_today():
            return [q.cached_unit_report(session, u, period=year, as_of=today, root=q.default_root(session, u))
                    .total.as_list() for u in users]
        v = _past_version(session)
        apply_action(session, head, task.id, ActionInput(action="submit", version=task.version, note=NOTE,
                                                         progress=100, override=True), today=today, calendar=cal)
        session.expire_all()
        apply_action(session, boss, task.id, ActionInput(action="accept", version=session.get(Task, task.id).version,
                                                         note=NOTE), today=today, calendar=cal)
        assert _past_version(session) == v  # done today: open as of every day before
        monkeypatch.setattr(timeutil, "local_today", lambda: today + timedelta(days=1))
        tomorrow = today + timedelta(days=1)
        assert _figures(app, session, users, tomorrow) == _fresh(app, session, users, tomorrow)
        cached = as_of_today()
        app.config["QUERY_CACHE"] = False
        try:
            assert cached == as_of_today()
        finally:
            app.config["QUERY_CACHE"] = True


def test_a_write_in_the_last_minutes_of_a_day_judges_by_tomorrow():
    from datetime import datetime

    day = date(2026, 12, 2)
    assert judging_day(day, datetime(2026, 12, 2, 23, 50, tzinfo=timeutil.LOCAL_TZ)) == day
    assert judging_day(day, datetime(2026, 12, 2, 23, 57, tzinfo=timeutil.LOCAL_TZ)) == day + timedelta(days=1)
