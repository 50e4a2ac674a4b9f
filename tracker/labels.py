"""Vietnamese labels for the domain's codes, one place for pages, mails, exports and service messages."""
from flask_babel import lazy_gettext as _l

from tracker.domain.actions import ACTIONS
from tracker.domain.deadlines import DeadlineCategory, DeadlineKind, Recurrence
from tracker.domain.roles import Role
from tracker.domain.units import UnitKind
from tracker.domain.workflow import DirectiveKind, Priority, TaskStatus

ROLE = {
    Role.ADMIN.value: _l("Quản trị hệ thống"),
    Role.LEADER.value: _l("Lãnh đạo Ban Chỉ đạo"),
    Role.SECRETARIAT.value: _l("Chuyên viên theo dõi"),
    Role.UNIT_HEAD.value: _l("Lãnh đạo đơn vị"),
    Role.UNIT_OFFICER.value: _l("Cán bộ đơn vị"),
    Role.VIEWER.value: _l("Xem (chỉ đọc)"),
}

UNIT_KIND = {
    UnitKind.PROVINCE.value: _l("Tỉnh"),
    UnitKind.CITY.value: _l("Thành phố"),
    UnitKind.DISTRICT.value: _l("Huyện"),
    UnitKind.COMMUNE.value: _l("Xã"),
    UnitKind.WARD.value: _l("Phường"),
    UnitKind.DEPARTMENT.value: _l("Phòng, ban, ngành"),
    UnitKind.PARTY_COMMITTEE.value: _l("Đảng ủy"),
    UnitKind.PARTY_CELL.value: _l("Chi bộ"),
    UnitKind.POLICE.value: _l("Công an"),
    UnitKind.MASS_ORG.value: _l("Mặt trận, đoàn thể"),
    UnitKind.ENTERPRISE.value: _l("Doanh nghiệp"),
    UnitKind.COMMITTEE.value: _l("Ban Chỉ đạo"),
    UnitKind.VILLAGE.value: _l("Bản"),
    UnitKind.RESIDENTIAL_GROUP.value: _l("Tổ dân phố"),
    UnitKind.OTHER.value: _l("Khác"),
}

STATUS = {
    TaskStatus.ASSIGNED.value: _l("Mới giao"),
    TaskStatus.RECEIVED.value: _l("Đã tiếp nhận"),
    TaskStatus.IN_PROGRESS.value: _l("Đang thực hiện"),
    TaskStatus.SUBMITTED.value: _l("Chờ xác nhận"),
    TaskStatus.DONE.value: _l("Hoàn thành"),
    TaskStatus.RETURNED.value: _l("Trả lại"),
    TaskStatus.REFUSED.value: _l("Đề nghị điều chỉnh"),
    TaskStatus.PAUSED.value: _l("Tạm dừng"),
    TaskStatus.CANCELLED.value: _l("Đã hủy"),
}

CATEGORY = {
    DeadlineCategory.ON_TIME.value: _l("Hoàn thành đúng hạn"),
    DeadlineCategory.LATE.value: _l("Hoàn thành quá hạn"),
    DeadlineCategory.WITHIN.value: _l("Đang thực hiện trong hạn"),
    DeadlineCategory.DUE_SOON.value: _l("Sắp đến hạn"),
    DeadlineCategory.OVERDUE.value: _l("Quá hạn"),
    DeadlineCategory.NO_DEADLINE.value: _l("Không có thời hạn"),
}

# Bootstrap colour per category: overdue red, due soon orange (DOMAIN.md).
CATEGORY_COLOR = {
    DeadlineCategory.ON_TIME.value: "success",
    DeadlineCategory.LATE.value: "secondary",
    DeadlineCategory.WITHIN.value: "primary",
    DeadlineCategory.DUE_SOON.value: "warning",
    DeadlineCategory.OVERDUE.value: "danger",
    DeadlineCategory.NO_DEADLINE.value: "info",
}

DEADLINE_KIND = {
    DeadlineKind.DATE.value: _l("Đến ngày"),
    DeadlineKind.WORKING_DAYS.value: _l("Số ngày làm việc kể từ ngày giao"),
    DeadlineKind.NONE.value: _l("Không thời hạn (thường xuyên)"),
    DeadlineKind.RECURRING.value: _l("Định kỳ"),
}

RECURRENCE = {
    Recurrence.MONTHLY.value: _l("Hằng tháng"),
    Recurrence.QUARTERLY.value: _l("Hằng quý"),
    Recurrence.HALF_YEARLY.value: _l("6 tháng"),
    Recurrence.YEARLY.value: _l("Hằng năm"),
}

PRIORITY = {
    Priority.LOW.value: _l("Thấp"),
    Priority.NORMAL.value: _l("Bình thường"),
    Priority.HIGH.value: _l("Cao"),
    Priority.URGENT.value: _l("Khẩn"),
}

DIRECTIVE_KIND = {
    DirectiveKind.CONFERENCE.value: _l("Kết luận hội nghị, cuộc họp"),
    DirectiveKind.SUPERVISION.value: _l("Kết luận giám sát, kiểm tra"),
    DirectiveKind.DOCUMENT.value: _l("Văn bản chỉ đạo"),
}

# History titles: the two that no workflow action writes, then one per action (tracker.domain.actions).
EVENT = {
    "assigned": _l("Giao nhiệm vụ"),
    "created": _l("Tạo nhiệm vụ"),
    **{s.event_kind: s.history for s in ACTIONS.values()},
}

# Buttons of the task page, and "Đã ..." after an action succeeded, by workflow action.
ACTION = {a.value: s.label for a, s in ACTIONS.items()}
ACTION_DONE = {a.value: s.done for a, s in ACTIONS.items()}

# Fields named in an event's before/after changes.
CHANGE_FIELD = {
    "status": _l("Trạng thái"),
    "progress": _l("Tiến độ (%)"),
    "due_on": _l("Thời hạn"),
    "lead_unit": _l("Đơn vị chủ trì"),
    "completed_on": _l("Ngày hoàn thành"),
    "requested_due_on": _l("Thời hạn đề nghị"),
}

EXTENSION_STATUS = {
    "pending": _l("Chờ quyết định"),
    "approved": _l("Đã đồng ý"),
    "rejected": _l("Không đồng ý"),
}


def choices(mapping: dict) -> list[tuple[str, str]]:
    return [(k, v) for k, v in mapping.items()]
