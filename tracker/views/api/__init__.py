"""JSON API under /api/v1: personal bearer tokens, the same permissions as the pages.

No session cookies here: a request is authenticated by `Authorization: Bearer <token>`
only, so the blueprint is exempt from CSRF (there is no ambient credential to abuse).
Language of messages: ?lang=, then Accept-Language, then the user's own setting.
"""
import flask_babel
from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from flask_login import login_user
from werkzeug.exceptions import HTTPException

from tracker.extensions import csrf, db
from tracker.services import ServiceError
from tracker.services.users import user_for_token
from tracker.views.api.errors import ApiError, from_http, from_service, render

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

_MAX_TOKEN_LENGTH = 200


def public(view):
    """Mark a view that needs no token (the OpenAPI document)."""
    view.api_public = True
    return view


def _unauthorized(message: str, *, invalid: bool) -> ApiError:
    challenge = 'Bearer realm="api"' + (', error="invalid_token"' if invalid else "")
    return ApiError(401, message, code="unauthorized", headers={"WWW-Authenticate": challenge})


@bp.before_request
def authenticate():
    """The request's user from its bearer token, through Flask-Login's public login_user().

    The API's session is empty and never saved (tracker.views.public.PublicAwareSessionInterface)
    and the user loader refuses on API paths, so no cookie can name the user, and what
    login_user() writes into the session lives for this request only. (A request_loader would
    not do: Flask-Login skips it whenever a remember-me cookie is present.) The language comes
    from the app's locale selector (tracker.i18n), which knows the API's own order.
    """
    flask_babel.refresh()  # nothing cached from an earlier request in the same app context
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
    if user is None or not login_user(user):
        raise _unauthorized(_("Mã truy cập không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa."), invalid=True)
    flask_babel.refresh()  # the user's own language, unless the request asked for one
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
    return render(from_service(e))


@bp.errorhandler(HTTPException)
def http_error(e: HTTPException):
    err = from_http(e)
    if e.code == 405 and getattr(e, "valid_methods", None):
        err.headers["Allow"] = ", ".join(e.valid_methods)
    return render(err)


from tracker.views.api import directives, me, openapi, tasks, units  # noqa: E402,F401  (routes)
from tracker.views.api import actions  # noqa: E402,F401  (workflow actions, owned by the workflow work)
from tracker.views.api import reports  # noqa: E402,F401  (report figures)
