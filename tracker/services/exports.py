"""Excel and Word versions of a report: the same figures as the dashboard, laid out for printing."""
from datetime import date
from io import BytesIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.domain.reports import COLUMNS, best_and_weakest, fmt_number, fmt_percent, summary_sentence
from tracker.domain.roles import Role
from tracker.models import User
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
    """(rank cell, name, counts) in the page's order (queries.reports.rows_by_rank)."""
    out = []
    for row, rk in q.rows_by_rank(rep, ranking):
        name = row.unit.name + (" (" + _("trực tiếp") + ")" if row.direct else "")
        rank = "" if row.direct else (rk.rank if rk and rk.rank is not None else _("chưa xếp hạng"))
        out.append((rank, name, row.counts))
    return out


def ranking_paragraphs(rep, ranking) -> list[str]:
    """The report's assessment of units, in words: best and weakest among ranked units
    only (domain.reports.best_and_weakest), and how many are not ranked."""
    names = {r.unit.id: r.unit.name for r in rep.rows if not r.direct}
    ranked = [r for r in ranking if r.rank is not None]
    unranked = [r for r in ranking if r.rank is None]
    best, weakest = best_and_weakest(ranking)
    out = []
    if not ranked:
        out.append(_("Trong kỳ chưa có đơn vị nào có nhiệm vụ đến hạn, nên chưa xếp hạng đơn vị."))
    else:
        out.append(_("Trong kỳ có %(n)s đơn vị có nhiệm vụ đến hạn, được xếp hạng theo tỷ lệ hoàn thành đúng hạn "
                     "(chi tiết tại Phụ lục 1).", n=fmt_number(len(ranked))))
    if best:
        out.append(_("Các đơn vị thực hiện tốt: %(list)s.", list="; ".join(
            _("%(name)s (đúng hạn %(rate)s)", name=names.get(r.key, ""), rate=fmt_percent(r.counts.on_time_rate))
            for r in best)))
    if weakest:
        out.append(_("Các đơn vị có tỷ lệ hoàn thành đúng hạn thấp, cần tập trung chỉ đạo, đôn đốc: %(list)s.",
                     list="; ".join(_("%(name)s (đúng hạn %(rate)s, %(n)s nhiệm vụ đang quá hạn)",
                                      name=names.get(r.key, ""), rate=fmt_percent(r.counts.on_time_rate),
                                      n=fmt_number(r.counts.overdue)) for r in weakest)))
    if unranked:
        out.append(_("%(n)s đơn vị chưa có nhiệm vụ đến hạn trong kỳ nên chưa xếp hạng.", n=fmt_number(len(unranked))))
    return out


def default_signer(session, issuer_unit) -> tuple[str, str]:
    """(chức vụ, họ tên) of the issuing body's leader, for the signature block."""
    if issuer_unit is None:
        return "", ""
    leader = session.scalars(select(User).where(User.unit_id == issuer_unit.id, User.role == Role.LEADER.value,
                                                User.is_active_flag.is_(True)).order_by(User.id).limit(1)).first()
    if leader is None:
        return "", ""
    return leader.title or "", leader.name


DEFAULT_RECIPIENTS = (_l("- Thường trực Ban Chỉ đạo;"), _l("- Các đơn vị trong phạm vi báo cáo;"), _l("- Lưu: VT."))


def _scope_name(rep) -> str:
    return rep.root.name if rep.root is not None else _("Tất cả đơn vị")


def _dmy(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _sheet_setup(ws, title, headers, widths, subtitle: str, landscape=True):
    """A sheet's title lines, header row and print layout (A4, fit to width, header repeated)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.title = title
    ws.append([_("BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ") + " — " + title])
    ws.append([subtitle])
    ws["A1"].font = Font(bold=True, size=13)
    # Title lines span the table and wrap, so they never widen the printed page.
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(headers))
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[2].height = 30
    ws.append(headers)
    # A wrapped header needs an explicit height: LibreOffice prints the default row
    # height and lets the text run into the first data row.
    lines = max(-(-len(h) // max(w - 2, 1)) for h, w in zip(headers, widths))
    ws.row_dimensions[3].height = 15 * (lines + 1)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
        cell = ws.cell(row=3, column=i)
        cell.font, cell.fill, cell.border = Font(bold=True), PatternFill("solid", fgColor="DDEBF7"), border
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


def _sheet_finish(ws, first=4):
    """Borders and wrapping on the data rows, a filter on the header row."""
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for row in ws.iter_rows(min_row=first, max_row=ws.max_row):
        for cell in row:
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if ws.max_row >= 3:
        ws.auto_filter.ref = f"A3:{get_column_letter(ws.max_column)}{ws.max_row}"


def _rates(c) -> list:
    return [None if c.completion_rate is None else float(c.completion_rate),
            None if c.on_time_rate is None else float(c.on_time_rate)]


def _summary_sheet(ws, rep, ranking, labels, subtitle: str) -> None:
    """Sheet 1: one row per unit in the page's order, the total, the summary sentence."""
    from openpyxl.styles import Alignment, Font

    headers = [_("Hạng"), _("Đơn vị")] + [labels[c] for c in COLUMNS] + [_("Tỷ lệ hoàn thành (%)"),
                                                                         _("Tỷ lệ đúng hạn (%)")]
    _sheet_setup(ws, _("Tổng hợp"), headers, [6, 28] + [8.5] * len(COLUMNS) + [9, 9], subtitle)
    for rk, name, c in _unit_rows(rep, ranking):
        ws.append([rk if rk != "" else None, name, *c.as_list(), *_rates(c)])
    t = rep.total
    ws.append([None, _("Tổng cộng"), *t.as_list(), *_rates(t)])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=4, min_col=len(headers) - 1, max_col=len(headers)):
        for cell in row:
            cell.number_format = "0.00"
    _sheet_finish(ws)
    ws.append([])
    # The summary sentence spans the table's width and wraps: a single long cell made
    # fit-to-width shrink the whole page to tiny type.
    ws.append([summary_sentence(t, _)])
    row = ws.max_row
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
    ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[row].height = 15 * 4


def _task_sheet(ws, title, lines, labels, subtitle: str) -> None:
    """A sheet of task lines (the overdue ones, or all of them)."""
    task_headers = [_("Mã"), _("Nội dung nhiệm vụ"), _("Đơn vị chủ trì"), _("Ngày giao"), _("Hạn"),
                    _("Hạn ban đầu"), _("Ngày hoàn thành"), _("Tình trạng tại ngày tính"), _("Số ngày quá hạn")]
    _sheet_setup(ws, title, task_headers, [8, 60, 28, 11, 11, 11, 12, 22, 10], subtitle)
    for line in lines:
        task = line.task
        ws.append([task.id, task.content, line.unit_name, task.assigned_on, line.due_on,
                   line.original_due_on if line.original_due_on != line.due_on else None,
                   line.completed_on, labels.get(line.column, ""), line.overdue_days])
    for row in ws.iter_rows(min_row=4, min_col=4, max_col=7):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    _sheet_finish(ws)


def _indicator_sheet(wb, session, user, rep, subtitle: str) -> None:
    """The indicators' sheet, when the report's scope has any."""
    from tracker.services.indicator_exports import indicator_lines
    ind_lines = indicator_lines(session, user, rep.root.id if rep.root else None, rep.as_of,
                                rep.snapshot.id if rep.snapshot else None)
    if not ind_lines:
        return
    ws = wb.create_sheet()
    _sheet_setup(ws, _("Chỉ tiêu"), [_("Chỉ tiêu"), _("Văn bản, nhiệm vụ"), _("Mục tiêu"), _("Kết quả"),
                                     _("Tỷ lệ (%)"), _("Đánh giá")], [40, 20, 18, 18, 9, 36], subtitle)
    for line in ind_lines:
        ws.append([line.name, line.source, line.target, line.achieved,
                   None if line.rate is None else float(line.rate), line.phrase])
    for row in ws.iter_rows(min_row=4, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "0.00"
    _sheet_finish(ws)


def report_xlsx(session, user, ra, rep, ranking, *, column_label, role_label) -> BytesIO:
    from openpyxl import Workbook

    labels, roles = _labels(column_label, role_label)
    wb = Workbook()
    subtitle = _("%(scope)s · kỳ %(p)s (%(s)s – %(e)s) · số liệu tính đến ngày %(d)s · vai trò: %(r)s",
                 scope=_scope_name(rep), p=ra.period.label(), s=_dmy(ra.period.start), e=_dmy(ra.period.end),
                 d=_dmy(rep.as_of), r=roles[ra.role])
    _summary_sheet(wb.active, rep, ranking, labels, subtitle)
    for title, column, limit in [(_("Quá hạn"), "overdue", MAX_OVERDUE_ROWS), (_("Danh sách nhiệm vụ"), None, MAX_TASK_ROWS)]:
        _task_sheet(wb.create_sheet(), title, _tasks(session, user, ra, column, limit), labels, subtitle)
    _indicator_sheet(wb, session, user, rep, subtitle)
    neutralise_workbook(wb)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def _vn_date(d: date) -> str:
    return _("ngày %(d)s tháng %(m)s năm %(y)s", d=f"{d.day:02d}", m=f"{d.month:02d}", y=str(d.year))


def _docx_letterhead(doc, issuer: str, place: str, today: date) -> None:
    """The header block: the issuing body and number on the left, the national motto and date on the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

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


def _docx_body(doc, session, user, ra, rep, ranking, roles) -> None:
    """Title, scope, I. the overall result (and the indicators), II. the units' assessment."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from tracker.services.indicator_exports import indicator_lines

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(_("BÁO CÁO")).bold = True
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(_("Kết quả thực hiện nhiệm vụ kỳ %(p)s (từ %(s)s đến %(e)s)", p=ra.period.label(),
                  s=_dmy(ra.period.start), e=_dmy(ra.period.end))).bold = True

    doc.add_paragraph(_("Phạm vi: %(scope)s; vai trò: %(r)s; số liệu tính đến %(d)s.",
                        scope=_scope_name(rep), r=roles[ra.role].lower(), d=_vn_date(rep.as_of)))
    doc.add_paragraph().add_run(_("I. KẾT QUẢ CHUNG")).bold = True
    doc.add_paragraph(summary_sentence(rep.total, _))
    for line in indicator_lines(session, user, rep.root.id if rep.root else None, rep.as_of,
                                rep.snapshot.id if rep.snapshot else None):
        doc.add_paragraph(_("- %(name)s (%(source)s): %(phrase)s.", name=line.name, source=line.source,
                            phrase=line.phrase))
    doc.add_paragraph().add_run(_("II. ĐÁNH GIÁ, XẾP HẠNG CÁC ĐƠN VỊ")).bold = True
    for text in ranking_paragraphs(rep, ranking):
        doc.add_paragraph(text)
    doc.add_paragraph(_("Chi tiết số liệu theo đơn vị tại Phụ lục 1; danh sách nhiệm vụ quá hạn tại Phụ lục 2."))


def _docx_signature(doc, signer_title, signer_name, recipients) -> None:
    """"Nơi nhận" bottom-left, the signer's title, room for the signature and seal, the name bottom-right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    sign = doc.add_table(rows=1, cols=2)
    sign.autofit = False
    left, right = sign.rows[0].cells
    left.width, right.width = Cm(8), Cm(8)
    p = left.paragraphs[0]
    r = p.add_run(_("Nơi nhận:"))
    r.bold, r.italic, r.font.size = True, True, Pt(12)
    for line in (recipients if recipients else [str(x) for x in DEFAULT_RECIPIENTS]):
        left.add_paragraph().add_run(line).font.size = Pt(11)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run((signer_title or _("Người ký")).upper()).bold = True
    for _i in range(4):  # room for the signature and the seal
        right.add_paragraph()
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(signer_name or "").bold = True


def _docx_heading(doc, text) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(text).bold = True


def _docx_table(doc, headers, rows, size=9, widths=None):
    from docx.shared import Cm, Pt

    tbl = doc.add_table(rows=1, cols=len(headers))
    tbl.style = "Table Grid"
    tbl.autofit = False
    for cell, h in zip(tbl.rows[0].cells, headers):
        cell.text = ""
        run = cell.paragraphs[0].add_run(h)
        run.bold, run.font.size = True, Pt(size)
    for values in rows:
        cells = tbl.add_row().cells
        for cell, v in zip(cells, values):
            run = cell.paragraphs[0].add_run("" if v is None else str(v))
            run.font.size = Pt(size)
    if widths:  # relative widths over the landscape text width (26.7 cm)
        scale = 26.7 / sum(widths)
        for i, w in enumerate(widths):
            tbl.columns[i].width = Cm(w * scale)
            for cell in tbl.columns[i].cells:
                cell.width = Cm(w * scale)
    return tbl


def _docx_appendices(doc, session, user, ra, rep, ranking, labels) -> None:
    """On landscape pages: appendix 1, the figures per unit; appendix 2, the overdue tasks."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    doc.add_page_break()
    land = doc.add_section()
    land.orientation = WD_ORIENT.LANDSCAPE
    land.page_width, land.page_height = Cm(29.7), Cm(21)
    land.left_margin = land.right_margin = Cm(1.5)

    _docx_heading(doc, _("Phụ lục 1. SỐ LIỆU THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ"))
    cols = ["total", "assigned", "carried", "on_time", "late", "within", "overdue", "overdue_120", "no_deadline",
            "extended"]
    t = rep.total
    rows = []
    for rk, name, c in _unit_rows(rep, ranking):
        rows.append([rk, name, *[fmt_number(getattr(c, k)) for k in cols],
                     fmt_percent(c.completion_rate), fmt_percent(c.on_time_rate)])
    rows.append(["", _("Tổng cộng"), *[fmt_number(getattr(t, k)) for k in cols],
                 fmt_percent(t.completion_rate), fmt_percent(t.on_time_rate)])
    _docx_table(doc, [_("Hạng"), _("Đơn vị")] + [labels[k] for k in cols] + [_("Tỷ lệ hoàn thành"),
                                                                              _("Tỷ lệ đúng hạn")], rows, 8,
                widths=[1.6, 5] + [1.6] * len(cols) + [1.9, 1.9])

    doc.add_paragraph()
    _docx_heading(doc, _("Phụ lục 2. DANH SÁCH NHIỆM VỤ QUÁ HẠN"))
    overdue = _tasks(session, user, ra, "overdue", MAX_OVERDUE_ROWS)
    _docx_table(doc, [_("STT"), _("Nội dung nhiệm vụ"), _("Đơn vị chủ trì"), _("Ngày giao"), _("Hạn"),
                      _("Số ngày quá hạn")],
                [[i, line.task.content, line.unit_name, _dmy(line.task.assigned_on), _dmy(line.due_on),
                  line.overdue_days] for i, line in enumerate(overdue, start=1)], widths=[1.2, 12, 5, 2.6, 2.6, 2.2])


def report_docx(session, user, ra, rep, ranking, *, today: date, column_label, role_label,
                issuer: str | None = None, place: str = "Sơn La", signer_title: str | None = None,
                signer_name: str | None = None, recipients: list[str] | None = None) -> BytesIO:
    """A report in the administrative layout (Decree 30/2020 style): header block, body,
    "Nơi nhận" bottom-left and the signature block bottom-right, then the appendices."""
    from docx import Document
    from docx.shared import Cm, Pt

    labels, roles = _labels(column_label, role_label)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)

    _docx_letterhead(doc, issuer or (user.unit.name if user.unit else ""), place, today)
    _docx_body(doc, session, user, ra, rep, ranking, roles)
    if signer_title is None and signer_name is None:
        signer_title, signer_name = default_signer(session, user.unit)
    _docx_signature(doc, signer_title, signer_name, recipients)
    _docx_appendices(doc, session, user, ra, rep, ranking, labels)
    buf = BytesIO()
    doc.save(buf)
    buf.seek(0)
    return buf
