"""Who is asking: session users for pages; permission checks shared by pages and API."""
from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from tracker.domain.roles import Action, allows, role_allows
from tracker.extensions import db


def init_login(manager: LoginManager) -> None:
    manager.login_view = "auth.login"
    manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    manager.login_message_category = "warning"
    manager.session_protection = "strong"

    @manager.user_loader
    def load_user(raw: str):
        from flask import current_app, has_request_context, request

        from tracker.services.sessions import load_session_user
        from tracker.views.public import is_sessionless_path

        if has_request_context() and is_sessionless_path(request.path):
            return None  # public pages and the API: no session or remember cookie logs anyone in

        return load_session_user(db.session, raw, idle_timeout=current_app.config.get("SESSION_IDLE_TIMEOUT"))


def require(user, action: Action) -> None:
    """Abort 403 unless the user's role may ever do this."""
    if not role_allows(user.role, action):
        abort(403)


def can(user, action: Action, obj=None) -> bool:
    """One cell of the authorization table for a concrete object."""
    from tracker.queries import visibility

    if obj is None:
        return role_allows(user.role, action)
    visible, own = visibility.relation(user, obj)
    return allows(user.role, action, own_unit=own, visible=visible)
