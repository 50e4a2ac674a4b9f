"""The proposals blueprint, its limits and labels, and the choices a review form offers."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker.auth import can
from tracker.domain.deadlines import Recurrence
from tracker.domain.roles import Action
from tracker.extensions import db
from tracker.models import Directive
from tracker.queries.units import assignable_units, tree_choices
from tracker.services import ServiceError
from tracker.services.directives import load_directive_for
from tracker.services.unit_groups import groups_for



bp = Blueprint("proposals", __name__, url_prefix="/directives")


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


MAX_ROWS = 200


FLAG_LABELS = {
    "unknown_unit": _l("Có đơn vị chưa có trong danh mục"),
    "no_lead": _l("Chưa rõ đơn vị chủ trì"),
    "deadline_ambiguous": _l("Thời hạn chưa rõ"),
    "deadline_from_intro": _l("Thời hạn lấy từ câu dẫn của danh sách"),
    "deadline_from_note": _l("Thời hạn lấy từ câu nêu thời hạn hoàn thành ngay sau"),
    "deadline_before_document": _l("Thời hạn trước ngày của văn bản: kiểm tra lại"),
    "low_confidence": _l("Độ tin cậy thấp: có thể không phải nhiệm vụ"),
    "model_only": _l("Quy tắc không nhận ra câu giao việc này, chỉ mô hình đề xuất"),
}


RECURRING_VALUES = {r.value for r in Recurrence}


# why a row was proposed: the directing frame the extraction matched (Proposal.frame)
FRAME_LABELS = {
    "trigger": _l("Sau “yêu cầu / đề nghị / giao … [đơn vị]”"),
    "subject": _l("Đơn vị đứng đầu câu"),
    "lead_role": _l("“[Đơn vị] chủ trì, phối hợp …”"),
    "heading": _l("Dưới tiêu đề “Đối với [đơn vị]:”"),
    "same_sentence": _l("Cùng câu với ý trước, cùng đơn vị"),
    "list": _l("Mục của danh sách sau lời giao việc"),
    "previous_item": _l("Đơn vị của mục trước"),
    "none": _l("Câu hành động, không nêu đơn vị"),
    "missed": _l("Người kiểm tra thêm từ câu có thể bị sót"),
}



def _directive_to_assign(directive_id: int) -> Directive:
    """The same rule as directives.assign: 404 when not visible, 403 when the user may not assign."""
    try:
        directive = load_directive_for(db.session, current_user, directive_id)
    except ServiceError as e:
        abort(e.status)
    if not can(current_user, Action.ASSIGN_TASK, directive):
        abort(403)
    return directive


@dataclass
class Choices:
    groups: list
    units: list            # Unit rows the owner may assign to
    unit_choices: list     # (id, indented label)
    allowed: set[int]

    @property
    def lead_choices(self) -> list[tuple[str, str]]:
        return [(g.key, g.label) for g in self.groups] + [(str(i), label) for i, label in self.unit_choices]


def _choices(owner) -> Choices:
    units = assignable_units(db.session, owner, all_units=current_user.is_admin)
    return Choices(groups=groups_for(db.session, owner), units=units, unit_choices=tree_choices(units),
                   allowed={u.id for u in units})

