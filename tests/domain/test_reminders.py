"""Reminder planning: the per-task rule, the per-day plan the sweep joins on, and Tết 2026."""
from datetime import date, timedelta

import pytest

from tracker.domain.calendar import WorkCalendar, default_calendar
from tracker.domain.reminders import (
    DEFAULT_POLICY, OVERDUE_LOOKBACK_DAYS, PolicyError, ReminderKind as K, ReminderPolicy, Trigger,
    day_plan, reminders_due, upcoming,
)
from tracker.domain.workflow import TaskStatus

CAL = default_calendar()
D = date


def due(due_on, today, status="in_progress", policy=DEFAULT_POLICY, submitted_on=None, cal=CAL):
    return [(t.kind, t.step) for t in reminders_due(due_on=due_on, status=status, today=today,
                                                    calendar=cal, policy=policy, submitted_on=submitted_on)]


def schedule(due_on, start, end, **kw):
    """Every (day, kind, step) from start to end inclusive."""
    out, d = [], start
    while d <= end:
        out += [(d, k, s) for k, s in due(due_on, d, **kw)]
        d += timedelta(days=1)
    return out


# -- the default schedule on ordinary weeks -----------------------------------------

def test_full_schedule_of_a_deadline_in_an_ordinary_month():
    # Friday 17/4/2026; 30/4 and 1/5 are holidays, but they are after the deadline's
    # first two overdue weeks only partly: counted in working days.
    got = schedule(D(2026, 4, 17), D(2026, 4, 1), D(2026, 5, 15))
    assert got == [
        (D(2026, 4, 8), K.BEFORE, 7),
        (D(2026, 4, 14), K.BEFORE, 3),
        (D(2026, 4, 16), K.BEFORE, 1),
        (D(2026, 4, 17), K.DUE, 0),
        (D(2026, 4, 20), K.ESCALATE_HEAD, 1),
        (D(2026, 4, 22), K.OVERDUE, 3),
        (D(2026, 4, 24), K.ESCALATE_BODY, 5),
        # 27/4/2026 is Giỗ Tổ Hùng Vương (10/3 lunar): not a working day.
        (D(2026, 4, 28), K.OVERDUE, 6),
        # 30/4 and 1/5 off: 29/4 (7), 4/5 (8), 5/5 (9).
        (D(2026, 5, 5), K.OVERDUE, 9),
        (D(2026, 5, 8), K.OVERDUE, 12),
        (D(2026, 5, 13), K.OVERDUE, 15),
    ]


def test_nothing_is_due_on_days_off():
    for day in (D(2026, 4, 18), D(2026, 4, 19), D(2026, 4, 30), D(2026, 5, 1), D(2026, 2, 17)):
        assert not CAL.is_working_day(day)
        assert day_plan(day, CAL) == []
        for offset in range(-30, 30):
            assert due(day + timedelta(days=offset), day) == []


@pytest.mark.parametrize("status, expected", [
    (TaskStatus.ASSIGNED, [(K.DUE, 0)]),
    (TaskStatus.RECEIVED, [(K.DUE, 0)]),
    (TaskStatus.IN_PROGRESS, [(K.DUE, 0)]),
    (TaskStatus.RETURNED, [(K.DUE, 0)]),
    (TaskStatus.SUBMITTED, []),
    (TaskStatus.DONE, []),
    (TaskStatus.CANCELLED, []),
    (TaskStatus.PAUSED, []),
    (TaskStatus.REFUSED, []),
])
def test_only_tasks_that_still_owe_work_get_deadline_reminders(status, expected):
    assert due(D(2026, 3, 10), D(2026, 3, 10), status=status) == expected
    assert due(D(2026, 3, 10), D(2026, 3, 10), status=status.value) == expected


def test_no_deadline_means_no_reminders():
    assert due(None, D(2026, 3, 10)) == []


def test_awaiting_acceptance_after_three_working_days_once():
    got = schedule(None, D(2026, 3, 2), D(2026, 3, 31), status="submitted", submitted_on=D(2026, 3, 5))
    assert got == [(D(2026, 3, 10), K.AWAITING_ACCEPTANCE, 3)]


def test_submission_on_a_saturday_counts_from_the_next_working_day():
    got = schedule(None, D(2026, 3, 7), D(2026, 3, 20), status="submitted", submitted_on=D(2026, 3, 7))
    assert got == [(D(2026, 3, 11), K.AWAITING_ACCEPTANCE, 3)]


def test_a_custom_policy():
    policy = ReminderPolicy(before_days=(2, 5), overdue_every=2, escalate_after=3, acceptance_after=1)
    assert policy.before_days == (5, 2)
    got = schedule(D(2026, 3, 13), D(2026, 3, 2), D(2026, 3, 24), policy=policy)
    assert got == [
        (D(2026, 3, 6), K.BEFORE, 5), (D(2026, 3, 11), K.BEFORE, 2), (D(2026, 3, 13), K.DUE, 0),
        (D(2026, 3, 16), K.ESCALATE_HEAD, 1), (D(2026, 3, 17), K.OVERDUE, 2),
        (D(2026, 3, 18), K.ESCALATE_BODY, 3), (D(2026, 3, 19), K.OVERDUE, 4),
        (D(2026, 3, 23), K.OVERDUE, 6),
    ]


@pytest.mark.parametrize("kwargs, code", [
    ({"before_days": (0,)}, "before_days_range"),
    ({"before_days": (61,)}, "before_days_range"),
    ({"overdue_every": 0}, "overdue_every_range"),
    ({"escalate_after": True}, "escalate_after_range"),
    ({"acceptance_after": 100}, "acceptance_after_range"),
])
def test_policy_validation(kwargs, code):
    with pytest.raises(PolicyError) as e:
        ReminderPolicy(**kwargs)
    assert e.value.code == code


# -- Tết Bính Ngọ 2026: 14/2 to 22/2 off ----------------------------------------------

def test_tet_2026_calendar_assumptions():
    assert CAL.is_working_day(D(2026, 2, 13)) and CAL.is_working_day(D(2026, 2, 23))
    assert not any(CAL.is_working_day(D(2026, 2, 14) + timedelta(days=i)) for i in range(9))


def test_deadline_just_after_tet():
    got = schedule(D(2026, 2, 27), D(2026, 2, 1), D(2026, 3, 6))
    assert got == [
        (D(2026, 2, 11), K.BEFORE, 7),  # 12, 13, then 23..27: seven working days
        (D(2026, 2, 24), K.BEFORE, 3),
        (D(2026, 2, 26), K.BEFORE, 1),
        (D(2026, 2, 27), K.DUE, 0),
        (D(2026, 3, 2), K.ESCALATE_HEAD, 1),
        (D(2026, 3, 4), K.OVERDUE, 3),
        (D(2026, 3, 6), K.ESCALATE_BODY, 5),
    ]


def test_deadline_on_the_last_day_before_tet():
    got = schedule(D(2026, 2, 13), D(2026, 2, 1), D(2026, 3, 2))
    assert got == [
        (D(2026, 2, 4), K.BEFORE, 7),
        (D(2026, 2, 10), K.BEFORE, 3),
        (D(2026, 2, 12), K.BEFORE, 1),
        (D(2026, 2, 13), K.DUE, 0),
        (D(2026, 2, 23), K.ESCALATE_HEAD, 1),  # not during Tết
        (D(2026, 2, 25), K.OVERDUE, 3),
        (D(2026, 2, 27), K.ESCALATE_BODY, 5),
        (D(2026, 3, 2), K.OVERDUE, 6),
    ]


def test_deadline_inside_tet_goes_out_on_the_next_working_day():
    # A deadline recorded on 17/2 before the admin entered the Tết schedule.
    got = schedule(D(2026, 2, 17), D(2026, 2, 1), D(2026, 2, 26))
    assert got == [
        (D(2026, 2, 5), K.BEFORE, 7),
        (D(2026, 2, 11), K.BEFORE, 3),
        (D(2026, 2, 13), K.BEFORE, 1),
        (D(2026, 2, 23), K.DUE, 0),
        (D(2026, 2, 24), K.ESCALATE_HEAD, 1),
        (D(2026, 2, 26), K.OVERDUE, 3),
    ]
    assert all(t.ref_date == D(2026, 2, 17) for t in reminders_due(
        due_on=D(2026, 2, 17), status="assigned", today=D(2026, 2, 23), calendar=CAL))


def test_submitted_just_before_tet_waits_for_working_days():
    got = schedule(None, D(2026, 2, 12), D(2026, 3, 6), status="submitted", submitted_on=D(2026, 2, 12))
    assert got == [(D(2026, 2, 24), K.AWAITING_ACCEPTANCE, 3)]


def test_admin_calendar_edits_move_reminders():
    # A make-up Saturday becomes a working day: the one-day-before reminder moves onto it.
    cal = WorkCalendar(days_off=CAL.days_off, working_days={D(2026, 3, 7)})
    assert due(D(2026, 3, 9), D(2026, 3, 7), cal=cal) == [(K.BEFORE, 1)]
    assert due(D(2026, 3, 9), D(2026, 3, 6), cal=cal) == []  # two working days left now
    assert due(D(2026, 3, 9), D(2026, 3, 6)) == [(K.BEFORE, 1)]


# -- the per-day plan agrees with the per-task rule -----------------------------------

def _plan_index(today, policy, cal=CAL):
    idx = {}
    for t in day_plan(today, cal, policy):
        idx.setdefault((t.kind is K.AWAITING_ACCEPTANCE, t.ref_date), []).append((t.kind, t.step))
    return idx


@pytest.mark.parametrize("policy", [DEFAULT_POLICY, ReminderPolicy((10, 2), 2, 4, 5), ReminderPolicy((1,), 1, 1, 1)])
def test_day_plan_matches_reminders_due_exhaustively(policy):
    # Every day of January to March 2026 (Tết inside), every deadline from 70 days
    # before to 45 days after it, every submission date within 20 days.
    today = D(2026, 1, 1)
    while today <= D(2026, 3, 31):
        idx = _plan_index(today, policy)
        for offset in range(-70, 46):
            x = today + timedelta(days=offset)
            expected = due(x, today, policy=policy)
            assert sorted(idx.get((False, x), [])) == sorted(expected), (today, x)
        for offset in range(-20, 1):
            s = today + timedelta(days=offset)
            expected = due(None, today, status="submitted", policy=policy, submitted_on=s)
            assert idx.get((True, s), []) == expected, (today, s)
        today += timedelta(days=1)


def test_overdue_reminders_stop_after_the_lookback():
    today = D(2026, 3, 10)
    plan = day_plan(today, CAL)
    assert min(t.ref_date for t in plan) >= today - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    old = today - timedelta(days=OVERDUE_LOOKBACK_DAYS + 1)
    assert due(old, today) == []


def test_each_key_appears_once_in_a_plan():
    for i in range(120):
        plan = day_plan(D(2026, 1, 1) + timedelta(days=i), CAL)
        assert len(plan) == len(set(plan))


def test_upcoming_lists_the_next_reminders():
    got = upcoming(due_on=D(2026, 2, 27), status="received", today=D(2026, 2, 20), calendar=CAL, limit=3)
    assert got == [
        (D(2026, 2, 24), Trigger(K.BEFORE, 3, D(2026, 2, 27))),
        (D(2026, 2, 26), Trigger(K.BEFORE, 1, D(2026, 2, 27))),
        (D(2026, 2, 27), Trigger(K.DUE, 0, D(2026, 2, 27))),
    ]
    assert upcoming(due_on=D(2026, 2, 27), status="done", today=D(2026, 2, 20), calendar=CAL) == []
