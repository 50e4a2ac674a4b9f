"""Browser fixtures: the test app served on a free local port, and Debian's Chromium driven by Playwright.

`live_server` serves the `app` fixture of tests/conftest.py (a fresh copy of the migrated
demo database) from a background thread. `browser` launches the system Chromium once per
session (never a downloaded one: no `playwright install`); `page` gives each test a new
context in Vietnamese locale and Vietnam's time zone.

A missing Chromium is a failure, not a skip: scripts/services.sh installs it for CI.
"""
import os
import threading

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 10_000


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # one line per static file drowns the test report
        pass


@pytest.fixture
def live_server(app):
    """Base URL (http://127.0.0.1:PORT) of the test app, served until the test ends."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM_PATH}: the browser tests need Debian's chromium package "
                    f"(run `bash scripts/services.sh` as root, or set CHROMIUM_PATH).", pytrace=False)
    from playwright.sync_api import Error, sync_playwright

    pw = sync_playwright().start()
    try:
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
        except Error as e:
            pytest.fail(f"Could not start Chromium at {CHROMIUM_PATH}: {e}", pytrace=False)
        yield browser
        browser.close()
    finally:
        pw.stop()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
