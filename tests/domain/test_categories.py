"""The declared deadline categories: each task falls in exactly one, and the rule language
means what tracker.domain.rules says (the SQL compiler is held to it in
tests/test_categories_sql_parity.py)."""
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.calendar import WorkCalendar
from tracker.domain.categories import (CATEGORY_COLUMNS, OPEN_CATEGORIES, REPORT_RULES, report_columns,
                                       report_params, task_category, task_params)
from tracker.domain.deadlines import DeadlineCategory as C
from tracker.domain.rules import All, Any, Cmp, Fact, IsNull, Not, Param, holds
from tracker.domain.workflow import TaskStatus

D = date(2026, 3, 13)
days = st.none() | st.integers(-200, 200).map(lambda n: D + timedelta(days=n))
facts = st.fixed_dictionaries({"status": st.sampled_from([s.value for s in TaskStatus]),
                               "assigned_on": st.integers(-400, 0).map(lambda n: D + timedelta(days=n)),
                               "due_on": days, "original_due_on": days, "completed_on": days})


def test_an_unknown_fact_fails_a_comparison_and_a_missing_bound_does_not_bound():
    due, d = Fact("due_on"), Param("as_of")
    assert not holds(Cmp(due, "<", d), {"due_on": None}, {"as_of": D})
    assert holds(Not(Cmp(due, "<", d)), {"due_on": None}, {"as_of": D})
    assert holds(Cmp(due, "<=", d), {"due_on": D}, {"as_of": None})
    assert not holds(Cmp(due, "<=", d), {"due_on": None}, {"as_of": None})
    assert holds(Cmp(due, "<", Param("as_of", -30)), {"due_on": D - timedelta(days=31)}, {"as_of": D})
    assert not holds(Cmp(due, "<", Param("as_of", -30)), {"due_on": D - timedelta(days=30)}, {"as_of": D})
    assert holds(All(), {}, {}) and not holds(Any(), {}, {}) and holds(IsNull(due), {"due_on": None}, {})


def test_open_categories_are_read_from_the_rules():
    assert OPEN_CATEGORIES == ("within", "overdue", "no_deadline")


@given(f=facts, soon=st.integers(0, 10), calendar=st.sampled_from([None, WorkCalendar()]))
def test_every_task_has_one_own_category_and_cancelled_ones_none(f, soon, calendar):
    got = task_category(f, task_params(D, calendar, soon))
    assert (got is None) == (f["status"] == TaskStatus.CANCELLED.value)
    if got is C.ON_TIME or got is C.LATE:
        assert f["status"] == TaskStatus.DONE.value and f["completed_on"] is not None
    # A done task without its completion day is still judged against its deadline.
    if f["status"] == TaskStatus.DONE.value and f["completed_on"] is None:
        assert got in (C.WITHIN, C.DUE_SOON, C.OVERDUE, C.NO_DEADLINE)


@given(f=facts, as_of=st.integers(0, 60).map(lambda n: D + timedelta(days=n)))
def test_every_counted_task_has_one_report_category(f, as_of):
    cols = report_columns(f, report_params(D, D + timedelta(days=30), as_of))
    if cols is None:
        return
    assert sum(cols[c] for c in CATEGORY_COLUMNS) == 1
    assert cols["assigned"] + cols["carried"] == cols["total"] == 1
    assert cols["carried_open"] == int(cols["carried"] and any(cols[c] for c in OPEN_CATEGORIES))
    assert cols["overdue_120"] <= cols["overdue_90"] <= cols["overdue_30"] <= cols["overdue"]
    assert set(cols) == set(REPORT_RULES)
