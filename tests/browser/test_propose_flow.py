"""In a real browser: the secretariat opens a recorded conclusion, has its tasks proposed,
corrects one row's deadline, deletes another row, and confirms; the directive page then
lists the tasks created. Nothing is written to the database by the test itself."""
import re
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.test_proposals import SEED_000_CONCLUSION
from tracker.extensions import db
from tracker.models import Unit, User
from tracker.services.calendar import load_calendar
from tracker.services.demo import DEMO_PASSWORD
from tracker.services.directives import DirectiveInput, record_directive
from tracker.timeutil import local_today

SECRETARIAT = "thuky@sonla.demo"


def login(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def _record_directive(app, body: str = SEED_000_CONCLUSION, symbol: str = "60-TB/BCĐ",
                      title: str = "Thông báo kết luận Hội nghị tổng kết quy chế dân chủ ở cơ sở năm 2022") -> int:
    """The conclusion as the secretariat recorded it earlier (recording is tested elsewhere)."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == SECRETARIAT))
        issuer = db.session.scalar(select(Unit).where(Unit.code == "TP-BCD"))
        d = record_directive(db.session, user, DirectiveInput(
            kind="conference", title=title, issued_on=local_today() - timedelta(days=3), issuer_unit_id=issuer.id,
            symbol=symbol, signer="Trưởng Ban Chỉ đạo", body=body))
        return d.id


def test_secretariat_proposes_edits_deletes_and_confirms(page: Page, app):
    directive_id = _record_directive(app)
    with app.app_context():
        calendar = load_calendar()
    due = calendar.roll_forward(local_today() + timedelta(days=60)).strftime("%d/%m/%Y")

    login(page, SECRETARIAT)
    page.goto(f"/directives/{directive_id}")
    expect(page.locator("#task-count")).to_have_text("0")
    page.get_by_role("link", name="Đề xuất nhiệm vụ từ văn bản").click()
    expect(page).to_have_url(re.compile(rf"/directives/{directive_id}/propose$"))
    expect(page.locator("#text")).to_have_value(re.compile("yêu cầu thành viên BCĐ"))
    page.get_by_role("button", name="Phân tích").click()

    rows = page.locator("tr.proposal-row")
    expect(rows).to_have_count(4)
    # The first row's lead is preselected: the units named by "thành viên BCĐ, các xã, phường".
    expect(page.locator("#rows-0-lead")).not_to_have_value("")
    # Give row 1 the group of all communes and wards, with a date; the date input appears (app.js).
    lead = page.locator("#rows-0-lead")
    group = lead.evaluate("s => [...s.options].find(o => o.value.startsWith('communes:')).value")
    lead.select_option(group)
    expect(page.locator("#rows-0-due_on")).to_be_hidden()
    page.locator("#rows-0-deadline_kind").select_option("date")
    expect(page.locator("#rows-0-due_on")).to_be_visible()
    page.locator("#rows-0-due_on").fill(due)
    # Rows 2-4 go to the city People's Committee.
    for i in (1, 2, 3):
        sel = page.locator(f"#rows-{i}-lead")
        sel.select_option(sel.evaluate(
            "s => [...s.options].find(o => o.textContent.trim() === 'UBND thành phố Sơn La').value"))
    # Delete row 3: the buttons that need a selection are enabled once one is made (proposals.js).
    delete = page.get_by_role("button", name="Xóa dòng")
    expect(delete).to_be_disabled()
    page.locator("#rows-2-selected").check()
    expect(delete).to_be_enabled()
    delete.click()
    expect(rows).to_have_count(3)
    # The server re-rendered the table with the edits kept.
    expect(page.locator("#rows-0-lead")).to_have_value(group)
    expect(page.locator("#rows-0-due_on")).to_have_value(due)
    expect(page.locator("#rows-2-content")).to_have_value(re.compile("^Vận động nhân dân"))

    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page).to_have_url(re.compile(rf"/directives/{directive_id}$"))
    expect(page.get_by_text("Đã giao 14 nhiệm vụ.")).to_be_visible()
    expect(page.locator("#task-count")).to_have_text("14")
    expect(page.locator("table tbody tr")).to_have_count(14)


def test_a_sentence_marked_as_possibly_missed_becomes_a_task(page: Page, app):
    """The proposals leave out a paragraph with no directing word before its body; the review page lists it under
    the table, the secretariat adds it as a row (its unit and deadline read from it) and confirms: it becomes a
    task too."""
    from tests.test_proposals_missed import TEXT
    app.config["EXTRACTION_ENGINE"] = "rules"     # as tests/test_proposals_missed.py: the list, not the engine's bar
    directive_id = _record_directive(app, body=TEXT, symbol="61-TB/BCĐ",
                                     title="Thông báo kết luận cuộc họp về quỹ đất tái định cư")

    login(page, SECRETARIAT)
    page.goto(f"/directives/{directive_id}/propose")
    page.get_by_role("button", name="Phân tích").click()
    expect(page.locator("tr.proposal-row")).to_have_count(1)
    missed = page.locator("#possibly-missed li.missed-sentence")
    expect(missed).to_have_count(2)
    expect(missed.first).to_contain_text("Phòng Nội vụ hoàn thiện hồ sơ")
    page.get_by_role("button", name="Thêm câu 1 thành dòng").click()
    expect(page.locator("tr.proposal-row")).to_have_count(2)
    # the sentence read as a task: its unit preselected, its deadline in the date field
    expect(page.locator("#rows-1-content")).to_have_value("Hoàn thiện hồ sơ sắp xếp tổ dân phố")
    expect(page.locator("#rows-1-lead option:checked")).to_have_text(re.compile("Phòng Nội vụ"))
    expect(page.locator("#rows-1-due_on")).to_have_value("13/12/2030")
    expect(missed).to_have_count(1)
    page.get_by_role("button", name="Bỏ qua câu 1").click()
    expect(page.locator("#possibly-missed")).to_have_count(0)
    sel = page.locator("#rows-0-lead")
    sel.select_option(sel.evaluate(
        "s => [...s.options].find(o => o.textContent.trim() === 'UBND thành phố Sơn La').value"))
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page).to_have_url(re.compile(rf"/directives/{directive_id}$"))
    expect(page.get_by_text("Đã giao 2 nhiệm vụ.")).to_be_visible()
