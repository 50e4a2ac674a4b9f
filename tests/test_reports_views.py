"""Report pages: dashboard, drill-down, directive progress, permissions, close/reopen."""
import re

from sqlalchemy import select

from tests.conftest import csrf_from
from tracker.domain.reports import Period
from tracker.models import Directive, ReportSnapshot, Task, User
from tracker.queries import reports as q
from tracker.timeutil import local_today


def _user(session, local):
    return session.scalar(select(User).where(User.email == f"{local}@sonla.demo"))


def _year_report(session, local, **kw):
    user = _user(session, local)
    today = local_today()
    period = Period.containing("year", today)
    return q.unit_report(session, user, period=period, as_of=period.default_as_of(today),
                         root=q.default_root(session, user), **kw)


def test_dashboard_shows_the_query_figures(as_user, session):
    client = as_user("thuky")
    resp = client.get("/reports/")
    assert resp.status_code == 200
    rep = _year_report(session, "thuky")
    html = resp.text
    assert f'data-total="total">{rep.total.total}<' in html.replace(".", "")
    assert 'id="unit-chart" data-chart=' in html and "reports.js" in html and "<script>" not in html
    for row in rep.rows:
        assert f'data-unit="{row.unit.id}"' in html
    assert "Tổng số nhiệm vụ được giao" in html


def test_dashboard_drill_down_and_task_list(as_user, session):
    client = as_user("thuky")
    rep = _year_report(session, "thuky")
    child = next(r for r in rep.rows if not r.direct and r.counts.total)
    resp = client.get(f"/reports/tasks?kind=year&unit={child.unit.id}")
    assert resp.status_code == 200
    assert f'<span data-total>{child.counts.total}</span>' in resp.text
    trend = client.get("/reports/trend.json?kind=year")
    assert trend.status_code == 200 and len(trend.json["labels"]) == 6


def test_custom_period_and_bad_input(as_user):
    client = as_user("thuky")
    assert client.get("/reports/?kind=custom&start=01/01/2023&end=31/12/2024&as_of=31/12/2024").status_code == 200
    resp = client.get("/reports/?kind=custom&start=01/01/2023&end=31/12/2022")
    assert resp.status_code == 200 and "Ngày kết thúc phải sau ngày bắt đầu" in resp.text
    assert client.get("/reports/tasks?kind=year&col=nonsense").status_code == 400


def test_unit_head_sees_only_own_subtree(as_user, session):
    client = as_user("congan.lanhdao")
    other = _user(session, "thuky").unit
    assert client.get(f"/reports/?unit={other.id}").status_code == 404
    assert client.get(f"/reports/tasks?unit={other.id}").status_code == 404
    resp = client.get("/reports/")
    assert resp.status_code == 200
    rep = _year_report(session, "congan.lanhdao")
    assert rep.root.id == _user(session, "congan.lanhdao").unit_id


def test_directive_progress_headline(as_user, session):
    client = as_user("thuky")
    d = session.scalar(select(Directive).where(Directive.symbol == "25-TB/BCĐ"))
    tasks = session.scalars(select(Task).where(Task.directive_id == d.id)).all()
    done = sum(1 for t in tasks if t.status == "done" and t.completed_on and t.completed_on <= local_today())
    counted = sum(1 for t in tasks if t.status != "cancelled")
    resp = client.get(f"/reports/directives/{d.id}")
    assert resp.status_code == 200
    assert f"Kết luận 25-TB/BCĐ: {done}/{counted} nhiệm vụ hoàn thành" in resp.text
    assert client.get("/reports/directives/999999").status_code == 404


def test_close_and_reopen_period_admin_only(as_user, session):
    client = as_user("thuky")
    page = client.get("/reports/")
    assert client.post("/reports/close", data={"kind": "year", "ref": "01/06/2024",
                                               "csrf_token": csrf_from(page.text)}).status_code == 403
    client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    client = as_user("admin")
    page = client.get("/reports/?kind=year&ref=01/06/2024")
    token = csrf_from(page.text)
    resp = client.post("/reports/close", data={"kind": "year", "ref": "01/06/2024", "csrf_token": token,
                                               "confirmed": "1"})
    assert resp.status_code == 302
    snap = session.scalar(select(ReportSnapshot))
    assert snap.active_key == "year:2024-01-01:2024-12-31" and snap.closed_by_id is not None
    page = client.get("/reports/?kind=year&ref=01/06/2024")
    assert f'data-snapshot="{snap.id}"' in page.text
    resp = client.post("/reports/reopen", data={"kind": "year", "ref": "01/06/2024", "reason": "",
                                                "csrf_token": token})
    session.expire_all()
    assert session.get(ReportSnapshot, snap.id).active_key is not None  # a reason is required
    client.post("/reports/reopen", data={"kind": "year", "ref": "01/06/2024", "reason": "Sửa số liệu nhập sai",
                                         "csrf_token": token})
    session.expire_all()
    snap = session.get(ReportSnapshot, snap.id)
    assert snap.active_key is None and snap.reopen_reason == "Sửa số liệu nhập sai" and snap.reopened_by_id


def test_every_figure_links_to_exactly_its_tasks(as_user, session):
    """Each non-zero cell of the dashboard links to a task list with that many tasks."""
    import html as html_lib

    client = as_user("thuky")
    page = client.get("/reports/?kind=year").text
    cells = re.findall(r'<a href="(/reports/tasks\?[^"]+)">([\d.]+)</a>', page)
    assert len(cells) >= 10
    for href, figure in cells[:25]:
        url = html_lib.unescape(href)
        assert "kind=year" in url and "unit=" in url
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert f"<span data-total>{figure.replace('.', '')}</span>" in listed.text.replace(".", ""), url
    # Every link to another unit's dashboard (rows with children, breadcrumbs) opens.
    downs = re.findall(r'<a href="(/reports/\?[^"]*unit=\d+[^"]*)">', page)
    assert downs
    for href in downs:
        assert client.get(html_lib.unescape(href)).status_code == 200, href


def test_as_of_figures_use_the_deadline_in_force_that_day(as_user, session):
    """A deadline extended after it had passed: as of a day before the extension the task
    was overdue, and afterwards within its (extended) deadline."""
    from datetime import datetime, timedelta

    from tracker.models import ExtensionRequest

    today = local_today()
    task = session.scalar(select(Task).where(Task.status.in_(("received", "in_progress"))).order_by(Task.id).limit(1))
    admin = _user(session, "admin")
    first_due, new_due = today - timedelta(days=120), today + timedelta(days=30)
    task.assigned_on, task.original_due_on, task.due_on = today - timedelta(days=180), first_due, new_due
    session.add(ExtensionRequest(task_id=task.id, requested_by_id=admin.id, current_due_on=first_due,
                                 new_due_on=new_due, reason="Chờ vốn", status="approved", decided_by_id=admin.id,
                                 requested_at=datetime.combine(today - timedelta(days=101), datetime.min.time()),
                                 decided_at=datetime.combine(today - timedelta(days=100), datetime.min.time())))
    session.commit()
    client = as_user("admin")
    dmy = lambda d: d.strftime("%d/%m/%Y")  # noqa: E731
    base = (f"/reports/tasks?kind=custom&start={dmy(today - timedelta(days=200))}&end={dmy(today - timedelta(days=1))}"
            f"&unit={task.lead_unit_id}&sub=0")

    def listed(as_of, col):
        return f'data-task="{task.id}"' in client.get(f"{base}&as_of={dmy(as_of)}&col={col}").text

    before, after = today - timedelta(days=110), today - timedelta(days=90)
    assert listed(before, "overdue") and not listed(before, "within") and not listed(before, "extended")
    assert listed(after, "within") and listed(after, "extended") and not listed(after, "overdue")
    # The figures say the same as the lists.
    period = Period.custom(today - timedelta(days=200), today - timedelta(days=1))
    for as_of, col in ((before, "overdue"), (after, "within")):
        rep = q.unit_report(session, admin, period=period, as_of=as_of, root=task.lead_unit, rolled_up=False)
        own = next(r for r in rep.rows if r.unit.id == task.lead_unit_id)
        page = client.get(f"{base}&as_of={dmy(as_of)}&col={col}").text
        assert f"<span data-total>{getattr(own.counts, col)}</span>" in page.replace(".", "")
