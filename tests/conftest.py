"""Fixtures: each test gets a fresh copy of a migrated database holding the demo world.

The schema is built by the Alembic migrations (never create_all), once per run, and
the demo data loaded once into a template; every test then starts from a copy of
it: a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL.
Set TEST_DATABASE_URL=postgresql+psycopg://... to run the suite on PostgreSQL.
"""
import os
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import jinja2
import pytest
import sqlalchemy as sa
import sqlalchemy.orm

from tracker import create_app
from tracker.extensions import db
from tracker.services.demo import DEMO_PASSWORD

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def _compile_catalogs() -> None:
    """Compile the translations when the .mo is missing or older than its .po, so a bare
    `pytest` sees the English UI too (make run / make test also compile them)."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).resolve().parents[1] / "tracker" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as fh:
                catalog = read_po(fh)
            with mo.open("wb") as fh:
                write_mo(fh, catalog)


_compile_catalogs()


# Tests that start processes of their own (Celery workers, Redis, an SMTP sink) or drive
# Chromium: under pytest-xdist (`--dist loadgroup`) each of these directories runs on one
# worker, one test after another, so two of them never compete for the 2 cores at once.
SERIAL_GROUPS = {"reliability": "processes", "browser": "browser", "test_embedded_worker.py": "processes"}


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    """Leave postgres_only tests out of a SQLite run and the database-free domain tests out of the
    PostgreSQL run (reported as deselected, not skipped): `make test` runs each in one of its two
    passes. Mark the serial groups (see above)."""
    for item in items:
        parts = item.nodeid.split("::")[0].split("/")
        group = next((SERIAL_GROUPS[p] for p in parts[1:] if p in SERIAL_GROUPS), None)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    if IS_PG:
        # The pure domain tests (tests/domain) that touch no database ran in the SQLite pass:
        # the same code again on the same input proves nothing new (a third of the pass's time).
        again = [i for i in items if "/domain/" in "/" + i.nodeid and "databases" not in getattr(i, "fixturenames", ())]
        if again:
            config.hook.pytest_deselected(items=again)
            drop = set(again)
            items[:] = [i for i in items if i not in drop]
        return
    kept = [i for i in items if i.get_closest_marker("postgres_only") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i.get_closest_marker("postgres_only")])
        items[:] = kept


IS_PG = PG_URL.startswith("postgresql")


class Databases:
    """Creates and copies test databases on SQLite files or PostgreSQL."""

    def __init__(self, tmp_root):
        self.tmp_root = tmp_root
        # Unique per process: each xdist worker (gw0, gw1, ...) builds its own templates.
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.tag = f"{worker}_{uuid.uuid4().hex[:8]}"
        if IS_PG:
            url = sa.engine.make_url(PG_URL)
            self.admin_engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT",
                                                 poolclass=sa.pool.NullPool)
            self.base_url = url

    def url_for(self, name: str) -> str:
        if IS_PG:
            return self.base_url.set(database=name).render_as_string(hide_password=False)
        return f"sqlite:///{self.tmp_root / (name + '.db')}"

    def create_empty(self, name: str) -> str:
        if IS_PG:
            with self.admin_engine.connect() as c:
                c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
                c.execute(sa.text(f'CREATE DATABASE "{name}"'))
        return self.url_for(name)

    def copy(self, template: str, name: str) -> str:
        if IS_PG:
            # Autovacuum may briefly connect to the template, and PostgreSQL then
            # refuses to copy it ("being accessed by other users"): try again.
            for attempt in range(50):
                try:
                    with self.admin_engine.connect() as c:
                        c.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
                    break
                except sa.exc.DBAPIError as e:
                    if "being accessed by other users" not in str(e) or attempt == 49:
                        raise
                    time.sleep(0.1)
        else:
            shutil.copyfile(self.tmp_root / (template + ".db"), self.tmp_root / (name + ".db"))
        return self.url_for(name)

    def drop(self, name: str) -> None:
        if IS_PG:
            # An autovacuum worker (a superuser process we may not terminate) can be
            # in the copy for a moment: try again, and leave the copy behind rather
            # than fail a test over cleanup; the next run's names are new anyway.
            for _attempt in range(30):
                try:
                    with self.admin_engine.connect() as c:
                        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    return
                except sa.exc.DBAPIError:
                    time.sleep(0.2)
        else:
            (self.tmp_root / (name + ".db")).unlink(missing_ok=True)


def _build_template(dbs: Databases, name: str, *, demo: bool, tmp_path) -> None:
    from flask_migrate import upgrade

    url = dbs.create_empty(name)
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "UPLOAD_DIR": str(tmp_path / "uploads-template")})
    with app.app_context():
        upgrade()
        if demo:
            from tracker.services.calendar import load_calendar
            from tracker.services.demo import load_demo
            from tracker.timeutil import local_today

            load_demo(db.session, today=local_today(), calendar=load_calendar())
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    # SQLite files on tmpfs when there is one: no disk flush on every commit.
    shm = "/dev/shm"
    on_shm = not IS_PG and os.path.isdir(shm) and os.access(shm, os.W_OK)
    root = Path(tempfile.mkdtemp(prefix="tracker-tests-", dir=shm)) if on_shm else tmp_path_factory.mktemp("db")
    dbs = Databases(root)
    names = {"empty": f"dt_{dbs.tag}_empty", "demo": f"dt_{dbs.tag}_demo"}
    _build_template(dbs, names["empty"], demo=False, tmp_path=root)
    _build_template(dbs, names["demo"], demo=True, tmp_path=root)
    dbs.templates = names
    yield dbs
    for name in names.values():
        dbs.drop(name)
    if on_shm:
        shutil.rmtree(root, ignore_errors=True)


class _SharedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the whole test process. Every test builds a new
    app (so a new Jinja environment) and would otherwise compile each page's templates again;
    entries are keyed by the template's source checksum, so an edited template is recompiled."""

    def __init__(self):
        self.store = {}

    def load_bytecode(self, bucket):
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CACHE = _SharedBytecodeCache()


def _make_app(databases, template: str, tmp_path, extra=None):
    name = f"dt_{databases.tag}_{uuid.uuid4().hex[:10]}"
    url = databases.copy(databases.templates[template], name)
    config = {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
              "UPLOAD_DIR": str(tmp_path / "uploads"), "SERVER_NAME": None}
    config.update(extra or {})
    app = create_app(config)
    app.jinja_env.bytecode_cache = _TEMPLATE_CACHE
    app.test_db_name = name
    return app


@pytest.fixture
def app_config():
    """Override in a test module to change settings for its app."""
    return {}


@pytest.fixture
def sink():
    """A real SMTP server on loopback (aiosmtpd), for a module whose app_config points mail at it."""
    from tests.reliability.smtp_sink import SmtpSink

    s = SmtpSink().start()
    yield s
    s.stop()


def _app_fixture(databases, tmp_path, app_config, template):
    app = _make_app(databases, template, tmp_path, app_config)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(app.test_db_name)


@pytest.fixture
def app(databases, tmp_path, app_config):
    """The demo world, fresh for this test."""
    yield from _app_fixture(databases, tmp_path, app_config, "demo")


@pytest.fixture
def empty_app(databases, tmp_path, app_config):
    """A migrated database with no rows."""
    yield from _app_fixture(databases, tmp_path, app_config, "empty")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class ArrangingSession(sa.orm.scoped_session):
    """db.session (same registry, same Session) for arranging data in a test.

    The app's use cases raise the data version (and keep the standing report counts, which
    a direct write to tasks marks stale) that keys cached figures, pickers and the
    calendar (tracker.cache.bump_data_version). Rows a test writes directly bypass them,
    so a commit here that wrote a row of a cached table raises both counters, as the use
    case that would have written it does; after a use case's own bump it adds nothing.
    Tests that check the use cases' bumps (test_data_version_bumps.py) call the use
    cases with the plain ``db.session``, where this net does not exist.
    """

    @classmethod
    def over(cls, scoped):
        obj = cls.__new__(cls)
        obj.session_factory, obj.registry = scoped.session_factory, scoped.registry
        return obj

    def commit(self) -> None:
        from tracker.cache import BUMPED, bump_data_version
        from tracker.models import (CalendarDay, Directive, DirectivePublication, ExtensionRequest, Indicator,
                                    IndicatorSnapshotValue, IndicatorTarget, IndicatorValue, ReportSnapshot,
                                    ReportSnapshotRow, ReportSnapshotTask, Task, TaskEvent, Unit)
        cached = (CalendarDay, Directive, DirectivePublication, ExtensionRequest, Indicator, IndicatorSnapshotValue,
                  IndicatorTarget, IndicatorValue, ReportSnapshot, ReportSnapshotRow, ReportSnapshotTask, Task,
                  TaskEvent, Unit)
        s = self.registry()
        bumped = s.info.pop(BUMPED, None)
        bumped = bumped is not None and bumped is s.get_transaction()  # by this transaction, not an earlier one
        if not bumped and any(isinstance(o, cached) for o in (*s.new, *s.dirty, *s.deleted)):
            if any(isinstance(o, Task) for o in (*s.new, *s.dirty, *s.deleted)):
                from tracker.services.report_counts import invalidate
                invalidate(s)  # tasks written directly: the standing counts are rebuilt by their next reader
            bump_data_version(s, structure=True)
        s.info.pop(BUMPED, None)
        s.commit()

    def rollback(self) -> None:
        from tracker.cache import BUMPED

        s = self.registry()
        s.info.pop(BUMPED, None)
        s.rollback()


@pytest.fixture
def session(app):
    """A database session for arranging and checking data.

    It lives in the context of a second app on the same database: were it the
    test app's own context, every client request would share its `g` (logged-in
    user, CSRF token) and hide bugs that real, separate requests would show.
    """
    observer = create_app(dict(app.config))
    with observer.app_context():
        yield ArrangingSession.over(db.session)
        db.session.remove()
        db.engine.dispose()


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_from(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "page has no CSRF token"
    return m.group(1) or m.group(2)


def login(client, email: str, password: str = DEMO_PASSWORD):
    """Log in through the real form, CSRF token included; returns the response."""
    page = client.get("/login")
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_from(page.text)})


def post_form(client, url: str, data: dict, *, form_page: str | None = None, **kw):
    """POST as a browser would: take the CSRF token from the page that shows the form."""
    page = client.get(form_page or url)
    payload = {"csrf_token": csrf_from(page.text)}
    payload.update(data)
    return client.post(url, data=payload, **kw)


def demo_email(local: str) -> str:
    return f"{local}@sonla.demo"


@pytest.fixture
def as_user(client):
    """Log the test client in as a demo user: as_user("thuky")."""
    def _login(local: str):
        resp = login(client, demo_email(local))
        assert resp.status_code == 302, f"login as {local} failed"
        return client
    return _login


def confirm_step(client, page):
    """Submit a confirmation page (templates/confirm.html) as the user's "yes" would."""
    html = page.get_data(as_text=True)
    assert 'id="confirm-step"' in html, "no confirmation step"
    form = html.split('id="confirm-step"', 1)[1]
    action = re.search(r'<form method="post" action="([^"]+)"', form).group(1)
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    data = {k: __import__("html").unescape(v) for k, v in data.items()}
    return client.post(action, data=data)
