"""Excel and Word versions of a report: the same figures as the dashboard, laid out for printing."""
from datetime import date
from io import BytesIO

from flask_babel import gettext as _

from tracker.domain.reports import COLUMNS, fmt_number, fmt_percent, summary_sentence
from tracker.queries import reports as q
from tracker.spreadsheet import neutralise_workbook

# Rows beyond these go to the web pages; a printed appendix of 100,000 lines helps no one.
MAX_OVERDUE_ROWS = 5000
MAX_TASK_ROWS = 20000


def _labels(column_label, role_label):
    # The labels live with the pages (views.reports); they are passed in, not imported.
    return {c: str(column_label[c]) for c in COLUMNS}, {k: str(v) for k, v in role_label.items()}


def _tasks(session, user, ra, column=None, limit=MAX_TASK_ROWS) -> list[q.TaskLine]:
    """The report's task lines (a closed period's as frozen at closing)."""
    return q.report_task_lines(session, user, period=ra.period, as_of=ra.as_of, unit=ra.root, subtree=True,
                               role=ra.role, column=column, limit=limit)[1]


def _unit_rows(rep, ranking):
    rank_of = {r.key: r for r in ranking}
    out = []
    for row in rep.rows:
        rk = None if row.direct else rank_of.get(row.unit.id)
        name = row.unit.name + (" (" + _("trực tiếp") + ")" if row.direct else "")
        out.append((rk, name, row.counts))
    return out


def _scope_name(rep) -> str:
    return rep.root.name if rep.root is not None else _("Tất cả đơn vị")


def _dmy(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def report_xlsx(session, user, ra, rep, ranking, *, column_label, role_label) -> BytesIO:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    labels, roles = _labels(column_label, role_label)
    wb = Workbook()
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    bold = Font(bold=True)

    def setup(ws, title, headers, widths, landscape=True):
        ws.title = title
        ws.append([_("BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ") + " — " + title])
        ws.append([_("%(scope)s · kỳ %(p)s (%(s)s – %(e)s) · số liệu tính đến ngày %(d)s · vai trò: %(r)s",
                     scope=_scope_name(rep), p=ra.period.label(), s=_dmy(ra.period.start), e=_dmy(ra.period.end),
                     d=_dmy(rep.as_of), r=roles[ra.role])])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append(headers)
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
            cell = ws.cell(row=3, column=i)
            cell.font, cell.fill, cell.border = bold, head_fill, border
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.freeze_panes = "A4"
        ws.print_title_rows = "3:3"
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.oddFooter.center.text = _("Trang &P / &N")

    def finish(ws, first=4):
        for row in ws.iter_rows(min_row=first, max_row=ws.max_row):
            for cell in row:
                cell.border = border
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if ws.max_row >= 3:
            ws.auto_filter.ref = f"A3:{get_column_letter(ws.max_column)}{ws.max_row}"

    ws = wb.active
    headers = [_("Hạng"), _("Đơn vị")] + [labels[c] for c in COLUMNS] + [_("Tỷ lệ hoàn thành (%)"),
                                                                         _("Tỷ lệ đúng hạn (%)")]
    setup(ws, _("Tổng hợp"), headers, [7, 34] + [11] * len(COLUMNS) + [12, 12])
    for rk, name, c in _unit_rows(rep, ranking):
        ws.append([rk.rank if rk else None, name, *c.as_list(),
                   None if c.completion_rate is None else float(c.completion_rate),
                   None if c.on_time_rate is None else float(c.on_time_rate)])
    t = rep.total
    ws.append([None, _("Tổng cộng"), *t.as_list(),
               None if t.completion_rate is None else float(t.completion_rate),
               None if t.on_time_rate is None else float(t.on_time_rate)])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for row in ws.iter_rows(min_row=4, min_col=len(headers) - 1, max_col=len(headers)):
        for cell in row:
            cell.number_format = "0.00"
    finish(ws)
    ws.append([])
    ws.append([summary_sentence(t, _)])

    task_headers = [_("Mã"), _("Nội dung nhiệm vụ"), _("Đơn vị chủ trì"), _("Ngày giao"), _("Hạn"),
                    _("Hạn ban đầu"), _("Ngày hoàn thành"), _("Tình trạng tại ngày tính"), _("Số ngày quá hạn")]
    widths = [8, 60, 28, 11, 11, 11, 12, 22, 10]
    for title, column, limit in [(_("Quá hạn"), "overdue", MAX_OVERDUE_ROWS), (_("Danh sách nhiệm vụ"), None, MAX_TASK_ROWS)]:
        ws = wb.create_sheet()
        setup(ws, title, task_headers, widths)
        for line in _tasks(session, user, ra, column, limit):
            task = line.task
            ws.append([task.id, task.content, line.unit_name, task.assigned_on, line.due_on,
                       line.original_due_on if line.original_due_on != line.due_on else None,
                       line.completed_on, labels.get(line.column, ""), line.overdue_days])
        for row in ws.iter_rows(min_row=4, min_col=4, max_col=7):
            for cell in row:
                cell.number_format = "DD/MM/YYYY"
        finish(ws)
    neutralise_workbook(wb)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def _vn_date(d: date) -> str:
    return _("ngày %(d)s tháng %(m)s năm %(y)s", d=f"{d.day:02d}", m=f"{d.month:02d}", y=str(d.year))


def report_docx(session, user, ra, rep, ranking, *, today: date, column_label, role_label,
                issuer: str | None = None, place: str = "Sơn La") -> BytesIO:
    """A report in the administrative layout (Decree 30/2020 style): header block, body, appendices."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    labels, roles = _labels(column_label, role_label)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)

    issuer = issuer or (user.unit.name if user.unit else "")
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(issuer.upper()).bold = True
    left.add_paragraph(_("Số:        /BC")).alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).bold = True
    p2 = right.add_paragraph()
    p2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p2.add_run(_("Độc lập - Tự do - Hạnh phúc")).bold = True
    p3 = right.add_paragraph()
    p3.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p3.add_run(f"{place}, {_vn_date(today)}").italic = True

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(_("BÁO CÁO")).bold = True
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(_("Kết quả thực hiện nhiệm vụ kỳ %(p)s (từ %(s)s đến %(e)s)", p=ra.period.label(),
                  s=_dmy(ra.period.start), e=_dmy(ra.period.end))).bold = True

    t = rep.total
    doc.add_paragraph(_("Phạm vi: %(scope)s; vai trò: %(r)s; số liệu tính đến %(d)s.",
                        scope=_scope_name(rep), r=roles[ra.role].lower(), d=_vn_date(rep.as_of)))
    doc.add_paragraph().add_run(_("I. KẾT QUẢ CHUNG")).bold = True
    doc.add_paragraph(summary_sentence(t, _))
    doc.add_paragraph().add_run(_("II. XẾP HẠNG ĐƠN VỊ")).bold = True
    top = [r for r in ranking][:5]
    if top:
        doc.add_paragraph(_("Các đơn vị có tỷ lệ hoàn thành đúng hạn cao nhất: %(list)s.", list="; ".join(
            f"{r.rank}. {next(x.unit.name for x in rep.rows if not x.direct and x.unit.id == r.key)} "
            f"({fmt_percent(r.counts.on_time_rate)})" for r in top)))
    doc.add_paragraph(_("Chi tiết số liệu theo đơn vị tại Phụ lục 1; danh sách nhiệm vụ quá hạn tại Phụ lục 2."))

    doc.add_page_break()
    land = doc.add_section()
    land.orientation = WD_ORIENT.LANDSCAPE
    land.page_width, land.page_height = Cm(29.7), Cm(21)
    land.left_margin = land.right_margin = Cm(1.5)

    def heading(text):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = True

    def table(headers, rows, size=9):
        tbl = doc.add_table(rows=1, cols=len(headers))
        tbl.style = "Table Grid"
        for cell, h in zip(tbl.rows[0].cells, headers):
            cell.text = ""
            run = cell.paragraphs[0].add_run(h)
            run.bold, run.font.size = True, Pt(size)
        for values in rows:
            cells = tbl.add_row().cells
            for cell, v in zip(cells, values):
                run = cell.paragraphs[0].add_run("" if v is None else str(v))
                run.font.size = Pt(size)
        return tbl

    heading(_("Phụ lục 1. SỐ LIỆU THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ"))
    cols = ["total", "assigned", "carried", "on_time", "late", "within", "overdue", "overdue_120", "no_deadline",
            "extended"]
    rows = []
    for rk, name, c in _unit_rows(rep, ranking):
        rows.append([rk.rank if rk else "", name, *[fmt_number(getattr(c, k)) for k in cols],
                     fmt_percent(c.completion_rate), fmt_percent(c.on_time_rate)])
    rows.append(["", _("Tổng cộng"), *[fmt_number(getattr(t, k)) for k in cols],
                 fmt_percent(t.completion_rate), fmt_percent(t.on_time_rate)])
    table([_("Hạng"), _("Đơn vị")] + [labels[k] for k in cols] + [_("Tỷ lệ hoàn thành"), _("Tỷ lệ đúng hạn")], rows, 8)

    doc.add_paragraph()
    heading(_("Phụ lục 2. DANH SÁCH NHIỆM VỤ QUÁ HẠN"))
    overdue = _tasks(session, user, ra, "overdue", MAX_OVERDUE_ROWS)
    table([_("STT"), _("Nội dung nhiệm vụ"), _("Đơn vị chủ trì"), _("Ngày giao"), _("Hạn"), _("Số ngày quá hạn")],
          [[i, line.task.content, line.unit_name, _dmy(line.task.assigned_on), _dmy(line.due_on),
            line.overdue_days] for i, line in enumerate(overdue, start=1)])
    buf = BytesIO()
    doc.save(buf)
    buf.seek(0)
    return buf
