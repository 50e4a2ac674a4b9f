"""Locale and timezone selection: Vietnamese unless the user chose English."""
from flask import current_app, request, session
from flask_login import current_user


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    lang = request.args.get("lang") if request else None
    if lang in supported:
        session["lang"] = lang
        return lang
    if session.get("lang") in supported:
        return session["lang"]
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in supported:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["TIMEZONE"]
