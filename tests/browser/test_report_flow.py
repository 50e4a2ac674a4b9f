"""In a real browser: the head of the committee opens the year report, reads the ranking in rank
order, types the signer on the Word button's form and downloads the report; an admin closes a
period through its confirmation page."""

from docx import Document
from playwright.sync_api import Page, expect

from tracker.services.demo import DEMO_PASSWORD


def login(page: Page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url("/home")


def test_word_report_with_typed_signer(page: Page):
    login(page, "truongban@sonla.demo")
    page.goto("/reports/?kind=year&ref=01/06/2026")
    ranks = page.locator("table.report-table tbody tr td:first-child").all_inner_texts()
    ranked = [r for r in ranks if r.strip()[:1].isdigit()]
    assert ranked and ranks[: len(ranked)] == ranked and "chưa xếp hạng" in ranks
    form = page.locator("details.report-docx form")
    expect(form).to_be_hidden()
    page.locator("details.report-docx summary").click()
    expect(form).to_be_visible()
    expect(page.locator("#signer_name")).to_have_value("Nguyễn Thị Hạnh")
    page.locator("#signer_title").fill("KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN")
    page.locator("#signer_name").fill("Lò Văn Mừng")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Tải báo cáo Word").click()
    doc = Document(str(dl.value.path()))
    right = doc.tables[1].rows[0].cells[1]
    assert "Lò Văn Mừng" in [p.text for p in right.paragraphs]
    page.reload()
    expect(page.locator("#signer_name")).to_have_value("Lò Văn Mừng")


def test_closing_a_period_goes_through_a_confirmation_page(page: Page):
    login(page, "admin@sonla.demo")
    page.goto("/reports/?kind=year&ref=01/06/2024")
    page.get_by_role("button", name="Chốt số liệu").click()
    expect(page.locator("#confirm-step")).to_contain_text("Chốt số liệu kỳ 2024?")
    page.locator("#confirm-no").click()
    expect(page.locator("[data-snapshot]")).to_have_count(0)
    page.get_by_role("button", name="Chốt số liệu").click()
    page.locator("#confirm-yes").click()
    expect(page.locator("[data-snapshot]")).to_have_count(1)
