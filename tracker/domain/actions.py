"""Every workflow action declared once: who may take it, from which states to which,
what its form asks for, the history kind it writes, its labels and who hears of it.

The transition table (tracker.domain.workflow.TABLE), the note rule, the history
kinds, the buttons and messages (tracker.labels), the form fields of the task page
and the audiences of the notifications are all read from ``ACTIONS``; adding an
action means adding one ``ActionSpec`` here (and its validator/effect in
tracker.services.workflow when it changes more than the state).

Pure apart from the lazy labels: nothing reads the database, the clock or a request.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tracker.domain.workflow import OPEN_STATUSES, ActorRelation, TaskAction, TaskStatus

# Who hears of an event (tracker.services.notifications): the units in these roles to the task.
LEAD = "lead"
ASSIGNER = "assigner"
COORDINATORS = "coordinators"

_S = TaskStatus
_UNIT = frozenset({ActorRelation.LEAD_OFFICER, ActorRelation.LEAD_HEAD})
_ASSIGNER = frozenset({ActorRelation.ASSIGNER_SECRETARIAT, ActorRelation.ASSIGNER_LEADER, ActorRelation.ADMIN})
_WORKING = frozenset({_S.RECEIVED, _S.IN_PROGRESS, _S.RETURNED})
_ACTIVE = _WORKING | {_S.ASSIGNED}

_REPORT_TEXT = _l("Hãy nhập nội dung báo cáo.")
_REASON = _l("Hãy nêu lý do.")
_OPTIONAL_OPINION = _l("Ý kiến (không bắt buộc)")


@dataclass(frozen=True)
class ActionSpec:
    action: TaskAction
    actors: frozenset          # relations that may take it (ActorRelation)
    sources: frozenset         # states it is taken from (TaskStatus)
    target: TaskStatus | None  # the state after it; None keeps the state
    event_kind: str            # TaskEvent.kind written to the history
    label: object              # the button
    name: object               # in a sentence: "Bạn không có quyền %(action)s ..."
    done: object               # "Đã %(action)s."
    history: object            # the history line's title (labels.EVENT)
    fields: tuple[str, ...] = ("note",)   # the inputs its form shows, in order
    note_label: object = None             # the label of the note on its form (None: the field's own)
    note_missing: object = None           # the message when the required note is empty; None: note optional
    audience: tuple[str, ...] = ()        # who is notified
    danger: bool = False                  # its submit button is red (it stops or sends back work)
    bulk: bool = False                    # may be taken on several tasks at once (apply_bulk, the API)
    own_page: bool = False                # has its own page and endpoint, not a form on the task page

    @property
    def note_required(self) -> bool:
        return self.note_missing is not None


_DECLARATIONS = (
    ActionSpec(
        TaskAction.RECEIVE, _UNIT, frozenset({_S.ASSIGNED}), _S.RECEIVED, "received",
        label=_l("Tiếp nhận"), name=_l("tiếp nhận"), done=_l("tiếp nhận"), history=_l("Tiếp nhận"), fields=(), bulk=True),
    # Refusing or asking to reassign is a decision of the unit, so its head takes it.
    ActionSpec(
        TaskAction.REFUSE, frozenset({ActorRelation.LEAD_HEAD}), frozenset({_S.ASSIGNED, _S.RECEIVED, _S.IN_PROGRESS}),
        _S.REFUSED, "refused",
        label=_l("Từ chối / đề nghị điều chỉnh"), name=_l("từ chối / đề nghị điều chỉnh"),
        done=_l("gửi đề nghị điều chỉnh"), history=_l("Từ chối / đề nghị điều chỉnh"),
        note_label=_l("Lý do từ chối / đề nghị điều chỉnh"), note_missing=_REASON, audience=(ASSIGNER,), danger=True),
    ActionSpec(
        TaskAction.REPORT, _UNIT, _WORKING, _S.IN_PROGRESS, "progress",
        label=_l("Báo cáo tiến độ"), name=_l("báo cáo tiến độ"), done=_l("gửi báo cáo tiến độ"),
        history=_l("Báo cáo tiến độ"), fields=("progress", "note", "files"),
        note_label=_l("Nội dung báo cáo tiến độ"), note_missing=_REPORT_TEXT),
    ActionSpec(
        TaskAction.CONTRIBUTE, frozenset({ActorRelation.COORDINATOR}), _ACTIVE | {_S.SUBMITTED}, None, "contribution",
        label=_l("Báo cáo phối hợp"), name=_l("gửi báo cáo phối hợp"), done=_l("gửi báo cáo phối hợp"),
        history=_l("Báo cáo của đơn vị phối hợp"), fields=("note", "files"),
        note_label=_l("Nội dung báo cáo của đơn vị phối hợp"), note_missing=_REPORT_TEXT, audience=(LEAD, ASSIGNER)),
    # Officers may submit too when their unit allows it (checked in transition()).
    ActionSpec(
        TaskAction.SUBMIT, _UNIT, _WORKING, _S.SUBMITTED, "submitted",
        label=_l("Gửi báo cáo kết quả"), name=_l("gửi báo cáo kết quả"), done=_l("gửi báo cáo kết quả"),
        history=_l("Gửi báo cáo kết quả"), fields=("progress", "note", "files", "override"),
        note_label=_l("Báo cáo kết quả thực hiện"), note_missing=_REPORT_TEXT, audience=(ASSIGNER,)),
    ActionSpec(
        TaskAction.ACCEPT, _ASSIGNER, frozenset({_S.SUBMITTED}), _S.DONE, "accepted",
        label=_l("Xác nhận hoàn thành"), name=_l("xác nhận hoàn thành"), done=_l("xác nhận hoàn thành"),
        history=_l("Xác nhận hoàn thành"), note_label=_OPTIONAL_OPINION, audience=(LEAD,), bulk=True),
    ActionSpec(
        TaskAction.RETURN, _ASSIGNER, frozenset({_S.SUBMITTED}), _S.RETURNED, "returned",
        label=_l("Trả lại"), name=_l("trả lại"), done=_l("trả lại"), history=_l("Trả lại, yêu cầu thực hiện lại"),
        note_label=_l("Lý do trả lại"), note_missing=_REASON, audience=(LEAD,), danger=True, bulk=True),
    ActionSpec(
        TaskAction.REQUEST_EXTENSION, _UNIT, _ACTIVE, None, "extension_requested",
        label=_l("Đề nghị gia hạn"), name=_l("đề nghị gia hạn"), done=_l("gửi đề nghị gia hạn"),
        history=_l("Đề nghị gia hạn"), fields=("new_due_on", "note"),
        note_label=_l("Lý do đề nghị gia hạn"), note_missing=_REASON, audience=(ASSIGNER,)),
    ActionSpec(
        TaskAction.APPROVE_EXTENSION, _ASSIGNER, _ACTIVE | {_S.SUBMITTED, _S.PAUSED, _S.REFUSED}, None,
        "extension_approved",
        label=_l("Đồng ý gia hạn"), name=_l("đồng ý gia hạn"), done=_l("đồng ý gia hạn"),
        history=_l("Đồng ý gia hạn"), fields=("approved_due_on", "note"),
        note_label=_l("Ý kiến (bắt buộc khi gia hạn đến ngày khác ngày đề nghị)"), audience=(LEAD,)),
    ActionSpec(
        TaskAction.REJECT_EXTENSION, _ASSIGNER, _ACTIVE | {_S.SUBMITTED, _S.PAUSED, _S.REFUSED}, None,
        "extension_rejected",
        label=_l("Không đồng ý gia hạn"), name=_l("không đồng ý gia hạn"), done=_l("không đồng ý gia hạn"),
        history=_l("Không đồng ý gia hạn"),
        note_label=_l("Lý do không đồng ý"), note_missing=_REASON, audience=(LEAD,), danger=True),
    ActionSpec(
        TaskAction.PAUSE, _ASSIGNER, _ACTIVE | {_S.SUBMITTED, _S.REFUSED}, _S.PAUSED, "paused",
        label=_l("Tạm dừng"), name=_l("tạm dừng"), done=_l("tạm dừng nhiệm vụ"), history=_l("Tạm dừng"),
        note_label=_l("Lý do (không bắt buộc)"), audience=(LEAD,)),
    # Back to the state before the pause (transition()).
    ActionSpec(
        TaskAction.RESUME, _ASSIGNER, frozenset({_S.PAUSED}), None, "resumed",
        label=_l("Tiếp tục"), name=_l("tiếp tục thực hiện"), done=_l("tiếp tục nhiệm vụ"),
        history=_l("Tiếp tục thực hiện"), note_label=_OPTIONAL_OPINION, audience=(LEAD,)),
    ActionSpec(
        TaskAction.CANCEL, _ASSIGNER, frozenset(OPEN_STATUSES), _S.CANCELLED, "cancelled",
        label=_l("Hủy nhiệm vụ"), name=_l("hủy"), done=_l("hủy nhiệm vụ"), history=_l("Hủy nhiệm vụ"),
        note_label=_l("Lý do hủy"), note_missing=_REASON, audience=(LEAD,), danger=True),
    ActionSpec(
        TaskAction.REASSIGN, _ASSIGNER, _ACTIVE | {_S.REFUSED}, _S.ASSIGNED, "reassigned",
        label=_l("Giao lại"), name=_l("giao lại"), done=_l("giao lại nhiệm vụ"), history=_l("Giao lại"),
        fields=("lead_unit_id", "note"), note_label=_OPTIONAL_OPINION, audience=(LEAD,)),
    ActionSpec(
        TaskAction.COMMENT, _UNIT | _ASSIGNER | {ActorRelation.COORDINATOR}, frozenset(TaskStatus) - {_S.CANCELLED},
        None, "commented",
        label=_l("Gửi ý kiến"), name=_l("gửi ý kiến"), done=_l("gửi ý kiến"), history=_l("Ý kiến"),
        note_label=_l("Ý kiến trao đổi"), note_missing=_l("Hãy nhập ý kiến."), audience=(LEAD, ASSIGNER, COORDINATORS)),
    # Its own page (the sub-tasks' form), not a form on the task page.
    ActionSpec(
        TaskAction.SPLIT, _UNIT, _WORKING, None, "split",
        label=_l("Giao cho cấp dưới"), name=_l("giao nhiệm vụ cho cấp dưới"), done=_l("giao nhiệm vụ cho cấp dưới"),
        history=_l("Giao nhiệm vụ cho cấp dưới"), fields=(), own_page=True),
)

# In TaskAction order: allowed_actions() and the buttons keep that order.
ACTIONS: dict[TaskAction, ActionSpec] = {s.action: s for s in sorted(
    _DECLARATIONS, key=lambda s: list(TaskAction).index(s.action))}


BULK = tuple(a for a, s in ACTIONS.items() if s.bulk)
OWN_PAGE = tuple(a for a, s in ACTIONS.items() if s.own_page)


def spec(action: TaskAction | str) -> ActionSpec:
    return ACTIONS[TaskAction(action)]


def action_of_kind(kind: str) -> TaskAction | None:
    """The action that writes history events of ``kind`` (None for "assigned", "created", ...)."""
    return _BY_KIND.get(kind)


_BY_KIND = {s.event_kind: s.action for s in _DECLARATIONS}
