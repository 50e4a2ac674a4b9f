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
