"""Task states and the unit workflow as a transition table.

Pure: the caller says who the actor is to the task (``ActorRelation``) and passes
the facts the rules need (the unit's setting, open sub-tasks, the state before a
pause). Nothing here reads the database or the clock, so the whole table can be
tested exhaustively.
"""
from __future__ import annotations

from datetime import date
from enum import Enum

from tracker.domain.roles import Role


class TaskStatus(str, Enum):
    ASSIGNED = "assigned"        # mới giao
    RECEIVED = "received"        # đã tiếp nhận
    IN_PROGRESS = "in_progress"  # đang thực hiện
    SUBMITTED = "submitted"      # chờ xác nhận
    DONE = "done"                # hoàn thành
    RETURNED = "returned"        # trả lại
    REFUSED = "refused"          # từ chối / đề nghị điều chỉnh
    PAUSED = "paused"            # tạm dừng
    CANCELLED = "cancelled"      # hủy


CLOSED_STATUSES = frozenset({TaskStatus.DONE, TaskStatus.CANCELLED})
OPEN_STATUSES = frozenset(TaskStatus) - CLOSED_STATUSES
# The same sets as the strings the database stores, for IN (...) clauses: defined once here.
CLOSED_VALUES = tuple(sorted(s.value for s in CLOSED_STATUSES))
OPEN_VALUES = tuple(sorted(s.value for s in OPEN_STATUSES))


class Priority(str, Enum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class DirectiveKind(str, Enum):
    CONFERENCE = "conference"    # kết luận hội nghị, thông báo kết luận
    SUPERVISION = "supervision"  # kết luận giám sát, kiểm tra
    DOCUMENT = "document"        # Quyết định, Chỉ thị, Kế hoạch, ...


class TaskAction(str, Enum):
    RECEIVE = "receive"                      # tiếp nhận
    REFUSE = "refuse"                        # từ chối / đề nghị điều chỉnh
    REPORT = "report"                        # báo cáo tiến độ
    CONTRIBUTE = "contribute"                # báo cáo của đơn vị phối hợp
    SUBMIT = "submit"                        # gửi báo cáo kết quả
    ACCEPT = "accept"                        # xác nhận hoàn thành
    RETURN = "return"                        # trả lại, thực hiện lại
    REQUEST_EXTENSION = "request_extension"  # đề nghị gia hạn
    APPROVE_EXTENSION = "approve_extension"
    REJECT_EXTENSION = "reject_extension"
    PAUSE = "pause"                          # tạm dừng
    RESUME = "resume"
    CANCEL = "cancel"                        # hủy, dừng thực hiện
    REASSIGN = "reassign"                    # giao lại cho đơn vị khác (hoặc giữ nguyên)
    COMMENT = "comment"                      # trao đổi, ý kiến
    SPLIT = "split"                          # giao lại cấp dưới (sub-tasks)


class ActorRelation(str, Enum):
    """Who the acting user is to one task."""
    LEAD_OFFICER = "lead_officer"
    LEAD_HEAD = "lead_head"
    COORDINATOR = "coordinator"
    ASSIGNER_SECRETARIAT = "assigner_secretariat"
    ASSIGNER_LEADER = "assigner_leader"
    ADMIN = "admin"
    OTHER = "other"  # sees the task (a unit above, a viewer) but takes no part in it


class TransitionError(Exception):
    """An action refused by the table; ``code`` is stable for messages and HTTP codes.

    Codes: ``forbidden`` (this relation never does this action), ``head_must_submit``,
    ``invalid_state`` (not from the task's current state), ``children_open``.
    """

    def __init__(self, code: str, *, action: TaskAction | None = None, status: TaskStatus | None = None):
        super().__init__(code)
        self.code = code
        self.action = action
        self.status = status

    @property
    def is_permission(self) -> bool:
        return self.code in ("forbidden", "head_must_submit")


def __getattr__(name: str):
    """TABLE, NOTE_REQUIRED and EVENT_KIND, read from the one declaration per action
    (tracker.domain.actions, which imports the enums above, hence the lazy import)."""
    if name not in ("TABLE", "NOTE_REQUIRED", "EVENT_KIND"):
        raise AttributeError(name)
    from tracker.domain.actions import ACTIONS

    if name == "TABLE":  # action -> (who may, from which states, to which state; None keeps the state)
        return {a: (s.actors, s.sources, s.target) for a, s in ACTIONS.items()}
    if name == "NOTE_REQUIRED":  # actions that need a reason or a text (the report itself)
        return frozenset(a for a, s in ACTIONS.items() if s.note_required)
    # EVENT_KIND: the event kind written to the history for each action
    return {a: s.event_kind for a, s in ACTIONS.items()}


def actor_relation(role: str, *, is_admin: bool = False, in_assigner: bool = False, in_lead: bool = False,
                   in_coordinator: bool = False) -> ActorRelation:
    """Who a user is to a task, from their role and whether their own unit is the
    assigning body, the lead or a coordinating unit.

    A unit head or officer is the assigning body of the sub-tasks their unit hands
    down, so the assigner side is decided by unit, not only by committee roles.
    Viewers act on nothing.
    """
    if is_admin or role == Role.ADMIN:
        return ActorRelation.ADMIN
    if role == Role.VIEWER:
        return ActorRelation.OTHER
    heads = (Role.LEADER, Role.UNIT_HEAD)
    if in_assigner:
        return ActorRelation.ASSIGNER_LEADER if role in heads else ActorRelation.ASSIGNER_SECRETARIAT
    if in_lead:
        return ActorRelation.LEAD_HEAD if role in heads else ActorRelation.LEAD_OFFICER
    if in_coordinator:
        return ActorRelation.COORDINATOR
    return ActorRelation.OTHER


def transition(status: TaskStatus | str, action: TaskAction | str, relation: ActorRelation | str, *,
               officers_may_submit: bool = False, open_children: int = 0, override: bool = False,
               status_before_pause: TaskStatus | str | None = None) -> TaskStatus:
    """The state after ``action``, or raise TransitionError.

    Order of checks: who (forbidden), then from which state (invalid_state), then
    the sub-task rule: a parent with open children is submitted only by the unit
    head overriding with a reason (``override``; the caller checks the reason).
    """
    from tracker.domain.actions import ACTIONS  # declared there, after the enums of this module

    status, action, relation = TaskStatus(status), TaskAction(action), ActorRelation(relation)
    decl = ACTIONS[action]
    actors, sources, target = decl.actors, decl.sources, decl.target
    if relation not in actors:
        raise TransitionError("forbidden", action=action, status=status)
    if action is TaskAction.SUBMIT and relation is ActorRelation.LEAD_OFFICER and not officers_may_submit:
        raise TransitionError("head_must_submit", action=action, status=status)
    if status not in sources:
        raise TransitionError("invalid_state", action=action, status=status)
    if action is TaskAction.SUBMIT and open_children > 0:
        if not (override and relation is ActorRelation.LEAD_HEAD):
            raise TransitionError("children_open", action=action, status=status)
    if action is TaskAction.RESUME:
        before = TaskStatus(status_before_pause) if status_before_pause else TaskStatus.IN_PROGRESS
        return before if before in OPEN_STATUSES and before is not TaskStatus.PAUSED else TaskStatus.IN_PROGRESS
    return target if target is not None else status


def allowed_actions(status: TaskStatus | str, relation: ActorRelation | str, *,
                    officers_may_submit: bool = False) -> list[TaskAction]:
    """Actions the relation may take now, in table order (for buttons and the API)."""
    out = []
    for action in TaskAction:
        try:
            transition(status, action, relation, officers_may_submit=officers_may_submit, override=True)
        except TransitionError:
            continue
        out.append(action)
    return out


class ExtensionError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_extension(new_due_on: date | None, *, current_due_on: date | None, today: date,
                    latest: date | None = None) -> None:
    """A requested new deadline must exist, not lie in the past, and move the deadline later.

    Codes: ``date_required``, ``no_deadline`` (ongoing tasks have nothing to extend),
    ``before_today``, ``not_later``, ``beyond_horizon`` (after ``latest``).
    """
    if new_due_on is None:
        raise ExtensionError("date_required")
    if current_due_on is None:
        raise ExtensionError("no_deadline")
    if new_due_on < today:
        raise ExtensionError("before_today")
    if new_due_on <= current_due_on:
        raise ExtensionError("not_later")
    if latest is not None and new_due_on > latest:
        raise ExtensionError("beyond_horizon")


def clamp_progress(value) -> int:
    """Percent complete as an int in 0..100; raise ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("progress")
    v = int(value)
    if not 0 <= v <= 100:
        raise ValueError("progress")
    return v
