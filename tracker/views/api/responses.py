"""Response bodies of /api/v1, declared once as pydantic models.

The views answer through send(): the body is validated against its model and dumped
from it, and the OpenAPI document's response schemas are generated from the same
models (openapi.py), so a field cannot be served without being documented, nor
documented with a type the view does not produce. Models forbid unknown keys, so a view
adding a field it did not declare fails in the tests instead of drifting from the document.

Field names and shapes are the ones clients already read (serialize.py builds them).
"""
from datetime import date, datetime, timezone
from typing import Annotated, Literal

from flask import jsonify
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, create_model

from tracker.domain import indicators as ind
from tracker.domain.deadlines import DeadlineCategory, DeadlineKind, Recurrence
from tracker.domain.reports import COLUMNS, PeriodKind
from tracker.domain.roles import Action, Role
from tracker.domain.units import UnitKind
from tracker.domain.workflow import DirectiveKind, Priority, TaskAction, TaskStatus
from tracker.queries.reports.clauses import CATEGORY_COLUMNS, ROLES
from tracker.views.api.schemas import PROGRESS_RANGE, Id, _enum


def _no_additional(schema: dict, _cls) -> None:
    # Extra keys are refused when a view builds a body (a check on the code), but the
    # document stays open to fields added later, so strict clients keep working.
    schema.pop("additionalProperties", None)


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_no_additional)


def _utc(dt: datetime) -> str:
    """Stored datetimes are naive UTC; aware ones are converted. "2026-03-01T02:30:00Z"."""
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt.isoformat(timespec="seconds") + "Z"


UtcDateTime = Annotated[datetime, PlainSerializer(_utc, return_type=str),
                        WithJsonSchema({"type": "string", "format": "date-time",
                                        "description": "UTC, ví dụ 2026-03-01T02:30:00Z"})]
DecimalText = Annotated[str | None, Field(description="Số thập phân dạng chuỗi, ví dụ \"27.00\".")]


def send(model: type[BaseModel], data, status: int = 200, headers: dict | None = None):
    """The response: `data` validated against `model` and dumped from it."""
    resp = jsonify(model.model_validate(data).model_dump(mode="json", exclude_unset=True))
    resp.status_code = status
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


# --- errors ---------------------------------------------------------------------------

class Error(Out):
    """Mọi lỗi 4xx."""

    error: str = Field(description="Mã lỗi ổn định: unauthorized, forbidden, not_found, validation_error, "
                                   "invalid_json, conflict, unsupported_media_type, ...")
    message: str = Field(description="Thông báo cho người đọc (tiếng Việt; ?lang=en).")
    fields: dict[str, str] = Field(default_factory=dict, description="Lỗi theo từng trường, ví dụ \"symbol\", "
                                                     "\"tasks[0].deadline\". Chỉ có khi có lỗi theo trường.")


# --- units and people -----------------------------------------------------------------

class UnitRef(Out):
    id: Id
    name: str
    short_name: str | None


class UserRef(Out):
    id: Id
    name: str


class Unit(Out):
    id: Id
    code: str
    name: str
    short_name: str | None
    kind: _enum(UnitKind)
    kind_label: str | None
    parent_id: Id | None
    depth: int
    is_active: bool
    is_committee: bool
    email: str | None


class Me(Out):
    id: Id
    email: str
    name: str
    title: str | None
    role: _enum(Role)
    role_label: str | None
    locale: str
    unit: Unit | None
    permissions: list[_enum(Action)]


# --- directives -----------------------------------------------------------------------

class Directive(Out):
    id: Id
    kind: _enum(DirectiveKind)
    kind_label: str | None
    symbol: str | None = Field(description="Số, ký hiệu chuẩn hóa, ví dụ 154-QĐ/BCĐ")
    doc_type: str | None
    number: int | None
    numbering_period: str | None
    issued_on: date
    issuer: UnitRef
    owner: UnitRef
    signer: str | None
    title: str
    created_at: UtcDateTime


class DirectiveDetail(Directive):
    body: str
    created_by: UserRef
    task_ids: list[Id] = Field(description="Nhiệm vụ của văn bản mà người dùng được xem.")
    may_assign: bool = Field(description="Người dùng có được giao nhiệm vụ từ văn bản này không.")


class DirectiveRef(Out):
    id: Id
    kind: _enum(DirectiveKind)
    symbol: str | None
    title: str
    issued_on: date


# --- tasks ----------------------------------------------------------------------------

class Deadline(Out):
    kind: _enum(DeadlineKind)
    kind_label: str | None
    due_on: date | None
    original_due_on: date | None
    days: int | None
    recurrence: _enum(Recurrence) | None


class Task(Out):
    id: Id
    content: str
    status: _enum(TaskStatus)
    status_label: str | None
    priority: _enum(Priority)
    progress: Annotated[int, Field(ge=PROGRESS_RANGE["minimum"], le=PROGRESS_RANGE["maximum"])]
    category: _enum(DeadlineCategory) | None = Field(
        description="Nhóm thời hạn như trên các trang (null khi đã hủy).")
    category_label: str | None
    lead_unit: UnitRef
    coordinators: list[UnitRef]
    assigned_by_unit: UnitRef
    assigned_on: date
    deadline: Deadline
    due_on: date | None
    completed_on: date | None
    directive_id: Id | None
    parent_id: Id | None
    updated_at: UtcDateTime


class TaskEvent(Out):
    id: Id
    at: UtcDateTime
    kind: str
    kind_label: str
    actor: UserRef | None
    from_status: str | None
    to_status: str | None
    note: str | None
    changes: dict | None


class TaskDetail(Task):
    directive: DirectiveRef | None
    assigned_by: UserRef
    assigned_at: UtcDateTime
    note: str | None
    created_at: UtcDateTime
    version: int
    child_ids: list[Id]
    events: list[TaskEvent] = Field(description="Lịch sử, cũ trước.")


class AssignResponse(Out):
    count: int
    tasks: list[Task]


class TaskActionResult(Out):
    event: TaskEvent
    task: TaskDetail


class AvailableActions(Out):
    task_id: Id
    status: _enum(TaskStatus)
    version: int
    actions: list[_enum(TaskAction)]


class BulkFailure(Out):
    id: Id
    message: str


class BulkActionResult(Out):
    done: list[Id]
    failed: list[BulkFailure]


# --- pages ----------------------------------------------------------------------------

class _Page(Out):
    page: int
    per_page: int
    total: int = Field(description="Tổng số bản ghi khớp điều kiện.")
    pages: int


class UnitPage(_Page):
    items: list[Unit]


class DirectivePage(_Page):
    items: list[Directive]


class TaskPage(_Page):
    items: list[Task]



# --- indicators -----------------------------------------------------------------------

class IndicatorFigure(Out):
    achieved: DecimalText
    target: DecimalText
    rate: DecimalText
    units: int = Field(description="Số đơn vị được giao chỉ tiêu.")
    reporting: int = Field(description="Số đơn vị đã báo cáo.")
    phrase: str = Field(description="Cách viết trong báo cáo: “đạt 26/27 công trình (96,30%)”.")


class IndicatorUnit(Out):
    unit_id: Id
    unit_name: str
    target: DecimalText
    value: DecimalText
    reported_on: date | None
    reached: bool


class Indicator(Out):
    id: Id
    directive_id: Id | None
    task_id: Id | None
    name: str
    measure: _enum(ind.Measure)
    unit_label: str
    direction: _enum(ind.Direction)
    aggregation: _enum(ind.Aggregation)
    as_of: date
    figure: IndicatorFigure
    units: list[IndicatorUnit]


class IndicatorList(Out):
    items: list[Indicator]


class IndicatorValue(Out):
    id: Id
    indicator_id: Id
    unit_id: Id
    value: DecimalText
    reported_on: date
    reported_by: str
    note: str | None
    corrects_id: Id | None
    correction_reason: str | None


class IndicatorValueList(Out):
    items: list[IndicatorValue]


# --- reports --------------------------------------------------------------------------

Rate = Annotated[int | float | None, Field(description="Phần trăm, 2 chữ số thập phân; null khi không có mẫu số.")]

ReportCounts = create_model(
    "ReportCounts", __base__=Out,
    __doc__="Định nghĩa: docs/reports.md. completion_rate = completed/total; on_time_rate = on_time/due, "
            "due = completed + overdue.",
    **{c: (int, ...) for c in (*COLUMNS, "completed", "open", "due")},
    completion_rate=(Rate, ...), on_time_rate=(Rate, ...))
CategoryCounts = create_model("CategoryCounts", __base__=Out, **{c: (int, ...) for c in CATEGORY_COLUMNS})


class ReportPeriod(Out):
    kind: _enum(PeriodKind)
    start: date
    end: date
    label: str


class UnitReportRow(Out):
    unit: UnitRef
    direct: bool
    has_children: bool
    counts: ReportCounts
    rank: int | None
    previous_rank: int | None
    rank_change: int | None = Field(description="Dương: tăng hạng so với kỳ trước.")
    ranked: bool = Field(description="Sai: chưa xếp hạng (không có nhiệm vụ đến hạn trong kỳ).")


class UnitReport(Out):
    period: ReportPeriod
    previous_period: ReportPeriod
    as_of: date
    role: Literal[ROLES]  # type: ignore[valid-type]
    rolled_up: bool
    root: UnitRef | None
    snapshot_id: Id | None
    total: ReportCounts
    rows: list[UnitReportRow]


class DirectiveHeading(Out):
    id: Id
    symbol: str | None
    title: str


class DirectiveUnitProgress(Out):
    unit: UnitRef
    counts: CategoryCounts
    task_ids: list[Id]


class DirectiveProgress(Out):
    directive: DirectiveHeading
    as_of: date
    total: int
    completed: int
    counts: CategoryCounts
    units: list[DirectiveUnitProgress]
