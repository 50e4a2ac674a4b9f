"""In a real browser: a ward officer receives a task, reports 50% with a PDF and submits; the
secretariat returns it with a reason; the ward resubmits; the secretariat accepts. The timeline
shows every step, and the deadline category reads "completed on time" for a submission before
the deadline and "completed late" for one after it.

The tasks are arranged in the database (one of them already overdue, which no page can make);
every step of the workflow goes through the pages.
"""
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.test_workflow import PDF, make_task
from tracker.extensions import db
from tracker.models import Attachment, Task, TaskEvent, Unit
from tracker.services.demo import DEMO_PASSWORD
from tracker.timeutil import local_today

SECRETARIAT = "thuky@sonla.demo"
WARD_OFFICER = "chiengle.canbo@sonla.demo"


def login(page: Page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url("/home")


def open_action(page: Page, task_id: int, action: str) -> None:
    page.goto(f"/tasks/{task_id}")
    page.locator(f"#action-{action} summary").click()


def expect_flash(page: Page, text: str) -> None:
    expect(page.locator(".alert-success")).to_contain_text(text)


def arrange(app):
    with app.app_context():
        s = db.session
        ward = s.scalar(select(Unit).where(Unit.code == "chiengle"))
        ward.officers_may_submit = True  # the ward lets its officers submit results directly
        s.commit()
        on_time = make_task(s, "chiengle", due_in=10)
        late = make_task(s, "chiengle", due_in=10)
        s.get(Task, late).due_on = local_today() - timedelta(days=3)
        s.commit()
        return on_time, late


def test_ward_cycle_with_return_and_categories(page: Page, app, tmp_path):
    on_time, late = arrange(app)
    pdf = tmp_path / "bien-ban-doi-thoai.pdf"
    pdf.write_bytes(PDF)

    # The ward officer receives, reports 50% with the minutes as evidence, and submits.
    login(page, WARD_OFFICER)
    page.goto(f"/tasks/{on_time}")
    page.locator("#action-receive").click()
    expect_flash(page, "Đã tiếp nhận.")
    expect(page.locator("#task-status")).to_have_text("Đã tiếp nhận")
    open_action(page, on_time, "report")
    page.locator("#report-progress").fill("50")
    page.locator("#report-note").fill("Đã tổ chức đối thoại tại 3/6 tổ dân phố.")
    page.locator("#report-files").set_input_files(str(pdf))
    page.locator("#submit-report").click()
    expect(page.locator("#task-progress")).to_have_text("50%")
    expect(page.locator("#timeline")).to_contain_text("bien-ban-doi-thoai.pdf")
    open_action(page, on_time, "submit")
    page.locator("#submit-note").fill("Đã hoàn thành đối thoại tại 6/6 tổ dân phố.")
    page.locator("#submit-submit").click()
    expect(page.locator("#task-status")).to_have_text("Chờ xác nhận")

    # The secretariat returns it: first without a reason (refused, nothing changes), then with one.
    login(page, SECRETARIAT)
    open_action(page, on_time, "return")
    page.locator("#submit-return").click()
    expect(page.locator("#action-return .invalid-feedback")).to_have_text("Hãy nêu lý do.")
    expect(page.locator("#task-status")).to_have_text("Chờ xác nhận")
    page.locator("#return-note").fill("Thiếu biên bản đối thoại của tổ 2.")
    page.locator("#submit-return").click()
    expect(page.locator("#task-status")).to_have_text("Trả lại")

    # The ward resubmits with the missing minutes.
    login(page, WARD_OFFICER)
    page.goto(f"/tasks/{on_time}")
    expect(page.locator("#timeline")).to_contain_text("Thiếu biên bản đối thoại của tổ 2.")
    open_action(page, on_time, "submit")
    page.locator("#submit-note").fill("Bổ sung biên bản tổ 2.")
    page.locator("#submit-files").set_input_files(str(pdf))
    page.locator("#submit-submit").click()
    expect(page.locator("#task-status")).to_have_text("Chờ xác nhận")
    # And submits the overdue one, after its deadline.
    page.goto(f"/tasks/{late}")
    page.locator("#action-receive").click()
    open_action(page, late, "submit")
    page.locator("#submit-note").fill("Hoàn thành sau thời hạn.")
    page.locator("#submit-submit").click()
    expect(page.locator("#task-status")).to_have_text("Chờ xác nhận")

    # The secretariat accepts both.
    login(page, SECRETARIAT)
    for tid in (on_time, late):
        open_action(page, tid, "accept")
        page.locator("#submit-accept").click()
        expect(page.locator("#task-status")).to_have_text("Hoàn thành")

    page.goto(f"/tasks/{on_time}")
    expect(page.locator("#task-category")).to_have_text("Hoàn thành đúng hạn")
    kinds = page.locator("#timeline > li").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds == ["assigned", "received", "progress", "submitted", "returned", "submitted", "accepted"]
    for text in ("Giao nhiệm vụ", "Tiếp nhận", "Báo cáo tiến độ", "Gửi báo cáo kết quả",
                 "Trả lại, yêu cầu thực hiện lại", "Xác nhận hoàn thành", "Thiếu biên bản đối thoại của tổ 2."):
        expect(page.locator("#timeline")).to_contain_text(text)
    page.goto(f"/tasks/{late}")
    expect(page.locator("#task-category")).to_have_text("Hoàn thành quá hạn")

    # The evidence downloads for those who see the task, and the history is a chain.
    with app.app_context():
        atts = db.session.scalars(select(Attachment).where(Attachment.task_id == on_time)).all()
        assert [a.filename for a in atts] == ["bien-ban-doi-thoai.pdf"] * 2
        events = db.session.scalars(select(TaskEvent).where(TaskEvent.task_id == on_time)
                                    .order_by(TaskEvent.id)).all()
        assert all(b.from_status == a.to_status for a, b in zip(events, events[1:]))
        assert db.session.get(Task, on_time).completed_on is not None
    resp = page.request.get(f"/tasks/attachments/{atts[0].id}")
    assert resp.status == 200 and resp.body() == PDF
