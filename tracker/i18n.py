"""Locale and timezone selection: Vietnamese unless the user chose English."""
from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default  # CLI and workers: callers use force_locale() for a recipient's language
    from tracker.views.public import is_sessionless_path
    lang = request.args.get("lang")
    if request.path.startswith("/api/"):
        # The API keeps no session: ?lang=, then Accept-Language, then the token's user.
        if lang not in supported:
            lang = request.accept_languages.best_match(supported)
        if lang:
            return lang
        if getattr(current_user, "is_authenticated", False) and current_user.locale in supported:
            return current_user.locale
        return default
    if lang in supported:
        if not is_sessionless_path(request.path):  # public pages keep no session
            session["lang"] = lang
        return lang
    if session.get("lang") in supported:
        return session["lang"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in supported:
        return current_user.locale
    return default


def select_timezone() -> str:
    return current_app.config["TIMEZONE"]
