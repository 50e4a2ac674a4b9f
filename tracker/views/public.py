"""Public pages (công khai): what committees and communes have published, without login.

Served with no session: under PUBLIC_PREFIXES the session cookie is neither read nor
written and Flask-Login never loads a user, so a logged-in visitor gets the very same
bytes as an anonymous one and no Set-Cookie. Pages are rendered from plain values
(tracker/services/publication.py), cached by data version (tracker/cache.py), sent with
a short public Cache-Control and an ETag, and rate-limited per IP.
"""
from __future__ import annotations

from datetime import UTC

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_babel import get_locale
from flask_babel import gettext as _

from tracker.cache import memo
from tracker.domain.units import COMMUNE_LEVEL, UnitKind
from tracker.extensions import db, limiter
from tracker.limits import MAX_ID
from tracker.models import Unit
from tracker.services.publication import (
    public_attachment,
    public_directive,
    published_by_unit,
    publishing_units,
)
from tracker.timeutil import local_today
from tracker.views.helpers import task_category

bp = Blueprint("public", __name__, url_prefix="/cong-khai")

# Paths served without a session: the public pages and the calendar feeds.
PUBLIC_PREFIXES = ("/cong-khai", "/lich/")
DEFAULT_RATE_LIMIT = "60 per minute;1000 per hour"
DEFAULT_MAX_AGE = 60
# Kinds of unit that always have a public page (even before their first publication).
_PAGE_KINDS = frozenset({k.value for k in COMMUNE_LEVEL} | {UnitKind.COMMITTEE.value})


def is_public_path(path: str) -> bool:
    return path == "/cong-khai" or path.startswith(PUBLIC_PREFIXES)


def is_sessionless_path(path: str) -> bool:
    """Public pages and the API (its user comes from its bearer token alone)."""
    return is_public_path(path) or path.startswith("/api/")


class PublicAwareSessionInterface(SecureCookieSessionInterface):
    """The app's cookie sessions, except on public paths and the API: there an empty session
    that is never saved (no Set-Cookie, no Vary: Cookie). No cookie logs anyone in there
    either: the user loader (tracker.auth) refuses on these paths."""

    def open_session(self, app, request):
        if is_sessionless_path(request.path):
            return SecureCookieSession()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if is_sessionless_path(request.path):
            return None
        return super().save_session(app, session, response)


@bp.record_once
def _install(state) -> None:
    app = state.app
    if type(app.session_interface) is SecureCookieSessionInterface:
        app.session_interface = PublicAwareSessionInterface()


def public_rate_limit() -> str:
    return current_app.config.get("PUBLIC_RATE_LIMIT") or DEFAULT_RATE_LIMIT


limiter.limit(public_rate_limit)(bp)


def cached_response(name: str, key: tuple, render, mimetype: str = "text/html") -> Response:
    """A public response: body cached by data version, short public max-age, ETag."""
    body = memo("public:" + name, key + (str(get_locale()), local_today().isoformat()), render)
    if body is None:
        abort(404)
    resp = make_response(body)
    resp.mimetype = mimetype
    if mimetype.startswith("text/") or mimetype.endswith("+xml"):
        resp.charset = "utf-8"
    max_age = int(current_app.config.get("PUBLIC_MAX_AGE_SECONDS", DEFAULT_MAX_AGE))
    resp.headers["Cache-Control"] = f"public, max-age={max_age}"
    resp.add_etag()
    return resp.make_conditional(request)


@bp.errorhandler(404)
def not_found(e):
    resp = make_response(render_template("public/error.html", code=404,
                                         message=_("Không tìm thấy trang công khai này.")), 404)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _id_or_404(raw: int) -> int:
    if not 1 <= raw <= MAX_ID:
        abort(404)
    return raw


@bp.route("/")
def index():
    def render():
        return render_template("public/index.html", units=publishing_units(db.session))
    return cached_response("index", (), render)


@bp.route("/don-vi/<int:unit_id>")
def unit_page(unit_id):
    def render():
        unit = db.session.get(Unit, unit_id)
        if unit is None:
            return None
        items = published_by_unit(db.session, unit)
        if not items and unit.kind not in _PAGE_KINDS:
            return None
        return render_template("public/unit.html", unit_name=unit.name, unit_id=unit.id, items=items)
    return cached_response("unit", (_id_or_404(unit_id),), render)


@bp.route("/don-vi/<int:unit_id>/atom.xml")
def unit_feed(unit_id):
    def render():
        unit = db.session.get(Unit, unit_id)
        if unit is None:
            return None
        items = published_by_unit(db.session, unit, limit=50)
        if not items and unit.kind not in _PAGE_KINDS:
            return None
        return atom_feed(unit.id, unit.name, items)
    return cached_response("feed", (_id_or_404(unit_id),), render, mimetype="application/atom+xml")


@bp.route("/van-ban/<int:directive_id>")
def directive(directive_id):
    def render():
        d = public_directive(db.session, directive_id, task_category)
        if d is None:
            return None
        return render_template("public/directive.html", d=d, counts=d.counts())
    return cached_response("directive", (_id_or_404(directive_id),), render)


@bp.route("/tep/<int:attachment_id>")
def file(attachment_id):
    """An evidence file marked public, of a published directive; anything else 404.
    Always a download (Content-Disposition: attachment), never shown inline."""
    from tracker.services.uploads import attachment_path, download_name

    att = public_attachment(db.session, _id_or_404(attachment_id))
    if att is None:
        abort(404)
    resp = send_file(attachment_path(att), mimetype=att.content_type, as_attachment=True,
                     download_name=download_name(att), conditional=False, etag=False)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "no-cache"  # unmarking takes it off at once
    return resp


def atom_feed(unit_id: int, unit_name: str, items) -> bytes:
    """Atom 1.0 (RFC 4287) made with feedgen: one entry per published directive."""
    from feedgen.feed import FeedGenerator

    base = current_app.config["BASE_URL"].rstrip("/")
    page = base + url_for("public.unit_page", unit_id=unit_id)
    fg = FeedGenerator()
    fg.id(page)
    fg.title(_("Công khai của %(unit)s", unit=unit_name))
    fg.author({"name": unit_name})
    fg.link(href=page, rel="alternate")
    fg.link(href=base + url_for("public.unit_feed", unit_id=unit_id), rel="self")
    fg.language("vi")
    newest = None
    for d in reversed(items):  # feedgen puts the last added entry first
        url = base + url_for("public.directive", directive_id=d.id)
        when = d.published_at.replace(tzinfo=UTC)
        newest = max(newest, when) if newest else when
        e = fg.add_entry()
        e.id(url)
        e.title(" ".join(filter(None, [d.symbol, d.title])))
        e.link(href=url, rel="alternate")
        e.published(when)
        e.updated(when)
        e.summary(_("%(title)s — ban hành ngày %(date)s, %(issuer)s.", title=d.title,
                    date=d.issued_on.strftime("%d/%m/%Y"), issuer=d.issuer))
    fg.updated(newest or _epoch())
    return fg.atom_str(pretty=True)


def _epoch():
    from datetime import datetime
    return datetime(2000, 1, 1, tzinfo=UTC)
