"""Words users read: status and deadline columns told apart, one "new" marker, English names."""
import re

from sqlalchemy import select

from tests.conftest import demo_email, login
from tracker.models import Task, User


def test_status_and_deadline_columns_are_named_apart(as_user):
    client = as_user("chiengle.canbo")
    for url in ("/tasks/", "/home"):
        page = client.get(url).text
        heads = re.findall(r"<th>([^<]+)</th>", page)
        assert "Trạng thái xử lý" in heads and "Tình trạng thời hạn" in heads, url
        assert "Trạng thái" not in heads and "Tình trạng" not in heads, url


def test_a_new_task_is_marked_new_once(app, session):
    task = session.scalars(select(Task).where(Task.status == "assigned").order_by(Task.id)).first()
    assert task is not None
    head = session.scalars(select(User).where(User.unit_id == task.lead_unit_id, User.role == "unit_head")).first()
    client = app.test_client()
    login(client, head.email)
    home = client.get("/home").text
    row = re.search(rf'<tr data-task-id="{task.id}".*?</tr>', home.split('id="home-tasks"', 1)[1], re.DOTALL).group(0)
    assert row.count("Mới giao") == 1 and not re.search(r">\s*Mới\s*<", row)


def test_english_deadline_kind_and_task_list(app, session):
    officer = session.scalar(select(User).where(User.email == demo_email("thuky")))
    officer.locale = "en"
    session.commit()
    task = session.scalars(select(Task).where(Task.deadline_kind == "date").order_by(Task.id)).first()
    client = app.test_client()
    login(client, officer.email)
    detail = client.get(f"/tasks/{task.id}").text
    assert "By date" in detail and "To date" not in detail
    listing = client.get("/tasks/").text
    assert re.search(r"<h1[^>]*>Tasks\b", listing)
    assert re.search(r'class="nav-link"[^>]*href="/tasks/"[^>]*>Tasks<|href="/tasks/">Tasks<', listing)
