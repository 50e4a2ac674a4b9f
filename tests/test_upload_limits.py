"""Hostile uploads through the real pages and API: zip bombs, office bombs, huge PDFs and
spreadsheets, long text, dangerous names; and Cache-Control on downloads and error pages.

Every hostile file is generated here, small on the wire: the deflate streams are built by
repeating one compressed block (a full flush makes every block the same), so a 1 GiB
entry costs one compressed MiB. No test is timed: each asserts the refusal names the limit
that stopped the file, which the code checks before any parser sees it, and that nothing
was written.
"""
import io
import os
import random
import re
import struct
import zipfile
import zlib
from functools import lru_cache

import docx
import lxml.html
import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.conftest import csrf_from, post_form
from tests.test_api import API, Api, assert_error, cli_token, in_db
from tests.test_proposals import _directive as proposal_directive
from tests.test_task_import import GOOD_ROWS, HEADER
from tests.test_task_import import _directive as import_directive
from tests.test_workflow import PDF, _fresh, act, make_task
from tracker.models import Attachment, Directive, Task, Unit

MIB = 1024 * 1024
ODT_MIME = b"application/vnd.oasis.opendocument.text"


# -- building hostile files ------------------------------------------------------------------

@lru_cache(maxsize=None)
def deflate_repeated(head: bytes, unit: bytes, times: int, tail: bytes = b"") -> tuple[bytes, int, int]:
    """(raw deflate stream, crc32, size) of head + unit * times + tail, costing one compressed unit."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)  # history reset: every unit compresses alike
    stream = first + block * times + c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    return stream, zlib.crc32(tail, crc), len(head) + len(unit) * times + len(tail)


def raw_zip(entries) -> bytes:
    """A zip written by hand: entries of (name, payload, method, crc, size[, declared compressed size])."""
    out, central = io.BytesIO(), []
    for entry in entries:
        name, payload, method, crc, size = entry[:5]
        csize = entry[5] if len(entry) > 5 else len(payload)
        n = name.encode()
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, csize, size, len(n), 0))
        out.write(n + payload)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, csize, size,
                                   len(n), 0, 0, 0, 0, 0, offset) + n)
    directory = b"".join(central)
    start = out.tell()
    out.write(directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                                      len(directory), start, 0))
    return out.getvalue()


def stored(name: str, data: bytes):
    return (name, data, 0, zlib.crc32(data), len(data))


def deflated(name: str, data: bytes):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return (name, c.compress(data) + c.flush(), 8, zlib.crc32(data), len(data))


def entries_of(data: bytes):
    """The entries of a real file (made by python-docx/openpyxl), re-packed as they are."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [deflated(i.filename, zf.read(i)) for i in zf.infolist()]


def odt_bomb() -> bytes:
    """The issue's file: about 1 MB whose `mimetype` entry inflates to 1 GiB."""
    stream, crc, size = deflate_repeated(ODT_MIME, bytes(MIB), 1024)
    return raw_zip([("mimetype", stream, 8, crc, size), deflated("content.xml", b"<office:document-content/>")])


def docx_bytes(text="Giao UBND phường Chiềng Lề tổ chức đối thoại với nhân dân.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_bomb() -> bytes:
    """A .docx of about 400 KB whose word/document.xml inflates to about 370 MB."""
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
            b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    stream, crc, size = deflate_repeated(head, b" " * MIB, 370, b"</w:body></w:document>")
    parts = [e for e in entries_of(docx_bytes()) if e[0] != "word/document.xml"]
    return raw_zip(parts + [("word/document.xml", stream, 8, crc, size)])


def patterned(n_bytes: int, seed=7) -> bytes:
    """Data that deflates about 30 times: no entry looks like a bomb, only the total is large."""
    rnd = random.Random(seed)
    return b"".join(rnd.randbytes(24) + bytes(1000) for _ in range(n_bytes // 1024))


def xlsx_bytes(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_shared_strings_bomb() -> bytes:
    """An .xlsx of about 400 KB whose shared-strings table inflates to about 380 MB."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/' \
           b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    stream, crc, size = deflate_repeated(head, b"A" * MIB, 380, b"</t></si></sst>")
    parts = [e for e in entries_of(xlsx_bytes(GOOD_ROWS[:1])) if e[0] != "xl/sharedStrings.xml"]
    return raw_zip(parts + [("xl/sharedStrings.xml", stream, 8, crc, size)])


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF written by hand; objects numbered from 1, the first being the catalog."""
    out = b"%PDF-1.4\n"
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def pdf_with_pages(lines: list[bytes]) -> bytes:
    """One page per line of text, a proper page tree."""
    n = len(lines)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), FONT]
    for i, line in enumerate(lines):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i))
        objects.append(_stream(b"BT /F1 12 Tf 72 720 Td (" + line + b") Tj ET"))
    return pdf_bytes(objects)


def pdf_64000_pages(declared_count: int = 64000) -> bytes:
    """A page tree of three levels of 40 kids each, all pointing at one page: 64,000 pages in
    under 2 KB. `declared_count` is what the root claims (it may lie)."""
    forty = lambda num: b"[" + b" ".join([b"%d 0 R" % num] * 40) + b"]"  # noqa: E731
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids %s /Count %d >>" % (forty(3), declared_count),
        b"<< /Type /Pages /Kids %s /Count 1600 >>" % forty(4),
        b"<< /Type /Pages /Kids %s /Count 40 >>" % forty(5),
        b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 595 842] /Contents 6 0 R "
        b"/Resources << /Font << /F1 7 0 R >> >> >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (Giao UBND phuong to chuc doi thoai) Tj ET"),
        FONT,
    ])


def test_the_generated_bombs_are_real():
    """The refusals below are about real bombs: Python's zipfile would inflate them."""
    bomb = odt_bomb()
    assert len(bomb) < 1.1 * MIB
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        assert zf.getinfo("mimetype").file_size > 1024 * MIB
        with zf.open("mimetype") as fh:
            first = fh.read(8 * MIB)
    assert first.startswith(ODT_MIME) and len(first) == 8 * MIB
    with zipfile.ZipFile(io.BytesIO(docx_bomb())) as zf:
        assert zf.getinfo("word/document.xml").file_size > 370 * MIB
        with zf.open("word/document.xml") as fh:
            assert fh.read(300).startswith(b"<?xml")
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(pdf_64000_pages()))
    assert reader.trailer["/Root"]["/Pages"]["/Count"] == 64000


# -- 1. evidence: type detection reads the central directory only ------------------------------

def _report(client, session, files):
    tid = make_task(session)
    act(client, tid, "receive")
    v = _fresh(session, tid).version
    resp = act(client, tid, "report", version=v, progress="40", note="Kèm minh chứng", files=files)
    return tid, v, resp


def _nothing_stored(session, app, tid, v):
    t = _fresh(session, tid)
    assert (t.version, t.progress) == (v, 0)
    assert session.scalar(select(func.count(Attachment.id)).where(Attachment.task_id == tid)) == 0
    assert os.listdir(app.config["UPLOAD_DIR"]) == []


def test_zip_bomb_sent_as_evidence_is_refused_by_its_ratio(client, session, as_user, app):
    as_user("chiengle.canbo")
    tid, v, resp = _report(client, session, [(io.BytesIO(odt_bomb()), "bien-ban.odt")])
    assert resp.status_code == 413
    assert "“bien-ban.odt” bị từ chối: thành phần “mimetype” nén với tỉ lệ hơn 100 lần" in resp.text
    assert "Kèm minh chứng" in resp.text  # the form is shown again with what was typed
    _nothing_stored(session, app, tid, v)


def test_archive_declaring_a_huge_size_is_refused_by_the_declared_total(client, session, as_user, app):
    # The central directory claims 12 MiB compressed -> 1 GiB: a ratio under 100, a total over 100 MB.
    payload = deflated("mimetype", ODT_MIME)[1]
    forged = raw_zip([("mimetype", payload, 8, zlib.crc32(ODT_MIME), 1024 * MIB, 12 * MIB)])
    as_user("chiengle.canbo")
    tid, v, resp = _report(client, session, [(io.BytesIO(forged), "bao-cao.odt")])
    assert resp.status_code == 413
    assert "“bao-cao.odt” bị từ chối: khi giải nén lớn hơn 100 MB (giới hạn cho phép)" in resp.text
    _nothing_stored(session, app, tid, v)


def test_archive_with_too_many_entries_or_an_exotic_method_is_refused(client, session, as_user, app):
    many = raw_zip([stored("[Content_Types].xml", b"<Types/>"), stored("word/document.xml", b"<w/>")]
                   + [stored(f"word/media/{i}.xml", b"") for i in range(5001)])
    lzma = raw_zip([("mimetype", b"\x00" * 20, 14, 0, 39)])  # LZMA: no office file uses it
    as_user("chiengle.canbo")
    tid, v, resp = _report(client, session, [(io.BytesIO(many), "nhieu-phan.docx")])
    assert resp.status_code == 413 and "có quá nhiều thành phần nén (tối đa 5000)" in resp.text
    resp = act(client, tid, "report", version=v, progress="40", note="x", files=[(io.BytesIO(lzma), "a.odt")])
    assert resp.status_code == 415 and "bị hỏng hoặc là tệp nén không được hỗ trợ" in resp.text
    _nothing_stored(session, app, tid, v)


def test_zip_bomb_through_the_api_is_a_json_413(app):
    tid = in_db(app, lambda s: make_task(s))
    officer = Api(app, cli_token(app, "chiengle.canbo"))
    assert officer.post(f"/tasks/{tid}/actions", json={"action": "receive", "version": 1}).status_code == 200
    resp = officer.client.post(f"{API}/tasks/{tid}/actions", headers=officer.headers,
                               content_type="multipart/form-data",
                               data={"action": "report", "version": "2", "progress": "50", "note": "x",
                                     "files": (io.BytesIO(odt_bomb()), "bien-ban.odt")})
    body = assert_error(resp, 413)
    assert "tỉ lệ hơn 100 lần" in " ".join([body["message"], *body.get("fields", {}).values()])
    assert in_db(app, lambda s: s.get(Task, tid).version) == 2


def test_directive_attachment_bomb_is_refused_and_the_form_kept(client, session, as_user, app):
    as_user("thuky")
    resp = post_form(client, "/directives/new", {
        "kind": "conference", "symbol": "77-TB/BCĐ", "issued_on": "23/11/2022", "title": "Thông báo kết luận",
        "issuer_unit_id": str(session.scalar(select(Unit.id).where(Unit.code == "TP-BCD"))), "body": "", "files": (io.BytesIO(docx_bomb()), "ket-luan.docx")}, content_type="multipart/form-data")
    assert resp.status_code == 400
    assert "“ket-luan.docx” bị từ chối: thành phần “word/document.xml” nén với tỉ lệ hơn 100 lần" in resp.text
    assert 'value="77-TB/BCĐ"' in resp.text
    assert session.scalar(select(func.count(Directive.id)).where(Directive.symbol == "77-TB/BCĐ")) == 0
    assert os.listdir(app.config["UPLOAD_DIR"]) == []


def test_ordinary_office_files_are_still_accepted(client, session, as_user):
    odt = raw_zip([stored("mimetype", ODT_MIME), deflated("content.xml", b"<x/>" * 5000),
                   deflated("Pictures/nen.bmp", bytes(900 * 1024))])  # inflates 1000x, but under 1 MiB
    as_user("chiengle.canbo")
    tid, _v, resp = _report(client, session, [(io.BytesIO(odt), "bien-ban.odt"),
                                              (io.BytesIO(docx_bytes()), "bao-cao.docx"),
                                              (io.BytesIO(xlsx_bytes(GOOD_ROWS)), "so-lieu.xlsx")])
    assert resp.status_code == 302
    session.expire_all()
    kinds = session.execute(select(Attachment.filename, Attachment.content_type)
                            .where(Attachment.task_id == tid).order_by(Attachment.id)).all()
    assert [k[0] for k in kinds] == ["bien-ban.odt", "bao-cao.docx", "so-lieu.xlsx"]
    assert kinds[0][1] == ODT_MIME.decode() and kinds[1][1].endswith("wordprocessingml.document")


# -- 6. served names ------------------------------------------------------------------------

NAMES = [
    ("minh-chung.bat", "minh-chung.pdf"),
    ("minh-chung.hta", "minh-chung.pdf"),
    ("minh-chung.html", "minh-chung.pdf"),
    ("minh-chung.js", "minh-chung.pdf"),
    ("minh-chung.exe", "minh-chung.pdf"),
    ("minh-chung\u202efdp.exe", "minh-chungfdp.pdf"),   # right-to-left override: shows "…exe.pdf"
    ("bien\u200b-ban\u2066.pdf\u2069.bat", "bien-ban.pdf.pdf"),  # zero-width and isolate characters
    ("bao-cao\x00.pdf", "bao-cao.pdf"),                   # a NUL made the attachment undownloadable
    ("dong\tmoi\x1b.pdf", "dongmoi.pdf"),
    ("Báo cáo số 12.3.2026", "Báo cáo số 12.3.2026.pdf"),  # no extension: the detected one is added
    ("..\\..\\ .pdf", "tep-dinh-kem.pdf"),
]


def _disposition_name(resp) -> str:
    header = resp.headers["Content-Disposition"]
    assert header.startswith("attachment")
    m = re.search(r"filename\*=UTF-8''([^;]+)", header)
    if m:
        from urllib.parse import unquote
        return unquote(m.group(1))
    return re.search(r'filename="?([^";]+)"?', header).group(1)


def test_served_names_carry_the_detected_extension_without_control_or_bidi(client, session, as_user):
    as_user("chiengle.canbo")
    tid = make_task(session)
    act(client, tid, "receive")
    v = _fresh(session, tid).version
    files = [(io.BytesIO(PDF), name) for name, _expected in NAMES]
    resp = act(client, tid, "report", version=v, progress="40", note="Minh chứng", files=files)
    assert resp.status_code == 302, resp.text[:500]
    session.expire_all()
    rows = session.execute(select(Attachment.id, Attachment.filename).where(Attachment.task_id == tid)
                           .order_by(Attachment.id)).all()
    assert [r.filename for r in rows] == [expected for _name, expected in NAMES]
    page = client.get(f"/tasks/{tid}").text
    assert "\u202e" not in page and "minh-chung.bat" not in page
    for (att_id, _), (_name, expected) in zip(rows, NAMES):
        for url in (f"/tasks/attachments/{att_id}", f"/directives/attachments/{att_id}"):
            resp = client.get(url)
            assert resp.status_code == 200 and resp.data == PDF
            assert resp.headers["Content-Type"] == "application/pdf"
            assert _disposition_name(resp) == expected


def test_a_name_stored_before_the_fix_is_served_cleaned(client, session, as_user):
    as_user("chiengle.canbo")
    tid = make_task(session)
    act(client, tid, "receive")
    act(client, tid, "report", progress="40", note="x", files=[(io.BytesIO(PDF), "mc.pdf")])
    att = session.scalar(select(Attachment).where(Attachment.task_id == tid))
    att.filename = "ke-hoach\u202efdp.hta"  # as an older version stored it
    session.commit()
    resp = client.get(f"/tasks/attachments/{att.id}")
    assert resp.status_code == 200 and _disposition_name(resp) == "ke-hoachfdp.pdf"


# -- 7. proposals from .docx/.pdf/text ------------------------------------------------------------

def _read(client, did, data: bytes, filename: str, text=""):
    url = f"/directives/{did}/propose"
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_from(page.text), "text": text, "action": "read",
                                  "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def _source_error(resp) -> str:
    return lxml.html.fromstring(resp.text).get_element_by_id("source-error").text_content()


def _textarea(resp) -> str:
    return lxml.html.fromstring(resp.text).get_element_by_id("text").text_content()


def test_docx_bomb_is_refused_before_python_docx_opens_it(client, session, as_user):
    as_user("thuky")
    did = proposal_directive(client, session, body="", symbol="60-TB/BCĐ")
    resp = _read(client, did, docx_bomb(), "ket-luan.docx", text="Nội dung đang soạn")
    assert resp.status_code == 413
    assert "thành phần “word/document.xml” nén với tỉ lệ hơn 100 lần" in _source_error(resp)
    assert _textarea(resp).strip() == "Nội dung đang soạn"


def test_docx_larger_than_the_parse_limit_once_inflated_is_refused(client, session, as_user):
    # No entry looks like a bomb (about 30x); together they inflate past the 30 MB a read file may.
    parts = entries_of(docx_bytes()) + [deflated("word/media/image1.bin", patterned(32 * MIB))]
    data = raw_zip(parts)
    assert len(data) < 10 * MIB
    as_user("thuky")
    did = proposal_directive(client, session, body="", symbol="61-TB/BCĐ")
    resp = _read(client, did, data, "ket-luan.docx")
    assert resp.status_code == 413
    assert "khi giải nén lớn hơn 30 MB" in _source_error(resp)


def test_pdf_of_64000_pages_is_refused_by_walking_at_most_the_cap(client, session, as_user):
    as_user("thuky")
    did = proposal_directive(client, session, body="", symbol="62-TB/BCĐ")
    for declared in (64000, 1):  # the root's /Count is not trusted
        data = pdf_64000_pages(declared)
        assert len(data) < 2048
        resp = _read(client, did, data, "ket-luan.pdf")
        assert resp.status_code == 422
        assert "có quá nhiều trang (tối đa 300 trang)" in _source_error(resp)


def test_pdf_within_the_page_cap_is_read_page_by_page(client, session, as_user):
    as_user("thuky")
    did = proposal_directive(client, session, body="", symbol="63-TB/BCĐ")
    lines = [b"Trang %d: giao UBND phuong Chieng Le bao cao." % i for i in range(1, 4)]
    resp = _read(client, did, pdf_with_pages(lines), "ket-luan.pdf")
    assert resp.status_code == 200, resp.text[:500]
    text = _textarea(resp)
    assert all(f"Trang {i}: giao UBND" in text for i in range(1, 4))


def test_pasted_text_over_the_cap_is_refused_not_cut(client, session, as_user):
    as_user("thuky")
    did = proposal_directive(client, session, body="", symbol="64-TB/BCĐ")
    text = "Giao UBND phường Chiềng Lề báo cáo. " * 5600  # 201,600 characters
    assert len(text) > 200_000
    page = client.get(f"/directives/{did}/propose")
    resp = client.post(f"/directives/{did}/propose",
                       data={"csrf_token": csrf_from(page.text), "text": text, "action": "analyse"})
    assert resp.status_code == 422
    assert "vượt giới hạn cho phép" in _source_error(resp) and "200.000 ký tự" in _source_error(resp)
    assert len(_textarea(resp)) == len(text)  # kept whole, for the officer to split


def test_uploaded_text_file_over_the_cap_is_refused(client, session, as_user):
    as_user("thuky")
    did = proposal_directive(client, session, body="", symbol="65-TB/BCĐ")
    resp = _read(client, did, ("(" * 150_000 + "Giao UBND" + ")" * 150_000).encode(), "ket-luan.txt")
    assert resp.status_code == 422 and "200.000 ký tự" in _source_error(resp)


# -- 7. task import and admin import -------------------------------------------------------------

def _import(client, did, data: bytes, filename: str):
    page = client.get(f"/directives/{did}/import")
    return client.post(f"/directives/{did}/import", data={"csrf_token": csrf_from(page.text),
                                                          "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _import_error(resp) -> str:
    return " ".join(e.text_content() for e in lxml.html.fromstring(resp.text).xpath(
        "//*[contains(@class, 'alert-danger')]"))


def test_task_import_shared_strings_bomb_is_refused_before_openpyxl(client, session, as_user):
    data = xlsx_shared_strings_bomb()
    assert len(data) < 1.5 * MIB
    as_user("thuky")
    did = import_directive(client, session, symbol="70-TB/BCĐ")
    resp = _import(client, did, data, "nhiem-vu.xlsx")
    assert resp.status_code == 413
    assert "thành phần “xl/sharedStrings.xml” nén với tỉ lệ hơn 100 lần" in resp.text


def test_task_import_with_2000_columns_is_refused_at_the_first_wide_row(client, session, as_user):
    wide = [GOOD_ROWS[1][:5] + ["x"] * 1995 for _ in range(20)]
    as_user("thuky")
    did = import_directive(client, session, symbol="71-TB/BCĐ")
    for data, name in ((xlsx_bytes(wide), "nhiem-vu.xlsx"),
                       ("\n".join(";".join(map(str, r)) for r in [HEADER] + wide).encode(), "nhiem-vu.csv")):
        resp = _import(client, did, data, name)
        assert resp.status_code == 422, resp.text[:300]
        assert "Dòng 2 có quá nhiều cột (tối đa 50 cột)" in resp.text


def test_trailing_empty_cells_do_not_count_as_columns(client, session, as_user):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(GOOD_ROWS[1])
    ws.cell(row=2, column=300).number_format = "0.00"  # a styled, empty cell far right
    ws.cell(row=2, column=300).value = None
    out = io.BytesIO()
    wb.save(out)
    as_user("thuky")
    did = import_directive(client, session, symbol="72-TB/BCĐ")
    resp = _import(client, did, out.getvalue(), "nhiem-vu.xlsx")
    assert resp.status_code == 200 and "1 dòng hợp lệ, 0 dòng lỗi" in resp.text


def test_task_import_over_the_row_cap_is_refused(client, session, as_user):
    rows = [HEADER] + [["1", f"Nhiệm vụ {i}", "Chiềng Lề", "", "", ""] for i in range(5001)]
    as_user("thuky")
    did = import_directive(client, session, symbol="73-TB/BCĐ")
    resp = _import(client, did, "\n".join(";".join(r) for r in rows).encode(), "nhiem-vu.csv")
    assert resp.status_code == 422 and "Tệp có quá nhiều dòng (tối đa 5000)" in resp.text


def test_admin_unit_import_bomb_is_refused(client, as_user):
    as_user("admin")
    page = client.get("/admin/import")
    resp = client.post("/admin/import/units", content_type="multipart/form-data", data={
        "units-csrf_token": csrf_from(page.text), "units-file": (io.BytesIO(xlsx_shared_strings_bomb()), "don-vi.xlsx")})
    assert resp.status_code == 413
    assert "“don-vi.xlsx” bị từ chối: thành phần “xl/sharedStrings.xml” nén với tỉ lệ hơn 100 lần" in resp.text


@pytest.mark.parametrize("app_config", [{"IMPORT_MAX_COLUMNS": 5, "IMPORT_MAX_ROWS": 3}])
def test_import_limits_are_settings(client, as_user, app_config):
    as_user("admin")
    page = client.get("/admin/import").text
    csv = "Mã đơn vị;Tên đơn vị;Loại\nA;Phường A;Phường\nB;Phường B;Phường\nC;Phường C;Phường\nD;Phường D;Phường\n"
    resp = client.post("/admin/import/units", content_type="multipart/form-data", data={
        "units-csrf_token": csrf_from(page), "units-file": (io.BytesIO(csv.encode()), "don-vi.csv")})
    assert resp.status_code == 422 and "tối đa 3" in resp.text
    wide = "Mã đơn vị;Tên đơn vị;Loại;;;;x\nA;Phường A;Phường\n"
    resp = client.post("/admin/import/units", content_type="multipart/form-data", data={
        "units-csrf_token": csrf_from(page), "units-file": (io.BytesIO(wide.encode()), "don-vi.csv")})
    assert resp.status_code == 422 and "Dòng 1 có quá nhiều cột (tối đa 5 cột)" in resp.text


# -- 14. Cache-Control -----------------------------------------------------------------------

def test_downloads_exports_templates_and_error_pages_are_no_store(client, session, as_user):
    as_user("chiengle.canbo")
    tid = make_task(session)
    act(client, tid, "receive")
    act(client, tid, "report", progress="40", note="x", files=[(io.BytesIO(PDF), "mc.pdf")])
    att_id = session.scalar(select(Attachment.id).where(Attachment.task_id == tid))
    urls = [f"/tasks/attachments/{att_id}", f"/directives/attachments/{att_id}"]
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store", url
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/home").text)})
    as_user("thuky")
    did = import_directive(client, session, symbol="74-TB/BCĐ")
    for url in ("/reports/export.xlsx?kind=custom&start=01/01/2022&end=31/12/2030",
                "/reports/export.docx?kind=custom&start=01/01/2022&end=31/12/2030",
                f"/directives/{did}/import/template.xlsx", f"/directives/{did}/import/template.csv",
                "/tasks/attachments/999999", "/no-such-page", "/static/no-such-file.css"):
        resp = client.get(url)
        assert resp.status_code in (200, 404), url
        assert resp.headers.get("Cache-Control") == "no-store", (url, resp.headers.get("Cache-Control"))
    assert client.get("/static/app.css").headers.get("Cache-Control") != "no-store"


def test_limits_are_read_from_the_environment(monkeypatch):
    from config import load_config

    monkeypatch.setenv("PARSE_ZIP_MAX_UNCOMPRESSED", str(50 * MIB))
    monkeypatch.setenv("PDF_MAX_PAGES", "1000")
    monkeypatch.setenv("TEXT_MAX_CHARS", "400000")
    settings = load_config("production")
    assert (settings["PARSE_ZIP_MAX_UNCOMPRESSED"], settings["PDF_MAX_PAGES"], settings["TEXT_MAX_CHARS"]) == \
        (50 * MIB, 1000, 400_000)
    assert (settings["UPLOAD_ZIP_MAX_RATIO"], settings["IMPORT_MAX_COLUMNS"]) == (100, 50)
