"""One Vietnamese collation for unit names: the task list (paged, sorted in SQL), the unit
pickers, the admin tree, reports and exports all put "Chiềng Đen" before "Chiềng Xôm" and
"Quyết Tâm" before "Quyết Thắng"."""
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tracker.domain.text import sort_key
from tracker.models import Task, Unit

NAMES = ["Xã Chiềng Xôm", "Xã Chiềng Đen", "Phường Quyết Thắng", "Phường Quyết Tâm"]
EXPECTED = ["Phường Quyết Tâm", "Phường Quyết Thắng", "Xã Chiềng Đen", "Xã Chiềng Xôm"]


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


def _rename(session) -> list[int]:
    """Give four units that lead tasks the names of the issue, through the model."""
    ids = session.scalars(select(Task.lead_unit_id).group_by(Task.lead_unit_id)
                          .order_by(func.count().desc(), Task.lead_unit_id).limit(4)).all()
    for uid, name in zip(ids, NAMES):
        unit = session.get(Unit, uid)
        unit.name, unit.short_name = name, None
    session.commit()
    assert [session.get(Unit, uid).sort_name for uid in ids] == [sort_key(n) for n in NAMES]
    return ids


def _in_order(text: str) -> list[str]:
    found = sorted((text.find(n), n) for n in NAMES if n in text)
    return [n for _pos, n in found]


def test_task_list_sorted_by_unit_in_sql(client, session, as_user):
    _rename(session)
    as_user("thuky")
    html = client.get("/tasks/?sort=unit&per_page=100").text
    units = [session.get(Task, int(t)).lead_unit.name for t in re.findall(r'data-task-id="(\d+)"', html)]
    assert units == sorted(units, key=sort_key)
    assert [n for n in dict.fromkeys(units) if n in NAMES] == EXPECTED
    # Paging follows the same order: page 2 starts where page 1 ended.
    p1 = client.get("/tasks/?sort=unit&per_page=10").text
    p2 = client.get("/tasks/?sort=unit&per_page=10&page=2").text
    ids = [int(t) for t in re.findall(r'data-task-id="(\d+)"', p1 + p2)]
    names = [session.get(Task, i).lead_unit.sort_name for i in ids]
    assert names == sorted(names)


def test_pickers_admin_tree_and_report_in_vietnamese_order(client, session, as_user):
    _rename(session)
    as_user("admin")
    assert _in_order(client.get("/admin/units").text) == EXPECTED
    assert _in_order(client.get("/tasks/").text.split('name="unit"', 1)[1].split("</select>", 1)[0]) == EXPECTED
    assert _in_order(client.get("/reports/?kind=year&ref=01/06/2026&rollup=0&sort=name").text) == EXPECTED
    wb = load_workbook(io.BytesIO(client.get("/reports/export.xlsx?kind=year&ref=01/06/2026&rollup=0").data))
    ws = wb["Tổng hợp"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[1] in NAMES]
    # In rank order; within the same rank (or among units not ranked), alphabetical.
    by_rank: dict = {}
    for rank, name, *_rest in rows:
        by_rank.setdefault(rank, []).append(name)
    assert all(v == sorted(v, key=sort_key) for v in by_rank.values())
