"""Every 4xx of the API is JSON: {"error": code, "message": text, "fields": {field: text}}."""
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from tracker.views.api import responses as r
from tracker.views.errors import MESSAGES

# Stable machine codes per HTTP status; the message is for people.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "too_many_requests",
}


class ApiError(Exception):
    """Raised by the API's views; rendered by the blueprint's handler."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 fields: dict[str, str] | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = str(message)
        self.code = code or CODES.get(status, "error")
        self.fields = {k: str(v) for k, v in (fields or {}).items()}
        self.headers = headers or {}


def validation_error(fields: dict[str, str], message: str | None = None, status: int = 400) -> ApiError:
    code = "conflict" if status == 409 else "validation_error"
    if message is None:
        message = _("Dữ liệu trùng với một bản ghi đã có.") if status == 409 else \
            _("Dữ liệu gửi lên không hợp lệ; xem chi tiết từng trường.")
    return ApiError(status, message, code=code, fields=fields)


def from_service(e, *, rename=None, parsed: dict[str, str] | None = None) -> ApiError:
    """The one mapping of a use case's ServiceError onto the API's 4xx.

    A refusal with only a message (403, 404, 409: "changed by X at HH:MM") keeps its status
    and code; a rule broken on a field (409: sub-tasks still open, duplicate number) is a
    conflict named on that field; everything else is a validation error by field.

    `rename` turns the use case's field names into the API's ("items-2-lead" ->
    "tasks[2].lead_unit_id"; None drops one); `parsed` holds what the API's own parsing
    found, which wins on the same field; and a field whose part already has a more precise
    message ("tasks[0].deadline" beside "tasks[0].deadline.due_on") is left out.
    """
    message = e.errors.get("_")
    fields: dict[str, str] = {}
    for key, text in e.errors.items():
        name = key if rename is None or key == "_" else rename(key)
        if name is not None and name != "_":
            fields[name] = text
    if e.status in (403, 404, 409) and message:
        return ApiError(e.status, message, fields=fields)
    fields = {**(parsed or {}), **{k: v for k, v in fields.items() if k not in (parsed or {})}}
    fields = {k: v for k, v in fields.items() if not any(other.startswith(k + ".") for other in fields)}
    if e.status == 409 and fields:
        return ApiError(409, next(iter(fields.values())), code="conflict", fields=fields)
    return validation_error(fields, message, status=e.status)


def render(err: ApiError):
    body = {"error": err.code, "message": err.message}
    if err.fields:
        body["fields"] = err.fields
    return r.send(r.Error, body, err.status, err.headers)


def from_http(e: HTTPException) -> ApiError:
    status = e.code or 500
    message = MESSAGES.get(status)
    return ApiError(status, str(message) if message is not None else e.name,
                    code=CODES.get(status, e.name.lower().replace(" ", "_")))
