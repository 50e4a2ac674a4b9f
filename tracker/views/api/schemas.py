"""Request bodies and query strings of /api/v1, declared once: the views validate with these
models and the OpenAPI document's input schemas and query parameters are generated from
them, so a limit is written once (its value in tracker.limits when the pages share it).

Why pydantic (v2): it validates plain dicts (JSON bodies and multipart forms alike), reports
every problem with its location in one pass, and emits JSON Schema 2020-12, which is what
OpenAPI 3.1 uses, without a framework taking over routing, error handling or the blueprint
(flask-smorest would, and marshmallow+apispec needs a plugin to reach 3.1). It was not a
dependency before; it is pinned in requirements.txt.

Bodies are strict: "4" is not an integer and true is not a number, as before; query strings
are lax ("5" is 5, an empty value is no value). Unknown fields are ignored. Text may not
contain NUL characters or lone surrogates (they cannot be stored).
"""
import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, StrictBool, StrictInt,
                      StrictStr, ValidationError, WithJsonSchema)
from pydantic_core import PydanticCustomError

from tracker.domain.deadlines import MAX_WORKING_DAYS, DeadlineCategory, DeadlineKind, Recurrence
from tracker.domain.actions import BULK, OWN_PAGE
from tracker.domain.workflow import DirectiveKind, Priority, TaskAction, TaskStatus
from tracker.limits import (ACTION_NOTE_MAX, BODY_MAX, MAX_ID, MAX_PAGE, MAX_SEARCH_CHARS, SIGNER_MAX, SYMBOL_MAX,
                            TASK_CONTENT_MAX, TASK_NOTE_MAX, TITLE_MAX)
from tracker.queries.tasks import SORTS, TaskFilter

# --- the limits, once ------------------------------------------------------------------
# Fields the pages have too take their bounds from tracker.limits, like the forms do.
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
LEAD_GROUP_MAX = 100
MAX_TASKS_PER_ASSIGNMENT = 100
MAX_BULK_TASKS = 200
MAX_ID_LIST = 500
DATE_ARG_MAX = 20  # a date in a query string: "2026-03-01" or "01/03/2026", with room for spaces
# Percent complete: the range tracker.domain.workflow.clamp_progress enforces (it answers on
# "progress"); documented on the input and checked on every task the API serves.
PROGRESS_RANGE = {"minimum": 0, "maximum": 100}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _enum(enum, *, exclude=()) -> type:
    return Literal[tuple(e.value for e in enum if e not in exclude)]  # type: ignore[return-value]


def _storable(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("invalid_chars", "invalid characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("invalid_chars", "invalid characters") from None
    return value


def _iso_date(value) -> date:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("iso_date", "not a YYYY-MM-DD date")


def Text(max_length: int, **kw):  # noqa: N802  (a type, read like one)
    return Annotated[StrictStr, Field(max_length=max_length, **kw), AfterValidator(_storable)]


IsoDate = Annotated[date, PlainValidator(_iso_date),
                    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD"})]
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)


class DirectiveInput(_Body):
    """Trường lạ bị bỏ qua."""

    kind: _enum(DirectiveKind)
    symbol: Text(SYMBOL_MAX, description="NUMBER-TYPE/ISSUER (Đảng) hoặc NUMBER/TYPE-ISSUER (Nhà nước); "
                                         "bắt buộc khi kind = document. Trùng số → 409.") | None = None
    issued_on: IsoDate
    issuer_unit_id: Id = Field(description="Một đơn vị trong GET /units của người dùng.")
    signer: Text(SIGNER_MAX) | None = None
    title: Text(TITLE_MAX)
    body: Text(BODY_MAX) | None = None


class DeadlineInput(_Body):

    kind: _enum(DeadlineKind)
    due_on: IsoDate | None = Field(None, description="Khi kind = date; không được trước ngày giao (hôm nay).")
    # The range is the domain's rule (the service answers on "deadline"); documented from the same constant.
    days: StrictInt | None = Field(None, json_schema_extra={"minimum": 1, "maximum": MAX_WORKING_DAYS},
                                   description="Khi kind = working_days: số ngày làm việc kể từ ngày giao "
                                               f"(1–{MAX_WORKING_DAYS}).")
    recurrence: _enum(Recurrence) | None = Field(None, description="Khi kind = recurring.")


class TaskAssignment(_Body):
    """Đúng một trong lead_unit_id, lead_group. Lỗi trả về theo khóa "tasks[i].field"."""

    content: Text(TASK_CONTENT_MAX) = ""
    lead_unit_id: Id | None = Field(None, description="Đơn vị chủ trì; hoặc dùng lead_group.")
    lead_group: Text(LEAD_GROUP_MAX, description="Nhóm đơn vị, mỗi đơn vị một nhiệm vụ: \"communes:<unit_id>\" "
                                                 "(các xã, phường) hoặc \"members:<committee_id>\".") | None = None
    coordinator_ids: Annotated[list[Id], Field(max_length=MAX_ID_LIST)] | None = None
    deadline: DeadlineInput
    priority: _enum(Priority) | None = Field(None, json_schema_extra={"default": Priority.NORMAL.value})
    note: Text(TASK_NOTE_MAX) | None = None


class AssignRequest(_Body):

    # Items are validated one by one (TaskAssignment) so one answer names every item's problems.
    tasks: Annotated[list, Field(min_length=1, max_length=MAX_TASKS_PER_ASSIGNMENT)]


class TaskActionInput(_Body):
    """Cũng nhận multipart/form-data với tệp minh chứng ở trường files."""

    action: _enum(TaskAction, exclude=OWN_PAGE)  # split has its own endpoint
    version: StrictInt = Field(description="Phiên bản của nhiệm vụ đã đọc (TaskDetail.version).")
    note: Text(ACTION_NOTE_MAX, description="Nội dung báo cáo, ý kiến, hoặc lý do (bắt buộc khi từ chối, trả lại, "
                                            "đề nghị gia hạn, không đồng ý gia hạn, hủy).") | None = None
    progress: StrictInt | None = Field(None, json_schema_extra=PROGRESS_RANGE,
                                       description="report (bắt buộc), submit.")
    new_due_on: IsoDate | None = Field(None, description="request_extension: thời hạn mới, không trước hôm nay.")
    approved_due_on: IsoDate | None = Field(None, description="approve_extension: gia hạn đến ngày này thay vì "
                                                              "ngày đề nghị (không muộn hơn; note bắt buộc khi khác).")
    lead_unit_id: Id | None = Field(None, description="reassign: đơn vị chủ trì mới.")
    override: StrictBool = Field(False, description="submit: lãnh đạo đơn vị gửi dù còn nhiệm vụ con.")


class TaskActionForm(TaskActionInput):
    """The same fields as multipart/form-data, with evidence files (documented only: the view
    reads the form into TaskActionInput and the files from request.files)."""

    files: Annotated[list, WithJsonSchema({"type": "array", "items": {"type": "string", "format": "binary"}})] = \
        Field(default_factory=list, description="Tệp minh chứng.")


class BulkActionItem(_Body):

    id: Id
    version: StrictInt


class BulkActionInput(_Body):

    action: Literal[tuple(a.value for a in BULK)]  # type: ignore[valid-type]  # declared bulk=True
    note: Text(ACTION_NOTE_MAX, description="Bắt buộc khi trả lại.") | None = None
    tasks: Annotated[list[BulkActionItem], Field(min_length=1, max_length=MAX_BULK_TASKS)]


# --- query strings (lax: "5" is 5; an empty value is no value) ----------------------------

class _Query(BaseModel):
    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)


QueryId = Annotated[int, Field(ge=1, le=MAX_ID)]
SearchText = Annotated[str, Field(max_length=MAX_SEARCH_CHARS), AfterValidator(_storable)]
DateArg = Annotated[str, Field(max_length=DATE_ARG_MAX)]
QueryDate = Annotated[DateArg, Field(json_schema_extra={"format": "date"})]


class PageQuery(_Query):
    page: Annotated[int, Field(ge=1, le=MAX_PAGE)] = Field(1, description="Trang, từ 1.")
    per_page: Annotated[int, Field(ge=1, le=MAX_PER_PAGE)] = Field(DEFAULT_PER_PAGE,
                                                                   description="Số bản ghi mỗi trang.")


class UnitQuery(PageQuery):
    q: SearchText | None = Field(None, description="Tìm theo tên, tên ngắn, mã (không dấu cũng được).")


class DirectiveQuery(PageQuery):
    q: SearchText | None = Field(None, description="Tìm trong trích yếu và số, ký hiệu.")
    kind: _enum(DirectiveKind) | None = Field(None, description="Loại nguồn.")


class TaskQuery(PageQuery):
    """The task list page's filters (tracker.views.tasks.filter_from_args reads them the same way)."""
    unit: QueryId | None = Field(None, description="Đơn vị chủ trì hoặc phối hợp.")
    sub: Literal["0", "1"] = Field("1", description="Gồm đơn vị trực thuộc.")
    role: Literal["lead", "coordinating"] | None = Field(None, description="Vai trò của đơn vị lọc.")
    directive: QueryId | None = Field(None, description="Mã văn bản.")
    status: _enum(TaskStatus) | None = Field(None, description="Trạng thái.")
    category: _enum(DeadlineCategory) | None = Field(None, description="Nhóm thời hạn.")
    due_from: QueryDate | None = Field(None, description="Hạn từ ngày (YYYY-MM-DD; dd/mm/yyyy cũng được).")
    due_to: QueryDate | None = Field(None, description="Hạn đến ngày (YYYY-MM-DD; dd/mm/yyyy cũng được).")
    q: SearchText | None = Field(None, description="Tìm trong nội dung (không dấu cũng được).")
    sort: Literal[tuple(SORTS)] = Field(TaskFilter().sort,  # type: ignore[valid-type]
                                        description="Sắp xếp (mặc định như trang danh sách).")


def query(model: type[BaseModel], args, errors: dict[str, str]):
    """The query string as the model; problems go into `errors` (by parameter name), and
    the result then holds the defaults, so a view can add its own checks before raising."""
    data = {name: args.get(name) for name in model.model_fields if args.get(name) not in (None, "")}
    try:
        return model.model_validate(data)
    except ValidationError as e:
        for key, text in field_errors(e).items():
            errors.setdefault(key, text)
        return model.model_construct()


def query_parameters(model: type[BaseModel]) -> list[dict]:
    """The model's fields as OpenAPI query parameters."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    out = []
    for name, prop in schema["properties"].items():
        prop = dict(prop)
        description = prop.pop("description", name)
        prop.pop("title", None)
        options = [p for p in prop.pop("anyOf", []) if p.get("type") != "null"]
        if len(options) == 1:
            prop.update(options[0])
        if prop.get("default", "") is None:
            del prop["default"]
        out.append({"name": name, "in": "query", "required": False, "schema": prop, "description": description})
    return out


def parse(model: type[BaseModel], data, prefix: str = ""):
    """The validated model, or an ApiError listing every field's problem."""
    from tracker.views.api.errors import validation_error

    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise validation_error(field_errors(e, prefix)) from None


def field_errors(e: ValidationError, prefix: str = "") -> dict[str, str]:
    """Pydantic's errors as {"tasks[0].deadline.due_on": message}, first message per field."""
    out: dict[str, str] = {}
    for err in e.errors(include_url=False):
        out.setdefault(path(err["loc"], prefix), message(err))
    return out


def path(loc: tuple, prefix: str = "") -> str:
    text = prefix
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.startswith(("function-", "constrained-")) or part in ("int", "str", "list[...]"):
            continue  # pydantic names the branch of a union it tried; the field is what matters
        else:
            text += f".{part}" if text else part
    return text


def message(err: dict) -> str:
    from flask_babel import gettext as _

    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "missing":
        return _("Trường này là bắt buộc.")
    if kind == "invalid_chars" or kind == "string_unicode":
        return _("Chuỗi chứa ký tự không hợp lệ.")
    if kind == "string_too_long" or (kind == "too_long" and isinstance(err.get("input"), str)):
        return _("Dài quá %(n)d ký tự.", n=ctx.get("max_length", 0))
    if kind.startswith("string"):
        return _("Phải là một chuỗi ký tự.")
    if kind.startswith("int"):
        return _("Phải là một số nguyên.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _("Số nằm ngoài khoảng cho phép.")
    if kind == "iso_date":
        return _("Ngày không hợp lệ; dùng dạng YYYY-MM-DD.")
    if kind.startswith("bool"):
        return _("Phải là true hoặc false.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Phải là một đối tượng JSON.")
    if kind == "too_short":
        return _("Danh sách không được rỗng.")
    if kind == "too_long":
        return _("Danh sách quá dài; tối đa %(n)d mục.", n=ctx.get("max_length", 0))
    if kind == "list_type":
        return _("Phải là một danh sách.")
    if kind in ("literal_error", "enum"):
        values = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return _("Giá trị không hợp lệ; chọn một trong: %(values)s.", values=values)
    return _("Giá trị không hợp lệ.")
