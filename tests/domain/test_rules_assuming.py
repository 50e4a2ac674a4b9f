"""rules.assuming: a report's columns as counted among its population (COUNTED_RULES, what the
FILTERed counts are compiled from) hold for every task of the population exactly when the columns'
own rules do, on every combination of status and days around the period and D; and the counts leave
out the population's "not cancelled" and "assigned by the period's last day"."""
from datetime import date, timedelta
from itertools import product

from tracker.domain.categories import COUNTED_RULES, POPULATION, REPORT_RULES, report_params
from tracker.domain.reports import COLUMNS
from tracker.domain.rules import ALWAYS, All, Cmp, Not, StatusIn, assuming, holds
from tracker.domain.workflow import TaskStatus

D = date(2026, 6, 15)
START = date(2026, 1, 1)
DAYS = (None, START - timedelta(days=200), START - timedelta(days=1), START, D - timedelta(days=121),
        D - timedelta(days=31), D - timedelta(days=1), D, D + timedelta(days=1), date(2026, 6, 30))


def test_counted_columns_hold_for_a_counted_task_exactly_when_the_report_rules_do():
    checked = 0
    for as_of, end in ((D, date(2026, 6, 30)), (date(2026, 6, 30), date(2026, 6, 30)), (D, date(2026, 12, 31))):
        params = report_params(START, end, as_of)
        for status, due, original, completed, assigned in product([s.value for s in TaskStatus], DAYS, DAYS[:3],
                                                                  DAYS, DAYS[1:]):
            facts = {"status": status, "due_on": due, "original_due_on": original, "completed_on": completed,
                     "assigned_on": assigned}
            if not holds(POPULATION, facts, params):
                continue
            checked += 1
            for c in COLUMNS:
                assert holds(COUNTED_RULES[c], facts, params) == holds(REPORT_RULES[c], facts, params), (c, facts)
    assert checked > 10_000


def test_what_the_population_says_is_no_condition_of_a_count():
    def parts(rule):
        yield rule
        for child in getattr(rule, "items", ()) + tuple(x for x in (getattr(rule, "item", None),
                                                                   getattr(rule, "rule", None)) if x is not None):
            yield from parts(child)
    not_cancelled = Not(StatusIn((TaskStatus.CANCELLED.value,)))
    assert not_cancelled in POPULATION.rule.items
    for c in ("within", "overdue", "overdue_30", "no_deadline", "carried_open"):
        assert not_cancelled in parts(REPORT_RULES[c]) and not_cancelled not in parts(COUNTED_RULES[c]), c
    assert isinstance(COUNTED_RULES["assigned"], Cmp)  # assigned_on >= start: <= the last day is the population's
    assert COUNTED_RULES["total"] == ALWAYS
    assert assuming(All(not_cancelled), (not_cancelled,)) == ALWAYS and assuming(Not(not_cancelled), (not_cancelled,)) != ALWAYS
