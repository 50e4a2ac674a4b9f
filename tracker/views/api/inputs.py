"""Reading the JSON body and query strings: wrong types become field errors, never 500s.

Bodies are validated by the models in schemas.py; the query readers here record their
message in `errors` under the parameter's name and return a default, so one response
can list every problem at once.
"""
import json
import re
from datetime import date

from flask import request
from flask_babel import gettext as _

from tracker.limits import MAX_ID, MAX_PAGE, MAX_SEARCH_CHARS  # noqa: F401  (MAX_ID: re-exported for the views)
from tracker.views.api.errors import ApiError, validation_error

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def _clean_text(value: str) -> str | None:
    """None when the text cannot be stored (NUL characters, lone surrogates)."""
    if "\x00" in value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


def parse_iso_date(value: str) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# --- query strings -----------------------------------------------------------------

def query_int(args, key: str, errors: dict, *, minimum: int = 1, maximum: int = MAX_ID,
              default: int | None = None):
    raw = args.get(key)
    if raw is None or raw == "":
        return default
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or not minimum <= int(raw) <= maximum:
        errors[key] = _("Phải là số nguyên từ %(lo)d đến %(hi)d.", lo=minimum, hi=maximum)
        return default
    return int(raw)


def query_text(args, key: str, errors: dict, *, max_length: int = MAX_SEARCH_CHARS) -> str | None:
    raw = args.get(key)
    if raw is None:
        return None
    if _clean_text(raw) is None:
        errors[key] = _("Chuỗi chứa ký tự không hợp lệ.")
        return None
    if len(raw) > max_length:
        errors[key] = _("Dài quá %(n)d ký tự.", n=max_length)
        return None
    return raw.strip() or None


def pagination(args, errors: dict) -> tuple[int, int]:
    page = query_int(args, "page", errors, maximum=MAX_PAGE, default=1)
    per_page = query_int(args, "per_page", errors, maximum=MAX_PER_PAGE, default=DEFAULT_PER_PAGE)
    return page, per_page


def raise_if(errors: dict, message: str | None = None) -> None:
    if errors:
        raise validation_error(errors, message)


def query_error_message() -> str:
    return _("Tham số truy vấn không hợp lệ; xem chi tiết từng tham số.")
