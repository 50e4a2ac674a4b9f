"""One Vietnamese collation for unit names: the task list (paged, sorted in SQL), the unit
pickers, the admin tree, reports and exports all put "Chiềng Đen" before "Chiềng Xôm" and
"Quyết Tâm" before "Quyết Thắng"."""
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tracker.domain.text import sort_key
from tracker.models import Task, Unit


@pytest.mark.parametrize("names, expected", [
    (["Xã Chiềng Xôm", "Xã Chiềng Đen"], ["Xã Chiềng Đen", "Xã Chiềng Xôm"]),
    (["Quyết Thắng", "Quyết Tâm"], ["Quyết Tâm", "Quyết Thắng"]),
    (["Đà Bắc", "Dương", "Ea Súp"], ["Dương", "Đà Bắc", "Ea Súp"]),          # đ after d, before e
    (["Ân Thi", "Ăn", "An Lão"], ["An Lão", "Ăn", "Ân Thi"]),                  # a ă â
    (["Ơn", "Ôn", "On"], ["On", "Ôn", "Ơn"]),                                  # o ô ơ
    (["bạn", "bán", "bản", "bàn", "ban", "bãn"], ["ban", "bàn", "bản", "bãn", "bán", "bạn"]),  # tones second
    (["Xã Chiềng Đen", "xã chiềng", "XÃ CHIỀNG ĐEN"], ["xã chiềng", "Xã Chiềng Đen", "XÃ CHIỀNG ĐEN"]),
    (["Tổ 10", "Tổ 1", "Tô"], ["Tô", "Tổ 1", "Tổ 10"]),
])
def test_sort_key(names, expected):
    assert sorted(names, key=sort_key) == expected
    assert all(set(sort_key(n)) <= set("0123456789abcdefghijklmnopqrstuvwxyz") for n in names)  # any DB collation


def _names(session) -> list[str]:
    """The demo's own wards and communes of the issue, in the expected order."""
    codes = ["quyettam", "quyetthang", "chiengden", "chiengxom"]
    names = [session.scalar(select(Unit.name).where(Unit.code == c)) for c in codes]
    assert all(names) and "Quyết Tâm" in names[0] and "Chiềng Xôm" in names[3]
    return names


def _in_order(text: str, names: list[str]) -> list[str]:
    """``names`` in the order the page shows them as whole cell texts ("Đảng ủy Phường X" is not X)."""
    def at(n):
        m = re.search(r">(?:\s*<i [^>]*></i>)?\s*" + re.escape(n) + r"\s*<", text)
        return m.start() if m else -1
    return [n for _pos, n in sorted((at(n), n) for n in names if at(n) >= 0)]


def test_task_list_sorted_by_unit_in_sql(client, session, as_user):
    expected = _names(session)
    as_user("thuky")
    html = client.get("/tasks/?sort=unit&per_page=100").text
    units = [session.get(Task, int(t)).lead_unit.name for t in re.findall(r'data-task-id="(\d+)"', html)]
    assert units == sorted(units, key=sort_key)
    listed = [n for n in dict.fromkeys(units) if n in expected]
    assert len(listed) >= 3 and listed == [n for n in expected if n in listed]
    # Paging follows the same order: page 2 starts where page 1 ended.
    p1 = client.get("/tasks/?sort=unit&per_page=10").text
    p2 = client.get("/tasks/?sort=unit&per_page=10&page=2").text
    ids = [int(t) for t in re.findall(r'data-task-id="(\d+)"', p1 + p2)]
    names = [session.get(Task, i).lead_unit.sort_name for i in ids]
    assert names == sorted(names)


def test_pickers_admin_tree_and_report_in_vietnamese_order(client, session, as_user):
    expected = _names(session)
    for code in ("quyettam", "quyetthang", "chiengden", "chiengxom"):  # the report's rows show labels
        session.scalar(select(Unit).where(Unit.code == code)).short_name = None
    session.commit()
    as_user("admin")
    assert _in_order(client.get("/admin/units").text, expected) == expected
    picker = client.get("/tasks/").text.split('name="unit"', 1)[1].split("</select>", 1)[0]
    assert [n for n in expected if n in picker] == expected
    assert sorted(expected, key=lambda n: picker.find(n)) == expected
    report = client.get("/reports/?kind=year&ref=01/06/2026&rollup=0&sort=name").text
    listed = _in_order(report, expected)
    assert len(listed) >= 3 and _in_order(report, listed) == listed
    wb = load_workbook(io.BytesIO(client.get("/reports/export.xlsx?kind=year&ref=01/06/2026&rollup=0").data))
    rows = [r for r in wb["Tổng hợp"].iter_rows(min_row=4, values_only=True) if r[0] is not None and r[1]]
    # In rank order; within the same rank (or among units not ranked), alphabetical by the label
    # the page shows (the short name where there is one).
    label = {u.name: u.short_name or u.name for u in session.scalars(select(Unit))}
    by_rank: dict = {}
    for rank, name, *_rest in rows:
        by_rank.setdefault(rank, []).append(label[name])
    assert all(v == sorted(v, key=sort_key) for v in by_rank.values()), by_rank
