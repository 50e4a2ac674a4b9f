"""Template filters and globals shared by every page."""
from types import SimpleNamespace

import jinja2
from flask import Flask, g, request, url_for
from flask_babel.speaklater import LazyString
from flask_login import current_user

from tracker.domain import categories
from tracker.domain.deadlines import days_left
from tracker.domain.roles import Action
from tracker.services.calendar import current_calendar
from tracker.timeutil import fmt_date, fmt_datetime, local_today
from tracker.views import labels


def task_category(task, today=None) -> str | None:
    """The one category every page shows for a task (None when cancelled): domain.categories' rule."""
    cat = categories.task_category({"status": task.status, "due_on": task.due_on, "completed_on": task.completed_on},
                                   _task_params(today or local_today()))
    return None if cat is None else cat.value


def _task_params(today):
    """The rule's parameters for ``today``, worked out once per request (a list shows fifty tasks)."""
    held = g.get("_task_params")
    if held is None or held[0] != today:
        held = g._task_params = (today, categories.task_params(today, current_calendar()))
    return held[1]


_LABELS_IN: dict[str, SimpleNamespace] = {}


def labels_in(locale: str) -> SimpleNamespace:
    """tracker.labels with every dict of lazy strings translated into ``locale`` once per process:
    a task list showed each row's status and category through Flask-Babel's lazy strings, about
    a hundred lookups of the request's translations per page. The catalogues are read at start
    and never change while the process runs."""
    held = _LABELS_IN.get(locale)
    if held is None:
        resolved = {}
        for name in dir(labels):
            value = getattr(labels, name)
            if name.isupper() and isinstance(value, dict):
                value = {k: str(v) if isinstance(v, LazyString) else v for k, v in value.items()}
            if not name.startswith("_"):
                resolved[name] = value
        held = _LABELS_IN[locale] = SimpleNamespace(**resolved)
    return held


class Undefined(jinja2.Undefined):
    """Jinja's Undefined, rendered the same (nothing), but escaped without an exception: ``{{ 'selected'
    if id == chosen }}`` gives an Undefined for every option not chosen, hundreds on a task list."""

    def __html__(self) -> str:
        return ""


def register(app: Flask) -> None:
    app.jinja_env.undefined = Undefined
    app.jinja_env.filters["dmy"] = fmt_date
    app.jinja_env.filters["dmyhm"] = fmt_datetime

    @app.context_processor
    def inject():
        def url_with(**changes):
            args = request.args.to_dict()
            args.update({k: v for k, v in changes.items()})
            args = {k: v for k, v in args.items() if v not in (None, "")}
            if request.endpoint is None:  # error pages for unmatched URLs
                from urllib.parse import urlencode
                return request.path + ("?" + urlencode(args) if args else "")
            return url_for(request.endpoint, **(request.view_args or {}), **args)

        def can(action, obj=None):
            from tracker.auth import can as can_

            return current_user.is_authenticated and can_(current_user, Action(action), obj)

        from flask_babel import get_locale, get_translations

        from tracker.i18n import template_gettext

        locale = str(get_locale() or "vi")
        return {
            **template_gettext(get_translations()),
            "current_locale": locale,
            "labels": labels_in(locale),
            "task_category": task_category,
            "days_left": days_left,
            "today": local_today(),
            "url_with": url_with,
            "can": can,
        }
