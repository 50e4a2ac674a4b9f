"""In a real browser, for each demo role, every main page (home, task list, a task, directive
list, a directive, reports, notifications, account; the assign form and the proposal review
screen for those who assign; the admin pages for the administrator):

- on a 390 px wide phone, scrolls only vertically (`scrollWidth <= innerWidth`); task lists
  (home, task list, directive page) are cards: the task text spans the card and the first
  task's deadline badge ("Quá hạn", "Sắp đến hạn"...) is on screen; the proposal review's
  fields are full width with the deadline on screen;
- passes axe-core (vendored in tests/browser/vendor/axe-core, MPL-2.0) with no serious or
  critical violation, at desktop width where the navigation bar is expanded.

Plus the skip link and the admin user search box's label. One browser for the whole run,
one context per role and check.
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
# Task lists that become cards on a phone: page -> table.
CARD_LISTS = {"/home": "#home-tasks", "/tasks/": "#task-table"}
DESKTOP = {"width": 1280, "height": 800}

# Demo logins (tracker/services/demo.py): secretariat, committee head, viewer, ward officer,
# ward head, administrator.
ROLES = ["thuky", "truongban", "giamsat", "chiengle.canbo", "chiengle.lanhdao", "admin"]
ASSIGNERS = {"thuky", "admin"}  # see the assign form and proposal review of the demo directive
ADMIN_PAGES = ["/admin/users", "/admin/units", "/admin/calendar", "/admin/outbox", "/admin/reminder-policies",
               "/admin/import"]


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


def _main_pages(page: Page) -> tuple[list[str], int | None]:
    """The pages a user reaches from the menu, plus one task and one directive; and the
    directive whose tasks this user may assign (assign form, proposal review), if any."""
    task = _first_href(page, "/tasks/", "#task-table tbody tr[data-task-id] a[href*='/tasks/']")
    directive = _first_href(page, "/directives/", "main a[href^='/directives/']:not([href$='/new'])")
    directive_id = int(re.search(r"/directives/(\d+)", directive).group(1))
    pages = ["/home", "/tasks/", task, "/directives/", directive, "/reports/",
             f"/reports/directives/{directive_id}", "/notifications/", "/account/", "/account/tokens",
             "/account/notifications"]
    page.goto(directive)
    may_assign = page.locator(f"main a[href='/directives/{directive_id}/assign']").count() > 0
    if may_assign:
        pages.append(f"/directives/{directive_id}/assign")
    if page.locator("a.nav-link[href='/admin/units']").count():
        pages += ADMIN_PAGES
    return pages, (directive_id if may_assign else None)


def _pages_for(page: Page, role: str) -> tuple[list[str], int | None]:
    pages, assignable = _main_pages(page)
    # The role's pages were found through its menu and buttons: make sure none went missing.
    assert (assignable is not None) == (role in ASSIGNERS), (role, assignable)
    assert (ADMIN_PAGES[0] in pages) == (role == "admin"), (role, pages)
    return pages, assignable


def _open_review(page: Page, directive_id: int) -> None:
    """The proposal review screen: the conclusion text analysed into rows."""
    page.goto(f"/directives/{directive_id}/propose")
    page.locator("#text").fill(SEED_000_CONCLUSION)
    with page.expect_navigation(wait_until="load"):  # measured once its stylesheets are in
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


def _card_problems(page: Page, url: str, table: str) -> list[str]:
    """On a phone the first task row is a card: the task text spans the card, not a narrow
    column, and the deadline badge is inside the screen."""
    row = page.locator(f"{table} tbody tr:has(a[href*='/tasks/'])").first
    badge = row.locator(".badge[class*='cat-']")
    expect(badge).to_be_visible()
    width = page.evaluate("window.innerWidth")
    problems = []
    box = badge.bounding_box()
    if box["x"] < 0 or box["x"] + box["width"] > width:
        problems.append(f"{url}: the first task's deadline badge is off-screen ({box}, screen {width} px)")
    text = row.locator("td.card-main, td:has(> a[href*='/tasks/'])").first.bounding_box()
    if text["width"] < width * 0.8:
        problems.append(f"{url}: the task text is squeezed into a {text['width']:.0f} px column")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, role):
    context = _context(browser, live_server, PHONE)
    page = context.new_page()
    try:
        _login(page, role)
        pages, assignable = _pages_for(page, role)
        problems = []
        for url in pages:
            page.goto(url)
            m = _overflow(page)
            if m["scrollWidth"] > m["innerWidth"]:
                problems.append(f"{url}: {m}")
            table = CARD_LISTS.get(url) or ("#directive-tasks" if re.fullmatch(r"/directives/\d+", url) else None)
            if table:
                problems += _card_problems(page, url, table)
                # The cards (labels drawn by CSS, badges) pass axe at phone width too.
                problems += [f"{url} (phone): axe {v['id']} ({v['impact']}) {v['nodes']}" for v in _axe(page)]
        if assignable:
            _open_review(page, assignable)
            m = _overflow(page)
            if m["scrollWidth"] > m["innerWidth"]:
                problems.append(f"proposal review: {m}")
            # Usable on a phone: the row's fields are (nearly) as wide as the screen, and its
            # deadline is on screen.
            for field in ("content", "lead", "coordinators", "deadline_kind"):
                # (a multi-select is shown as its searchable widget, multiselect.js)
                box = page.locator(f"#rows-0-{field}").evaluate(
                    "e => { const r = (e.tomselect ? e.tomselect.wrapper : e).getBoundingClientRect();"
                    " return {x: r.x, width: r.width}; }")
                if box["width"] < PHONE["width"] * 0.75 or box["x"] < 0 or box["x"] + box["width"] > PHONE["width"]:
                    problems.append(f"proposal review: #rows-0-{field} is at {box}")
        assert not problems, "not usable on a 390 px phone:\n" + "\n".join(problems)
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
        pages, assignable = _pages_for(page, role)
        found = []
        for url in pages:
            page.goto(url)
            found += [f"{url}: {v['id']} ({v['impact']}) {v['nodes']}" for v in _axe(page)]
        if assignable:
            _open_review(page, assignable)
            found += [f"review: {v['id']} ({v['impact']}) {v['nodes']}" for v in _axe(page)]
        assert not found, "axe-core serious/critical violations:\n" + "\n".join(found)
    finally:
        context.close()


def test_skip_link_takes_the_keyboard_past_the_navigation(page: Page):
    _login(page, "chiengle.canbo")
    page.goto("/tasks/")
    skip = page.get_by_role("link", name="Bỏ qua điều hướng")
    expect(skip).not_to_be_in_viewport()  # out of sight until the keyboard reaches it
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is in the page, not the menu
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_admin_user_search_box_has_a_label(page: Page):
    _login(page, "admin")
    page.goto("/admin/users")
    box = page.get_by_label("Tìm người dùng")
    box.fill("Chiềng Lề")
    box.press("Enter")
    expect(page.get_by_text("Cán bộ Chiềng Lề").first).to_be_visible()


def test_pages_without_login_fit_a_phone_and_pass_axe(browser, live_server):
    """The login page and the public disclosure index, for someone not logged in."""
    problems = []
    for viewport in (PHONE, DESKTOP):
        context = _context(browser, live_server, viewport)
        page = context.new_page()
        try:
            for url in ("/login", "/cong-khai/"):
                response = page.goto(url)
                assert response.status == 200, (url, response.status)
                m = _overflow(page)
                if m["scrollWidth"] > m["innerWidth"]:
                    problems.append(f"{url} at {viewport['width']} px: {m}")
                problems += [f"{url} at {viewport['width']} px: axe {v['id']} ({v['impact']}) {v['nodes']}"
                             for v in _axe(page)]
        finally:
            context.close()
    assert not problems, "\n".join(problems)
