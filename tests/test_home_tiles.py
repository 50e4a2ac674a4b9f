"""Home tiles state their period; the completion tiles are the year report's figures."""
import re
from datetime import timedelta

from sqlalchemy import select

from tests.conftest import demo_email, login
from tracker.models import Task
from tracker.timeutil import local_today


def _year_tile(html, key):
    return re.search(rf'data-year-count="{key}">([^<]+)<', html).group(1)


def _report_total(html, col):
    return re.search(rf'data-total="{col}">([^<]+)<', html).group(1)


def test_completion_tiles_equal_the_year_report(app, session):
    today = local_today()
    # One task finished on time this year, one last year: only the first is this year's.
    tasks = [t for t in session.scalars(select(Task).order_by(Task.id))
             if t.status not in ("done", "cancelled") and t.due_on and t.assigned_on < t.due_on]
    this_year, last_year = tasks[0], tasks[1]
    this_year.status, this_year.completed_on = "done", max(this_year.assigned_on, today.replace(month=1, day=1))
    this_year.due_on = max(this_year.due_on, this_year.completed_on)
    last_year.status, last_year.completed_on = "done", today.replace(year=today.year - 1, month=12, day=1)
    last_year.assigned_on = min(last_year.assigned_on, last_year.completed_on - timedelta(days=5))
    last_year.due_on = last_year.completed_on + timedelta(days=10)
    session.commit()
    for who in ("truongban", "thuky", "chiengle.canbo"):
        client = app.test_client()
        login(client, demo_email(who))
        home = client.get("/home").text
        assert f"Năm {today.year}, từ 01/01/{today.year} đến hôm nay {today:%d/%m/%Y}" in home
        report = client.get("/reports/?kind=year").text
        for col in ("on_time", "late"):
            assert _year_tile(home, col) == _report_total(report, col), (who, col)
        assert _year_tile(home, "on_time_rate") in report
    client = app.test_client()
    login(client, demo_email("truongban"))
    home = client.get("/home").text
    assert int(_year_tile(home, "on_time")) >= 1
    # The tile leads to the tasks behind the figure: the same count.
    link = re.search(r'href="(/reports/tasks\?[^"]*col=on_time[^"]*)"', home).group(1).replace("&amp;", "&")
    listing = client.get(link).text
    assert re.search(r"\b" + _year_tile(home, "on_time") + r"\b", listing)
    assert "data-count=\"on_time\"" not in home  # no all-time completion count without a period
