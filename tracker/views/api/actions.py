"""Workflow actions in the API: the same apply_action as the task page, with the same rules.

A client sends the task's `version` it last read; when someone acted in between,
the answer is 409 with "changed by X at HH:MM" and nothing is written. Evidence
files can be sent with multipart/form-data (fields as form fields, files as `files`).
"""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from tracker.domain.roles import Role
from tracker.domain.workflow import TaskAction, TaskStatus
from tracker.extensions import db
from tracker.queries.visibility import can_see_task
from tracker.services import ServiceError
from tracker.services.calendar import current_calendar
from tracker.services.workflow import ActionInput, apply_action, apply_bulk, available_actions, load_task_for
from tracker.timeutil import local_today
from tracker.views.api import bp
from tracker.views.api import inputs as i
from tracker.views.api import openapi
from tracker.views.api import serialize as s
from tracker.views.api.errors import ApiError, validation_error


def _raise(e: ServiceError):
    message = e.errors.get("_")
    fields = {k: v for k, v in e.errors.items() if k != "_"}
    if e.status in (403, 404, 409) and message:
        raise ApiError(e.status, message)
    if e.status == 409:  # a rule of the workflow named on a field (sub-tasks still open)
        raise ApiError(409, next(iter(fields.values())), code="conflict", fields=fields)
    raise validation_error(fields, message, status=e.status)


def _input() -> tuple[dict, list]:
    if request.mimetype == "multipart/form-data":
        data = {k: v for k, v in request.form.items()}
        for key in ("version", "progress", "lead_unit_id"):
            if str(data.get(key, "")).strip().lstrip("-").isdigit():
                data[key] = int(data[key])
        if "override" in data:
            data["override"] = data["override"].lower() in ("1", "true", "yes", "on")
        return data, request.files.getlist("files")
    return i.json_body(), []


@bp.get("/tasks/<int:task_id>/actions")
def task_actions(task_id):
    if task_id > i.MAX_ID:
        raise ApiError(404, _("Không tìm thấy nhiệm vụ."))
    try:
        task = load_task_for(db.session, current_user, task_id)
    except ServiceError as e:
        _raise(e)
    return jsonify({"task_id": task.id, "status": task.status, "version": task.version,
                    "actions": [a.value for a in available_actions(db.session, current_user, task)]})


@bp.post("/tasks/<int:task_id>/actions")
def task_act(task_id):
    data, files = _input()
    errors: dict[str, str] = {}
    action = i.string(data, "action", errors, "action", required=True)
    if action is not None and action not in {a.value for a in TaskAction} - {TaskAction.SPLIT.value}:
        errors["action"] = _("Thao tác không hợp lệ.")
    version = i.integer(data, "version", errors, "version", required=True)
    note = i.string(data, "note", errors, "note", max_length=20_000, default="")
    progress = i.integer(data, "progress", errors, "progress")
    new_due_on = i.iso_date(data, "new_due_on", errors, "new_due_on")
    approved_due_on = i.iso_date(data, "approved_due_on", errors, "approved_due_on")
    lead_unit_id = i.identifier(data, "lead_unit_id", errors, "lead_unit_id")
    override = data.get("override", False)
    if not isinstance(override, bool):
        errors["override"] = _("Phải là true hoặc false.")
    i.raise_if(errors)
    if task_id > i.MAX_ID:
        raise ApiError(404, _("Không tìm thấy nhiệm vụ."))
    try:
        event = apply_action(db.session, current_user, task_id, ActionInput(
            action=action, version=version, note=note or "", progress=progress, new_due_on=new_due_on,
            override=override, lead_unit_id=lead_unit_id, files=files,
            approved_due_on=approved_due_on if action == TaskAction.APPROVE_EXTENSION.value else None),
            today=local_today(),
            calendar=current_calendar())
    except ServiceError as e:
        _raise(e)
    task = event.task
    return jsonify({"event": s.event(event), "task": s.task(task, today=local_today(), detail=True,
                                                             child_ids=[c.id for c in task.children
                                                                       if can_see_task(current_user, c)])})


@bp.post("/tasks/bulk-actions")
def tasks_bulk_act():
    data = i.json_body()
    errors: dict[str, str] = {}
    action = i.string(data, "action", errors, "action", required=True)
    note = i.string(data, "note", errors, "note", max_length=20_000, default="")
    items = data.get("tasks")
    pairs = []
    if not isinstance(items, list) or not items or len(items) > 200:
        errors["tasks"] = _("Hãy gửi danh sách 1–200 nhiệm vụ dạng {\"id\": ..., \"version\": ...}.")
    else:
        for n, item in enumerate(items):
            if not isinstance(item, dict):
                errors[f"tasks[{n}]"] = _("Phải là một đối tượng JSON.")
                continue
            tid = i.identifier(item, "id", errors, f"tasks[{n}].id", required=True)
            ver = i.integer(item, "version", errors, f"tasks[{n}].version", required=True)
            pairs.append((tid, ver))
    i.raise_if(errors)
    if current_user.role == Role.VIEWER:  # read-only accounts act on nothing
        raise ApiError(403, _("Bạn không có quyền thực hiện thao tác này."))
    try:
        result = apply_bulk(db.session, current_user, action, pairs, note=note or "", today=local_today(),
                            calendar=current_calendar())
    except ServiceError as e:
        _raise(e)
    return jsonify({"done": result.done, "failed": [{"id": k, "message": v} for k, v in result.failed.items()]})


# The OpenAPI document is a dict built in openapi.py; these routes add their part to it.
_S, _R = openapi.SCHEMAS, openapi.RESPONSES
_S["TaskActionInput"] = openapi._obj({
    "action": {"type": "string", "enum": [a.value for a in TaskAction if a is not TaskAction.SPLIT]},
    "version": {"type": "integer", "description": "Phiên bản của nhiệm vụ đã đọc (TaskDetail.version)."},
    "note": {"type": "string", "maxLength": 20000,
             "description": "Nội dung báo cáo, ý kiến, hoặc lý do (bắt buộc khi từ chối, trả lại, đề nghị gia "
                            "hạn, không đồng ý gia hạn, hủy)."},
    "progress": {"type": "integer", "minimum": 0, "maximum": 100, "description": "report (bắt buộc), submit."},
    "new_due_on": {**openapi.DATE, "description": "request_extension: thời hạn mới, không trước hôm nay."},
    "approved_due_on": {**openapi.DATE, "description": "approve_extension: gia hạn đến ngày này thay vì ngày đề "
                                                       "nghị (không muộn hơn; note bắt buộc khi khác)."},
    "lead_unit_id": {**openapi.ID, "description": "reassign: đơn vị chủ trì mới."},
    "override": {"type": "boolean", "description": "submit: lãnh đạo đơn vị gửi dù còn nhiệm vụ con."},
}, required=["action", "version"], description="Cũng nhận multipart/form-data với tệp minh chứng ở trường files.")
_S["TaskActionResult"] = openapi._obj({"event": openapi._ref("TaskEvent"), "task": openapi._ref("TaskDetail")})
_S["AvailableActions"] = openapi._obj({
    "task_id": openapi.ID, "status": {"type": "string", "enum": [x.value for x in TaskStatus]},
    "version": openapi.INT, "actions": {"type": "array", "items": {"type": "string"}},
})
_S["BulkActionInput"] = openapi._obj({
    "action": {"type": "string", "enum": ["receive", "accept", "return"]},
    "note": {"type": "string", "description": "Bắt buộc khi trả lại."},
    "tasks": {"type": "array", "minItems": 1, "maxItems": 200,
              "items": openapi._obj({"id": openapi.ID, "version": openapi.INT})},
}, required=["action", "tasks"])
_S["BulkActionResult"] = openapi._obj({
    "done": {"type": "array", "items": openapi.ID},
    "failed": {"type": "array", "items": openapi._obj({"id": openapi.ID, "message": openapi.STR})},
})
_R["VersionConflict"] = openapi._error_response(
    "Nhiệm vụ đã bị người khác thay đổi (phiên bản khác), hoặc trạng thái hiện tại không cho phép thao tác.")
_R["PayloadTooLarge"] = openapi._error_response("Tệp vượt quá dung lượng cho phép.")

_TASK_ID = openapi._path_id("task_id", "nhiệm vụ")
openapi.PATHS["/tasks/{task_id}/actions"] = {
    "get": {
        "operationId": "listTaskActions", "tags": ["tasks"], "summary": "Các thao tác người dùng được làm lúc này",
        "parameters": [_TASK_ID, openapi._p("lang")],
        "responses": {"200": openapi._json("AvailableActions", "Thao tác và phiên bản hiện tại."),
                      "401": openapi._r("Unauthorized"), "404": openapi._r("NotFound")},
    },
    "post": {
        "operationId": "actOnTask", "tags": ["tasks"], "summary": "Thực hiện một bước của quy trình",
        "description": "Tiếp nhận, báo cáo tiến độ, gửi kết quả, xác nhận, trả lại, gia hạn, tạm dừng, hủy, giao "
                       "lại, ý kiến. Quyền và trạng thái như trên trang nhiệm vụ. Gửi kèm version đã đọc; nếu "
                       "người khác đã thay đổi nhiệm vụ thì trả 409 và không ghi gì.",
        "parameters": [_TASK_ID, openapi._p("lang")],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": openapi._ref("TaskActionInput")},
            "multipart/form-data": {"schema": {"allOf": [openapi._ref("TaskActionInput"), openapi._obj(
                {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}}, required=[])]}},
        }},
        "responses": {"200": openapi._json("TaskActionResult", "Đã thực hiện; sự kiện mới và nhiệm vụ."),
                      "400": openapi._r("BadRequest"), "401": openapi._r("Unauthorized"),
                      "403": openapi._r("Forbidden"), "404": openapi._r("NotFound"),
                      "409": openapi._r("VersionConflict"), "413": openapi._r("PayloadTooLarge"),
                      "415": openapi._r("UnsupportedMediaType")},
    },
}
openapi.PATHS["/tasks/bulk-actions"] = {"post": {
    "operationId": "actOnTasks", "tags": ["tasks"], "summary": "Tiếp nhận, xác nhận hoặc trả lại nhiều nhiệm vụ",
    "description": "Mỗi nhiệm vụ thành công hoặc thất bại riêng; lý do thất bại trong failed.",
    "parameters": [openapi._p("lang")],
    "requestBody": {"required": True, "content": {"application/json": {"schema": openapi._ref("BulkActionInput")}}},
    "responses": {"200": openapi._json("BulkActionResult", "Kết quả từng nhiệm vụ."),
                  "400": openapi._r("BadRequest"), "401": openapi._r("Unauthorized"),
                  "403": openapi._r("Forbidden"), "415": openapi._r("UnsupportedMediaType")},
}}
