"""Administration pages: unit tree, users, calendar; admins only."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, demo_email, login, post_form
from tracker.models import CalendarDay, Directive, Task, Unit, User
from tracker.services.calendar import load_calendar
from tracker.services.tasks import TaskInput, assign_tasks


@pytest.fixture
def app_config(tmp_path):
    return {"IMPORT_DIR": str(tmp_path / "imports")}


def _unit(session, code) -> Unit:
    session.expire_all()
    return session.scalar(select(Unit).where(Unit.code == code))


def _user(session, local) -> User:
    return session.scalar(select(User).where(User.email == demo_email(local)))


# -- access ------------------------------------------------------------------------

ADMIN_GETS = [
    "/admin/", "/admin/units", "/admin/units/new", "/admin/units/{unit}/edit", "/admin/units/{unit}/move",
    "/admin/units/{committee}/members", "/admin/units/{unit}/merge", "/admin/users", "/admin/users/new",
    "/admin/users/{user}/edit", "/admin/users/{user}/password", "/admin/calendar", "/admin/import",
    "/admin/import/units/template.xlsx", "/admin/import/units/template.csv",
    "/admin/import/users/template.xlsx", "/admin/import/users/template.csv",
]
ADMIN_POSTS = [
    "/admin/units/new", "/admin/units/{unit}/edit", "/admin/units/{unit}/move", "/admin/units/{unit}/active",
    "/admin/units/{committee}/members", "/admin/units/{unit}/merge", "/admin/users/new",
    "/admin/users/{user}/edit", "/admin/users/{user}/password", "/admin/users/{user}/active",
    "/admin/calendar", "/admin/calendar/2026-05-04/delete", "/admin/import/units", "/admin/import/users",
    "/admin/import/units/confirm", "/admin/import/users/confirm",
]


def _ids(session):
    return {"unit": _unit(session, "chiengle").id, "committee": _unit(session, "TP-BCD").id,
            "user": _user(session, "chiengle.canbo").id}


@pytest.mark.parametrize("local", ["truongban", "thuky", "giamsat", "congan.lanhdao", "congan.canbo"])
def test_every_admin_url_is_403_for_other_roles(app, session, local):
    ids = _ids(session)
    client = app.test_client()
    assert login(client, demo_email(local)).status_code == 302
    token = csrf_from(client.get("/home").text)
    for url in ADMIN_GETS:
        assert client.get(url.format(**ids)).status_code == 403, url
    for url in ADMIN_POSTS:
        resp = client.post(url.format(**ids), data={"csrf_token": token, "name": "x", "code": "X1"})
        assert resp.status_code == 403, url
    assert session.scalar(select(func.count(Unit.id)).where(Unit.code == "X1")) == 0


def test_admin_urls_need_login(client):
    resp = client.get("/admin/units")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_admin_sees_every_admin_page(as_user, session):
    client = as_user("admin")
    ids = _ids(session)
    for url in ADMIN_GETS:
        resp = client.get(url.format(**ids))
        assert resp.status_code in (200, 302), url


# -- units -------------------------------------------------------------------------

def test_unit_tree_lists_units_with_kind_code_and_user_count(as_user):
    client = as_user("admin")
    page = client.get("/admin/units").text
    assert "Phường Chiềng Lề" in page and "Tổ dân phố 1, phường Chiềng Lề" in page
    row = re.search(r'data-unit="chiengle">(.*?)</tr>', page, re.S).group(1)
    assert "Phường" in row and "chiengle@sonla.demo" in row
    assert re.search(r">2</a>", row)  # two demo users in the ward


def test_create_unit_under_a_parent(as_user, session):
    client = as_user("admin")
    parent = _unit(session, "chiengle")
    resp = post_form(client, "/admin/units/new", {
        "name": "Tổ dân phố 4, phường Chiềng Lề", "code": "chiengle-to4", "kind": "residential_group",
        "parent_id": str(parent.id), "email": "", "short_name": "Tổ 4"})
    assert resp.status_code == 302
    unit = _unit(session, "chiengle-to4")
    assert unit.parent_id == parent.id and unit.depth == parent.depth + 1
    assert unit.path == f"{parent.path}{unit.id}/"


def test_create_unit_with_taken_code_and_bad_email_shows_messages(as_user, session):
    client = as_user("admin")
    before = session.scalar(select(func.count(Unit.id)))
    resp = post_form(client, "/admin/units/new", {"name": "Trùng mã", "code": "chiengle", "kind": "ward",
                                                  "parent_id": "0", "email": "không-phải-email"})
    assert resp.status_code == 400
    assert "Mã đơn vị chiengle đã tồn tại." in resp.text
    assert "Địa chỉ email không hợp lệ." in resp.text
    assert session.scalar(select(func.count(Unit.id))) == before


def test_edit_unit_renames_and_changes_fields(as_user, session):
    client = as_user("admin")
    unit = _unit(session, "chiengle-to1")
    url = f"/admin/units/{unit.id}/edit"
    resp = post_form(client, url, {"name": "Tổ dân phố 1 (mới)", "code": "chiengle-to1a", "kind": "residential_group",
                                   "email": "To1@Example.vn", "short_name": "Tổ 1", "officers_may_submit": "y"})
    assert resp.status_code == 302
    unit = _unit(session, "chiengle-to1a")
    assert unit.name == "Tổ dân phố 1 (mới)" and unit.email == "to1@example.vn" and unit.officers_may_submit


def _task_for(session, lead_code) -> Task:
    thuky = _user(session, "thuky")
    directive = session.scalar(select(Directive).where(Directive.symbol == "05-KH/BCĐ"))
    lead = _unit(session, lead_code)
    task = assign_tasks(session, thuky, directive, [TaskInput("Kiện toàn tổ dân phố sau sắp xếp.", [lead.id],
                                                               deadline_kind="none")],
                        today=date(2026, 3, 2), calendar=load_calendar(session))[0]
    return task


def test_move_unit_rewrites_subtree_and_new_parent_sees_its_tasks(app, as_user, session):
    task = _task_for(session, "chiengle-to2")  # a residential group of the Chiềng Lề ward
    task_id = task.id
    other = app.test_client()
    assert login(other, demo_email("tohieu.lanhdao")).status_code == 302
    assert other.get(f"/tasks/{task_id}").status_code == 404

    client = as_user("admin")
    ward, tohieu = _unit(session, "chiengle"), _unit(session, "tohieu")
    resp = post_form(client, f"/admin/units/{ward.id}/move", {"parent_id": str(tohieu.id)})
    assert resp.status_code == 302

    ward, group, tohieu = _unit(session, "chiengle"), _unit(session, "chiengle-to2"), _unit(session, "tohieu")
    assert ward.parent_id == tohieu.id and ward.path == f"{tohieu.path}{ward.id}/"
    assert group.path == f"{ward.path}{group.id}/" and group.depth == tohieu.depth + 2
    page = other.get(f"/tasks/{task_id}")
    assert page.status_code == 200 and "Kiện toàn tổ dân phố sau sắp xếp." in page.text
    assert "Kiện toàn tổ dân phố sau sắp xếp." in other.get("/tasks/").text


def test_moving_a_unit_into_its_own_subtree_is_refused(as_user, session):
    client = as_user("admin")
    ward, group = _unit(session, "chiengle"), _unit(session, "chiengle-to1")
    old_path = ward.path
    resp = post_form(client, f"/admin/units/{ward.id}/move", {"parent_id": str(group.id)})
    assert resp.status_code == 400
    assert "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó." in resp.text
    assert _unit(session, "chiengle").path == old_path


def test_deactivate_and_reactivate_unit_keeps_it(as_user, session):
    client = as_user("admin")
    unit = _unit(session, "huala")
    post_form(client, f"/admin/units/{unit.id}/active", {}, form_page="/admin/units")
    assert _unit(session, "huala").is_active is False
    assert 'data-unit="huala"' not in client.get("/admin/units").text
    assert 'data-unit="huala"' in client.get("/admin/units?inactive=1").text
    post_form(client, f"/admin/units/{unit.id}/active", {}, form_page="/admin/units")
    assert _unit(session, "huala").is_active is True


def test_edit_committee_members(as_user, session):
    client = as_user("admin")
    committee, police, front = _unit(session, "TP-BCD"), _unit(session, "TP-CA"), _unit(session, "TP-MTTQ")
    resp = post_form(client, f"/admin/units/{committee.id}/members",
                     {"members": [str(police.id), str(front.id)]})
    assert resp.status_code == 302
    assert {m.code for m in _unit(session, "TP-BCD").members} == {"TP-CA", "TP-MTTQ"}


def test_merge_unit_moves_users_and_open_tasks(as_user, session):
    task = _task_for(session, "chiengle-to3")
    task_id = task.id
    group1, group3 = _unit(session, "chiengle-to1"), _unit(session, "chiengle-to3")
    from tracker.services import SYSTEM
    from tracker.services.users import create_user
    create_user(session, actor=SYSTEM, email="to3@sonla.demo", name="Tổ trưởng tổ 3", password="mat-khau-dai-1",
                role="unit_officer", unit=group3)
    client = as_user("admin")
    resp = post_form(client, f"/admin/units/{group3.id}/merge", {"target_id": str(group1.id), "confirm": "y"})
    assert resp.status_code == 302
    session.expire_all()
    assert _unit(session, "chiengle-to3").is_active is False
    assert session.scalar(select(User).where(User.email == "to3@sonla.demo")).unit_id == group1.id
    task = session.get(Task, task_id)
    assert task.lead_unit_id == group1.id
    assert [e.kind for e in task.events][-1] == "unit_merged"


def test_merge_into_own_subtree_is_refused(as_user, session):
    client = as_user("admin")
    ward, group = _unit(session, "chiengle"), _unit(session, "chiengle-to1")
    resp = post_form(client, f"/admin/units/{ward.id}/merge", {"target_id": str(group.id), "confirm": "y"})
    assert resp.status_code == 400
    assert "Không thể sáp nhập đơn vị vào đơn vị cấp dưới của chính nó." in resp.text
    assert _unit(session, "chiengle").is_active


# -- users -------------------------------------------------------------------------

def _user_data(session, **over):
    data = {"name": "Nguyễn Văn Mới", "email": "moi@sonla.demo", "role": "unit_officer",
            "unit_id": str(_unit(session, "chiengle").id), "title": "Công chức", "password": "mat-khau-moi-1"}
    data.update(over)
    return data


def test_create_user(as_user, session):
    client = as_user("admin")
    resp = post_form(client, "/admin/users/new", _user_data(session))
    assert resp.status_code == 302
    user = session.scalar(select(User).where(User.email == "moi@sonla.demo"))
    assert user.unit.code == "chiengle" and user.role == "unit_officer"
    fresh = client.application.test_client()
    assert login(fresh, "moi@sonla.demo", "mat-khau-moi-1").status_code == 302


@pytest.mark.parametrize("over, message", [
    ({"email": "khong-hop-le"}, "Địa chỉ email không hợp lệ."),
    ({"password": "ngan"}, "Mật khẩu phải có ít nhất 10 ký tự."),
    ({"email": "thuky@sonla.demo"}, "Email thuky@sonla.demo đã được sử dụng."),
    ({"name": "", "unit_id": "0"}, "Họ tên không được để trống."),
])
def test_create_user_errors_redisplay_form_and_create_nothing(as_user, session, over, message):
    client = as_user("admin")
    before = session.scalar(select(func.count(User.id)))
    resp = post_form(client, "/admin/users/new", _user_data(session, **over))
    assert resp.status_code == 400
    assert message in resp.text
    assert "invalid-feedback" in resp.text
    assert session.scalar(select(func.count(User.id))) == before


def test_user_list_filters(as_user, session):
    client = as_user("admin")
    ward = _unit(session, "chiengle")
    page = client.get(f"/admin/users?unit={ward.id}").text
    assert "chiengle.lanhdao@sonla.demo" in page and "tohieu.lanhdao@sonla.demo" not in page
    page = client.get("/admin/users?role=unit_head&q=chieng le").text
    assert "chiengle.lanhdao@sonla.demo" in page and "chiengle.canbo@sonla.demo" not in page
    page = client.get("/admin/users?q=Lê Văn Bình").text
    assert "thuky@sonla.demo" in page and "chiengle.canbo" not in page


def test_edit_user_role_unit_and_deactivate(app, as_user, session):
    target = _user(session, "chiengle.canbo")
    victim = app.test_client()
    assert login(victim, demo_email("chiengle.canbo")).status_code == 302
    client = as_user("admin")
    resp = post_form(client, f"/admin/users/{target.id}/edit", {
        "name": target.name, "role": "unit_head", "unit_id": str(_unit(session, "tohieu").id),
        "title": "Phó Chủ tịch"})  # "active" unchecked: deactivated
    assert resp.status_code == 302
    session.expire_all()
    user = _user(session, "chiengle.canbo")
    assert user.role == "unit_head" and user.unit.code == "tohieu" and not user.is_active
    assert victim.get("/home").status_code == 302  # the session ended


def test_admin_cannot_lock_themselves_out(as_user, session):
    client = as_user("admin")
    me = _user(session, "admin")
    resp = post_form(client, f"/admin/users/{me.id}/edit", {"name": me.name, "role": "viewer",
                                                            "unit_id": str(me.unit_id), "active": "y"})
    assert resp.status_code == 400
    assert _user(session, "admin").role == "admin"


def test_reset_password_typed_and_generated(as_user, session):
    client = as_user("admin")
    target = _user(session, "chiengle.canbo")
    url = f"/admin/users/{target.id}/password"
    assert "Mật khẩu phải có ít nhất 10 ký tự." in post_form(client, url, {"password": "ngan"}).text
    resp = post_form(client, url, {"password": "mat-khau-dat-lai-1"})
    assert resp.status_code == 200 and "mat-khau-dat-lai-1" not in resp.text
    assert login(client.application.test_client(), demo_email("chiengle.canbo"), "mat-khau-dat-lai-1").status_code == 302
    resp = post_form(client, url, {"password": ""})
    generated = re.search(r'id="new-password">([^<]+)<', resp.text).group(1)
    assert len(generated) >= 10
    assert generated not in client.get("/admin/users").text  # shown once only
    assert login(client.application.test_client(), demo_email("chiengle.canbo"), generated).status_code == 302


def test_deactivate_user_button(as_user, session):
    client = as_user("admin")
    target = _user(session, "huala.canbo")
    post_form(client, f"/admin/users/{target.id}/active", {}, form_page="/admin/users")
    session.expire_all()
    assert not _user(session, "huala.canbo").is_active
    assert login(client.application.test_client(), demo_email("huala.canbo")).status_code == 200


# -- calendar ----------------------------------------------------------------------

def _month_count(html, month):
    return int(re.search(rf'data-month="{month}"><td>[^<]*</td><td class="text-end wd-count">(\d+)<', html).group(1))


def test_calendar_shows_holidays_and_counts(as_user):
    client = as_user("admin")
    page = client.get("/admin/calendar?year=2025").text
    assert "02/09/2025" in page and "30/04/2025" in page
    # May 2025: 22 weekdays minus 1/5 and the 2/5 swap day = 20 working days.
    assert _month_count(page, 5) == 20


def test_calendar_day_off_changes_working_day_count(as_user, session):
    client = as_user("admin")
    before = _month_count(client.get("/admin/calendar?year=2025").text, 6)
    resp = post_form(client, "/admin/calendar?year=2025", {"day": "16/06/2025", "is_working": "0",
                                                           "note": "Nghỉ theo quyết định của tỉnh"})
    assert resp.status_code == 302
    page = client.get("/admin/calendar?year=2025").text
    assert _month_count(page, 6) == before - 1
    assert "Nghỉ theo quyết định của tỉnh" in page
    row = session.get(CalendarDay, date(2025, 6, 16))
    assert row is not None and not row.is_working

    # A make-up Saturday adds one back; removing both restores the count.
    post_form(client, "/admin/calendar?year=2025", {"day": "21/06/2025", "is_working": "1", "note": "Làm bù"})
    assert _month_count(client.get("/admin/calendar?year=2025").text, 6) == before
    for iso in ("2025-06-16", "2025-06-21"):
        post_form(client, f"/admin/calendar/{iso}/delete", {"confirmed": "1"}, form_page="/admin/calendar?year=2025")
    assert _month_count(client.get("/admin/calendar?year=2025").text, 6) == before


def test_calendar_bad_date_is_shown(as_user):
    client = as_user("admin")
    resp = post_form(client, "/admin/calendar", {"day": "31/02/2025", "is_working": "0"})
    assert resp.status_code == 400
    assert "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy." in resp.text
