"""Task states. The transition table grows with the unit workflow."""
from enum import Enum


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


class Priority(str, Enum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class DirectiveKind(str, Enum):
    CONFERENCE = "conference"    # kết luận hội nghị, thông báo kết luận
    SUPERVISION = "supervision"  # kết luận giám sát, kiểm tra
    DOCUMENT = "document"        # Quyết định, Chỉ thị, Kế hoạch, ...
