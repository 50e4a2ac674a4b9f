"""The OpenAPI 3.1 document of /api/v1, next to the code it describes.

Request bodies come from the pydantic models in schemas.py (the same ones the views
validate with); route modules add their operations through register().

tests/test_api_openapi.py walks the app's url_map and fails when a route is missing
here, and checks that every $ref resolves. Enumerations come from the domain enums so
they cannot drift. Summaries are in Vietnamese, like the rest of the product.
"""
from flask import jsonify

from tracker.domain.deadlines import DeadlineCategory, DeadlineKind, Recurrence
from tracker.domain.roles import Action, Role
from tracker.domain.units import UnitKind
from tracker.domain.workflow import DirectiveKind, Priority, TaskStatus
from tracker.views.api import bp, public, schemas
from tracker.views.api.inputs import MAX_ID

API_VERSION = "1.0.0"


def _values(enum) -> list[str]:
    return [e.value for e in enum]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    out = dict(schema)
    out["type"] = [schema["type"], "null"]
    if "enum" in out:
        out["enum"] = list(out["enum"]) + [None]
    return out


STR = {"type": "string"}
INT = {"type": "integer"}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
BOOL = {"type": "boolean"}
DATE = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}
DATETIME = {"type": "string", "format": "date-time", "description": "UTC, ví dụ 2026-03-01T02:30:00Z"}


def _obj(properties: dict, required: list[str] | None = None, description: str | None = None) -> dict:
    out = {"type": "object", "properties": properties}
    out["required"] = list(properties) if required is None else required
    if description:
        out["description"] = description
    return out


def _page_of(item: str) -> dict:
    return _obj({
        "items": {"type": "array", "items": _ref(item)},
        "page": INT, "per_page": INT,
        "total": {"type": "integer", "description": "Tổng số bản ghi khớp điều kiện."},
        "pages": INT,
    })


SCHEMAS = {
    "Error": _obj({
        "error": {"type": "string", "description": "Mã lỗi ổn định: unauthorized, forbidden, not_found, "
                  "validation_error, invalid_json, conflict, unsupported_media_type, ..."},
        "message": {"type": "string", "description": "Thông báo cho người đọc (tiếng Việt; ?lang=en)."},
        "fields": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "Lỗi theo từng trường, ví dụ \"symbol\", \"tasks[0].deadline\"."},
    }, required=["error", "message"]),
    "UnitRef": _obj({"id": ID, "name": STR, "short_name": _nullable(STR)}),
    "UserRef": _obj({"id": ID, "name": STR}),
    "Unit": _obj({
        "id": ID, "code": STR, "name": STR, "short_name": _nullable(STR),
        "kind": {"type": "string", "enum": _values(UnitKind)}, "kind_label": _nullable(STR),
        "parent_id": _nullable(ID), "depth": INT, "is_active": BOOL, "is_committee": BOOL,
        "email": _nullable(STR),
    }),
    "Me": _obj({
        "id": ID, "email": STR, "name": STR, "title": _nullable(STR),
        "role": {"type": "string", "enum": _values(Role)}, "role_label": _nullable(STR),
        "locale": STR, "unit": _nullable(_ref("Unit")),
        "permissions": {"type": "array", "items": {"type": "string", "enum": _values(Action)}},
    }),
    "Directive": _obj({
        "id": ID, "kind": {"type": "string", "enum": _values(DirectiveKind)}, "kind_label": _nullable(STR),
        "symbol": _nullable({"type": "string", "description": "Số, ký hiệu chuẩn hóa, ví dụ 154-QĐ/BCĐ"}),
        "doc_type": _nullable(STR), "number": _nullable(INT), "numbering_period": _nullable(STR),
        "issued_on": DATE, "issuer": _ref("UnitRef"), "owner": _ref("UnitRef"),
        "signer": _nullable(STR), "title": STR, "created_at": DATETIME,
    }),
    "DirectiveDetail": {"allOf": [_ref("Directive"), _obj({
        "body": STR, "created_by": _ref("UserRef"),
        "task_ids": {"type": "array", "items": ID, "description": "Nhiệm vụ của văn bản mà người dùng được xem."},
        "may_assign": {"type": "boolean", "description": "Người dùng có được giao nhiệm vụ từ văn bản này không."},
    })]},
    "DirectiveRef": _obj({"id": ID, "kind": {"type": "string", "enum": _values(DirectiveKind)},
                          "symbol": _nullable(STR), "title": STR, "issued_on": DATE}),
    "Deadline": _obj({
        "kind": {"type": "string", "enum": _values(DeadlineKind)}, "kind_label": _nullable(STR),
        "due_on": _nullable(DATE), "original_due_on": _nullable(DATE),
        "days": _nullable(INT), "recurrence": _nullable({"type": "string", "enum": _values(Recurrence)}),
    }),
    "Task": _obj({
        "id": ID, "content": STR,
        "status": {"type": "string", "enum": _values(TaskStatus)}, "status_label": _nullable(STR),
        "priority": {"type": "string", "enum": _values(Priority)},
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
        "category": _nullable({"type": "string", "enum": _values(DeadlineCategory),
                               "description": "Nhóm thời hạn như trên các trang (null khi đã hủy)."}),
        "category_label": _nullable(STR),
        "lead_unit": _ref("UnitRef"), "coordinators": {"type": "array", "items": _ref("UnitRef")},
        "assigned_by_unit": _ref("UnitRef"), "assigned_on": DATE, "deadline": _ref("Deadline"),
        "due_on": _nullable(DATE), "completed_on": _nullable(DATE),
        "directive_id": _nullable(ID), "parent_id": _nullable(ID), "updated_at": DATETIME,
    }),
    "TaskEvent": _obj({
        "id": ID, "at": DATETIME, "kind": STR, "kind_label": STR, "actor": _nullable(_ref("UserRef")),
        "from_status": _nullable(STR), "to_status": _nullable(STR), "note": _nullable(STR),
        "changes": {"type": ["object", "null"]},
    }),
    "TaskDetail": {"allOf": [_ref("Task"), _obj({
        "directive": _nullable(_ref("DirectiveRef")), "assigned_by": _ref("UserRef"),
        "assigned_at": DATETIME, "note": _nullable(STR), "created_at": DATETIME, "version": INT,
        "child_ids": {"type": "array", "items": ID},
        "events": {"type": "array", "items": _ref("TaskEvent"), "description": "Lịch sử, cũ trước."},
    })]},
    "AssignResponse": _obj({"count": INT, "tasks": {"type": "array", "items": _ref("Task")}}),
    "UnitPage": _page_of("Unit"),
    "DirectivePage": _page_of("Directive"),
    "TaskPage": _page_of("Task"),
    # Request bodies: generated from the models the views validate with.
    **schemas.component_schemas(),
}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


RESPONSES = {
    "BadRequest": _error_response("JSON không hợp lệ, sai kiểu dữ liệu hoặc tham số; chi tiết trong fields."),
    "Unauthorized": {**_error_response("Thiếu, sai hoặc đã thu hồi mã truy cập."),
                     "headers": {"WWW-Authenticate": {"schema": STR, "description": "Bearer realm=\"api\""}}},
    "Forbidden": _error_response("Vai trò của người dùng không được làm việc này."),
    "NotFound": _error_response("Không có, hoặc thuộc đơn vị khác (không xác nhận là có)."),
    "Conflict": _error_response("Trùng số, ký hiệu văn bản."),
    "UnsupportedMediaType": _error_response("Content-Type không phải application/json."),
}


def _param(name: str, schema: dict, description: str, where: str = "query", required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description}


PARAMETERS = {
    "lang": _param("lang", {"type": "string", "enum": ["vi", "en"]},
                   "Ngôn ngữ của thông báo; mặc định theo Accept-Language rồi theo tài khoản."),
}


def _p(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _r(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


def _path_id(name: str, what: str) -> dict:
    return _param(name, ID, f"Mã {what}.", where="path", required=True)


_READ_ERRORS = {"400": _r("BadRequest"), "401": _r("Unauthorized")}

PATHS = {
    "/me": {"get": {
        "operationId": "getMe", "tags": ["me"], "summary": "Người dùng của mã truy cập",
        "parameters": [_p("lang")],
        "responses": {"200": _json("Me", "Người dùng, đơn vị và các quyền."), "401": _r("Unauthorized")},
    }},
    "/units": {"get": {
        "operationId": "listUnits", "tags": ["units"], "summary": "Đơn vị được chọn",
        "description": "Quản trị: mọi đơn vị đang hoạt động. Chuyên viên theo dõi, lãnh đạo BCĐ: các đơn vị "
                       "được giao nhiệm vụ. Người khác: đơn vị mình và các đơn vị trực thuộc.",
        "parameters": [*schemas.query_parameters(schemas.UnitQuery), _p("lang")],
        "responses": {"200": _json("UnitPage", "Một trang đơn vị, theo cây."), **_READ_ERRORS},
    }},
    "/units/{unit_id}": {"get": {
        "operationId": "getUnit", "tags": ["units"], "summary": "Một đơn vị",
        "parameters": [_path_id("unit_id", "đơn vị"), _p("lang")],
        "responses": {"200": _json("Unit", "Đơn vị."), "401": _r("Unauthorized"), "404": _r("NotFound")},
    }},
    "/directives": {
        "get": {
            "operationId": "listDirectives", "tags": ["directives"], "summary": "Nguồn giao nhiệm vụ được xem",
            "parameters": [*schemas.query_parameters(schemas.DirectiveQuery), _p("lang")],
            "responses": {"200": _json("DirectivePage", "Mới nhất trước."), **_READ_ERRORS},
        },
        "post": {
            "operationId": "createDirective", "tags": ["directives"], "summary": "Ghi nhận văn bản, kết luận",
            "parameters": [_p("lang")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("DirectiveInput")}}},
            "responses": {
                "201": {**_json("DirectiveDetail", "Đã ghi nhận."),
                        "headers": {"Location": {"schema": STR, "description": "URL của văn bản."}}},
                "400": _r("BadRequest"), "401": _r("Unauthorized"), "403": _r("Forbidden"),
                "409": _r("Conflict"), "415": _r("UnsupportedMediaType"),
            },
        },
    },
    "/directives/{directive_id}": {"get": {
        "operationId": "getDirective", "tags": ["directives"], "summary": "Một văn bản và nhiệm vụ của nó",
        "parameters": [_path_id("directive_id", "văn bản"), _p("lang")],
        "responses": {"200": _json("DirectiveDetail", "Văn bản."), "401": _r("Unauthorized"),
                      "404": _r("NotFound")},
    }},
    "/directives/{directive_id}/tasks": {"post": {
        "operationId": "assignTasks", "tags": ["directives", "tasks"], "summary": "Giao nhiệm vụ từ văn bản",
        "description": "Tất cả hoặc không: một lỗi thì không nhiệm vụ nào được tạo. Một nhóm đơn vị tạo mỗi "
                       "đơn vị một nhiệm vụ. Chỉ cơ quan đã ghi nhận văn bản (hoặc quản trị) được giao.",
        "parameters": [_path_id("directive_id", "văn bản"), _p("lang")],
        "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("AssignRequest")}}},
        "responses": {"201": _json("AssignResponse", "Các nhiệm vụ đã tạo."), "400": _r("BadRequest"),
                      "401": _r("Unauthorized"), "403": _r("Forbidden"), "404": _r("NotFound"),
                      "415": _r("UnsupportedMediaType")},
    }},
    "/tasks": {"get": {
        "operationId": "listTasks", "tags": ["tasks"], "summary": "Nhiệm vụ được xem, lọc như trang danh sách",
        "parameters": [*schemas.query_parameters(schemas.TaskQuery), _p("lang")],
        "responses": {"200": _json("TaskPage", "Một trang nhiệm vụ."), **_READ_ERRORS},
    }},
    "/tasks/{task_id}": {"get": {
        "operationId": "getTask", "tags": ["tasks"], "summary": "Một nhiệm vụ, nguồn và lịch sử",
        "parameters": [_path_id("task_id", "nhiệm vụ"), _p("lang")],
        "responses": {"200": _json("TaskDetail", "Nhiệm vụ."), "401": _r("Unauthorized"),
                      "404": _r("NotFound")},
    }},
    "/openapi.json": {"get": {
        "operationId": "getOpenApi", "tags": ["meta"], "summary": "Tài liệu OpenAPI này",
        "security": [],
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {
            "schema": {"type": "object"}}}}},
    }},
}


def register(*, paths: dict | None = None, schemas: dict | None = None, responses: dict | None = None) -> None:
    """Add a module's operations (and the output schemas they name) to the document.

    Route modules call this beside their routes; a name registered twice is a mistake.
    """
    for target, new in ((PATHS, paths), (SCHEMAS, schemas), (RESPONSES, responses)):
        for key, value in (new or {}).items():
            if key in target:
                raise ValueError(f"OpenAPI: {key} is declared twice")
            target[key] = value


def build_spec() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Directive Tracker API",
            "version": API_VERSION,
            "description": "Theo dõi nhiệm vụ do Ban Chỉ đạo giao. Xác thực: tạo mã truy cập cá nhân ở trang "
                           "Tài khoản → Mã truy cập API (hoặc `flask users token EMAIL`), gửi tiêu đề "
                           "`Authorization: Bearer <mã>`. Quyền như trên các trang: đối tượng của đơn vị khác "
                           "→ 404, vai trò không được phép → 403. Mọi lỗi 4xx là JSON theo schema Error. "
                           "Ngày dạng YYYY-MM-DD, thời điểm dạng ISO 8601 UTC (Z).",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "tags": [{"name": n} for n in ("me", "units", "directives", "tasks", "meta")],
        "paths": PATHS,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "Mã truy cập cá nhân (dt_...)."}},
            "schemas": SCHEMAS,
            "responses": RESPONSES,
            "parameters": PARAMETERS,
        },
    }


@bp.get("/openapi.json")
@public
def openapi_json():
    return jsonify(build_spec())
