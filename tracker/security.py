"""Password hashing and response headers."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, request

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# Endpoints whose answer the browser may keep (they set "private, max-age=..." themselves).
KEPT_PRIVATE = frozenset({"tasks.units_json"})
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def register(app: Flask) -> None:
    @app.after_request
    def set_headers(resp):
        if not app.config.get("SECURE_HEADERS", True):
            return resp
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("HSTS"):
            resp.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        static = bool(request.endpoint) and request.endpoint.endswith("static")
        # The public disclosure pages hold only published fields and set their own short
        # public cache (tracker/views/public.py); every other answer may hold private data.
        public = resp.status_code < 400 and resp.headers.get("Cache-Control", "").startswith("public")
        # The unit filter's tree (names of units, no task data) under a URL that carries the
        # structure version: kept by the browser only ("private"), not by a shared cache.
        public = public or (request.endpoint in KEPT_PRIVATE and resp.status_code < 400
                            and resp.headers.get("Cache-Control", "").startswith("private, max-age"))
        if (not static and not public) or resp.status_code >= 400:
            # Pages, downloads (evidence, exports, templates) and error pages hold or reveal
            # task data: never kept in any cache. send_file's own "no-cache" is replaced.
            if "no-store" not in resp.headers.get("Cache-Control", ""):
                resp.headers["Cache-Control"] = "no-store"
        return resp
