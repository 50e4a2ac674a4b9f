"""rules.restrict: a rule simplified for the tasks of some statuses (and with some facts known
or unknown) holds for each such task exactly when the rule does; a filter that can never keep
a status's tasks becomes NEVER (the task list then skips reading them)."""
from datetime import date, timedelta
from itertools import product

import pytest

from tracker.domain.categories import POPULATION, REPORT_RULES, TASK_RULES, report_params, task_params
from tracker.domain.deadlines import DeadlineCategory as C
from tracker.domain.rules import ALWAYS, NEVER, holds, restrict
from tracker.domain.workflow import CLOSED_VALUES, OPEN_VALUES, TaskStatus

TODAY = date(2026, 6, 15)
DAYS = (None, TODAY - timedelta(days=200), TODAY - timedelta(days=40), TODAY - timedelta(days=1), TODAY,
        TODAY + timedelta(days=2), TODAY + timedelta(days=30))
STATUSES = [s.value for s in TaskStatus]
RESTRICTIONS = [
    dict(statuses=OPEN_VALUES), dict(statuses=CLOSED_VALUES), dict(statuses=("cancelled",)),
    dict(statuses=("done",), known={"completed_on"}), dict(statuses=("done",), unknown={"completed_on"}),
    dict(statuses=("in_progress",)), dict(statuses=None), dict(statuses=None, unknown={"due_on"}),
    dict(statuses=("assigned", "done"), known={"due_on", "completed_on"}),
]
RULES = {**{f"task:{c.value}": r for c, r in TASK_RULES.items()}, **{f"report:{k}": r for k, r in REPORT_RULES.items()},
         "population": POPULATION}
PARAMS = {"task": task_params(TODAY), "report": report_params(date(2026, 1, 1), date(2026, 6, 30), TODAY)}


def _facts():
    for status, due, completed, assigned in product(STATUSES, DAYS, DAYS, DAYS[1:]):
        yield {"status": status, "due_on": due, "original_due_on": due if status != "paused" else DAYS[-1],
               "completed_on": completed, "assigned_on": assigned}


def _allowed(facts, statuses=None, known=(), unknown=()):
    return ((statuses is None or facts["status"] in statuses) and all(facts[k] is not None for k in known)
            and all(facts[k] is None for k in unknown))


def _id(restriction: dict) -> str:
    """A stable id: sets printed sorted (str() of a set follows the hash seed, which differs
    between pytest-xdist workers, and the workers must collect the same ids)."""
    return ",".join(f"{k}={sorted(v) if isinstance(v, (set, frozenset)) else v}" for k, v in restriction.items())


@pytest.mark.parametrize("restriction", RESTRICTIONS, ids=_id)
def test_a_restricted_rule_holds_exactly_when_the_rule_does_for_those_tasks(restriction):
    facts_list = list(_facts())
    for name, rule in RULES.items():
        for params in PARAMS.values():
            small = restrict(rule, params, **restriction)
            checked = 0
            for facts in facts_list:
                if _allowed(facts, **restriction):
                    assert holds(small, facts, params) == holds(rule, facts, params), (name, restriction, facts)
                    checked += 1
            assert checked


def test_what_a_status_can_never_be_is_never():
    params = PARAMS["task"]
    open_ = [C.OVERDUE, C.DUE_SOON, C.WITHIN, C.NO_DEADLINE]
    for c in open_:
        assert restrict(TASK_RULES[c], params, statuses=("cancelled",)) == NEVER
        assert restrict(TASK_RULES[c], params, statuses=("done",), known={"completed_on"}) == NEVER
        assert restrict(TASK_RULES[c], params, statuses=("done",), unknown={"completed_on"}) != NEVER
        assert restrict(TASK_RULES[c], params, statuses=OPEN_VALUES) not in (ALWAYS, NEVER)
    for c in (C.ON_TIME, C.LATE):
        assert restrict(TASK_RULES[c], params, statuses=OPEN_VALUES) == NEVER
        assert restrict(TASK_RULES[c], params, statuses=("done",), unknown={"completed_on"}) == NEVER
    # Overdue among open tasks is only the deadline's comparison.
    small = restrict(TASK_RULES[C.OVERDUE], params, statuses=OPEN_VALUES)
    assert holds(small, {"due_on": TODAY - timedelta(days=1)}, params)
    assert not holds(small, {"due_on": TODAY}, params)
