"""Status and state sets are defined once (tracker.domain.workflow / states / reminders)."""
from tracker.domain.reminders import DEADLINE_STATUSES
from tracker.domain.states import ExtensionStatus, OutboxState, ReminderState
from tracker.domain.workflow import CLOSED_STATUSES, CLOSED_VALUES, OPEN_STATUSES, OPEN_VALUES, TaskStatus
from tracker.models import ExtensionRequest, OutboxMail, Reminder


def test_open_and_closed_partition_the_task_statuses():
    assert OPEN_STATUSES | CLOSED_STATUSES == set(TaskStatus) and not OPEN_STATUSES & CLOSED_STATUSES
    assert set(CLOSED_VALUES) == {"done", "cancelled"}
    assert set(OPEN_VALUES) == {s.value for s in TaskStatus} - {"done", "cancelled"}


def test_work_owed_against_a_deadline_is_open_and_excludes_waiting_tasks():
    """Reminders and the weekly digest: a paused, refused or submitted task waits on the body."""
    assert DEADLINE_STATUSES <= set(OPEN_VALUES)
    assert not DEADLINE_STATUSES & {"paused", "refused", "submitted"}


def test_every_state_has_a_label_on_the_reminders_page():
    from tracker.views.reminders import STATE_LABELS

    for s in (*ReminderState, *OutboxState):
        assert s.value in STATE_LABELS, s


def test_new_rows_start_in_the_first_state():
    assert Reminder.__table__.c.state.default.arg == ReminderState.PLANNED.value
    assert OutboxMail.__table__.c.state.default.arg == OutboxState.PENDING.value
    assert ExtensionRequest.__table__.c.status.default.arg == ExtensionStatus.PENDING.value
