"""Excel and Word exports hold the dashboard's numbers; checked after a LibreOffice headless conversion."""
import csv
import io
import shutil
import subprocess

from openpyxl import load_workbook
from sqlalchemy import select

from tracker.domain.reports import Period, fmt_number, fmt_percent
from tracker.models import User
from tracker.queries import reports as q
from tracker.timeutil import local_today

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ARGS = "kind=custom&start=01/01/2022&end=31/12/2030"


def _report(session):
    user = session.scalar(select(User).where(User.email == "thuky@sonla.demo"))
    period = Period.custom(__import__("datetime").date(2022, 1, 1), __import__("datetime").date(2030, 12, 31))
    return q.unit_report(session, user, period=period, as_of=period.default_as_of(local_today()),
                         root=q.default_root(session, user))


def _convert(tmp_path, name, data, target):
    src = tmp_path / name
    src.write_bytes(data)
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    out = tmp_path / (src.stem + "." + target.split(":")[0])
    assert out.exists(), f"LibreOffice did not produce {out.name}"
    return out


def test_xlsx_has_the_figures_and_print_setup(as_user, session):
    client = as_user("thuky")
    resp = client.get(f"/reports/export.xlsx?{ARGS}")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames == ["Tổng hợp", "Quá hạn", "Danh sách nhiệm vụ"]
    ws = wb["Tổng hợp"]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$3"
    rep = _report(session)
    total_row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[1] == "Tổng cộng")
    assert list(total_row[2:15]) == rep.total.as_list()
    assert wb["Danh sách nhiệm vụ"].max_row - 3 == rep.total.total
    assert wb["Quá hạn"].max_row - 3 == rep.total.overdue


def test_xlsx_and_docx_survive_libreoffice(as_user, session, tmp_path):
    assert SOFFICE, "LibreOffice is missing: scripts/services.sh installs it"
    client = as_user("thuky")
    rep = _report(session)
    t = rep.total
    xlsx = client.get(f"/reports/export.xlsx?{ARGS}").data
    out = _convert(tmp_path, "report.xlsx", xlsx, "csv:Text - txt - csv (StarCalc):44,34,76")
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    total_row = next(r for r in rows if len(r) > 1 and r[1] == "Tổng cộng")
    assert [int(v) for v in total_row[2:15]] == t.as_list()

    docx = client.get(f"/reports/export.docx?{ARGS}").data
    text = _convert(tmp_path, "report.docx", docx, "txt:Text (encoded):UTF8").read_text(encoding="utf-8-sig")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Phụ lục 1" in text and "Phụ lục 2" in text
    assert f"Tổng số nhiệm vụ được giao {fmt_number(t.total)}" in text
    assert f"đã hoàn thành {fmt_number(t.completed)}, đạt {fmt_percent(t.completion_rate)}" in text
    for row in rep.rows:
        assert row.unit.name in text


def test_docx_has_recipients_signature_and_proportional_appendix(as_user):
    from docx import Document

    client = as_user("truongban")
    doc = Document(io.BytesIO(client.get(f"/reports/export.docx?{ARGS}").data))
    _head, sign, units, overdue = doc.tables
    left, right = sign.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:" and "- Lưu: VT." in [p.text for p in left.paragraphs]
    # Default signer: the committee's leader, title in capitals above the name.
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines == ["PHÓ BÍ THƯ THƯỜNG TRỰC THÀNH ỦY, TRƯỞNG BAN CHỈ ĐẠO", "Nguyễn Thị Hạnh"]
    # The signature block comes after the body, before the appendices.
    body = doc.element.body
    assert body.index(sign._tbl) < body.index(units._tbl)
    # STT is narrow, the task text wide.
    widths = [c.width for c in overdue.columns]
    assert widths[0] * 5 < widths[1] and overdue.rows[0].cells[0].text == "STT"

    typed = client.get(f"/reports/export.docx?{ARGS}&signer_title=KT. TRƯỞNG BAN%0APHÓ TRƯỞNG BAN"
                       "&signer_name=Lò Văn Mừng&recipients=- UBND tỉnh;%0A- Lưu: VT, VP.")
    sign = Document(io.BytesIO(typed.data)).tables[1]
    left, right = sign.rows[0].cells
    assert [p.text for p in left.paragraphs] == ["Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT, VP."]
    assert "Lò Văn Mừng" in [p.text for p in right.paragraphs]
    # Remembered for the next export, and shown on the form.
    again = Document(io.BytesIO(client.get(f"/reports/export.docx?{ARGS}").data)).tables[1]
    assert "Lò Văn Mừng" in [p.text for p in again.rows[0].cells[1].paragraphs]
    assert 'value="Lò Văn Mừng"' in client.get(f"/reports/?{ARGS}").get_data(as_text=True)


def test_xlsx_header_height_and_wrapped_summary(as_user):
    client = as_user("thuky")
    wb = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{ARGS}").data))
    for ws in wb.worksheets:
        assert ws.row_dimensions[3].height and ws.row_dimensions[3].height >= 30, ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges)
    ws = wb["Tổng hợp"]
    # The wrapped labels need 3 lines in an 11-wide column: the row is tall enough.
    assert ws.row_dimensions[3].height >= 45
    summary_row = next(c.row for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Tổng số nhiệm vụ"))
    merged = next(r for r in ws.merged_cells.ranges if r.min_row == summary_row)
    assert merged.min_col == 1 and merged.max_col == ws.max_column
    assert ws.cell(row=summary_row, column=1).alignment.wrap_text


def _pdf_runs(path):
    """(text, x, y, effective font size) of each text run on the PDF's first page."""
    from pypdf import PdfReader

    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[3] * cm[3]) or 1
            runs.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], abs(font_size * scale)))

    PdfReader(str(path)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_xlsx_prints_readable_through_libreoffice(as_user, tmp_path):
    """Printed: the summary sentence does not shrink the page, and the header does not run into row 1."""
    assert SOFFICE, "LibreOffice is missing: scripts/services.sh installs it"
    client = as_user("thuky")
    wb = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{ARGS}").data))
    for name in wb.sheetnames[1:]:  # print the summary sheet alone
        del wb[name]
    buf = io.BytesIO()
    wb.save(buf)
    runs = _pdf_runs(_convert(tmp_path, "summary.xlsx", buf.getvalue(), "pdf"))
    sizes = sorted(r[3] for r in runs)
    median = sizes[len(sizes) // 2]
    assert median >= 6, f"type shrunk to {median:.1f} pt"
    ws = wb["Tổng hợp"]
    first_unit = ws.cell(row=4, column=2).value
    headers = [c.value for c in ws[3]]
    row1_ys = [r[2] for r in runs if r[0] and (first_unit.startswith(r[0]) or r[0].startswith(first_unit[:10]))]
    header_ys = [r[2] for r in runs if not r[0].isdigit() and r[0] not in first_unit
                 and any(r[0] in h for h in headers) and r[2] > min(row1_ys) - 3 * median]
    assert header_ys and row1_ys
    # PDF y grows upwards: every line of the wrapped header sits above the first data row.
    assert min(header_ys) > max(row1_ys) + median * 0.8, (min(header_ys), max(row1_ys))
