"""JSON API under /api/v1: personal bearer tokens, the same permissions as the pages.

No session cookies here: a request is authenticated by `Authorization: Bearer <token>`
only, so the blueprint is exempt from CSRF (there is no ambient credential to abuse).
Language of messages: ?lang=, then Accept-Language, then the user's own setting.
"""
import flask_babel
from babel import Locale
from flask import Blueprint, current_app, g, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from tracker.extensions import csrf, db
from tracker.services import ServiceError
from tracker.services.users import user_for_token
from tracker.views.api.errors import ApiError, from_http, render, validation_error

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

_MAX_TOKEN_LENGTH = 200


def public(view):
    """Mark a view that needs no token (the OpenAPI document)."""
    view.api_public = True
    return view


def _requested_locale() -> str | None:
    supported = current_app.config["LANGUAGES"]
    lang = request.args.get("lang")
    if lang in supported:
        return lang
    return request.accept_languages.best_match(supported)


def _set_locale(lang: str) -> None:
    flask_babel.refresh()
    ctx = flask_babel._get_current_context()  # the per-request cache get_locale() reads
    if ctx is not None:
        ctx.babel_locale = Locale.parse(lang)


def _unauthorized(message: str, *, invalid: bool) -> ApiError:
    challenge = 'Bearer realm="api"' + (', error="invalid_token"' if invalid else "")
    return ApiError(401, message, code="unauthorized", headers={"WWW-Authenticate": challenge})


@bp.before_request
def authenticate():
    flask_babel.refresh()  # nothing cached from an earlier request in the same app context
    lang = _requested_locale()
    if lang:
        _set_locale(lang)
    # Whatever a session cookie says, the API's user comes from the token alone.
    g._login_user = current_app.login_manager.anonymous_user()
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "api_public", False):
        return None
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    raw = raw.strip()
    if not header:
        raise _unauthorized(_("Thiếu mã truy cập. Gửi tiêu đề “Authorization: Bearer <mã>”."), invalid=False)
    if scheme.lower() != "bearer" or not raw:
        raise _unauthorized(_("Tiêu đề Authorization phải có dạng “Bearer <mã>”."), invalid=True)
    user = None
    if len(raw) <= _MAX_TOKEN_LENGTH and raw.isascii():
        user = user_for_token(db.session, raw)
    if user is None:
        raise _unauthorized(_("Mã truy cập không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa."), invalid=True)
    g._login_user = user
    if not lang and user.locale in current_app.config["LANGUAGES"]:
        _set_locale(user.locale)
    return None


@bp.after_request
def headers(resp):
    locale = flask_babel.get_locale()
    if locale is not None:
        resp.headers["Content-Language"] = str(locale)
    resp.vary.update(("Authorization", "Accept-Language"))
    return resp


@bp.errorhandler(ApiError)
def api_error(e: ApiError):
    db.session.rollback()
    return render(e)


@bp.errorhandler(ServiceError)
def service_error(e: ServiceError):
    db.session.rollback()
    fields = {k: v for k, v in e.errors.items() if k != "_"}
    message = e.errors.get("_")
    return render(validation_error(fields, message, status=e.status))


@bp.errorhandler(HTTPException)
def http_error(e: HTTPException):
    err = from_http(e)
    if e.code == 405 and getattr(e, "valid_methods", None):
        err.headers["Allow"] = ", ".join(e.valid_methods)
    return render(err)


from tracker.views.api import directives, me, openapi, tasks, units  # noqa: E402,F401  (routes)
from tracker.views.api import actions  # noqa: E402,F401  (workflow actions, owned by the workflow work)
from tracker.views.api import reports  # noqa: E402,F401  (report figures)
from tracker.views.api import indicators  # noqa: E402,F401  (indicators and their values)
