"""Vietnamese labels for the domain's codes, one place for pages, mails, exports and service messages."""
from flask_babel import lazy_gettext as _l

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

EVENT = {
    "assigned": _l("Giao nhiệm vụ"),
    "created": _l("Tạo nhiệm vụ"),
    "received": _l("Tiếp nhận"),
    "refused": _l("Từ chối / đề nghị điều chỉnh"),
    "progress": _l("Báo cáo tiến độ"),
    "contribution": _l("Báo cáo của đơn vị phối hợp"),
    "submitted": _l("Gửi báo cáo kết quả"),
    "accepted": _l("Xác nhận hoàn thành"),
    "returned": _l("Trả lại, yêu cầu thực hiện lại"),
    "extension_requested": _l("Đề nghị gia hạn"),
    "extension_approved": _l("Đồng ý gia hạn"),
    "extension_rejected": _l("Không đồng ý gia hạn"),
    "paused": _l("Tạm dừng"),
    "resumed": _l("Tiếp tục thực hiện"),
    "cancelled": _l("Hủy nhiệm vụ"),
    "reassigned": _l("Giao lại"),
    "commented": _l("Ý kiến"),
    "split": _l("Giao nhiệm vụ cho cấp dưới"),
}

# Buttons of the task page, by workflow action (tracker.domain.workflow.TaskAction).
ACTION = {
    "receive": _l("Tiếp nhận"),
    "report": _l("Báo cáo tiến độ"),
    "submit": _l("Gửi báo cáo kết quả"),
    "contribute": _l("Báo cáo phối hợp"),
    "accept": _l("Xác nhận hoàn thành"),
    "return": _l("Trả lại"),
    "request_extension": _l("Đề nghị gia hạn"),
    "approve_extension": _l("Đồng ý gia hạn"),
    "reject_extension": _l("Không đồng ý gia hạn"),
    "refuse": _l("Từ chối / đề nghị điều chỉnh"),
    "pause": _l("Tạm dừng"),
    "resume": _l("Tiếp tục"),
    "cancel": _l("Hủy nhiệm vụ"),
    "reassign": _l("Giao lại"),
    "comment": _l("Gửi ý kiến"),
    "split": _l("Giao cho cấp dưới"),
}

# "Đã ..." after an action succeeded.
ACTION_DONE = {
    "receive": _l("tiếp nhận"),
    "report": _l("gửi báo cáo tiến độ"),
    "submit": _l("gửi báo cáo kết quả"),
    "contribute": _l("gửi báo cáo phối hợp"),
    "accept": _l("xác nhận hoàn thành"),
    "return": _l("trả lại"),
    "request_extension": _l("gửi đề nghị gia hạn"),
    "approve_extension": _l("đồng ý gia hạn"),
    "reject_extension": _l("không đồng ý gia hạn"),
    "refuse": _l("gửi đề nghị điều chỉnh"),
    "pause": _l("tạm dừng nhiệm vụ"),
    "resume": _l("tiếp tục nhiệm vụ"),
    "cancel": _l("hủy nhiệm vụ"),
    "reassign": _l("giao lại nhiệm vụ"),
    "comment": _l("gửi ý kiến"),
    "split": _l("giao nhiệm vụ cho cấp dưới"),
}

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
