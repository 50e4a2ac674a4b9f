"""The past view (tracker/domain/past.py) is exact: two versions of a task with the same view
fall in the same column of every report, for every period, as of every day before today, by
the domain's own rule (classify); and the changes a working day brings that cannot reach back
(a receipt, a submission, an acceptance of a report submitted today, an extension approved
today) leave the view as it was, while those that do (a cancellation, a back-dated task, a late
acceptance, a deadline edited) change it."""
import random
from dataclasses import replace
from datetime import date, timedelta

from tracker.domain.past import deadline_then, past_view
from tracker.domain.reports import Period, TaskFacts, classify
from tracker.domain.workflow import TaskStatus

T = date(2026, 6, 15)  # today
STATUSES = [s.value for s in TaskStatus]


def _day(rng, lo, hi):
    return T + timedelta(days=rng.randint(lo, hi))


def _maybe(rng, lo, hi):
    return None if rng.random() < 0.2 else _day(rng, lo, hi)


def _task(rng):
    facts = TaskFacts(rng.choice(STATUSES), _day(rng, -150, 1), _maybe(rng, -160, 60), _maybe(rng, -160, 60),
                      _maybe(rng, -150, 2))
    approved = sorted(((_day(rng, -150, 1), _maybe(rng, -200, 60)) for _ in range(rng.choice((0, 0, 1, 2, 3)))),
                      key=lambda e: e[0])
    return facts, approved


def _change(rng, facts: TaskFacts, approved):
    """One to three of the changes a write makes to a task, some of which keep the view."""
    for _ in range(rng.randint(1, 3)):
        what = rng.randrange(9)
        if what == 0:
            facts = replace(facts, status=rng.choice(STATUSES))
        elif what == 1:  # accepted: done on the day the report was submitted (often today)
            facts = replace(facts, status="done", completed_on=rng.choice([T, T, _day(rng, -40, 0)]))
        elif what == 2:  # an extension approved today replaces the deadline in force
            approved = [*approved, (T, rng.choice([facts.due_on, facts.due_on, _maybe(rng, -60, 60)]))]
            facts = replace(facts, original_due_on=facts.original_due_on or facts.due_on, due_on=_day(rng, 0, 90))
        elif what == 3:
            facts = replace(facts, due_on=_maybe(rng, -160, 60))
        elif what == 4:
            facts = replace(facts, assigned_on=rng.choice([T, _day(rng, -150, 2)]))
        elif what == 5:
            facts = replace(facts, original_due_on=_maybe(rng, -160, 60))
        elif what == 6:
            facts = replace(facts, completed_on=_maybe(rng, -150, 3))
        elif what == 7 and approved:  # an old decision edited (only raw SQL does that)
            i = rng.randrange(len(approved))
            approved = sorted([*approved[:i], (_day(rng, -150, 1), approved[i][1]), *approved[i + 1:]], key=lambda e: e[0])
        else:  # a step that changes no fact the reports read (receive, report, submit, pause...)
            if facts.status not in ("done", "cancelled"):
                facts = replace(facts, status=rng.choice([s for s in STATUSES if s not in ("done", "cancelled")]))
    return facts, approved


def _days_that_matter(facts: TaskFacts, approved) -> set[date]:
    """Every day a past report's category can turn on for this task (the rule's comparisons), ±1."""
    marks = {T - timedelta(days=1), facts.assigned_on, facts.completed_on, facts.due_on, facts.original_due_on,
             *(d for d, _r in approved), *(r for _d, r in approved)}
    if facts.due_on:
        marks |= {facts.due_on + timedelta(days=n) for n in (30, 90, 120)}
    marks |= {r + timedelta(days=n) for _d, r in approved if r for n in (30, 90, 120)}
    return {m + timedelta(days=k) for m in marks if m for k in (-1, 0, 1)}


def _columns(facts: TaskFacts, approved, period: Period, day: date):
    c = classify(replace(facts, due_on=deadline_then(facts.due_on, approved, day)), period, day)
    return None if c is None else c.as_list()


def test_the_same_view_gives_the_same_category_in_every_past_report():
    rng = random.Random(14)
    same = compared = changed = 0
    for _ in range(1000):
        before = _task(rng)
        after = _change(rng, *before)
        if past_view(before[0], before[1], T) != past_view(after[0], after[1], T):
            changed += 1
            continue
        same += 1
        days = {d for d in _days_that_matter(*before) | _days_that_matter(*after) if T - timedelta(days=400) < d < T}
        for d in days:
            starts = {d, d - timedelta(days=1), d - timedelta(days=30), d - timedelta(days=400)}
            starts |= {x + timedelta(days=k) for x in (before[0].assigned_on, before[0].completed_on,
                                                       after[0].completed_on) if x for k in (0, 1) if x + timedelta(days=k) <= d}
            for start in starts:
                for end in (d, T + timedelta(days=5)):
                    period = Period.custom(start, end)
                    assert _columns(*before, period, d) == _columns(*after, period, d), (before, after, period, d)
                    compared += 1
    assert same > 250 and changed > 400 and compared > 50_000, (same, changed, compared)


def test_steps_of_a_working_day_keep_or_change_the_view_as_the_rule_says():
    open_task = TaskFacts("in_progress", T - timedelta(days=20), T + timedelta(days=5), T + timedelta(days=5), None)
    view = past_view(open_task, [], T)
    # receive, report, submit, pause, resume, return: the status among the open ones
    for status in ("received", "in_progress", "submitted", "paused", "returned", "refused"):
        assert past_view(replace(open_task, status=status), [], T) == view
    # accepted today, on a report submitted today: open as of every day before today
    assert past_view(replace(open_task, status="done", completed_on=T), [], T) == view
    # accepted today, on a report submitted yesterday: done as of yesterday
    assert past_view(replace(open_task, status="done", completed_on=T - timedelta(days=1)), [], T) != view
    # an extension approved today: the deadline then is the one it replaced; the first one keeps
    # the deadline first given (original_due_on), which was no "extension" on any past day
    extended = replace(open_task, due_on=T + timedelta(days=30))
    assert past_view(extended, [(T, open_task.due_on)], T) == view
    never = replace(open_task, original_due_on=None)
    assert past_view(replace(extended, original_due_on=open_task.due_on), [(T, open_task.due_on)], T) \
        == past_view(never, [], T)
    # the deadline edited directly (no extension): every past day sees the new one
    assert past_view(extended, [], T) != view
    # cancelled: out of every report, past ones included
    assert past_view(replace(open_task, status="cancelled"), [], T) is None
    # created today, whatever it holds: in no past report; back-dated: in some
    new = TaskFacts("assigned", T, T + timedelta(days=10), T + timedelta(days=10), None)
    assert past_view(new, [], T) is None and past_view(replace(new, status="cancelled"), [], T) is None
    assert past_view(replace(new, assigned_on=T - timedelta(days=3)), [], T) is not None
