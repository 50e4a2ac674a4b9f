"""Real workflow steps at random, through the services, as users do them: the shared builder of
the tests that replay a day's work and check standing figures against the live rule."""
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select

from tracker.models import Directive, Task, Unit, User
from tracker.services import ServiceError
from tracker.services.calendar import load_calendar
from tracker.services.tasks import TaskInput, assign_tasks
from tracker.services.workflow import ActionInput, apply_action, available_actions

NOTE = "Ghi chú kiểm tra số liệu"


def step_input(rng, session, task: Task, action: str, day: date, unit_ids: list[int]) -> ActionInput:
    inp = ActionInput(action=action, version=task.version, note=NOTE)
    if action == "report":
        inp.progress = rng.randint(0, 99)
    elif action == "submit":
        inp.progress, inp.override = 100, True
    elif action == "request_extension":
        inp.new_due_on = max(task.due_on or day, day) + timedelta(days=rng.randint(1, 60))
    elif action == "reassign":
        inp.lead_unit_id = rng.choice([u for u in unit_ids if u not in (task.assigned_by_unit_id, task.lead_unit_id)])
    elif action == "split":
        inp.subtasks = [TaskInput("Nhiệm vụ con kiểm tra", [rng.choice(unit_ids)], deadline_kind="date",
                                  due_on=day + timedelta(days=rng.randint(0, 90)))]
    return inp


def random_steps(rng, session, n: int, day: date) -> dict[str, int]:
    """n real steps through the services, each by a user the step belongs to (the lead unit's
    head, the assigning body's secretariat, the admin): creations (with coordinators) and
    random workflow actions the task allows them. Returns how many of each succeeded."""
    cal = load_calendar(session)
    admin = session.scalar(select(User).where(User.role == "admin"))
    heads = {u.unit_id: u for u in session.scalars(select(User).where(User.role == "unit_head")
                                                    .order_by(User.id))}
    staff = defaultdict(list)  # assigning bodies' people
    for u in session.scalars(select(User).where(User.role.in_(("secretariat", "leader"))).order_by(User.id)):
        staff[u.unit_id].append(u)
    leads = sorted(heads)
    # Every list in id order: the walk is the same on every database and plan.
    others = list(session.scalars(select(Unit.id).where(Unit.is_active.is_(True), Unit.parent_id.isnot(None))
                                  .order_by(Unit.id)))
    directives = list(session.scalars(select(Directive.id).order_by(Directive.id)))
    done: dict[str, int] = defaultdict(int)
    for _ in range(n):
        if rng.random() < 0.2:
            d = session.get(Directive, rng.choice(directives))
            lead_ids = [u for u in rng.sample(leads, 2) if u != d.owner_unit_id][:rng.randint(1, 2)]
            coords = [u for u in rng.sample(others, rng.randint(0, 3)) if u not in lead_ids]
            dated = rng.random() < 0.8
            item = TaskInput("Nhiệm vụ ngẫu nhiên kiểm tra số liệu", lead_ids, coords,
                             deadline_kind="date" if dated else "none",
                             due_on=day + timedelta(days=rng.randint(0, 120)) if dated else None)
            try:
                assign_tasks(session, admin, d, [item], today=day, calendar=cal)
                done["create"] += 1
            except ServiceError:
                session.rollback()
            continue
        open_ids = list(session.scalars(select(Task.id).where(Task.status.notin_(("done", "cancelled")))
                                        .order_by(Task.id)))
        ids = open_ids if open_ids and rng.random() < 0.9 else list(session.scalars(select(Task.id).order_by(Task.id)))
        task = session.get(Task, rng.choice(ids))
        by_admin = [(admin, a.value) for a in available_actions(session, admin, task) if a.value != "comment"]
        by_units = []  # the lead's and the assigning body's steps: most of a day's work
        for actor in [heads.get(task.lead_unit_id), *staff.get(task.assigned_by_unit_id, [])]:
            if actor is not None:
                by_units += [(actor, a.value) for a in available_actions(session, actor, task)
                             if a.value not in ("comment", "contribute", "cancel")]
        choices = by_units if by_units and rng.random() < 0.85 else by_admin
        if not choices:
            continue
        # Row order is fixed (ORDER BY everywhere), so a seed gives the same run on both databases;
        # extension steps weigh more so that approvals happen in every run.
        weights = [6 if a in ("receive", "report", "submit", "accept", "return") else
                   4 if a in ("request_extension", "approve_extension") else 1 for _u, a in choices]
        actor, action = rng.choices(choices, weights)[0]
        try:
            apply_action(session, actor, task.id, step_input(rng, session, task, action, day, leads),
                         today=day, calendar=cal)
            done[action] += 1
        except ServiceError as e:
            session.rollback()
            done["refused"] += 1
            done.setdefault("why", str(e.errors))
    return dict(done)
