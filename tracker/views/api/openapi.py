"""The OpenAPI 3.1 document of /api/v1, generated from the code it describes.

Every schema comes from a pydantic model: request bodies and query strings from
schemas.py (the models the views validate with), response bodies from responses.py
(the models the views answer through). The components and query parameters are generated
from the models the operations name, the first time the document is asked for, so a limit
written in a model is the limit in the document. What is written here is the glue: paths, methods, summaries,
which status codes an operation answers, the security scheme. Route modules add their
operations through register().

tests/test_api_openapi.py walks the app's url_map and fails when a route is missing
here, and checks that every $ref resolves. Summaries are in Vietnamese, like the rest
of the product.
"""
from functools import lru_cache

from flask import current_app, jsonify
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from tracker.views.api import bp, public, schemas
from tracker.views.api import responses as r

API_VERSION = "1.0.0"
_REF = "#/components/schemas/{model}"

# The models the operations name, by component name; their nested models come along.
MODELS: dict[str, type[BaseModel]] = {}


def _ref(model: type[BaseModel]) -> dict:
    if MODELS.setdefault(model.__name__, model) is not model:
        raise ValueError(f"OpenAPI: two models are named {model.__name__}")
    return {"$ref": _REF.format(model=model.__name__)}


class _Query:
    """A model's fields as query parameters, expanded when the document is generated."""

    def __init__(self, model: type[BaseModel]):
        self.model = model


def _query(model: type[BaseModel]) -> _Query:
    return _Query(model)


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(r.Error)}}}


RESPONSES = {
    "BadRequest": _error_response("JSON không hợp lệ, sai kiểu dữ liệu hoặc tham số; chi tiết trong fields."),
    "Unauthorized": {**_error_response("Thiếu, sai hoặc đã thu hồi mã truy cập."),
                     "headers": {"WWW-Authenticate": {"schema": {"type": "string"},
                                                      "description": "Bearer realm=\"api\""}}},
    "Forbidden": _error_response("Vai trò của người dùng không được làm việc này."),
    "NotFound": _error_response("Không có, hoặc thuộc đơn vị khác (không xác nhận là có)."),
    "Conflict": _error_response("Trùng số, ký hiệu văn bản."),
    "UnsupportedMediaType": _error_response("Content-Type không phải application/json."),
}


def _p(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _r(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _json(model: type[BaseModel], description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


def _body(model: type[BaseModel]) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(model)}}}


def _path_id(name: str, what: str) -> dict:
    schema = TypeAdapter(schemas.Id).json_schema()
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": f"Mã {what}."}


_READ_ERRORS = {"400": _r("BadRequest"), "401": _r("Unauthorized")}

PATHS = {
    "/me": {"get": {
        "operationId": "getMe", "tags": ["me"], "summary": "Người dùng của mã truy cập",
        "parameters": [_p("lang")],
        "responses": {"200": _json(r.Me, "Người dùng, đơn vị và các quyền."), "401": _r("Unauthorized")},
    }},
    "/units": {"get": {
        "operationId": "listUnits", "tags": ["units"], "summary": "Đơn vị được chọn",
        "description": "Quản trị: mọi đơn vị đang hoạt động. Chuyên viên theo dõi, lãnh đạo BCĐ: các đơn vị "
                       "được giao nhiệm vụ. Người khác: đơn vị mình và các đơn vị trực thuộc.",
        "parameters": [_query(schemas.UnitQuery), _p("lang")],
        "responses": {"200": _json(r.UnitPage, "Một trang đơn vị, theo cây."), **_READ_ERRORS},
    }},
    "/units/{unit_id}": {"get": {
        "operationId": "getUnit", "tags": ["units"], "summary": "Một đơn vị",
        "parameters": [_path_id("unit_id", "đơn vị"), _p("lang")],
        "responses": {"200": _json(r.Unit, "Đơn vị."), "401": _r("Unauthorized"), "404": _r("NotFound")},
    }},
    "/directives": {
        "get": {
            "operationId": "listDirectives", "tags": ["directives"], "summary": "Nguồn giao nhiệm vụ được xem",
            "parameters": [_query(schemas.DirectiveQuery), _p("lang")],
            "responses": {"200": _json(r.DirectivePage, "Mới nhất trước."), **_READ_ERRORS},
        },
        "post": {
            "operationId": "createDirective", "tags": ["directives"], "summary": "Ghi nhận văn bản, kết luận",
            "parameters": [_p("lang")],
            "requestBody": _body(schemas.DirectiveInput),
            "responses": {
                "201": {**_json(r.DirectiveDetail, "Đã ghi nhận."),
                        "headers": {"Location": {"schema": {"type": "string"}, "description": "URL của văn bản."}}},
                "400": _r("BadRequest"), "401": _r("Unauthorized"), "403": _r("Forbidden"),
                "409": _r("Conflict"), "415": _r("UnsupportedMediaType"),
            },
        },
    },
    "/directives/{directive_id}": {"get": {
        "operationId": "getDirective", "tags": ["directives"], "summary": "Một văn bản và nhiệm vụ của nó",
        "parameters": [_path_id("directive_id", "văn bản"), _p("lang")],
        "responses": {"200": _json(r.DirectiveDetail, "Văn bản."), "401": _r("Unauthorized"),
                      "404": _r("NotFound")},
    }},
    "/directives/{directive_id}/tasks": {"post": {
        "operationId": "assignTasks", "tags": ["directives", "tasks"], "summary": "Giao nhiệm vụ từ văn bản",
        "description": "Tất cả hoặc không: một lỗi thì không nhiệm vụ nào được tạo. Một nhóm đơn vị tạo mỗi "
                       "đơn vị một nhiệm vụ. Chỉ cơ quan đã ghi nhận văn bản (hoặc quản trị) được giao.",
        "parameters": [_path_id("directive_id", "văn bản"), _p("lang")],
        "requestBody": _body(schemas.AssignRequest),
        "responses": {"201": _json(r.AssignResponse, "Các nhiệm vụ đã tạo."), "400": _r("BadRequest"),
                      "401": _r("Unauthorized"), "403": _r("Forbidden"), "404": _r("NotFound"),
                      "415": _r("UnsupportedMediaType")},
    }},
    "/tasks": {"get": {
        "operationId": "listTasks", "tags": ["tasks"], "summary": "Nhiệm vụ được xem, lọc như trang danh sách",
        "parameters": [_query(schemas.TaskQuery), _p("lang")],
        "responses": {"200": _json(r.TaskPage, "Một trang nhiệm vụ."), **_READ_ERRORS},
    }},
    "/tasks/{task_id}": {"get": {
        "operationId": "getTask", "tags": ["tasks"], "summary": "Một nhiệm vụ, nguồn và lịch sử",
        "parameters": [_path_id("task_id", "nhiệm vụ"), _p("lang")],
        "responses": {"200": _json(r.TaskDetail, "Nhiệm vụ."), "401": _r("Unauthorized"),
                      "404": _r("NotFound")},
    }},
    "/openapi.json": {"get": {
        "operationId": "getOpenApi", "tags": ["meta"], "summary": "Tài liệu OpenAPI này",
        "security": [],
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {
            "schema": {"type": "object"}}}}},
    }},
}


def register(*, paths: dict | None = None, responses: dict | None = None) -> None:
    """Add a module's operations (and the shared responses they name) to the document.

    Route modules call this beside their routes; a name registered twice is a mistake.
    The schemas come from the models the operations name (_json, _body, _query).
    """
    for target, new in ((PATHS, paths), (RESPONSES, responses)):
        for key, value in (new or {}).items():
            if key in target:
                raise ValueError(f"OpenAPI: {key} is declared twice")
            target[key] = value


def component_schemas() -> dict[str, dict]:
    """Every model the operations name, and the models inside them, as JSON Schema 2020-12."""
    _ref(schemas.TaskAssignment)  # AssignRequest's items, validated one by one (see there)
    _keys, top = models_json_schema([(m, "validation") for m in MODELS.values()], ref_template=_REF)
    out = top["$defs"]
    out["AssignRequest"]["properties"]["tasks"]["items"] = {"$ref": _REF.format(model="TaskAssignment")}
    return out


def _operation(op: dict) -> dict:
    params = []
    for p in op.get("parameters", []):
        params.extend(schemas.query_parameters(p.model) if isinstance(p, _Query) else [p])
    return {**op, "parameters": params} if "parameters" in op else op


def build_spec() -> dict:
    """The document, generated once per process (about 0.1 s of CPU: the URL is public)."""
    return _document(tuple(current_app.config["LANGUAGES"]))


def forget() -> None:
    """Generate the document again on the next request (after a model was changed in place)."""
    _document.cache_clear()


@lru_cache(maxsize=4)
def _document(languages: tuple[str, ...]) -> dict:
    lang = {"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": list(languages)},
            "description": "Ngôn ngữ của thông báo; mặc định theo Accept-Language rồi theo tài khoản."}
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
        "tags": [{"name": n} for n in ("me", "units", "directives", "tasks", "reports", "meta")],
        "paths": {path: {method: _operation(op) for method, op in ops.items()} for path, ops in PATHS.items()},
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "Mã truy cập cá nhân (dt_...)."}},
            "schemas": component_schemas(),
            "responses": RESPONSES,
            "parameters": {"lang": lang},
        },
    }


@bp.get("/openapi.json")
@public
def openapi_json():
    return jsonify(build_spec())
