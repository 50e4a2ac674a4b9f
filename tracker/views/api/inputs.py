"""Reading the JSON body and query strings: wrong types become field errors, never 500s.

Bodies and query strings are validated by the models in schemas.py; this module reads
the raw JSON and raises the collected query errors.
"""
import json

from flask import request
from flask_babel import gettext as _

from tracker.limits import MAX_ID  # noqa: F401  (re-exported for the views)
from tracker.views.api.errors import ApiError, validation_error


def json_body() -> dict:
    """The request's JSON object, or a 4xx saying what is wrong with it."""
    if not request.is_json:
        raise ApiError(415, _("Nội dung gửi lên phải là JSON (Content-Type: application/json)."))
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, _("Nội dung gửi lên không phải JSON hợp lệ."), code="invalid_json")
    except RecursionError:
        raise ApiError(400, _("Nội dung gửi lên không phải JSON hợp lệ."), code="invalid_json")
    if not isinstance(data, dict):
        raise ApiError(400, _("Nội dung gửi lên phải là một đối tượng JSON."), code="invalid_json")
    return data


def raise_if(errors: dict, message: str | None = None) -> None:
    if errors:
        raise validation_error(errors, message)


def query_error_message() -> str:
    return _("Tham số truy vấn không hợp lệ; xem chi tiết từng tham số.")
