"""Every page a role may use is reachable by following links from its home page.

For each demo role the test client logs in and follows same-origin GET links from /home
(breadth first, each path once, bounded), as a user clicking around would.
"""
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

# Links that leave the HTML pages (downloads, one-click unsubscribe) or change the session.
_SKIP = re.compile(r"/logout|/export|/attachments/|/template\.|/u/|\.json$|\.xlsx$|\.docx$|\.csv$")
PAGE_LIMIT = 600

ROLES = ["admin", "truongban", "thuky", "giamsat", "congan.lanhdao", "chiengle.canbo"]
EVERYONE = {"mail preferences": r"/account/notifications", "directive progress": r"/reports/directives/\d+"}
ADMIN_ONLY = {"outbox": r"/admin/outbox", "reminder policies": r"/admin/reminder-policies"}


def crawl(client, targets: dict[str, str]) -> tuple[set[str], set[str]]:
    """Paths of the HTML pages reached from /home, and the names of the targets among them."""
    patterns = {name: re.compile(rx + r"$") for name, rx in targets.items()}
    queue, seen, pages, reached = deque(["/home"]), {"/home"}, set(), set()
    while queue and len(pages) < PAGE_LIMIT:
        url = queue.popleft()
        resp = client.get(url)
        if resp.status_code != 200 or not resp.mimetype == "text/html":
            continue
        path = urlsplit(url).path
        pages.add(path)
        reached |= {name for name, rx in patterns.items() if rx.match(path)}
        for href in lxml.html.fromstring(resp.text).xpath("//a/@href"):
            parts = urlsplit(urljoin("http://localhost" + url, href))
            if parts.netloc != "localhost" or "lang=" in parts.query or _SKIP.search(parts.path):
                continue
            if parts.path not in seen:  # one visit per path: query variants show the same page
                seen.add(parts.path)
                queue.append(parts.path + ("?" + parts.query if parts.query else ""))
    return pages, reached


def _plain_pages(app, client) -> set[str]:
    """Every GET route without arguments that answers this user with an HTML page."""
    found = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments or rule.endpoint == "static" or _SKIP.search(rule.rule):
            continue
        resp = client.get(rule.rule)
        if resp.status_code == 200 and resp.mimetype == "text/html":
            found.add(rule.rule)
    return found


@pytest.mark.parametrize("local", ROLES)
def test_every_page_of_a_role_is_reached_from_its_home(app, client, as_user, local):
    as_user(local)
    targets = dict(EVERYONE, **(ADMIN_ONLY if local == "admin" else {}))
    pages, reached = crawl(client, targets)
    assert reached == set(targets), f"{local} cannot reach {set(targets) - reached} by links"
    missing = {p for p in _plain_pages(app, client) if p not in pages and p.rstrip("/") not in pages
               and p not in ("/", "/login")}
    assert not missing, f"{local} reaches these pages only by typing the URL: {sorted(missing)}"


def test_others_do_not_reach_the_admin_pages(client, as_user):
    as_user("thuky")
    pages, reached = crawl(client, ADMIN_ONLY)
    assert reached == set() and not any(p.startswith("/admin") for p in pages)
