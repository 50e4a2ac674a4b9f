"""The ranking on the report page, the Excel and Word exports and the API: only units with a
task due in the period are ranked; the rest are "chưa xếp hạng", never best nor weakest."""
import io
import re
from datetime import date, timedelta

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from tracker.models import Task

YEAR = "kind=year&ref=01/06/2026"


def _rows(html: str) -> list[tuple[str, str, str]]:
    """(rank cell, unit, on-time rate) of each table row, in page order."""
    body = html.split('<table class="table table-sm table-hover align-middle small report-table">', 1)[1]
    body = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    out = []
    for tr in re.findall(r"<tr data-unit.*?</tr>", body, re.DOTALL):
        cells = [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.DOTALL)]
        out.append((cells[0], cells[1], cells[-1]))
    return out


def test_page_ranks_only_units_with_due_tasks_and_sorts_by_rank(as_user):
    client = as_user("truongban")
    html = client.get(f"/reports/?{YEAR}").get_data(as_text=True)
    rows = _rows(html)
    print(rows)
    assert rows, "the report has unit rows"
    ranked = [r for r in rows if r[0][:1].isdigit()]
    unranked = [r for r in rows if r[0] == "chưa xếp hạng"]
    assert ranked and unranked
    # Sorted by rank: ranked units first, ascending; the not-ranked ones after them.
    assert rows[: len(ranked)] == ranked
    ranks = [int(r[0].split()[0]) for r in ranked]
    assert ranks == sorted(ranks)
    # A unit is not ranked exactly when it has no on-time rate (nothing due).
    assert all(r[2] != "—" for r in ranked) and all(r[2] == "—" for r in unranked)


def _finish_on_time(session, unit_name: str) -> None:
    """Mark one of the unit's 2026 tasks completed before its deadline (as an accepted report would)."""
    task = next((t for t in session.scalars(select(Task).order_by(Task.id))
                 if unit_name in (t.lead_unit.name, t.lead_unit.short_name) and t.status != "cancelled"
                 and t.assigned_on >= date(2026, 1, 1) and t.due_on and t.due_on > t.assigned_on), None)
    assert task is not None, unit_name
    task.status, task.completed_on = "done", task.assigned_on + timedelta(days=1)
    session.commit()


def test_word_names_best_and_weakest_among_ranked_units_only(as_user, session):
    client = as_user("truongban")
    before = _rows(client.get(f"/reports/?{YEAR}").get_data(as_text=True))
    _finish_on_time(session, next(r[1] for r in before if r[0] == "chưa xếp hạng"))
    html = client.get(f"/reports/?{YEAR}").get_data(as_text=True)
    rows = _rows(html)
    unranked_names = [r[1] for r in rows if r[0] == "chưa xếp hạng"]
    doc = Document(io.BytesIO(client.get(f"/reports/export.docx?{YEAR}").data))
    text = "\n".join(p.text for p in doc.paragraphs)
    print(text)
    assert "cao nhất" not in text
    best = next(p for p in text.splitlines() if p.startswith("Các đơn vị thực hiện tốt"))
    weak = next(p for p in text.splitlines() if p.startswith("Các đơn vị có tỷ lệ hoàn thành đúng hạn thấp"))
    for name in unranked_names:
        assert name not in best and name not in weak
    assert "(đúng hạn 0,00%)" not in best
    assert f"{len(unranked_names)} đơn vị chưa có nhiệm vụ đến hạn trong kỳ nên chưa xếp hạng." in text


def test_excel_and_api_agree_with_the_page(as_user, app):
    client = as_user("truongban")
    html = client.get(f"/reports/?{YEAR}").get_data(as_text=True)
    rows = _rows(html)
    page_ids = [int(i) for i in re.findall(r'<tr data-unit="(\d+)"', html)]
    page = [int(r[0].split()[0]) if r[0][:1].isdigit() else r[0] for r in rows]
    wb = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{YEAR}").data))
    ws = wb["Tổng hợp"]
    xl = [r[0] if r[0] is not None else "" for r in ws.iter_rows(min_row=4, values_only=True)
          if r[1] and r[1] != "Tổng cộng" and r[2] is not None]
    assert xl == page and "chưa xếp hạng" in xl
    token = app.test_cli_runner().invoke(args=["users", "token", "truongban@sonla.demo"]).output.strip()
    api = app.test_client().get(f"/api/v1/reports/units?{YEAR}", headers={"Authorization": f"Bearer {token}"}).json
    assert [r["unit"]["id"] for r in api["rows"]] == page_ids
    assert [r["rank"] if r["ranked"] else ("" if r["direct"] else "chưa xếp hạng") for r in api["rows"]] == page


def test_table_can_be_sorted_by_name_in_vietnamese_order(as_user, session):
    from tracker.domain.text import sort_key
    from tracker.models import Unit

    client = as_user("truongban")
    html = client.get(f"/reports/?{YEAR}&sort=name").get_data(as_text=True)
    units = [session.get(Unit, int(i)) for i in re.findall(r'<tr data-unit="(\d+)"', html)]
    names = [u.short_name or u.name for u in units]  # as the page shows them
    assert len(names) > 5 and names == sorted(names, key=sort_key)
    assert 'data-sort="rank"' in html  # the way back to the default order
