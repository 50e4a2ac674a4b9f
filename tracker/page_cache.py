"""Rendered pages cached per user, keyed by what they read (issue 14).

The pages people open all day (home, the task list, a task, the dashboard and its chart data,
a directive's progress, the API's task list) are kept, as rendered, per user and per URL, under
a key that holds everything they depend on besides the data: the locale, today, the user (id,
role, unit, name), the login's session (its CSRF token, a remembered signature) — and the
counters the data's writers raise in their own transaction (tracker/cache.py):

- STRUCTURE (units, committees, directives, the calendar, who sees what);
- PAGES, which every write raises except a workflow step (services/workflow.py);
- for someone of a unit, that unit's counter in scope_versions, which a workflow step raises
  for every unit whose people may see its task (its lead, coordinating and assigning units and
  every unit above them: the visibility rule, queries/visibility.py); for the admin and whoever
  sees every task, DATA, which every write raises.

So a step in one commune leaves the pages of every other province cached, and a cached page is
never older than the data its reader could see: every figure, list and form on it comes from
tasks the user may see (the visibility rule) or from data whose writers raise PAGES.

What is not data of that kind is cut out of the cached page and rendered on every request
("live" parts between ``<!--live:NAME-->`` and ``<!--/live:NAME-->``): the bell's unread count and
a task's reminders (their mails are sent by the workers, which raise no counter). A page that
shows a flashed message is not kept. Entries live PAGE_CACHE_SECONDS (memory: a page is
kept compressed, a few kilobytes; docs/scaling.md).
"""
from __future__ import annotations

import hashlib
import re
import zlib
from datetime import timedelta
from functools import wraps
from pathlib import Path

from flask import current_app, render_template, request, session
from flask.globals import request_ctx
from flask_babel import get_locale
from flask_login import current_user

from tracker.cache import DATA, PAGES, STRUCTURE, _db_tag, data_version, scope_version
from tracker.extensions import cache, db

HEADER = "X-Page-Cache"
# Only in HTML, where what users write is escaped (``<`` never reaches the page as is); a JSON
# answer may hold such a comment in a task's text and is served as it was stored.
_LIVE = re.compile(r"<!--live:(bell|reminders)-->.*?<!--/live:\1-->", re.S)


def _bell(view_args):
    return render_template("_bell.html")


def _reminders(view_args):
    from tracker.models import Task

    task = db.session.get(Task, view_args["task_id"])
    return render_template("reminders/_task_reminders.html", task=task) if task is not None else ""


LIVE_PARTS = {"bell": _bell, "reminders": _reminders}


_RELEASES: dict[str, str] = {}


def _release() -> str:
    """The code, catalogues and templates this process runs (a hash of their contents, once per
    process): after a new release, pages cached by the old code (in a shared Redis) are not served."""
    templates = Path(current_app.root_path, current_app.template_folder or "")
    tag = _RELEASES.get(str(templates))
    if tag is None:
        root = Path(__file__).resolve().parent
        digest = hashlib.sha1()
        for f in sorted([*root.rglob("*.py"), *root.rglob("*.mo"), *templates.rglob("*.html")]):
            digest.update(f.read_bytes())
        tag = _RELEASES[str(templates)] = digest.hexdigest()[:12]
    return tag


_PLAIN = (str, int, float, bool, type(None), tuple, list, timedelta)


def _settings() -> str:
    """The settings pages may show (an upload limit, the languages): a digest of every plain value,
    taken once per app, so that nodes started with other settings do not serve each other's pages."""
    tag = current_app.extensions.get("tracker_settings")
    if tag is None:
        items = sorted((k, repr(v)) for k, v in current_app.config.items() if isinstance(v, _PLAIN))
        tag = current_app.extensions["tracker_settings"] = hashlib.sha1(repr(items).encode()).hexdigest()[:12]
    return tag


def enabled() -> bool:
    cfg = current_app.config
    return bool(cfg.get("PAGE_CACHE", True) and cfg.get("QUERY_CACHE", True)
                and (cfg.get("PAGE_CACHE_SECONDS") or 0) > 0)


def scope_counter(user) -> tuple:
    """The counter(s) that move when data this user may see changes."""
    from tracker.queries.visibility import sees_every_task

    own = scope_version(user.unit_id) if user.unit_id is not None else None  # first: with the others, one read
    if sees_every_task(user):
        return ("all", data_version(kind=DATA))
    if user.unit_id is None:
        return ("none",)
    return ("unit", user.unit_id, own)


def page_key(*, form_token: bool = True) -> str | None:
    """The cache key of this request's page, or None when it is not to be cached.

    ``form_token``: the page holds forms; their CSRF token is made now (as the first form would
    make it), so that the login's session, part of the key, is the same on the next request."""
    if request.method != "GET" or not current_user.is_authenticated or session.get("_flashes"):
        return None
    from tracker.timeutil import local_today

    if form_token:
        from flask_wtf.csrf import generate_csrf
        generate_csrf()

    user = current_user._get_current_object()
    login = sorted((k, repr(v)) for k, v in session.items() if k != "_flashes")
    parts = (request.endpoint, request.full_path, str(get_locale()), local_today().isoformat(),
             user.id, user.role, user.unit_id, bool(user.is_admin), user.name, login,
             data_version(kind=STRUCTURE), data_version(kind=PAGES), scope_counter(user))
    return f"p:{_db_tag()}:{_release()}:{_settings()}:" + hashlib.sha1(repr(parts).encode()).hexdigest()


def _live(body: str, view_args) -> str:
    return _LIVE.sub(lambda m: f"<!--live:{m[1]}-->{LIVE_PARTS[m[1]](view_args)}<!--/live:{m[1]}-->", body)


def cached_page(view=None, *, form_token: bool = True):
    """Serve the view's page from the cache when its key is there (see the module's docstring);
    place it under @login_required (the user is known, and a logged-out one is sent away first).
    ``form_token=False`` for answers without forms read with a bearer token (the API), which
    must not start a session."""
    if view is None:
        return lambda v: cached_page(v, form_token=form_token)

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = page_key(form_token=form_token) if enabled() else None
        if key is None:
            return view(*args, **kwargs)
        hit = cache.get(key)
        if hit is not None:
            body, headers = hit
            text = zlib.decompress(body).decode("utf-8")
            html = any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers)
            response = current_app.response_class(_live(text, kwargs) if html and "<!--live:" in text else text,
                                                  headers=headers)
            response.headers[HEADER] = "hit"
            return response
        response = current_app.make_response(view(*args, **kwargs))
        shown_flashes = request_ctx.flashes
        if response.status_code == 200 and not response.direct_passthrough and not shown_flashes \
                and not session.get("_flashes"):
            headers = [(k, v) for k, v in response.headers.items() if k.lower() not in ("content-length", "set-cookie")]
            # Never longer than the forms' CSRF tokens on the page stay valid.
            limits = [current_app.config["PAGE_CACHE_SECONDS"], current_app.config.get("WTF_CSRF_TIME_LIMIT")]
            cache.set(key, (zlib.compress(response.get_data(), 1), headers), timeout=min(x for x in limits if x))
        response.headers[HEADER] = "miss"
        return response

    return wrapper
