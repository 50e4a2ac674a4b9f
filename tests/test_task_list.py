"""The task list: filters, diacritics-insensitive search, categories, sorting, paging."""
import re
from datetime import timedelta

from sqlalchemy import select

from tracker.domain.deadlines import DeadlineCategory
from tracker.models import Directive, Task, Unit
from tracker.timeutil import local_today


def _ids(html):
    return [int(x) for x in re.findall(r'data-task-id="(\d+)"', html)]


def _count(html):
    return int(re.search(r'id="result-count">(\d+)', html).group(1))


def test_search_ignores_vietnamese_diacritics(client, as_user):
    as_user("thuky")
    plain = client.get("/tasks/?q=dan+van+kheo&per_page=100")
    accented = client.get("/tasks/?q=Dân+vận+khéo&per_page=100")
    assert _count(plain.text) == _count(accented.text) > 0
    assert "Dân vận khéo" in plain.text


def test_search_quy_che_dan_chu(client, session, as_user):
    as_user("thuky")
    resp = client.get("/tasks/?q=quy+che+dan+chu&per_page=100")
    # The search box also reads unit names: the committee "... thực hiện quy chế dân chủ ..." leads some.
    expected = [t.id for t in session.scalars(select(Task))
                if any("quy chế dân chủ" in s.lower() for s in [t.content, t.lead_unit.name]
                       + [c.name for c in t.coordinators])]
    assert expected and sorted(_ids(resp.text)) == sorted(expected)


def test_filter_by_category_matches_the_badges(client, as_user):
    as_user("thuky")
    for cat in DeadlineCategory:
        resp = client.get(f"/tasks/?category={cat.value}&per_page=100")
        rows = _count(resp.text)
        assert resp.text.count(f"cat-{cat.value}\"") >= rows  # every row carries that badge
        badges = set(re.findall(r'badge text-bg-\w+ cat-(\w+)', resp.text))
        assert badges <= {cat.value}


def test_category_counts_on_home_match_the_list(client, as_user):
    as_user("thuky")
    home = client.get("/home").text
    for cat, n in re.findall(r'data-count="(\w+)">(\d+)', home):
        assert _count(client.get(f"/tasks/?category={cat}").text) == int(n)


def test_filter_by_unit_directive_status_and_due_range(client, session, as_user):
    as_user("thuky")
    chiengle = session.scalar(select(Unit.id).where(Unit.code == "chiengle"))
    by_unit = client.get(f"/tasks/?unit={chiengle}&per_page=100").text
    assert _count(by_unit) > 0
    for tid in _ids(by_unit):
        t = session.get(Task, tid)
        assert t.lead_unit.code.startswith("chiengle") or any(c.code.startswith("chiengle") for c in t.coordinators)
    d = session.scalar(select(Directive).where(Directive.symbol == "154-QĐ/BCĐ"))
    assert sorted(_ids(client.get(f"/tasks/?directive={d.id}").text)) == sorted(t.id for t in d.tasks)
    done = client.get("/tasks/?status=done&per_page=100").text
    assert all(session.get(Task, i).status == "done" for i in _ids(done))
    today = local_today()
    rng = client.get(f"/tasks/?due_from={today:%d/%m/%Y}&due_to={today + timedelta(days=30):%d/%m/%Y}&per_page=100").text
    for tid in _ids(rng):
        assert today <= session.get(Task, tid).due_on <= today + timedelta(days=30)


def test_bad_filters_are_reported_not_500(client, as_user):
    as_user("thuky")
    resp = client.get("/tasks/?category=bogus&due_from=32/13/2020&status=nope&unit=abc&page=-5")
    assert resp.status_code == 200
    assert "không hợp lệ" in resp.text


def test_sort_by_due_date_and_pagination(client, as_user):
    as_user("thuky")
    first = client.get("/tasks/?sort=due&per_page=10").text
    second = client.get("/tasks/?sort=due&per_page=10&page=2").text
    assert len(_ids(first)) == 10 and not set(_ids(first)) & set(_ids(second))
    dates = re.findall(r'<td class="text-nowrap">(\d\d/\d\d/\d{4})</td>', first)
    parsed = [tuple(reversed(d.split("/"))) for d in dates]
    assert parsed == sorted(parsed)


def test_task_page_shows_source_history_and_dmy_dates(client, session, as_user):
    as_user("thuky")
    t = session.scalar(select(Task).join(Task.directive).where(Directive.symbol == "154-QĐ/BCĐ",
                                                              Task.due_on.is_not(None)).order_by(Task.id).limit(1))
    page = client.get(f"/tasks/{t.id}").text
    assert "154-QĐ/BCĐ" in page
    assert "Giao nhiệm vụ" in page  # history: the assignment event
    assert t.due_on.strftime("%d/%m/%Y") in page


def test_english_locale(client, as_user):
    as_user("thuky")
    resp = client.get("/tasks/?lang=en")
    assert resp.status_code == 200
    assert "<html lang=\"en\"" in resp.text
