"""The task list's unit filter: a scope of more than INLINE_UNITS units is not written into
every page. The page lists the way down to the chosen unit (the scope's top units, and each
unit's children on the way), and the browser fetches the whole tree from the URL in
``data-choices-src``: the same options, in the same order, as the inline list."""
import html
import re

from sqlalchemy import select

from tracker.models import Unit
from tracker.views import task_pickers


def _unit_select(page: str) -> tuple[str | None, list[tuple[int, str, bool]]]:
    m = re.search(r'<select[^>]*name="unit"([^>]*)>(.*?)</select>', page, re.S)
    src = re.search(r'data-choices-src="([^"]+)"', m.group(1))
    options = [(int(v), html.unescape(label), bool(sel)) for v, sel, label in
               re.findall(r'<option value="(\d+)" (selected)?\s*>([^<]*)</option>', m.group(2))]
    return (html.unescape(src.group(1)) if src else None), options


def test_a_long_unit_filter_comes_from_the_browser_with_the_same_options(app, client, session, as_user, monkeypatch):
    app.config["PAGE_CACHE"] = False  # the test changes a constant between two pages: a new release
    as_user("admin")
    src, inline = _unit_select(client.get("/tasks/").text)
    assert src is None and len(inline) > 20  # the demo's units, written into the page

    monkeypatch.setattr(task_pickers, "INLINE_UNITS", 3)
    src, top = _unit_select(client.get("/tasks/").text)
    assert src and len(top) < len(inline)
    roots = session.scalars(select(Unit.id).where(Unit.parent_id.is_(None))).all()
    children = session.scalars(select(Unit.id).where(Unit.parent_id.in_(roots))).all()
    assert sorted(i for i, _label, _sel in top) == sorted(roots + children)

    # The way down to a unit three levels deep: its ancestors, their children, it selected.
    deep = session.scalar(select(Unit).where(Unit.depth == 3).order_by(Unit.id))
    _src, way = _unit_select(client.get(f"/tasks/?unit={deep.id}").text)
    ids = [i for i, _label, _sel in way]
    assert [i for i, _label, sel in way if sel] == [deep.id]
    assert deep.parent_id in ids and set(ids) <= {i for i, _label, _sel in inline}
    assert [i for i, _l, _s in inline if i in ids] == ids  # tree order, as inline

    resp = client.get(src)
    assert resp.status_code == 200 and "immutable" in resp.headers["Cache-Control"]
    assert [tuple(u) for u in resp.get_json()["units"]] == [(i, label) for i, label, _sel in inline]
    assert "immutable" not in client.get("/tasks/units.json?v=0").headers["Cache-Control"]  # an old version


def test_the_unit_filter_of_a_committee_covers_its_parents_subtree_in_the_browser_too(app, client, as_user,
                                                                                    monkeypatch):
    app.config["PAGE_CACHE"] = False  # the test changes a constant between two pages: a new release
    as_user("thuky")
    _src, inline = _unit_select(client.get("/tasks/").text)
    monkeypatch.setattr(task_pickers, "INLINE_UNITS", 3)
    src, _top = _unit_select(client.get("/tasks/").text)
    assert [tuple(u) for u in client.get(src).get_json()["units"]] == [(i, label) for i, label, _sel in inline]
