"""In a real browser at phone width (390 px): the secretariat picks a coordinating unit by typing
"chieng le" in the searchable multi-select, and sees what its deadline will be while typing it.
Without JavaScript the same form works with the native select."""
import re
from datetime import date

from playwright.sync_api import Page, expect
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Directive, Task
from tracker.services.calendar import load_calendar
from tracker.services.demo import DEMO_PASSWORD
from tracker.timeutil import local_today

PHONE = {"width": 390, "height": 844}


def _login(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def _plan_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Directive.id).where(Directive.symbol == "05-KH/BCĐ"))


def _lead(page: Page, name: str) -> None:
    lead = page.locator("#items-0-lead")
    value = lead.evaluate("(s, t) => [...s.options].find(o => o.textContent.trim() === t).value", name)
    lead.select_option(value)


def test_pick_a_coordinator_by_typing_without_accents_on_a_phone(page: Page, app):
    page.set_viewport_size(PHONE)
    _login(page, "thuky@sonla.demo")
    page.goto(f"/directives/{_plan_id(app)}/assign")
    page.locator("#items-0-content").fill("Bảo đảm an ninh trật tự các điểm vui chơi dịp Tết.")
    _lead(page, "Công an Thành phố")

    control = page.locator("#items-0-coordinators-ts-control")
    expect(control).to_be_visible()  # the searchable control replaced the native list
    expect(page.get_by_text("Gõ tên đơn vị để tìm, có hoặc không dấu")).to_be_visible()
    control.click()
    control.press_sequentially("chieng le")
    options = page.locator(".ts-dropdown .option")
    # The ward and its residential groups ("Tổ dân phố 1, phường Chiềng Lề", ...), nothing else.
    expect(options.filter(has_text="Thành phố Sơn La")).to_have_count(0)  # the list has narrowed
    texts = options.all_inner_texts()
    assert texts and all("chiềng lề" in t.lower() for t in texts), texts
    option = options.filter(has_text=re.compile(r"^\s*Phường Chiềng Lề\s*$"))
    expect(option).to_have_count(1)
    expect(page.locator(".ts-dropdown .option", has_text="Phường Tô Hiệu")).to_have_count(0)
    option.click()
    expect(page.locator(".ts-wrapper .item", has_text="Phường Chiềng Lề")).to_be_visible()
    box = page.locator("#items-0-coordinators + .ts-wrapper, .ts-wrapper").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # fits the phone's width

    # A date on a holiday is said back before saving, with the reason.
    ny = date(local_today().year + 1, 1, 1)
    page.locator("#items-0-deadline_kind").select_option("date")
    page.locator("#items-0-due_on").fill(ny.strftime("%d/%m/%Y"))
    with app.app_context():
        cal = load_calendar()
    moved = cal.roll_forward(ny).strftime("%d/%m/%Y")
    expect(page.locator("#items-0-due_on-hint")).to_contain_text("Tết Dương lịch")
    expect(page.locator("#items-0-due_on-hint")).to_contain_text(f"{moved} (Điều 148 Bộ luật Dân sự 2015)")
    # "N ngày làm việc" shows its date as it is typed.
    page.locator("#items-0-deadline_kind").select_option("working_days")
    page.locator("#items-0-deadline_days").fill("20")
    due = cal.add_working_days(local_today(), 20)
    expect(page.locator("#items-0-deadline_days-hint")).to_contain_text(
        f"hạn hoàn thành là {due.strftime('%d/%m/%Y')}")

    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_text("Đã giao 1 nhiệm vụ.")).to_be_visible()
    with app.app_context():
        task = db.session.scalar(select(Task).where(Task.content.like("Bảo đảm an ninh trật tự các điểm%")))
        assert task.lead_unit.name == "Công an Thành phố"
        assert [c.name for c in task.coordinators] == ["Phường Chiềng Lề"]
        assert task.due_on == due


def test_without_javascript_the_native_select_still_works(browser, live_server, app):
    context = browser.new_context(base_url=live_server, locale="vi-VN", java_script_enabled=False,
                                  viewport=PHONE)
    page = context.new_page()
    try:
        _login(page, "thuky@sonla.demo")
        page.goto(f"/directives/{_plan_id(app)}/assign")
        page.locator("#items-0-content").fill("Tuyên truyền phòng chống pháo nổ dịp Tết.")
        _lead(page, "Công an Thành phố")
        coords = page.locator("#items-0-coordinators")
        expect(coords).to_be_visible()
        value = coords.evaluate("(s) => [...s.options].find(o => o.textContent.trim() === 'Phường Chiềng Lề').value")
        coords.select_option([value])
        page.locator("#items-0-deadline_kind").select_option("none")
        page.get_by_role("button", name="Giao nhiệm vụ").click()
        expect(page.get_by_text("Đã giao 1 nhiệm vụ.")).to_be_visible()
        with app.app_context():
            task = db.session.scalar(select(Task).where(Task.content.like("Tuyên truyền phòng chống pháo nổ%")))
            assert [c.name for c in task.coordinators] == ["Phường Chiềng Lề"]
    finally:
        context.close()


def test_review_screen_after_saving_a_directive_shows_dates_and_searches_units(page: Page, app):
    page.set_viewport_size(PHONE)
    _login(page, "thuky@sonla.demo")
    page.goto("/directives/new")
    page.locator("#kind").select_option("conference")
    page.locator("#symbol").fill("71-TB/BCĐ")
    page.locator("#issued_on").fill(local_today().strftime("%d/%m/%Y"))
    issuer = page.locator("#issuer_unit_id")
    issuer.select_option(issuer.evaluate(
        "s => [...s.options].find(o => o.textContent.trim().startsWith('Ban Chỉ đạo thực hiện')).value"))
    page.locator("#title").fill("Thông báo kết luận giao ban quý IV")
    page.locator("#body").fill("Giao Công an Thành phố chủ trì, phối hợp với các xã, phường bảo đảm an ninh "
                               "trật tự dịp Tết; hoàn thành trong 15 ngày làm việc.")
    page.get_by_role("button", name="Lưu và giao nhiệm vụ").click()
    # The next step offered is proposing tasks from the text just saved.
    expect(page).to_have_url(re.compile(r"/directives/\d+/propose$"))
    page.get_by_role("button", name="Phân tích").click()
    expect(page.locator("tr.proposal-row").first).to_be_visible()  # how many is the extraction's business

    page.locator("#rows-0-deadline_kind").select_option("working_days")
    page.locator("#rows-0-deadline_days").fill("15")
    with app.app_context():
        due = load_calendar().add_working_days(local_today(), 15)
    expect(page.locator("#rows-0-deadline_days-hint")).to_contain_text(f"hạn hoàn thành là {due:%d/%m/%Y}")

    control = page.locator("#rows-0-coordinators-ts-control")
    control.click()
    control.press_sequentially("CHIENG LE")
    option = page.locator(".ts-dropdown .option").filter(has_text=re.compile(r"^\s*Phường Chiềng Lề\s*$"))
    expect(option).to_have_count(1)
    option.click()
    expect(page.locator(".ts-wrapper .item", has_text="Phường Chiềng Lề")).to_be_visible()
