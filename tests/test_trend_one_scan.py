"""The trend's past points, counted in one scan (queries/reports/past.py), are exactly what one
live query per point gives (reports.total_counts, the rule as it was) and what the domain's own
rule gives task by task, for every demo user, both roles and every period kind, with extensions
approved before and after the points' days (the deadline in force then), twice on one task."""
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.domain.reports import Counts, Period, classify
from tracker.models import ExtensionRequest, Task, Unit, User
from tracker.queries import reports as q
from tracker.queries.reports.clauses import end_of_day_utc
from tracker.queries.visibility import can_see_task, scoped_task_clause
from tracker.timeutil import local_today


def _extend(session, task, decided_at: datetime, current_due_on, status="approved"):
    session.add(ExtensionRequest(task_id=task.id, requested_by_id=task.assigned_by_id, requested_at=decided_at,
                                 current_due_on=current_due_on, new_due_on=date(2099, 1, 1), reason="Gia hạn",
                                 status=status, decided_by_id=task.assigned_by_id, decided_at=decided_at))


def _brute_force(session, user, role, period, as_of, root):
    tasks = session.scalars(select(Task).options(selectinload(Task.lead_unit), selectinload(Task.coordinators))).all()
    then = q.due_dates_as_of(session, [t.id for t in tasks], as_of)
    total = Counts()
    for t in tasks:
        if not can_see_task(user, t):
            continue
        units = [t.lead_unit] if role == "lead" else list(t.coordinators)
        for u in units:
            if root is not None and not u.path.startswith(root.path):
                continue
            c = classify(q.facts(t, then.get(t.id)), period, as_of)
            if c is not None:
                total.add(c)
    return total.as_list()


def _arrange_extensions(session, today):
    last_day = date(today.year - 1, 12, 31)
    # Open on last year's last day: counted in last year's point by the deadline in force then.
    tasks = session.scalars(select(Task).where(Task.due_on.is_not(None), Task.status != "cancelled",
                                               Task.assigned_on < last_day,
                                               (Task.completed_on.is_(None)) | (Task.completed_on > last_day))
                            .order_by(Task.id)).all()
    assert len(tasks) >= 2
    tasks += session.scalars(select(Task).where(Task.due_on.is_not(None), Task.id.not_in([t.id for t in tasks]))
                             .order_by(Task.id).limit(3)).all()
    last_year_end = end_of_day_utc(date(today.year - 1, 12, 31))
    # Decided after every past point's day: those points count the deadline before it.
    _extend(session, tasks[0], datetime.utcnow() - timedelta(hours=1), tasks[0].due_on - timedelta(days=400))
    # Two after last year's end: the earlier one holds the deadline in force then.
    _extend(session, tasks[1], last_year_end + timedelta(days=3), date(today.year - 1, 1, 5))   # overdue then
    _extend(session, tasks[1], last_year_end + timedelta(days=1), date(today.year + 1, 1, 5))   # within then
    # Decided before last year ended (not a deadline then for last year), a rejected one, one with no deadline before.
    _extend(session, tasks[2], last_year_end - timedelta(days=40), date(today.year - 2, 3, 1))
    _extend(session, tasks[3], last_year_end + timedelta(days=2), date(today.year - 3, 3, 1), status="rejected")
    _extend(session, tasks[4], last_year_end + timedelta(days=2), None)
    session.commit()



def test_past_points_equal_one_query_per_point_and_the_domain_rule(app, session):
    today = local_today()
    _arrange_extensions(session, today)
    users = session.scalars(select(User).where(User.is_active_flag.is_(True)).order_by(User.id)).all()
    seen = 0
    for user in users:
        root = q.default_root(session, user)
        for kind in ("month", "quarter", "year"):
            for role in ("lead", "coordinating"):
                points = q.trend(session, user, period=Period.containing(kind, today), today=today, root=root,
                                 role=role)
                for p, got in points:
                    as_of = p.default_as_of(today)
                    old = q.total_counts(session, period=p, as_of=as_of, user=user, role=role,
                                         root_path=root.path if root else None)
                    assert got.as_list() == old.as_list(), (user.email, kind, role, p.label())
                    if kind == "year":
                        assert got.as_list() == _brute_force(session, user, role, p, as_of, root), \
                            (user.email, role, p.label())
                    seen += got.total > 0 and as_of < today
    assert seen >= len(users)  # past points with tasks in them, for most users


def _old_own_counts(session, user, period, as_of, role, root):
    """own_counts as it was: the deadline then as a correlated subquery in every condition."""
    conds = q.conditions(period, as_of)
    unit_col = Task.lead_unit_id if role == "lead" else q._TC.c.unit_id
    stmt = select(unit_col, *q.count_columns(period, as_of))
    stmt = stmt.select_from(Task) if role == "lead" else stmt.select_from(q._TC).join(Task, Task.id == q._TC.c.task_id)
    stmt = stmt.where(conds["population"], scoped_task_clause(user, root.path if root else None))
    if root is not None:
        stmt = stmt.where(unit_col.in_(select(Unit.id).where(Unit.path.startswith(root.path))))
    return {r[0]: list(r[1:]) for r in session.execute(stmt.group_by(unit_col))}


def test_a_past_days_unit_counts_equal_the_correlated_rule(app, session):
    """The dashboard's previous period (and any report as of a past day) per unit, as before."""
    today = local_today()
    _arrange_extensions(session, today)
    users = session.scalars(select(User).where(User.is_active_flag.is_(True)).order_by(User.id)).all()
    seen = 0
    for user in users:
        root = q.default_root(session, user)
        for kind in ("quarter", "year"):
            p = Period.containing(kind, today).previous()
            for role in ("lead", "coordinating"):
                got = q.own_counts(session, period=p, as_of=p.end, user=user, role=role,
                                   root_path=root.path if root else None)
                assert got == _old_own_counts(session, user, p, p.end, role, root), (user.email, kind, role)
                seen += bool(got)
    assert seen >= len(users) // 2  # scopes with tasks in a past period
