"""Settings classes plus environment overrides, read when the app is created."""
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

DEFAULT_SECRET = "dev-only-not-secret"


class BaseConfig:
    SECRET_KEY = DEFAULT_SECRET
    SQLALCHEMY_DATABASE_URI = None  # set from instance path when not given
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    WTF_CSRF_TIME_LIMIT = None  # a form left open all morning must still post
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    TIMEZONE = "Asia/Ho_Chi_Minh"
    RATELIMIT_STORAGE_URI = "memory://"
    # Query results cached by data version (tracker/cache.py): exact, so on by default.
    QUERY_CACHE = True
    # Rendered pages cached per user, keyed by per-scope counters (tracker/page_cache.py); off
    # with QUERY_CACHE too. Entries are kept this long at most.
    PAGE_CACHE = True
    PAGE_CACHE_SECONDS = 300
    CACHE_TYPE = "SimpleCache"  # RedisCache + CACHE_REDIS_URL to share entries between workers
    CACHE_DEFAULT_TIMEOUT = 600
    CACHE_THRESHOLD = 2000
    # Home tiles from standing rows (tracker/queries/home_counts.py) for the admin and the people
    # of units at this depth or above (0 the country, 1 a province; -1: the admin only).
    HOME_COUNTS_DEPTH = 1
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "5 per minute;20 per hour"
    # Public pages (/cong-khai) and calendar feeds (/lich): requests per IP, and the
    # public pages' Cache-Control max-age (docs/public.md).
    PUBLIC_RATE_LIMIT = "60 per minute;1000 per hour"
    PUBLIC_MAX_AGE_SECONDS = 60
    # Per account (per email typed, known or not): from the 5th failure in a row, logins with
    # that email wait 1 min, then 2, 4, ... up to 60 min; failures are forgotten after 24 h.
    LOGIN_ACCOUNT_FAILURES = 5
    LOGIN_BACKOFF_BASE_SECONDS = 60
    LOGIN_BACKOFF_MAX_SECONDS = 3600
    LOGIN_FAILURES_FORGET_HOURS = 24
    # Server-side sessions (tracker/services/sessions.py): absolute maximum age of a login,
    # of a "remember me" login (its cookie lives as long), optional idle timeout (0 = off).
    SESSION_MAX_HOURS = 12
    REMEMBER_DAYS = 14
    SESSION_IDLE_MINUTES = 0
    # Unsubscribe links in reminder mail expire.
    UNSUBSCRIBE_MAX_AGE_DAYS = 60
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    UPLOAD_DIR = None  # instance/uploads unless set
    # What an upload may make the server do (tracker/services/upload_limits.py, docs/security.md).
    UPLOAD_ZIP_MAX_ENTRIES = 5000                 # entries of a .docx/.xlsx/.pptx/.odt/.ods
    UPLOAD_ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024   # declared uncompressed total, stored files
    PARSE_ZIP_MAX_UNCOMPRESSED = 30 * 1024 * 1024     # ... files the server reads (.docx, .xlsx)
    UPLOAD_ZIP_MAX_RATIO = 100                    # per entry, uncompressed / compressed ...
    UPLOAD_ZIP_RATIO_MIN_BYTES = 1024 * 1024      # ... for entries over 1 MiB uncompressed
    PDF_MAX_PAGES = 300                           # pages of a PDF read for proposals
    TEXT_MAX_CHARS = 200_000                      # text handed to the extraction
    # Which extraction engine proposes tasks: "model" (every clause a candidate, kept by the trained clause
    # model over the rules' proposals: tracker/domain/extraction/clause_model.py) or "rules" (the hand-written
    # rules alone). The model since session 30: on 74 batches read at first sight it found more actions (f1
    # +0.023 on average), and on six batches never opened more of them with the right lead and date (f1 0.704 →
    # 0.757 once retrained; docs/extraction.md, "The default engine" and the section after it).
    # The one default: the app, `flask directives extract` and the benches read it from here.
    EXTRACTION_ENGINE = "model"
    IMPORT_MAX_ROWS = 5000                        # rows of a task/unit/user import
    IMPORT_MAX_COLUMNS = 50                       # filled columns of an import row
    PAGE_SIZE = 25
    # Latest deadline any input path accepts, in years after the assignment/request day.
    DEADLINE_HORIZON_YEARS = 5
    BASE_URL = "http://127.0.0.1:5000"
    CELERY_BROKER_URL = None  # embedded: kombu's SQLAlchemy transport on SQLite
    CELERY_RESULT_BACKEND = None
    MAIL_BACKEND = "outbox"   # outbox: written to the database and instance/outbox
    SMTP_HOST = "127.0.0.1"
    SMTP_PORT = 25
    SMTP_USER = None
    SMTP_PASSWORD = None
    SMTP_STARTTLS = False
    MAIL_FROM = "Directive Tracker <no-reply@localhost>"
    # Reminders: local hour they go out, sweep/delivery periods of the beat, outbox retries.
    REMINDER_HOUR = "07:30"
    REMINDER_SWEEP_SECONDS = 300
    MAIL_DELIVER_SECONDS = 30
    MAIL_BATCH_SIZE = 100
    MAIL_LEASE_SECONDS = 300
    MAIL_RETRY_BASE_SECONDS = 60
    MAIL_RETRY_MAX_SECONDS = 3600
    MAIL_MAX_ATTEMPTS = 12
    MAIL_ASYNC_COMMIT = True
    SMTP_TIMEOUT = 30
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SECURE_HEADERS = True
    HSTS = False
    TESTING = False


class DevelopmentConfig(BaseConfig):
    DEBUG = False


class TestingConfig(BaseConfig):
    TESTING = True
    SECRET_KEY = "testing-secret"
    WTF_CSRF_ENABLED = True  # tests post real tokens, as a browser does
    RATELIMIT_STORAGE_URI = "memory://"


class ProductionConfig(BaseConfig):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    MAIL_BACKEND = "smtp"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}

# Environment variables that override settings, with their converters.
_ENV = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "REDIS_URL": str,
    "CELERY_BROKER_URL": str,
    "CELERY_RESULT_BACKEND": str,
    "RATELIMIT_STORAGE_URI": str,
    "BASE_URL": str,
    "SMTP_HOST": str,
    "SMTP_PORT": int,
    "SMTP_USER": str,
    "SMTP_PASSWORD": str,
    "SMTP_STARTTLS": lambda v: v.lower() in ("1", "true", "yes"),
    "MAIL_FROM": str,
    "MAIL_BACKEND": str,
    "REMINDER_HOUR": str,
    "REMINDER_SWEEP_SECONDS": float,
    "MAIL_DELIVER_SECONDS": float,
    "MAIL_BATCH_SIZE": int,
    "MAIL_LEASE_SECONDS": int,
    "MAIL_RETRY_BASE_SECONDS": float,
    "MAIL_RETRY_MAX_SECONDS": float,
    "MAIL_MAX_ATTEMPTS": int,
    "SMTP_TIMEOUT": float,
    "UPLOAD_DIR": str,
    "UPLOAD_MAX_BYTES": int,
    "DEADLINE_HORIZON_YEARS": int,
    "UPLOAD_ZIP_MAX_ENTRIES": int,
    "UPLOAD_ZIP_MAX_UNCOMPRESSED": int,
    "PARSE_ZIP_MAX_UNCOMPRESSED": int,
    "UPLOAD_ZIP_MAX_RATIO": int,
    "UPLOAD_ZIP_RATIO_MIN_BYTES": int,
    "PDF_MAX_PAGES": int,
    "TEXT_MAX_CHARS": int,
    "EXTRACTION_ENGINE": str,
    "IMPORT_MAX_ROWS": int,
    "IMPORT_MAX_COLUMNS": int,
    "LOGIN_RATE_LIMIT": str,
    "PUBLIC_RATE_LIMIT": str,
    "PUBLIC_MAX_AGE_SECONDS": int,
    "RATELIMIT_KEY_PREFIX": str,
    "LOGIN_ACCOUNT_FAILURES": int,
    "LOGIN_BACKOFF_BASE_SECONDS": float,
    "LOGIN_BACKOFF_MAX_SECONDS": float,
    "SESSION_MAX_HOURS": float,
    "REMEMBER_DAYS": float,
    "SESSION_IDLE_MINUTES": float,
    "UNSUBSCRIBE_MAX_AGE_DAYS": float,
    "CACHE_TYPE": str,
    "CACHE_REDIS_URL": str,
    "QUERY_CACHE": lambda v: v.lower() in ("1", "true", "yes"),
    "PAGE_CACHE": lambda v: v.lower() in ("1", "true", "yes"),
    "PAGE_CACHE_SECONDS": int,
    "HOME_COUNTS_DEPTH": int,
}


def load_config(name: str | None, environ=os.environ) -> dict:
    """Return the settings for `name` (or TRACKER_CONFIG), with env overrides applied."""
    name = name or environ.get("TRACKER_CONFIG", "development")
    cls = CONFIGS.get(name)
    if cls is None:
        raise RuntimeError(f"Unknown TRACKER_CONFIG {name!r}; use one of {sorted(CONFIGS)}")
    settings = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
    settings["CONFIG_NAME"] = name
    for key, convert in _ENV.items():
        if key in environ and environ[key] != "":
            settings[key] = convert(environ[key])
    if "DATABASE_URL" in settings:
        settings["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(settings.pop("DATABASE_URL"))
    if not environ.get("RATELIMIT_STORAGE_URI") and settings.get("REDIS_URL") and name != "testing":
        # Counters shared by every worker: with Redis at hand, the limiter uses it.
        settings["RATELIMIT_STORAGE_URI"] = settings["REDIS_URL"]
    return settings


def session_settings(settings: dict) -> None:
    """Derive Flask-Login's remember-cookie lifetime and the session horizons (hours, days)."""
    settings["REMEMBER_COOKIE_DURATION"] = timedelta(days=settings["REMEMBER_DAYS"])
    settings["SESSION_MAX_AGE"] = timedelta(hours=settings["SESSION_MAX_HOURS"])
    idle = settings.get("SESSION_IDLE_MINUTES") or 0
    settings["SESSION_IDLE_TIMEOUT"] = timedelta(minutes=idle) if idle > 0 else None


def _normalise_db_url(url: str) -> str:
    # Heroku-style postgres:// URLs name no driver; we ship psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def check_settings(settings: dict) -> None:
    """Refuse at start-up a setting that would only fail later, on a user's request."""
    from tracker.domain.extraction import ENGINES   # (here: the tracker package imports this module)
    if settings.get("EXTRACTION_ENGINE") not in ENGINES:
        raise RuntimeError(f"EXTRACTION_ENGINE must be one of {', '.join(ENGINES)}, "
                           f"not {settings.get('EXTRACTION_ENGINE')!r}.")


def check_production(settings: dict) -> None:
    """Refuse to run production on defaults that would be unsafe."""
    if settings.get("CONFIG_NAME") != "production":
        return
    key = settings.get("SECRET_KEY") or ""
    if key in (DEFAULT_SECRET, "testing-secret") or len(key) < 32:
        raise RuntimeError("Production needs SECRET_KEY set to a random value of 32+ characters.")
    if not settings.get("SQLALCHEMY_DATABASE_URI"):
        raise RuntimeError("Production needs DATABASE_URL.")
    if str(settings.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        # Each gunicorn worker would count on its own: the login limit would multiply.
        raise RuntimeError("Production needs RATELIMIT_STORAGE_URI (or REDIS_URL) naming a shared store.")


def instance_defaults(settings: dict, instance_path: str) -> None:
    """Fill embedded defaults that live under instance/."""
    inst = Path(instance_path)
    if not settings.get("SQLALCHEMY_DATABASE_URI"):
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{inst / 'tracker.db'}"
    if not settings.get("UPLOAD_DIR"):
        settings["UPLOAD_DIR"] = str(inst / "uploads")
    if not settings.get("CELERY_BROKER_URL"):
        settings["CELERY_BROKER_URL"] = f"sqla+sqlite:///{inst / 'celery-broker.db'}"
    settings.setdefault("OUTBOX_DIR", str(inst / "outbox"))
    if settings.get("CONFIG_NAME", "development") == "development" and settings.get("SECRET_KEY") == DEFAULT_SECRET:
        settings["SECRET_KEY"] = instance_secret_key(inst)


def instance_secret_key(inst: Path) -> str:
    """The embedded default's signing key: random, made on first run under instance/ (0600)
    and reused after, so sessions and mail links survive restarts and nobody else knows it."""
    path = inst / "secret_key"
    inst.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made by an earlier run, or by another worker starting at the same moment
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    for _attempt in range(50):
        key = path.read_text().strip()
        if len(key) >= 32:
            return key
        time.sleep(0.05)  # another process is still writing it
    raise RuntimeError(f"{path} holds no usable key; delete it to make a new one.")
