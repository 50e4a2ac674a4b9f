"""The deadline categories have one meaning: the rules of tracker.domain.categories, evaluated
in Python (classify, a task's badge) and compiled to SQL (the report counts, the category a
closed period freezes and the counts read back from it, the task list's category filter and
the home page counts), agree on generated tasks, on SQLite and on PostgreSQL (the second
pass of make test)."""
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, insert, select

from tracker.domain.deadlines import DeadlineCategory
from tracker.domain.reports import COLUMNS, Counts, Period, TaskFacts, classify, count_tasks
from tracker.domain.states import ExtensionStatus
from tracker.domain.workflow import TaskStatus
from tracker.extensions import db
from tracker.models import ExtensionRequest, ReportSnapshot, ReportSnapshotTask, Task, Unit, User
from tracker.queries.reports import (CATEGORY_COLUMNS, conditions, count_columns, due_dates_as_of, end_of_day_utc,
                                     frozen_conditions)
from tracker.queries.tasks import TaskFilter, category_expression, task_list
from tracker.services.calendar import current_calendar
from tracker.services.reports import TASK_LINE_COLUMNS, _task_lines
from tracker.timeutil import local_today
from tracker.views.helpers import task_category

BASE = date(2025, 1, 1)
periods = st.sampled_from(["month", "quarter", "half_year", "year"]).flatmap(
    lambda kind: st.integers(0, 500).map(lambda n: Period.containing(kind, BASE + timedelta(days=n))))
# Offsets that sit on every boundary the rules compare against (the day itself, the day
# before/after, the 30/90/120-day thresholds, the due-soon horizon), mixed with anything in between.
near = st.sampled_from([-121, -120, -119, -91, -90, -89, -31, -30, -29, -1, 0, 1, 2, 3, 4, 5, 6]) | st.integers(-200, 200)
# When an extension was decided, around the end of day D (local time): a deadline moved after
# D still counts as it was on D.
decided = st.sampled_from([-3 * 86400, -1, 0, 1, 86400, 40 * 86400])


@st.composite
def extension(draw, day):
    # Mostly approved, mostly with the deadline it replaced: several approved after D are then common.
    approved = ExtensionStatus.APPROVED.value
    return {"status": draw(st.sampled_from([approved, approved, approved, *[s.value for s in ExtensionStatus]])),
            "current_due_on": None if draw(st.integers(0, 4)) == 0 else day(),
            "new_due_on": day(), "after_d": draw(decided)}


@st.composite
def case_of(draw):
    period = draw(periods)
    as_of = period.start + timedelta(days=draw(st.integers(0, (period.end - period.start).days + 30)))
    pivots = [as_of, period.start, period.end]

    def day():
        return draw(st.sampled_from(pivots)) + timedelta(days=draw(near))

    tasks = []
    for _ in range(draw(st.integers(1, 8))):
        tasks.append({"status": draw(st.sampled_from([s.value for s in TaskStatus])), "assigned_on": day(),
                      "due_on": draw(st.none() | st.just(None).map(lambda _: day())),
                      "original_due_on": draw(st.none() | st.just(None).map(lambda _: day())),
                      "completed_on": draw(st.none() | st.just(None).map(lambda _: day())),
                      "extensions": draw(st.lists(extension(day), max_size=2))})
    return tasks, period, as_of


def _due_on_as_of(spec: dict, as_of: date) -> date | None:
    """The deadline in force on D, brute force: the first extension approved after D had
    moved it from its current_due_on. As of today or later nothing was decided afterwards."""
    if as_of >= local_today():
        return spec["due_on"]
    later = sorted((e for e in spec["extensions"] if e["status"] == ExtensionStatus.APPROVED.value
                    and e["after_d"] >= 0), key=lambda e: e["after_d"])
    if later and later[0]["current_due_on"] is not None:
        return later[0]["current_due_on"]
    return spec["due_on"]


def _insert(s, specs, as_of):
    unit = s.scalar(select(Unit).where(Unit.code == "chiengco"))
    body = s.scalar(select(Unit).where(Unit.code == "TP-BCD"))
    by = s.scalar(select(User).where(User.email == "thuky@sonla.demo"))
    tasks = [Task(content=f"Nhiệm vụ sinh ngẫu nhiên {i}", lead_unit=unit, assigned_by_unit=body, assigned_by=by,
                  deadline_kind="date" if spec["due_on"] else "none",
                  **{k: v for k, v in spec.items() if k != "extensions"})
             for i, spec in enumerate(specs)]
    s.add_all(tasks)
    s.flush()
    end_of_d = end_of_day_utc(as_of)
    for i, (task, spec) in enumerate(zip(tasks, specs)):
        for j, e in enumerate(spec["extensions"]):
            # Distinct instants: "the first decided after D" is then one extension.
            at = end_of_d + timedelta(seconds=e["after_d"], microseconds=10 * i + j)
            s.add(ExtensionRequest(task_id=task.id, requested_by_id=by.id, current_due_on=e["current_due_on"],
                                   new_due_on=e["new_due_on"], reason="Sinh ngẫu nhiên", status=e["status"],
                                   decided_by_id=by.id, decided_at=at))
            e["after_d"] = (at - end_of_d).total_seconds()
    s.commit()
    return tasks, unit


def _cleanup(s, ids, snapshot_ids=()):
    s.rollback()
    s.execute(delete(ReportSnapshotTask).where(ReportSnapshotTask.snapshot_id.in_(snapshot_ids)))
    s.execute(delete(ReportSnapshot).where(ReportSnapshot.id.in_(snapshot_ids)))
    s.execute(delete(ExtensionRequest).where(ExtensionRequest.task_id.in_(ids)))
    s.execute(delete(Task).where(Task.id.in_(ids)))
    s.commit()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=case_of())
def test_report_counts_in_sql_and_in_python_agree(app, example):
    """(a) each column's condition and the counts of a live report; (c) the category a closed
    period freezes and the counts read back from its frozen rows."""
    specs, period, as_of = example
    with app.app_context():
        s = db.session
        tasks, _unit = _insert(s, specs, as_of)
        ids = [t.id for t in tasks]
        snap_ids = []
        try:
            due = {i: _due_on_as_of(spec, as_of) for i, spec in zip(ids, specs)}
            # The deadline as of D read in Python for a page of tasks, as the report lists do.
            moved = due_dates_as_of(s, ids, as_of)
            assert {t.id: moved.get(t.id) or t.due_on for t in tasks} == due
            facts = {i: TaskFacts(spec["status"], spec["assigned_on"], due[i], spec["original_due_on"],
                                  spec["completed_on"]) for i, spec in zip(ids, specs)}
            want = {i: classify(f, period, as_of) for i, f in facts.items()}
            expected = count_tasks(facts.values(), period, as_of)

            conds = conditions(period, as_of)
            counted = Counts.from_seq(s.execute(select(*count_columns(period, as_of))
                                                .where(conds["population"], Task.id.in_(ids))).one())
            assert counted == expected, (specs, period, as_of)
            for name in ["population", *COLUMNS]:
                got = set(s.scalars(select(Task.id).where(conds["population"], conds[name], Task.id.in_(ids))))
                assert got == {i for i, c in want.items() if c is not None and (name == "population" or getattr(c, name))
                               }, (name, specs, period, as_of)

            snap = ReportSnapshot(period_kind=period.kind.value, period_start=period.start, period_end=period.end,
                                  as_of=as_of, active_key=None, units={})
            s.add(snap)
            s.flush()
            snap_ids.append(snap.id)
            s.execute(insert(ReportSnapshotTask).from_select(
                TASK_LINE_COLUMNS, _task_lines(snap.id, period, as_of, "lead").where(Task.id.in_(ids))))
            R = ReportSnapshotTask
            lines = {r.task_id: r for r in s.scalars(select(R).where(R.snapshot_id == snap.id))}
            assert set(lines) == {i for i, c in want.items() if c is not None}
            for i, line in lines.items():
                assert line.category == next(c for c in CATEGORY_COLUMNS if getattr(want[i], c)), (facts[i], period)
                assert (line.carried, line.extended) == (bool(want[i].carried), bool(want[i].extended))
                assert line.due_on == due[i]
            where = frozen_conditions(snap)
            frozen = Counts.from_seq(s.execute(select(*[func.count().filter(where[c]) for c in COLUMNS])
                                               .where(R.snapshot_id == snap.id)).one())
            assert frozen == expected, (specs, period, as_of)
        finally:
            _cleanup(s, ids, snap_ids)


# Today for a task's own category: a Friday before a weekend, a Monday, a day before Tết 2026,
# any other day.
todays = st.sampled_from([date(2026, 3, 13), date(2026, 3, 9), date(2026, 2, 12)]) | \
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=case_of(), today=todays)
def test_task_list_filter_and_badges_agree(app, example, today):
    """(b) the task list's category filter and the home page's CASE keep exactly the tasks
    whose badge (the category a page shows) says so."""
    specs, _period, _as_of = example
    shift = today - _as_of  # the dates around ``today``, so every boundary is near it
    for spec in specs:
        for key in ("assigned_on", "due_on", "original_due_on", "completed_on"):
            spec[key] = spec[key] and spec[key] + shift
        spec["extensions"] = []
    with app.app_context():
        s = db.session
        tasks, unit = _insert(s, specs, today)
        ids = [t.id for t in tasks]
        try:
            cal = current_calendar()
            badge = {t.id: task_category(t, today) for t in tasks}
            admin = s.scalar(select(User).where(User.email == "admin@sonla.demo"))
            for cat in DeadlineCategory:
                listed = set(s.scalars(task_list(admin, TaskFilter(unit_id=unit.id, category=cat.value),
                                                 today=today, calendar=cal)).all())
                assert {t.id for t in listed} & set(ids) == {i for i, b in badge.items() if b == cat.value}, \
                    (cat, specs, today)
            cases = dict(s.execute(select(Task.id, category_expression(today, cal)).where(Task.id.in_(ids))).all())
            assert cases == badge, (specs, today)
        finally:
            _cleanup(s, ids)


def test_a_paused_task_past_its_deadline_is_overdue_everywhere(app):
    """A paused task still counts against its deadline in the badge, the list and the report."""
    today = date(2026, 3, 16)
    spec = {"status": TaskStatus.PAUSED.value, "assigned_on": today - timedelta(days=40),
            "due_on": today - timedelta(days=31), "original_due_on": None, "completed_on": None, "extensions": []}
    with app.app_context():
        s = db.session
        tasks, unit = _insert(s, [spec], today)
        try:
            assert task_category(tasks[0], today) == DeadlineCategory.OVERDUE.value
            admin = s.scalar(select(User).where(User.email == "admin@sonla.demo"))
            listed = s.scalars(task_list(admin, TaskFilter(unit_id=unit.id, category="overdue"), today=today,
                                         calendar=current_calendar())).all()
            assert tasks[0] in listed
            period = Period.containing("month", today)
            c = classify(TaskFacts(spec["status"], spec["assigned_on"], spec["due_on"]), period, today)
            assert (c.overdue, c.overdue_30, c.overdue_90) == (1, 1, 0)
            row = s.execute(select(*count_columns(period, today)).where(Task.id == tasks[0].id)).one()
            assert Counts.from_seq(row) == c
        finally:
            _cleanup(s, [t.id for t in tasks])
