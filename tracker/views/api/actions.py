"""Workflow actions in the API: the same apply_action as the task page, with the same rules.

Service errors go to the blueprint's one mapper (errors.from_service). A client sends the
task's `version` it last read; when someone acted in between,
the answer is 409 with "changed by X at HH:MM" and nothing is written. Evidence
files can be sent with multipart/form-data (fields as form fields, files as `files`).
"""
from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from tracker.domain.actions import spec
from tracker.domain.roles import Role
from tracker.extensions import db
from tracker.queries.visibility import can_see_task
from tracker.services.calendar import current_calendar
from tracker.services.workflow import ActionInput, apply_action, apply_bulk, available_actions, load_task_for
from tracker.timeutil import local_today
from tracker.views.api import bp
from tracker.views.api import inputs as i
from tracker.views.api import openapi
from tracker.views.api import responses as r
from tracker.views.api import schemas as sc
from tracker.views.api import serialize as s
from tracker.views.api.errors import ApiError


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
    task = load_task_for(db.session, current_user, task_id)
    return r.send(r.AvailableActions, {"task_id": task.id, "status": task.status, "version": task.version,
                                       "actions": [a.value for a in available_actions(db.session, current_user, task)]})


@bp.post("/tasks/<int:task_id>/actions")
def task_act(task_id):
    data, files = _input()
    body = sc.parse(sc.TaskActionInput, data)
    if task_id > i.MAX_ID:
        raise ApiError(404, _("Không tìm thấy nhiệm vụ."))
    event = apply_action(db.session, current_user, task_id, ActionInput(
        action=body.action, version=body.version, note=body.note or "", progress=body.progress,
        new_due_on=body.new_due_on, override=body.override, lead_unit_id=body.lead_unit_id, files=files,
        approved_due_on=body.approved_due_on if "approved_due_on" in spec(body.action).fields else None),
        today=local_today(),
        calendar=current_calendar())
    task = event.task
    return r.send(r.TaskActionResult, {
        "event": s.event(event),
        "task": s.task(task, today=local_today(), detail=True,
                       child_ids=[c.id for c in task.children if can_see_task(current_user, c)])})


@bp.post("/tasks/bulk-actions")
def tasks_bulk_act():
    body = sc.parse(sc.BulkActionInput, i.json_body())
    if current_user.role == Role.VIEWER:  # read-only accounts act on nothing
        raise ApiError(403, _("Bạn không có quyền thực hiện thao tác này."))
    result = apply_bulk(db.session, current_user, body.action, [(t.id, t.version) for t in body.tasks],
                        note=body.note or "", today=local_today(),
                        calendar=current_calendar())
    return r.send(r.BulkActionResult, {"done": result.done, "failed": [{"id": k, "message": v} for k, v in result.failed.items()]})


# --- the OpenAPI document: the request bodies come from schemas.py -------------------

_TASK_ID = openapi._path_id("task_id", "nhiệm vụ")
openapi.register(responses={
    "VersionConflict": openapi._error_response(
        "Nhiệm vụ đã bị người khác thay đổi (phiên bản khác), hoặc trạng thái hiện tại không cho phép thao tác."),
    "PayloadTooLarge": openapi._error_response("Tệp vượt quá dung lượng cho phép."),
}, paths={
    "/tasks/{task_id}/actions": {
        "get": {
            "operationId": "listTaskActions", "tags": ["tasks"], "summary": "Các thao tác người dùng được làm lúc này",
            "parameters": [_TASK_ID, openapi._p("lang")],
            "responses": {"200": openapi._json(r.AvailableActions, "Thao tác và phiên bản hiện tại."),
                          "401": openapi._r("Unauthorized"), "404": openapi._r("NotFound")},
        },
        "post": {
            "operationId": "actOnTask", "tags": ["tasks"], "summary": "Thực hiện một bước của quy trình",
            "description": "Tiếp nhận, báo cáo tiến độ, gửi kết quả, xác nhận, trả lại, gia hạn, tạm dừng, hủy, giao "
                           "lại, ý kiến. Quyền và trạng thái như trên trang nhiệm vụ. Gửi kèm version đã đọc; nếu "
                           "người khác đã thay đổi nhiệm vụ thì trả 409 và không ghi gì.",
            "parameters": [_TASK_ID, openapi._p("lang")],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": openapi._ref(sc.TaskActionInput)},
                "multipart/form-data": {"schema": openapi._ref(sc.TaskActionForm)},
            }},
            "responses": {"200": openapi._json(r.TaskActionResult, "Đã thực hiện; sự kiện mới và nhiệm vụ."),
                          "400": openapi._r("BadRequest"), "401": openapi._r("Unauthorized"),
                          "403": openapi._r("Forbidden"), "404": openapi._r("NotFound"),
                          "409": openapi._r("VersionConflict"), "413": openapi._r("PayloadTooLarge"),
                          "415": openapi._r("UnsupportedMediaType")},
        },
    },
    "/tasks/bulk-actions": {"post": {
        "operationId": "actOnTasks", "tags": ["tasks"], "summary": "Tiếp nhận, xác nhận hoặc trả lại nhiều nhiệm vụ",
        "description": "Mỗi nhiệm vụ thành công hoặc thất bại riêng; lý do thất bại trong failed.",
        "parameters": [openapi._p("lang")],
        "requestBody": openapi._body(sc.BulkActionInput),
        "responses": {"200": openapi._json(r.BulkActionResult, "Kết quả từng nhiệm vụ."),
                      "400": openapi._r("BadRequest"), "401": openapi._r("Unauthorized"),
                      "403": openapi._r("Forbidden"), "415": openapi._r("UnsupportedMediaType")},
    }},
})
