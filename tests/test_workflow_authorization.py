"""Authorization table of the workflow through the pages: every action x every kind of user.

Users: lead unit officer and head, a coordinating unit, the assigning body's secretariat,
leader and read-only member, an admin, and a unit with nothing to do with the task.
Expected: another unit's task is 404 (never confirmed), a user who may not act gets 403,
one who may gets past authorization (success, or a message about the input or the state).
Each cell runs on a fresh task in the state the action starts from.
"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, demo_email, login
from tests.test_workflow import make_task
from tracker.domain.workflow import TABLE, ActorRelation as R, TaskAction as A
from tracker.models import ExtensionRequest, Task, TaskEvent, User
from tracker.services.calendar import load_calendar
from tracker.timeutil import local_today

USERS = {
    "chiengle.canbo": R.LEAD_OFFICER,
    "chiengle.lanhdao": R.LEAD_HEAD,
    "tohieu.canbo": R.COORDINATOR,
    "thuky": R.ASSIGNER_SECRETARIAT,
    "truongban": R.ASSIGNER_LEADER,
    "admin": R.ADMIN,
    "giamsat": R.OTHER,          # read-only member of the assigning committee: sees, never acts
    "chiengco.canbo": None,      # another ward: does not even see the task
}
# A state each action may start from, and what to fill in so that only authorization decides.
START = {
    A.RECEIVE: "assigned", A.REFUSE: "received", A.REPORT: "in_progress", A.CONTRIBUTE: "in_progress",
    A.SUBMIT: "in_progress", A.ACCEPT: "submitted", A.RETURN: "submitted", A.REQUEST_EXTENSION: "in_progress",
    A.APPROVE_EXTENSION: "in_progress", A.REJECT_EXTENSION: "in_progress", A.PAUSE: "in_progress",
    A.RESUME: "paused", A.CANCEL: "in_progress", A.REASSIGN: "refused", A.COMMENT: "in_progress",
}
FIELDS = {"note": "Nội dung / lý do.", "progress": "40"}
CELLS = [(a, u) for a in START for u in USERS]


def _later_working_day(session):
    return load_calendar(session).roll_forward(local_today() + timedelta(days=60))


def _expected(action: A, local: str) -> int:
    rel = USERS[local]
    if rel is None:
        return 404
    if rel not in TABLE[action][0]:
        return 403
    if action is A.SUBMIT and rel is R.LEAD_OFFICER:
        return 403  # the ward has not let its officers submit
    return 302


@pytest.mark.parametrize("action,local", CELLS, ids=[f"{a.value}-{u}" for a, u in CELLS])
def test_workflow_authorization_table(client, session, action, local):
    tid = make_task(session, "chiengle", coordinators=("tohieu",))
    task = session.get(Task, tid)
    task.status = START[action]
    if action is A.RESUME:
        session.add(TaskEvent(task=task, kind="paused", from_status="in_progress", to_status="paused"))
    if action in (A.APPROVE_EXTENSION, A.REJECT_EXTENSION):
        session.add(ExtensionRequest(task=task, requested_by=session.scalar(
            select(User).where(User.email == demo_email("chiengle.canbo"))), current_due_on=task.due_on,
            new_due_on=_later_working_day(session), reason="Mưa lũ."))
    session.commit()
    version = session.get(Task, tid).version
    events_before = len(session.scalars(select(TaskEvent).where(TaskEvent.task_id == tid)).all())

    assert login(client, demo_email(local)).status_code == 302
    home = client.get("/home").text
    data = {"csrf_token": csrf_from(home), f"{action.value}-version": str(version)}
    data.update({f"{action.value}-{k}": v for k, v in FIELDS.items()})
    # A working day within the deadline horizon: no moved-date step, no horizon refusal.
    data[f"{action.value}-new_due_on"] = _later_working_day(session).strftime("%d/%m/%Y")
    if action is A.CANCEL:
        data["confirmed"] = "1"  # past the confirmation step: only authorization decides
    if action is A.REASSIGN:
        data[f"{action.value}-lead_unit_id"] = str(session.scalar(
            select(Task.lead_unit_id).where(Task.id == tid)))
    resp = client.post(f"/tasks/{tid}/act/{action.value}", data=data)
    want = _expected(action, local)
    assert resp.status_code == want, (resp.status_code, re.findall(r'invalid-feedback[^>]*>([^<]+)', resp.text))
    session.expire_all()
    events_after = len(session.scalars(select(TaskEvent).where(TaskEvent.task_id == tid)).all())
    assert events_after == events_before + (1 if want == 302 else 0)
    # The page offers the button exactly when the table allows the action.
    if want != 404:
        page = client.get(f"/tasks/{tid}").text if want != 302 else None
        if page is not None:
            assert f'id="action-{action.value}"' not in page
