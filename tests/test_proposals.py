"""Proposing tasks from a conclusion's text: analyse, review (merge, split, delete, edit), confirm.

The review table travels in the posted form; these tests post it back as a browser would
(every field of the rendered form, read with lxml), changing only what a user would change.
"""
import io
import shutil
import subprocess
from datetime import date, timedelta

import lxml.html
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from tests.conftest import csrf_from, demo_email, login, post_form
from tracker.models import Directive, Task, Unit

# The conclusion passage of seed 000 (Sơn La city's steering committee, 23/11/2022).
SEED_000_CONCLUSION = (
    "Phát biểu kết luận tại Hội nghị, đồng chí Phó Bí thư Thường trực Thành uỷ yêu cầu thành viên BCĐ, các xã, "
    "phường tiếp tục quán triệt, triển khai thực hiện các văn bản chỉ đạo của cấp trên về việc thực hiện quy chế "
    "dân chủ trong các loại hình cơ sở gắn với thực hiện Nghị quyết Trung ương 4 khóa XII; tham mưu chỉ đạo cơ "
    "quan hành chính nhà nước, chính quyền các cấp đẩy mạnh thực hiện quy chế dân chủ ở cơ sở tiếp tục đẩy mạnh "
    "công tác cải cách hành chính; công khai minh bạch cơ chế, chính sách liên quan đến quyền và lợi ích của người "
    "dân; vận động nhân dân tích cực hưởng ứng các phong trào thi đua yêu nước, gắn với thực hiện phong trào "
    "“Dân vận khéo” trên các lĩnh vực…/.")
UNKNOWN_UNIT_TEXT = ("Kết luận cuộc họp, đồng chí Phó Chủ tịch đề nghị Điện lực thành phố Sơn La khẩn trương di dời "
                     "cột điện trên tuyến đường Tô Hiệu.")


def _count(session, model=Task, *where):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _unit_id(session, code):
    return session.scalar(select(Unit.id).where(Unit.code == code))


def _directive(client, session, body=SEED_000_CONCLUSION, symbol="40-TB/BCĐ"):
    resp = post_form(client, "/directives/new", {
        "kind": "conference", "symbol": symbol, "issued_on": "23/11/2022",
        "issuer_unit_id": str(_unit_id(session, "TP-BCD")), "signer": "Trưởng Ban Chỉ đạo",
        "title": "Thông báo kết luận hội nghị", "body": body})
    assert resp.status_code == 302, resp.text
    session.expire_all()
    return session.scalar(select(Directive.id).where(Directive.symbol == symbol))


class Review:
    """The review page's form: fields as the browser would post them."""

    def __init__(self, resp):
        self.resp = resp
        self.doc = lxml.html.fromstring(resp.text)
        form = self.doc.get_element_by_id("review-form")
        self.fields = list(form.form_values())

    @property
    def rows(self) -> int:
        return len(self.doc.xpath("//tr[contains(@class, 'proposal-row')]"))

    def get(self, name):
        return [v for k, v in self.fields if k == name]

    def set(self, name, *values):
        self.fields = [(k, v) for k, v in self.fields if k != name] + [(name, v) for v in values]

    def post(self, client, url, action, **changes):
        for name, value in changes.items():
            self.set(name.replace("__", "-"), *(value if isinstance(value, list) else [value]))
        return client.post(url, data=MultiDict(self.fields + [("action", action)]))

    def errors(self, row):
        tr = self.doc.get_element_by_id(f"row-{row}")
        return [e.text_content().strip() for e in tr.xpath(".//*[contains(@class, 'invalid-feedback')]")]


def _analyse(client, did, text=None):
    url = f"/directives/{did}/propose"
    page = client.get(url)
    assert page.status_code == 200
    if text is None:  # the directive's body is prefilled
        text = lxml.html.fromstring(page.text).get_element_by_id("text").text_content()
    resp = client.post(url, data={"csrf_token": csrf_from(page.text), "text": text, "action": "analyse"})
    assert resp.status_code == 200, resp.text[:500]
    return Review(resp)


def test_detail_page_offers_propose_and_import(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    html = client.get(f"/directives/{did}").text
    assert "Đề xuất nhiệm vụ từ văn bản" in html and "Nhập từ Excel" in html
    assert f"/directives/{did}/propose" in html and f"/directives/{did}/import" in html


def test_seed_000_gives_four_rows_with_the_lead_preselected_and_nothing_created(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    page = client.get(f"/directives/{did}/propose")
    assert "yêu cầu thành viên BCĐ" in page.text  # the body is prefilled
    before = _count(session)
    review = _analyse(client, did)
    assert review.rows == 4
    assert review.get("rows-0-content")[0].startswith("Tiếp tục quán triệt")
    assert review.get("rows-0-lead")[0]  # preselected: the committee's members and the communes/wards
    assert "Chưa có trong danh mục" not in review.resp.text
    assert review.doc.xpath("//span[contains(@class, 'confidence')]")
    assert _count(session) == before  # analysing creates nothing


def test_confirm_creates_one_task_per_unit_of_the_group(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    review = _analyse(client, did)
    communes = review.doc.xpath("//select[@id='rows-0-lead']/option[starts-with(@value,'communes:')]/@value")[0]
    ubnd = str(_unit_id(session, "TP-UBND"))
    resp = review.post(client, f"/directives/{did}/propose", "confirm",
                       rows__0__lead=communes, rows__0__deadline_kind="date",
                       rows__0__due_on=(date.today() + timedelta(days=90)).strftime("%d/%m/%Y"),
                       rows__1__lead=ubnd, rows__1__deadline_kind="working_days", rows__1__deadline_days="20",
                       rows__1__coordinators=[str(_unit_id(session, "TP-NV"))],
                       rows__2__lead=ubnd, rows__3__lead=ubnd,
                       rows__3__deadline_kind="recurring", rows__3__recurrence="quarterly")
    assert resp.status_code == 302, Review(resp).errors(0)
    assert resp.headers["Location"].endswith(f"/directives/{did}")
    tasks = session.scalars(select(Task).where(Task.directive_id == did)).all()
    assert len(tasks) == 12 + 3
    by_kind = {}
    for t in tasks:
        by_kind.setdefault(t.deadline_kind, []).append(t)
    assert len(by_kind["date"]) == 12 and {t.lead_unit.kind for t in by_kind["date"]} == {"ward", "commune"}
    (t2,) = by_kind["working_days"]
    assert t2.deadline_days == 20 and [c.code for c in t2.coordinators] == ["TP-NV"]
    (t4,) = by_kind["recurring"]
    assert t4.recurrence == "quarterly" and t4.content.startswith("Vận động nhân dân")
    assert "Đã giao 15 nhiệm vụ." in client.get(f"/directives/{did}").text


def test_confirm_as_proposed_expands_the_group_addressee(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    review = _analyse(client, did)
    resp = review.post(client, f"/directives/{did}/propose", "confirm")
    assert resp.status_code == 302
    n = _count(session, Task, Task.directive_id == did)
    assert n >= 4 * 12  # each action: one task per unit named by "thành viên BCĐ, các xã, phường"


def test_unmatched_unit_is_flagged_and_must_be_mapped(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session, body=UNKNOWN_UNIT_TEXT, symbol="41-TB/BCĐ")
    review = _analyse(client, did)
    assert review.rows == 1
    assert "Chưa có trong danh mục" in review.resp.text and "Điện lực thành phố Sơn La" in review.resp.text
    assert review.get("rows-0-lead") == [""]  # nothing preselected: the officer must map it
    before = _count(session)
    resp = review.post(client, f"/directives/{did}/propose", "confirm")
    assert resp.status_code == 400
    again = Review(resp)
    assert any("chưa có trong danh mục" in e for e in again.errors(0))
    assert again.get("rows-0-content") == review.get("rows-0-content")  # the table is kept
    assert _count(session) == before
    # Mapped to a unit of the directory, it goes through.
    resp = again.post(client, f"/directives/{did}/propose", "confirm", rows__0__lead=str(_unit_id(session, "TP-UBND")))
    assert resp.status_code == 302
    assert _count(session) == before + 1


def test_one_bad_row_blocks_every_row(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    review = _analyse(client, did)
    before = _count(session)
    resp = review.post(client, f"/directives/{did}/propose", "confirm",
                       rows__2__deadline_kind="date", rows__2__due_on="31/02/2030", rows__3__content="  ")
    assert resp.status_code == 400
    again = Review(resp)
    assert any("Ngày không hợp lệ" in e for e in again.errors(2))
    assert any("không được để trống" in e for e in again.errors(3))
    assert again.get("rows-2-due_on") == ["31/02/2030"]  # kept as typed
    assert _count(session) == before


def test_delete_merge_split_rows_on_the_server(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    url = f"/directives/{did}/propose"
    review = _analyse(client, did)
    first, second, third, fourth = (review.get(f"rows-{i}-content")[0] for i in range(4))
    # Edit row 4's deadline, then delete row 2: the edit survives the re-render.
    review = Review(review.post(client, url, "delete", rows__3__deadline_kind="date", rows__3__due_on="15/12/2030",
                                rows__1__selected="1"))
    assert review.rows == 3
    assert [review.get(f"rows-{i}-content")[0] for i in range(3)] == [first, third, fourth]
    assert review.get("rows-2-due_on") == ["15/12/2030"] and review.get("rows-2-deadline_kind") == ["date"]
    assert review.get("rows-0-selected") == []  # selections are cleared after an operation
    # Merge rows 1 and 2: one row, contents separated by a blank line.
    review = Review(review.post(client, url, "merge", rows__0__selected="1", rows__1__selected="1"))
    assert review.rows == 2
    assert review.get("rows-0-content")[0] == first + "\n\n" + third
    # Split it again at the blank line.
    review = Review(review.post(client, url, "split", rows__0__selected="1"))
    assert review.rows == 3
    assert [review.get(f"rows-{i}-content")[0] for i in range(2)] == [first, third]
    assert review.get("rows-0-lead") == review.get("rows-1-lead")  # the pieces keep the lead
    # Split at semicolons when there is no blank line.
    review = Review(review.post(client, url, "split", rows__2__selected="1",
                                rows__2__content="rà soát hộ nghèo; báo cáo kết quả"))
    assert review.rows == 4
    assert [review.get(f"rows-{i}-content")[0] for i in (2, 3)] == ["rà soát hộ nghèo", "báo cáo kết quả"]
    # Merge needs two rows; a warning, nothing lost.
    resp = review.post(client, url, "merge", rows__0__selected="1")
    assert "Hãy chọn ít nhất hai dòng để gộp." in resp.text and Review(resp).rows == 4
    # Add an empty row.
    assert Review(review.post(client, url, "add")).rows == 5
    # Confirm the four rows with a unit each: four tasks (no groups).
    ubnd = str(_unit_id(session, "TP-UBND"))
    before = _count(session)
    resp = review.post(client, url, "confirm", **{f"rows__{i}__lead": ubnd for i in range(4)})
    assert resp.status_code == 302
    assert _count(session) == before + 4


def test_merge_without_javascript_keeps_coordinators_of_both_rows(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    url = f"/directives/{did}/propose"
    review = _analyse(client, did)
    nv, bdv = str(_unit_id(session, "TP-NV")), str(_unit_id(session, "TP-BDV"))
    review = Review(review.post(client, url, "merge", rows__0__selected="1", rows__3__selected="1",
                                rows__0__coordinators=[nv], rows__3__coordinators=[bdv]))
    assert review.rows == 3
    assert sorted(review.get("rows-0-coordinators")) == sorted([nv, bdv])


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("THÔNG BÁO KẾT LUẬN")
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client, did, data: bytes, filename: str, action="read"):
    url = f"/directives/{did}/propose"
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_from(page.text), "text": "", "action": action,
                                  "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def test_docx_upload_shows_the_text_for_checking(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session, body="", symbol="42-TB/BCĐ")
    resp = _upload(client, did, _docx_bytes(SEED_000_CONCLUSION), "ket-luan.docx", action="analyse")
    assert resp.status_code == 200
    doc = lxml.html.fromstring(resp.text)
    shown = doc.get_element_by_id("text").text_content()
    assert "THÔNG BÁO KẾT LUẬN" in shown and "Dân vận khéo" in shown
    assert "Đã đọc nội dung tệp" in resp.text
    assert not doc.xpath("//form[@id='review-form']")  # checked first, analysed on the next click
    review = _analyse(client, did, text=shown)
    assert review.rows == 4


@pytest.fixture(scope="module")
def conclusion_pdf(tmp_path_factory):
    """A text PDF of the conclusion, converted from a .docx by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: scripts/services.sh installs it")
    tmp = tmp_path_factory.mktemp("pdf")
    (tmp / "ket-luan.docx").write_bytes(_docx_bytes(SEED_000_CONCLUSION))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(tmp / "ket-luan.docx")], check=True, timeout=120,
                   capture_output=True)
    return (tmp / "ket-luan.pdf").read_bytes()


def test_pdf_upload_shows_the_text_for_checking(client, session, as_user, conclusion_pdf):
    as_user("thuky")
    did = _directive(client, session, body="", symbol="43-TB/BCĐ")
    assert conclusion_pdf.startswith(b"%PDF-")
    resp = _upload(client, did, conclusion_pdf, "ket-luan.pdf")
    assert resp.status_code == 200
    shown = lxml.html.fromstring(resp.text).get_element_by_id("text").text_content()
    assert "quán triệt" in shown and "Dân vận khéo" in shown
    assert _analyse(client, did, text=shown).rows == 4


def test_unreadable_upload_is_refused_and_the_text_kept(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session, body="", symbol="44-TB/BCĐ")
    resp = _upload(client, did, b"%PDF-1.4 broken", "scan.pdf")
    assert resp.status_code == 400
    assert "PDF" in lxml.html.fromstring(resp.text).get_element_by_id("source-error").text_content()


def test_empty_text_is_refused(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session, body="", symbol="45-TB/BCĐ")
    page = client.get(f"/directives/{did}/propose")
    resp = client.post(f"/directives/{did}/propose",
                       data={"csrf_token": csrf_from(page.text), "text": "  ", "action": "analyse"})
    assert resp.status_code == 400 and "Hãy dán nội dung kết luận" in resp.text


def test_permissions(app, client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    urls = (f"/directives/{did}/propose", f"/directives/{did}/import", f"/directives/{did}/import/template.xlsx")
    viewer = app.test_client()  # a member of the committee who may only read: 403
    assert login(viewer, demo_email("giamsat")).status_code == 302
    for url in urls:
        assert viewer.get(url).status_code == 403
    ward = app.test_client()  # a ward officer does not see the directive at all: 404
    assert login(ward, demo_email("chiengle.canbo")).status_code == 302
    for url in urls:
        assert ward.get(url).status_code in (403, 404)
    assert client.get("/directives/999999/propose").status_code == 404


def test_csrf_is_required(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    before = _count(session)
    resp = client.post(f"/directives/{did}/propose", data={"action": "confirm", "rows-0-content": "x",
                                                           "rows-0-lead": str(_unit_id(session, "TP-UBND"))})
    assert resp.status_code == 400
    assert _count(session) == before


def test_posted_units_outside_the_owners_scope_are_refused(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session, body=UNKNOWN_UNIT_TEXT, symbol="46-TB/BCĐ")
    review = _analyse(client, did)
    outside = str(_unit_id(session, "SL-BCD"))  # the province's committee: not the city's to assign to
    before = _count(session)
    for change in ({"rows__0__lead": "ids:" + outside}, {"rows__0__lead": outside},
                   {"rows__0__lead": str(_unit_id(session, "TP-UBND")), "rows__0__coordinators": [outside]}):
        resp = review.post(client, f"/directives/{did}/propose", "confirm", **change)
        assert resp.status_code == 400
    assert _count(session) == before


TARGET_TEXT = ("Kết luận hội nghị, đồng chí Trưởng ban yêu cầu các xã, phường phấn đấu 100% xã, phường đạt tiêu chí "
               "“Dân vận khéo” trong năm. Đề nghị Ủy ban nhân dân thành phố chỉ đạo cải cách hành chính.")


def _target_rows(review):
    return [i for i in range(review.rows) if review.doc.xpath(f"//input[@id='rows-{i}-make_indicator']")]


def test_a_target_found_in_the_text_becomes_an_indicator_when_confirmed(client, session, as_user):
    from tracker.models import Indicator

    as_user("thuky")
    did = _directive(client, session, body=TARGET_TEXT, symbol="41-TB/BCĐ")
    review = _analyse(client, did)
    rows = _target_rows(review)
    assert len(rows) == 1, review.resp.text[:3000]
    i = rows[0]
    assert review.get(f"rows-{i}-make_indicator") == ["1"]   # on by default when a target was found
    assert "100% xã, phường" in review.doc.get_element_by_id(f"row-{i}").text_content()
    ubnd = str(_unit_id(session, "TP-UBND"))
    leads = {f"rows__{j}__lead": (review.get(f"rows-{j}-lead")[0] or ubnd) for j in range(review.rows)}
    leads.update({f"rows__{j}__deadline_kind": "none" for j in range(review.rows)})
    resp = review.post(client, f"/directives/{did}/propose", "confirm", **leads)
    assert resp.status_code == 302, [Review(resp).errors(j) for j in range(review.rows)]
    session.expire_all()
    (ind,) = session.scalars(select(Indicator).where(Indicator.directive_id == did)).all()
    assert ind.measure == "achieved" and ind.aggregation == "reached" and ind.unit_label == "xã, phường"
    tasks_of_row = session.scalars(select(Task).where(Task.directive_id == did)).all()
    assert {t.unit_id for t in ind.targets} <= {t.lead_unit_id for t in tasks_of_row}
    assert len(ind.targets) >= 1
    assert "Chỉ tiêu" in client.get(f"/directives/{did}").text and ind.name in client.get(f"/directives/{did}").text


def test_unchecking_make_indicator_creates_the_tasks_only(client, session, as_user):
    from tracker.models import Indicator

    as_user("thuky")
    did = _directive(client, session, body=TARGET_TEXT, symbol="42-TB/BCĐ")
    review = _analyse(client, did)
    (i,) = _target_rows(review)
    review.set(f"rows-{i}-make_indicator")   # unchecked: the browser sends nothing
    ubnd = str(_unit_id(session, "TP-UBND"))
    leads = {f"rows__{j}__lead": (review.get(f"rows-{j}-lead")[0] or ubnd) for j in range(review.rows)}
    leads.update({f"rows__{j}__deadline_kind": "none" for j in range(review.rows)})
    resp = review.post(client, f"/directives/{did}/propose", "confirm", **leads)
    assert resp.status_code == 302
    assert _count(session, Task, Task.directive_id == did) >= 2
    assert session.scalars(select(Indicator).where(Indicator.directive_id == did)).all() == []
