"""The transition table, cell by cell: every state x action x actor relation.

The expectation below is written out by hand from the issue and DOMAIN.md, not
derived from tracker.domain.workflow.TABLE, so a slip in either shows up here.
"""
from datetime import date

import pytest

from tracker.domain.workflow import (
    ActorRelation as R,
    ExtensionError,
    TaskAction as A,
    TaskStatus as S,
    TransitionError,
    actor_relation,
    allowed_actions,
    check_extension,
    clamp_progress,
    transition,
)

UNIT = {R.LEAD_OFFICER, R.LEAD_HEAD}
ASSIGNER = {R.ASSIGNER_SECRETARIAT, R.ASSIGNER_LEADER, R.ADMIN}
ACTIVE = {S.ASSIGNED, S.RECEIVED, S.IN_PROGRESS, S.RETURNED}
WORKING = {S.RECEIVED, S.IN_PROGRESS, S.RETURNED}
SAME = "same"

# action: (relations allowed, {from state: to state})
EXPECTED = {
    A.RECEIVE: (UNIT, {S.ASSIGNED: S.RECEIVED}),
    A.REFUSE: ({R.LEAD_HEAD}, {S.ASSIGNED: S.REFUSED, S.RECEIVED: S.REFUSED, S.IN_PROGRESS: S.REFUSED}),
    A.REPORT: (UNIT, {S.RECEIVED: S.IN_PROGRESS, S.IN_PROGRESS: S.IN_PROGRESS, S.RETURNED: S.IN_PROGRESS}),
    A.CONTRIBUTE: ({R.COORDINATOR}, {s: SAME for s in ACTIVE | {S.SUBMITTED}}),
    A.SUBMIT: (UNIT, {S.RECEIVED: S.SUBMITTED, S.IN_PROGRESS: S.SUBMITTED, S.RETURNED: S.SUBMITTED}),
    A.ACCEPT: (ASSIGNER, {S.SUBMITTED: S.DONE}),
    A.RETURN: (ASSIGNER, {S.SUBMITTED: S.RETURNED}),
    A.REQUEST_EXTENSION: (UNIT, {s: SAME for s in ACTIVE}),
    A.APPROVE_EXTENSION: (ASSIGNER, {s: SAME for s in ACTIVE | {S.SUBMITTED, S.PAUSED, S.REFUSED}}),
    A.REJECT_EXTENSION: (ASSIGNER, {s: SAME for s in ACTIVE | {S.SUBMITTED, S.PAUSED, S.REFUSED}}),
    A.PAUSE: (ASSIGNER, {s: S.PAUSED for s in ACTIVE | {S.SUBMITTED, S.REFUSED}}),
    A.RESUME: (ASSIGNER, {S.PAUSED: S.IN_PROGRESS}),  # no state before the pause given: in progress
    A.CANCEL: (ASSIGNER, {s: S.CANCELLED for s in set(S) - {S.DONE, S.CANCELLED}}),
    A.REASSIGN: (ASSIGNER, {s: S.ASSIGNED for s in ACTIVE | {S.REFUSED}}),
    A.COMMENT: (UNIT | ASSIGNER | {R.COORDINATOR}, {s: SAME for s in set(S) - {S.CANCELLED}}),
    A.SPLIT: (UNIT, {s: SAME for s in WORKING}),
}

CELLS = [(s, a, r) for s in S for a in A for r in R]


def test_every_action_has_an_expectation():
    assert set(EXPECTED) == set(A)


@pytest.mark.parametrize("status,action,relation", CELLS, ids=[f"{s.value}-{a.value}-{r.value}" for s, a, r in CELLS])
def test_cell(status, action, relation):
    actors, moves = EXPECTED[action]
    # Officers submit only where the unit allows it; that flag is tested separately.
    flags = {"officers_may_submit": True}
    if relation in actors and status in moves:
        want = moves[status]
        assert transition(status, action, relation, **flags) == (status if want == SAME else want)
    else:
        with pytest.raises(TransitionError) as e:
            transition(status, action, relation, **flags)
        assert e.value.code == ("forbidden" if relation not in actors else "invalid_state")


def test_nothing_leaves_done_or_cancelled_except_comments_on_done():
    for action in A:
        for relation in R:
            with pytest.raises(TransitionError):
                transition(S.CANCELLED, action, relation, officers_may_submit=True)
            if action is not A.COMMENT:
                with pytest.raises(TransitionError):
                    transition(S.DONE, action, relation, officers_may_submit=True)


@pytest.mark.parametrize("status", sorted(WORKING))
def test_officer_submits_only_when_the_unit_allows(status):
    with pytest.raises(TransitionError) as e:
        transition(status, A.SUBMIT, R.LEAD_OFFICER)
    assert e.value.code == "head_must_submit" and e.value.is_permission
    assert transition(status, A.SUBMIT, R.LEAD_OFFICER, officers_may_submit=True) is S.SUBMITTED
    assert transition(status, A.SUBMIT, R.LEAD_HEAD) is S.SUBMITTED


def test_coordinator_can_never_submit():
    for status in S:
        with pytest.raises(TransitionError) as e:
            transition(status, A.SUBMIT, R.COORDINATOR, officers_may_submit=True)
        assert e.value.code == "forbidden"


def test_open_children_block_submission_unless_head_overrides():
    with pytest.raises(TransitionError) as e:
        transition(S.IN_PROGRESS, A.SUBMIT, R.LEAD_HEAD, open_children=2)
    assert e.value.code == "children_open"
    with pytest.raises(TransitionError) as e:
        transition(S.IN_PROGRESS, A.SUBMIT, R.LEAD_OFFICER, officers_may_submit=True, open_children=1, override=True)
    assert e.value.code == "children_open"
    assert transition(S.IN_PROGRESS, A.SUBMIT, R.LEAD_HEAD, open_children=2, override=True) is S.SUBMITTED


@pytest.mark.parametrize("before", [S.ASSIGNED, S.RECEIVED, S.IN_PROGRESS, S.RETURNED, S.SUBMITTED, S.REFUSED])
def test_resume_returns_to_the_state_before_the_pause(before):
    paused = transition(before, A.PAUSE, R.ASSIGNER_SECRETARIAT)
    assert paused is S.PAUSED
    assert transition(paused, A.RESUME, R.ASSIGNER_LEADER, status_before_pause=before) is before


@pytest.mark.parametrize("bad", [S.PAUSED, S.DONE, S.CANCELLED])
def test_resume_never_lands_in_a_closed_or_paused_state(bad):
    assert transition(S.PAUSED, A.RESUME, R.ADMIN, status_before_pause=bad) is S.IN_PROGRESS


def test_unknown_codes_are_rejected():
    with pytest.raises(ValueError):
        transition("nope", A.RECEIVE, R.LEAD_HEAD)
    with pytest.raises(ValueError):
        transition(S.ASSIGNED, "fly", R.LEAD_HEAD)
    with pytest.raises(ValueError):
        transition(S.ASSIGNED, A.RECEIVE, "boss")


@pytest.mark.parametrize("role,flags,want", [
    ("admin", {}, R.ADMIN),
    ("viewer", {"in_assigner": True}, R.OTHER),
    ("secretariat", {"in_assigner": True}, R.ASSIGNER_SECRETARIAT),
    ("leader", {"in_assigner": True}, R.ASSIGNER_LEADER),
    ("unit_head", {"in_assigner": True, "in_lead": False}, R.ASSIGNER_LEADER),   # a ward handing down sub-tasks
    ("unit_officer", {"in_assigner": True}, R.ASSIGNER_SECRETARIAT),
    ("unit_head", {"in_lead": True}, R.LEAD_HEAD),
    ("leader", {"in_lead": True}, R.LEAD_HEAD),                                  # a committee as lead unit
    ("unit_officer", {"in_lead": True}, R.LEAD_OFFICER),
    ("secretariat", {"in_lead": True}, R.LEAD_OFFICER),
    ("unit_officer", {"in_coordinator": True}, R.COORDINATOR),
    ("unit_head", {"in_lead": True, "in_coordinator": True}, R.LEAD_HEAD),
    ("unit_head", {}, R.OTHER),
    ("secretariat", {}, R.OTHER),
])
def test_actor_relation(role, flags, want):
    assert actor_relation(role, **flags) is want


def test_allowed_actions_lists_buttons():
    assert allowed_actions(S.ASSIGNED, R.LEAD_OFFICER) == [A.RECEIVE, A.REQUEST_EXTENSION, A.COMMENT]
    assert A.SUBMIT not in allowed_actions(S.IN_PROGRESS, R.LEAD_OFFICER)
    assert A.SUBMIT in allowed_actions(S.IN_PROGRESS, R.LEAD_OFFICER, officers_may_submit=True)
    assert allowed_actions(S.SUBMITTED, R.ASSIGNER_SECRETARIAT)[:2] == [A.ACCEPT, A.RETURN]
    assert allowed_actions(S.CANCELLED, R.ADMIN) == []
    assert allowed_actions(S.IN_PROGRESS, R.OTHER) == []


@pytest.mark.parametrize("new,current,code", [
    (None, date(2026, 5, 1), "date_required"),
    (date(2026, 6, 1), None, "no_deadline"),
    (date(2026, 3, 31), date(2026, 3, 1), "before_today"),
    (date(2026, 4, 10), date(2026, 4, 10), "not_later"),
    (date(2026, 4, 5), date(2026, 4, 10), "not_later"),
])
def test_bad_extensions(new, current, code):
    with pytest.raises(ExtensionError) as e:
        check_extension(new, current_due_on=current, today=date(2026, 4, 1))
    assert e.value.code == code


def test_good_extension_even_for_an_overdue_task():
    check_extension(date(2026, 4, 1), current_due_on=date(2026, 3, 1), today=date(2026, 4, 1))


@pytest.mark.parametrize("value,ok", [(0, True), (50, True), (100, True), ("75", True), (-1, False), (101, False),
                                      ("abc", False), (True, False)])
def test_clamp_progress(value, ok):
    if ok:
        assert clamp_progress(value) == int(value)
    else:
        with pytest.raises(ValueError):
            clamp_progress(value)
