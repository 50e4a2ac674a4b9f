"""In a real browser, for each demo role, every main page:

- on a 390 px wide phone, scrolls only vertically (`scrollWidth <= innerWidth`), and on the
  home page and the task list the first task's deadline badge ("Quá hạn", "Sắp đến hạn"...)
  is inside the screen;
- passes axe-core (vendored in tests/browser/vendor/axe-core, MPL-2.0) with no serious or
  critical violation, at desktop width where the navigation bar is expanded.

One browser for the whole run, one context per role and check.
"""
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import TIMEOUT_MS
from tests.test_proposals import SEED_000_CONCLUSION
from tracker.services.demo import DEMO_PASSWORD

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Demo logins (tracker/services/demo.py): secretariat, committee head, viewer, ward officer,
# ward head, administrator.
ROLES = ["thuky", "truongban", "giamsat", "chiengle.canbo", "chiengle.lanhdao", "admin"]
SECRETARIAT_ROLES = {"thuky"}
ADMIN_PAGES = ["/admin/users", "/admin/units", "/admin/calendar", "/admin/outbox"]


def _login(page: Page, local: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(f"{local}@sonla.demo")
    page.locator("#password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def _first_href(page: Page, url: str, selector: str) -> str:
    page.goto(url)
    link = page.locator(selector).first
    expect(link).to_be_attached()
    return link.get_attribute("href")


def _main_pages(page: Page, role: str) -> list[str]:
    """The pages a user of this role reaches from the menu, plus one task and one directive."""
    task = _first_href(page, "/tasks/", "#task-table tbody tr[data-task-id] a[href*='/tasks/']")
    directive = _first_href(page, "/directives/", "main a[href^='/directives/']:not([href$='/new'])")
    directive_id = re.search(r"/directives/(\d+)", directive).group(1)
    pages = ["/home", "/tasks/", task, "/directives/", directive, "/reports/",
             f"/reports/directives/{directive_id}", "/notifications/", "/account/"]
    if role in SECRETARIAT_ROLES:
        pages.append(f"/directives/{directive_id}/assign")
    if role == "admin":
        pages += ADMIN_PAGES
    return pages


def _open_review(page: Page, directive_id: int) -> None:
    """The proposal review screen: the conclusion text analysed into rows."""
    page.goto(f"/directives/{directive_id}/propose")
    page.locator("#text").fill(SEED_000_CONCLUSION)
    page.get_by_role("button", name="Phân tích").click()
    expect(page.locator("tr.proposal-row").first).to_be_visible()


def _context(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport=viewport, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


def _overflow(page: Page) -> dict:
    return page.evaluate("""() => {
        const d = document.documentElement, w = window.innerWidth;
        const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 0.5 && e.offsetParent !== null)
            .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.')
                               + ' right=' + Math.round(e.getBoundingClientRect().right));
        return {scrollWidth: d.scrollWidth, innerWidth: w, wide};
    }""")


def _badge_off_screen(page: Page, table: str) -> str | None:
    """A problem if the first task row's deadline badge is not wholly inside the screen."""
    badge = page.locator(f"{table} tbody tr[data-task-id]").first.locator(".badge[class*='cat-']")
    expect(badge).to_be_visible()
    box = badge.bounding_box()
    width = page.evaluate("window.innerWidth")
    if box["x"] < 0 or box["x"] + box["width"] > width:
        return f"{page.url}: the first task's deadline badge is off-screen ({box}, screen {width} px)"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, role):
    context = _context(browser, live_server, PHONE)
    page = context.new_page()
    try:
        _login(page, role)
        pages = _main_pages(page, role)
        problems = []
        for url in pages:
            page.goto(url)
            m = _overflow(page)
            if m["scrollWidth"] > m["innerWidth"]:
                problems.append(f"{url}: {m}")
            if url in ("/home", "/tasks/"):
                problems.append(_badge_off_screen(page, "#home-tasks" if url == "/home" else "#task-table"))
        if role in SECRETARIAT_ROLES:
            directive_id = int(re.search(r"/directives/(\d+)", pages[4]).group(1))
            _open_review(page, directive_id)
            m = _overflow(page)
            if m["scrollWidth"] > m["innerWidth"]:
                problems.append(f"review: {m}")
            # Usable on a phone: the task text box is (nearly) as wide as the screen, and the
            # deadline of the first row is on screen.
            content = page.locator("#rows-0-content").bounding_box()
            assert content["width"] >= PHONE["width"] * 0.75, f"review text box is {content['width']} px wide"
            deadline = page.locator("#rows-0-deadline_kind").bounding_box()
            assert 0 <= deadline["x"] and deadline["x"] + deadline["width"] <= PHONE["width"], deadline
        problems = [p for p in problems if p]
        assert not problems, "pages wider than a 390 px phone:\n" + "\n".join(problems)
    finally:
        context.close()


def _axe(page: Page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 160))}));
    }""")


@pytest.mark.parametrize("role", ROLES)
def test_axe_finds_no_serious_violation(browser, live_server, role):
    context = _context(browser, live_server, DESKTOP)
    page = context.new_page()
    try:
        _login(page, role)
        pages = _main_pages(page, role)
        found = []
        for url in pages:
            page.goto(url)
            found += [f"{url}: {v['id']} ({v['impact']}) {v['nodes']}" for v in _axe(page)]
        if role in SECRETARIAT_ROLES:
            _open_review(page, int(re.search(r"/directives/(\d+)", pages[4]).group(1)))
            found += [f"review: {v['id']} ({v['impact']}) {v['nodes']}" for v in _axe(page)]
        assert not found, "axe-core serious/critical violations:\n" + "\n".join(found)
    finally:
        context.close()
