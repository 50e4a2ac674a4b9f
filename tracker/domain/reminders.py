"""Reminder planning (nhắc việc, đôn đốc): which reminders are due on a given day.

Pure: ``today``, the calendar and the policy are arguments. Two views of the same rule:

- ``reminders_due(due_on=..., status=..., today=...)``: one task, the reference;
- ``day_plan(today, calendar, policy)``: every (kind, step, deadline) due on ``today``
  for any deadline, so the sweep can join it against ``tasks.due_on`` in SQL instead
  of looping over a million tasks in Python. Tests check that the two agree.

All counts are in working days (``WorkCalendar.working_days_between``), and a reminder
is only ever due on a working day: what would fall on a day off (a deadline on a day the
admin later declared off, a submission on a Saturday) goes out on the next working day.

Schedule for an open task with an effective deadline X (``roll_forward(due_on)``):

- BEFORE, step N for each N in ``policy.before_days``: the working day with exactly N
  working days left until X; to the lead and coordinating units;
- DUE, step 0: on X; to the lead unit;
- ESCALATE_HEAD, step 1: the first working day after X; to the lead unit's head(s);
- OVERDUE, step o for o = K, 2K, ... working days past X; to the lead unit;
- ESCALATE_BODY, step M: M working days past X; to the assigning body's secretariat
  and leader;
- AWAITING_ACCEPTANCE, step A: a submitted task still not accepted A working days after
  the submission date (its reference date); to the assigning body's secretariat.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from tracker.domain.calendar import WorkCalendar
from tracker.domain.workflow import TaskStatus

__all__ = [
    "ReminderKind", "Audience", "ReminderPolicy", "PolicyError", "Trigger", "DEFAULT_POLICY",
    "DEADLINE_STATUSES", "KIND_AUDIENCES", "reminders_due", "day_plan", "upcoming",
    "OVERDUE_LOOKBACK_DAYS",
]

_ONE_DAY = timedelta(days=1)
# Overdue reminders stop after about three years; older tasks are a reporting problem.
OVERDUE_LOOKBACK_DAYS = 1100


class ReminderKind(str, Enum):
    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATE_HEAD = "escalate_head"
    ESCALATE_BODY = "escalate_body"
    AWAITING_ACCEPTANCE = "awaiting_acceptance"


class Audience(str, Enum):
    LEAD_UNIT = "lead_unit"          # head(s), officers and the unit's own address
    COORDINATORS = "coordinators"    # same, for each coordinating unit
    LEAD_HEADS = "lead_heads"        # the lead unit's head(s) only
    BODY_FOLLOW_UP = "body_follow_up"  # assigning body: secretariat and leader
    BODY_SECRETARIAT = "body_secretariat"


KIND_AUDIENCES: dict[ReminderKind, tuple[Audience, ...]] = {
    ReminderKind.BEFORE: (Audience.LEAD_UNIT, Audience.COORDINATORS),
    ReminderKind.DUE: (Audience.LEAD_UNIT,),
    ReminderKind.OVERDUE: (Audience.LEAD_UNIT,),
    ReminderKind.ESCALATE_HEAD: (Audience.LEAD_HEADS,),
    ReminderKind.ESCALATE_BODY: (Audience.BODY_FOLLOW_UP,),
    ReminderKind.AWAITING_ACCEPTANCE: (Audience.BODY_SECRETARIAT,),
}

# Statuses in which the unit still owes work against the deadline. Submitted tasks wait
# for the assigning body; refused, paused, done and cancelled ones owe nothing.
DEADLINE_STATUSES = frozenset({
    TaskStatus.ASSIGNED.value, TaskStatus.RECEIVED.value,
    TaskStatus.IN_PROGRESS.value, TaskStatus.RETURNED.value,
})


class PolicyError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ReminderPolicy:
    before_days: tuple[int, ...] = (7, 3, 1)
    overdue_every: int = 3
    escalate_after: int = 5
    acceptance_after: int = 3

    def __post_init__(self):
        days = tuple(sorted({int(n) for n in self.before_days}, reverse=True))
        if any(n < 1 or n > 60 for n in days):
            raise PolicyError("before_days_range")
        object.__setattr__(self, "before_days", days)
        for name in ("overdue_every", "escalate_after", "acceptance_after"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
                raise PolicyError(name + "_range")


DEFAULT_POLICY = ReminderPolicy()


@dataclass(frozen=True, order=True)
class Trigger:
    """One reminder due today: its kind, its step and the date it refers to.

    ``ref_date`` is the task's stored deadline (or, for AWAITING_ACCEPTANCE, the
    submission date): with the task and recipient it forms the reminder's unique key,
    so a moved deadline gets fresh reminders and an old one never repeats.
    """
    kind: ReminderKind = field(compare=True)
    step: int = 0
    ref_date: date = date.min


def _deadline_triggers(due_on: date, today: date, cal: WorkCalendar, policy: ReminderPolicy) -> list[Trigger]:
    effective = cal.roll_forward(due_on)
    found = []
    if today < effective:
        left = cal.working_days_between(today, effective)
        if left in policy.before_days:
            found.append(Trigger(ReminderKind.BEFORE, left, due_on))
    elif today == effective:
        found.append(Trigger(ReminderKind.DUE, 0, due_on))
    else:
        late = cal.working_days_between(effective, today)
        if late == 1:
            found.append(Trigger(ReminderKind.ESCALATE_HEAD, 1, due_on))
        if late % policy.overdue_every == 0:
            found.append(Trigger(ReminderKind.OVERDUE, late, due_on))
        if late == policy.escalate_after:
            found.append(Trigger(ReminderKind.ESCALATE_BODY, late, due_on))
    return found


def reminders_due(*, due_on: date | None, status: str, today: date, calendar: WorkCalendar,
                  policy: ReminderPolicy = DEFAULT_POLICY, submitted_on: date | None = None) -> list[Trigger]:
    """Reminders one task owes on ``today`` (empty on days off), sorted."""
    status = getattr(status, "value", status)
    if not calendar.is_working_day(today):
        return []
    found = []
    if status in DEADLINE_STATUSES and due_on is not None:
        if due_on <= today or (due_on - today).days <= 400:
            found = _deadline_triggers(due_on, today, calendar, policy)
            if found and found[0].kind is not ReminderKind.BEFORE \
                    and (today - due_on).days > OVERDUE_LOOKBACK_DAYS:
                found = []
    elif status == TaskStatus.SUBMITTED.value and submitted_on is not None and submitted_on < today:
        if calendar.working_days_between(submitted_on, today) == policy.acceptance_after:
            found = [Trigger(ReminderKind.AWAITING_ACCEPTANCE, policy.acceptance_after, submitted_on)]
    return sorted(found)


def _before_triggers(today: date, cal: WorkCalendar, policy: ReminderPolicy) -> list[Trigger]:
    """Deadlines ahead: X with effective deadline E > today, left = working days in (today, E].
    Days off just before a working day E roll forward to it, so they share its count."""
    plan: list[Trigger] = []
    max_before = max(policy.before_days)
    left, d = 0, today + _ONE_DAY
    pending_off: list[date] = []
    while True:
        if cal.is_working_day(d):
            left += 1
            if left > max_before:
                break
            if left in policy.before_days:
                for x in pending_off + [d]:
                    plan.append(Trigger(ReminderKind.BEFORE, left, x))
            pending_off = []
        else:
            pending_off.append(d)
        d += _ONE_DAY
    return plan


def _due_triggers(today: date, cal: WorkCalendar) -> list[Trigger]:
    """Due today: today and the days off just before it (they roll forward to today)."""
    d = today
    plan = [Trigger(ReminderKind.DUE, 0, d)]
    d -= _ONE_DAY
    while not cal.is_working_day(d):
        plan.append(Trigger(ReminderKind.DUE, 0, d))
        d -= _ONE_DAY
    return plan


def _overdue_kinds(late: int, policy: ReminderPolicy) -> list[tuple[ReminderKind, int]]:
    """The reminders (kind, step) for a deadline ``late`` working days past."""
    kinds = []
    if late == 1:
        kinds.append((ReminderKind.ESCALATE_HEAD, 1))
    if late % policy.overdue_every == 0:
        kinds.append((ReminderKind.OVERDUE, late))
    if late == policy.escalate_after:
        kinds.append((ReminderKind.ESCALATE_BODY, late))
    return kinds


def _overdue_triggers(today: date, cal: WorkCalendar, policy: ReminderPolicy) -> list[Trigger]:
    """Past deadlines: E < today working, late = working days in (E, today]; days off
    before E share E's count."""
    plan: list[Trigger] = []
    oldest = today - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    # Walk back over working days E; ``late`` is working days in (E, today].
    e = today - _ONE_DAY
    late = 1  # today itself
    while e >= oldest:
        if cal.is_working_day(e):
            group = [e]
            x = e - _ONE_DAY
            while x >= oldest and not cal.is_working_day(x):
                group.append(x)
                x -= _ONE_DAY
            kinds = _overdue_kinds(late, policy)
            for ref in group:
                plan.extend(Trigger(k, step, ref) for k, step in kinds)
            late += 1
            e = x
        else:
            e -= _ONE_DAY
    return plan


def _awaiting_triggers(today: date, cal: WorkCalendar, policy: ReminderPolicy) -> list[Trigger]:
    """Awaiting acceptance: submission dates S with exactly A working days in (S, today]."""
    plan: list[Trigger] = []
    count, s = 0, today
    while True:
        if cal.is_working_day(s):
            count += 1
        s -= _ONE_DAY
        if count == policy.acceptance_after:
            plan.append(Trigger(ReminderKind.AWAITING_ACCEPTANCE, policy.acceptance_after, s))
            if cal.is_working_day(s):
                break
        elif count > policy.acceptance_after:  # pragma: no cover - loop exits above
            break
    return plan


def day_plan(today: date, calendar: WorkCalendar, policy: ReminderPolicy = DEFAULT_POLICY) -> list[Trigger]:
    """Every trigger due on ``today``, over all deadlines and submission dates.

    Walks outwards from ``today`` once, counting working days incrementally, so a plan
    costs a few thousand calendar lookups whatever the number of tasks.
    """
    if not calendar.is_working_day(today):
        return []
    plan = (_before_triggers(today, calendar, policy) + _due_triggers(today, calendar)
            + _overdue_triggers(today, calendar, policy) + _awaiting_triggers(today, calendar, policy))
    return sorted(plan, key=lambda t: (t.kind.value, t.step, t.ref_date))


def upcoming(*, due_on: date | None, status: str, today: date, calendar: WorkCalendar,
             policy: ReminderPolicy = DEFAULT_POLICY, submitted_on: date | None = None,
             horizon_days: int = 45, limit: int = 10) -> list[tuple[date, Trigger]]:
    """The next reminders a task will get if nothing changes, from ``today`` on."""
    out = []
    for i in range(horizon_days + 1):
        d = today + timedelta(days=i)
        for t in reminders_due(due_on=due_on, status=status, today=d, calendar=calendar,
                               policy=policy, submitted_on=submitted_on):
            out.append((d, t))
            if len(out) >= limit:
                return out
    return out
