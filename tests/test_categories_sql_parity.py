"""The report categories have one meaning: the SQL of tracker.queries.reports.conditions
(counted by the database) and tracker.domain.reports.classify (the Python reference) agree
on generated tasks, on SQLite and on PostgreSQL (the second pass of make test)."""
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import case, delete, select

from tracker.domain.reports import COLUMNS, Period, TaskFacts, classify
from tracker.domain.workflow import TaskStatus
from tracker.extensions import db
from tracker.models import Task, Unit, User
from tracker.queries.reports import CATEGORY_COLUMNS, conditions
from tracker.services.reports import TASK_LINE_COLUMNS, _task_lines

BASE = date(2025, 1, 1)
periods = st.sampled_from(["month", "quarter", "year"]).flatmap(
    lambda kind: st.integers(0, 500).map(lambda n: Period.containing(kind, BASE + timedelta(days=n))))
# Offsets that sit on every boundary the rules compare against (the day itself, the day
# before/after, the 30/90/120-day thresholds), mixed with anything in between.
near = st.sampled_from([-121, -120, -119, -91, -90, -89, -31, -30, -29, -1, 0, 1]) | st.integers(-200, 200)


@st.composite
def case_of(draw):
    period = draw(periods)
    as_of = period.start + timedelta(days=draw(st.integers(0, (period.end - period.start).days + 30)))
    pivots = [as_of, period.start, period.end]

    def day():
        return draw(st.sampled_from(pivots)) + timedelta(days=draw(near))

    facts = [TaskFacts(status=draw(st.sampled_from([s.value for s in TaskStatus])), assigned_on=day(),
                       due_on=draw(st.none() | st.just(None).map(lambda _: day())),
                       original_due_on=draw(st.none() | st.just(None).map(lambda _: day())),
                       completed_on=draw(st.none() | st.just(None).map(lambda _: day())))
             for _ in range(draw(st.integers(1, 8)))]
    return facts, period, as_of


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=case_of())
def test_sql_and_python_classify_every_task_alike(app, example):
    facts, period, as_of = example
    with app.app_context():
        s = db.session
        unit = s.scalar(select(Unit).where(Unit.code == "chiengco"))
        body = s.scalar(select(Unit).where(Unit.code == "TP-BCD"))
        by = s.scalar(select(User).where(User.email == "thuky@sonla.demo"))
        tasks = [Task(content=f"Nhiệm vụ sinh ngẫu nhiên {i}", lead_unit=unit, assigned_by_unit=body, assigned_by=by,
                      deadline_kind="date" if f.due_on else "none", status=f.status, assigned_on=f.assigned_on,
                      due_on=f.due_on, original_due_on=f.original_due_on, completed_on=f.completed_on)
                 for i, f in enumerate(facts)]
        s.add_all(tasks)
        s.commit()
        try:
            ids = [t.id for t in tasks]
            conds = conditions(period, as_of)
            names = ["population", *COLUMNS]
            rows = {r[0]: list(r[1:]) for r in s.execute(
                select(Task.id, *[case((conds[n], 1), else_=0) for n in names]).where(Task.id.in_(ids)))}
            # The line a closed period freezes for each counted task (its category CASE).
            lines = s.execute(_task_lines(0, period, as_of, "lead")).all()
            frozen = {r[TASK_LINE_COLUMNS.index("task_id")]: r for r in lines if r[TASK_LINE_COLUMNS.index("task_id")] in ids}
            for task_id, f in zip(ids, facts):
                want = classify(f, period, as_of)
                got = rows[task_id]
                assert bool(got[0]) == (want is not None), (f, period, as_of)
                assert (task_id in frozen) == (want is not None), (f, period, as_of)
                if want is not None:
                    assert got[1:] == want.as_list(), (f, period, as_of)
                    line = dict(zip(TASK_LINE_COLUMNS, frozen[task_id]))
                    assert line["category"] == next(c for c in CATEGORY_COLUMNS if getattr(want, c)), (f, period)
                    assert (bool(line["carried"]), bool(line["extended"])) == (bool(want.carried),
                                                                               bool(want.extended)), (f, period)
        finally:
            s.execute(delete(Task).where(Task.id.in_([t.id for t in tasks])))
            s.commit()
