"""The public directive page in a real browser: readable on a phone, printable for a notice board,
and the publish button on the directive page works end to end."""
from sqlalchemy import select

from tests.conftest import demo_email
from tracker.models import Directive
from tracker.services.demo import DEMO_PASSWORD


def _login(page, local):
    page.goto("/login")
    page.fill("input[name=email]", demo_email(local))
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_publish_then_read_on_a_phone_and_print(browser, live_server, page, session):
    plan = session.scalar(select(Directive).where(Directive.symbol.like("05-KH/%")))
    _login(page, "thuky")
    page.goto(f"/directives/{plan.id}")
    page.click("#publish")
    page.wait_for_selector("#unpublish")
    public_url = f"/cong-khai/van-ban/{plan.id}"
    assert page.locator(f"#publication a[href='{public_url}']").count() == 1

    phone = browser.new_context(base_url=live_server, locale="vi-VN", viewport={"width": 360, "height": 740},
                                is_mobile=True)
    try:
        p = phone.new_page()
        p.goto(public_url)
        assert p.locator("h1").inner_text() == plan.title
        # Nothing wider than the phone: no sideways scrolling.
        assert p.evaluate("document.documentElement.scrollWidth") <= 360
        # Each task is a card with labelled cells.
        label = p.evaluate("getComputedStyle(document.querySelector('td[data-label]'), '::before').content")
        assert "STT" in label
        assert p.locator("thead").is_hidden()
        # Printed: links and navigation hidden, the task table kept.
        p.emulate_media(media="print")
        assert p.locator("footer .noprint").is_hidden()
        assert p.locator("table").is_visible()
        assert phone.cookies() == []
    finally:
        phone.close()
