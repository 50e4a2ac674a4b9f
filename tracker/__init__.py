"""Directive Tracker: the application factory, read as a list of steps."""
import os
import weakref

from flask import Flask

from config import check_production, check_settings, instance_defaults, load_config, session_settings


def create_app(test_config: dict | None = None, config_name: str | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=(test_config or {}).get("INSTANCE_PATH"),
        template_folder=os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates"),
    )
    settings = load_config(config_name or (test_config or {}).get("CONFIG_NAME"))
    if test_config:
        settings.update(test_config)
    instance_defaults(settings, app.instance_path)
    session_settings(settings)
    check_settings(settings)
    check_production(settings)
    app.config.update(settings)
    os.makedirs(app.instance_path, exist_ok=True)
    os.makedirs(app.config["UPLOAD_DIR"], exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_security(app)
    register_commands(app)
    return app


# Set once per PostgreSQL connection, at its start-up (no round trip): the app's statements are
# short or are report counts whose dozens of FILTER expressions cost more to JIT-compile than to
# evaluate (3 s of a 5 s query). ``SET LOCAL jit = off`` before each report was one more round
# trip, which for a commune's 1 ms report was a third of its time (queries.reports.past.jit_off).
# Custom plans always: the statements stay prepared from one request to the next
# (tracker/read_only_end.py), and PostgreSQL's generic plan of a prepared statement guesses its
# parameters: for the subtree's ``path LIKE $1 || '%'`` it scanned all 10,000 units (0.04 -> 2.9 ms),
# for the home page's first open tasks it doubled the time (bench/pages.py, session 25).
PG_CONNECTION_OPTIONS = "-c jit=off -c plan_cache_mode=force_custom_plan"
JIT_OFF_ENGINES: "weakref.WeakSet" = weakref.WeakSet()  # engines whose connections start with it


def _postgres_session_settings(app: Flask) -> bool:
    if not str(app.config.get("SQLALCHEMY_DATABASE_URI") or "").startswith("postgresql"):
        return False
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    connect_args["options"] = " ".join(filter(None, [connect_args.get("options"), PG_CONNECTION_OPTIONS]))
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    return True


def register_extensions(app: Flask) -> None:
    from tracker import models  # noqa: F401  (mappers must exist before use)
    from tracker.extensions import babel, cache, csrf, db, limiter, login_manager, migrate
    from tracker.i18n import select_locale, select_timezone

    jit_off = _postgres_session_settings(app)
    db.init_app(app)
    if jit_off:
        with app.app_context():
            JIT_OFF_ENGINES.add(db.engine)
        from tracker import read_only_end

        read_only_end.install(app, db)
    cache.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations"))
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=os.path.join(os.path.dirname(__file__), "translations"),
    )
    limiter.init_app(app)
    login_manager.init_app(app)
    from tracker.auth import init_login

    init_login(login_manager)


def register_blueprints(app: Flask) -> None:
    from tracker.views import register
    from tracker.views.converters import IdConverter

    app.url_map.converters["int"] = IdConverter  # before the routes that use it
    register(app)


def register_errorhandlers(app: Flask) -> None:
    from tracker.views.errors import register as register_errors

    register_errors(app)


def register_template_helpers(app: Flask) -> None:
    from tracker.views.helpers import register as register_helpers

    register_helpers(app)


def register_security(app: Flask) -> None:
    from tracker.security import register as register_sec

    register_sec(app)


def register_commands(app: Flask) -> None:
    from tracker.commands import register as register_cmds

    register_cmds(app)
