"""One rule, one place: use cases own the transaction and check their own authorization.

(a) views never commit and no service takes a `commit=` flag (read from the source);
(b) the pages of the notification bell are read-only: a GET changes no row;
(c) `assign_tasks` itself refuses a unit outside the assigning body's scope;
(d) every action of the domain role table is required by some use case, and a role the
    table refuses gets 403 from that use case, with nothing written.
"""
import ast
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.conftest import demo_email
from tracker.domain.roles import Action, Role
from tracker.models import CalendarDay, Directive, Notification, Task, Unit, User

ROOT = Path(__file__).resolve().parents[1] / "tracker"


def _py_files(sub: str):
    return sorted((ROOT / sub).rglob("*.py"))


def _user(session, local):
    return session.scalar(select(User).where(User.email == demo_email(local)))


def _unit(session, code):
    return session.scalar(select(Unit).where(Unit.code == code))


# -- (a) ---------------------------------------------------------------------------------

def test_views_never_commit():
    found = []
    for path in _py_files("views"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_no_service_takes_a_commit_flag():
    found = []
    for path in _py_files("services"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args.args + node.args.kwonlyargs + node.args.posonlyargs
                if any(a.arg == "commit" for a in args):
                    found.append(f"{path.relative_to(ROOT)}:{node.name}")
            if isinstance(node, ast.Call) and any(k.arg == "commit" for k in node.keywords):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} (call)")
    assert found == []


def test_the_checks_above_can_fail(tmp_path):
    """The AST walks see a commit in a view and a commit= parameter when there is one."""
    tree = ast.parse("def page():\n    db.session.commit()\n\ndef save(session, *, commit=True):\n    pass\n")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "commit"]
    params = [a.arg for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) for a in n.args.kwonlyargs]
    assert len(calls) == 1 and params == ["commit"]


# -- (b) ---------------------------------------------------------------------------------

_TABLES = ("notifications", "tasks", "task_events", "directives", "units", "users", "reminders", "outbox")


def _snapshot(session) -> dict:
    session.expire_all()
    return {t: session.execute(text(f"SELECT * FROM {t} ORDER BY id")).all() for t in _TABLES}


def test_bell_pages_change_nothing_on_get(client, session, as_user):
    from tests.test_workflow import make_task

    tid = make_task(session)  # a new task: the ward officer has an unread notice
    as_user("chiengle.canbo")
    officer = _user(session, "chiengle.canbo")
    before = _snapshot(session)
    assert session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == officer.id, Notification.read_at.is_(None))) >= 1

    bell = client.get("/notifications/")
    assert bell.status_code == 200
    # Every page the bell leads to: its links and the task each unread notice opens.
    targets = set(re.findall(r'(?:href|data-task-url)="(/[^"#?]*)"', bell.text))
    assert f"/tasks/{tid}" in targets
    for url in sorted(targets):
        if url.startswith(("/static", "/auth/logout")):
            continue
        assert client.get(url).status_code in (200, 302, 403, 404), url
    assert client.get("/home").status_code == 200
    assert _snapshot(session) == before

    # Reading is a POST, and it does write.
    from tests.conftest import csrf_from

    resp = client.post("/notifications/read", data={"csrf_token": csrf_from(bell.text), "task_id": str(tid)})
    assert resp.status_code == 302
    assert _snapshot(session)["notifications"] != before["notifications"]


# -- (c) ---------------------------------------------------------------------------------

def _plan(session):
    return session.scalar(select(Directive).where(Directive.symbol == "05-KH/BCĐ"))


def test_assign_tasks_refuses_a_lead_outside_the_assigning_body(app, session):
    from tracker.services import ServiceError
    from tracker.services.calendar import load_calendar
    from tracker.services.tasks import TaskInput, assign_tasks

    thuky, directive = _user(session, "thuky"), _plan(session)  # the city committee's secretariat
    province = _unit(session, "SL-BCD")  # the provincial committee: not the city's to assign to
    before = session.scalar(select(func.count(Task.id)))
    with pytest.raises(ServiceError) as e:
        assign_tasks(session, thuky, directive, [TaskInput("Việc của tỉnh", [province.id])],
                     today=date(2026, 3, 2), calendar=load_calendar(session))
    assert e.value.errors == {"items-0-lead": "Hãy chọn đúng một đơn vị chủ trì (hoặc một nhóm đơn vị)."}
    session.rollback()
    with pytest.raises(ServiceError) as e:
        assign_tasks(session, thuky, directive,
                     [TaskInput("Việc có phối hợp", [_unit(session, "TP-CA").id], [province.id])],
                     today=date(2026, 3, 2), calendar=load_calendar(session))
    assert e.value.errors == {"items-0-coordinators": "Đơn vị phối hợp không hợp lệ."}
    session.rollback()
    assert session.scalar(select(func.count(Task.id))) == before
    # The same call with a unit in scope goes through.
    created = assign_tasks(session, thuky, directive, [TaskInput("Việc của Công an", [_unit(session, "TP-CA").id])],
                           today=date(2026, 3, 2), calendar=load_calendar(session))
    assert len(created) == 1 and session.scalar(select(func.count(Task.id))) == before + 1


def test_assign_tasks_refuses_a_role_that_may_not_assign(app, session):
    from tracker.services import ServiceError
    from tracker.services.calendar import load_calendar
    from tracker.services.tasks import TaskInput, assign_tasks

    before = session.scalar(select(func.count(Task.id)))
    for local, status in (("giamsat", 403), ("tinh.thuky", 404)):  # a viewer; another committee
        with pytest.raises(ServiceError) as e:
            assign_tasks(session, _user(session, local), _plan(session),
                         [TaskInput("Việc", [_unit(session, "TP-CA").id])],
                         today=date(2026, 3, 2), calendar=load_calendar(session))
        assert e.value.status == status
        session.rollback()
    assert session.scalar(select(func.count(Task.id))) == before


# -- (d) ---------------------------------------------------------------------------------

def _required_actions() -> dict[str, list[str]]:
    """Action member -> the service functions that call require(actor, Action.X, ...)."""
    seen: dict[str, list[str]] = {}
    for path in _py_files("services"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for node in ast.walk(fn):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "require"
                        and len(node.args) >= 2 and isinstance(node.args[1], ast.Attribute)):
                    seen.setdefault(node.args[1].attr, []).append(f"{path.stem}.{fn.name}")
    return seen


def test_every_role_table_action_is_required_by_a_use_case():
    seen = _required_actions()
    assert sorted(a.name for a in Action if a.name not in seen) == []
    assert sorted(set(seen) - {a.name for a in Action}) == []


def _role_literals(source: str) -> list[int]:
    """Lines comparing a role with a string literal (`role == "admin"`, `role in ("leader", …)`),
    or SQL text naming one (`u.role = 'unit_head'`)."""
    values = {r.value for r in Role}
    names = "|".join(values)
    sql = re.compile(rf"role\s*(=|IN|<>|!=)\s*\(?\s*'({names})'", re.IGNORECASE)
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            consts = [c for o in operands for c in ([o] if isinstance(o, ast.Constant) else getattr(o, "elts", []))
                      if isinstance(c, ast.Constant) and c.value in values]
            if consts and any("role" in ast.unparse(o).lower() for o in operands if not isinstance(o, ast.Constant)):
                lines.append(node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and sql.search(node.value):
            lines.append(node.lineno)
    return lines


def test_role_names_live_only_in_the_enum():
    found = []
    for sub in ("services", "views", "queries", "domain"):
        for path in _py_files(sub):
            if path.name != "roles.py":
                found += [f"{path.relative_to(ROOT)}:{n}" for n in _role_literals(path.read_text(encoding="utf-8"))]
    assert found == []
    # The check sees each style it forbids.
    assert _role_literals('if user.role == "viewer": pass') == [1]
    assert _role_literals('ok = role in ("leader", "unit_head")') == [1]
    assert _role_literals('q = "WHERE u.role = \'unit_head\'"') == [1]
    assert _role_literals('if user.role == Role.VIEWER: pass') == []


def _admin_use_cases(session):
    from tracker.services.calendar import delete_calendar_day, set_calendar_day
    from tracker.services.units import create_unit, move_unit, set_unit_active
    from tracker.services.users import create_user, set_active

    ward, city = _unit(session, "chiengle"), _unit(session, "SL")
    officer = _user(session, "chiengle.canbo")
    return {
        "create_unit": (Action.MANAGE_UNITS, lambda actor: create_unit(
            session, actor=actor, name="Tổ mới", code="TO-MOI", kind="residential_group", parent=ward)),
        "move_unit": (Action.MANAGE_UNITS, lambda actor: move_unit(session, ward, city, actor=actor)),
        "set_unit_active": (Action.MANAGE_UNITS, lambda actor: set_unit_active(session, ward, False, actor=actor)),
        "create_user": (Action.MANAGE_USERS, lambda actor: create_user(
            session, actor=actor, email="moi@sonla.demo", name="Người mới", password="mat-khau-dai-1",
            role=Role.UNIT_OFFICER.value, unit=ward)),
        "set_active": (Action.MANAGE_USERS, lambda actor: set_active(session, officer, False, actor=actor)),
        "set_calendar_day": (Action.MANAGE_CALENDAR, lambda actor: set_calendar_day(
            session, date(2026, 6, 1), actor=actor, is_working=False, note="Nghỉ")),
        "delete_calendar_day": (Action.MANAGE_CALENDAR, lambda actor: delete_calendar_day(
            session, date(2026, 6, 1), actor=actor)),
    }


@pytest.mark.parametrize("name", ["create_unit", "move_unit", "set_unit_active", "create_user", "set_active",
                                  "set_calendar_day", "delete_calendar_day"])
def test_admin_use_cases_refuse_other_roles(app, session, name):
    from tracker.services import SYSTEM, ServiceError
    from tracker.services.calendar import set_calendar_day

    if name == "delete_calendar_day":  # something to delete
        set_calendar_day(session, date(2026, 6, 1), actor=SYSTEM, is_working=False, note="Nghỉ")
    before = _snapshot(session) | {"calendar": session.execute(select(CalendarDay.day)).all()}
    action, call = _admin_use_cases(session)[name]
    assert action in {Action.MANAGE_UNITS, Action.MANAGE_USERS, Action.MANAGE_CALENDAR}
    for local in ("thuky", "truongban", "chiengle.lanhdao", "giamsat"):
        actor = _user(session, local)
        assert Role(actor.role) is not Role.ADMIN
        with pytest.raises(ServiceError) as e:
            call(actor)
        assert e.value.status == 403, (name, local)
        session.rollback()
    assert _snapshot(session) | {"calendar": session.execute(select(CalendarDay.day)).all()} == before
    call(_user(session, "admin"))  # the admin may
    session.expire_all()
    assert _snapshot(session) | {"calendar": session.execute(select(CalendarDay.day)).all()} != before


def test_record_directive_refuses_a_role_without_create_directive(app, session):
    from tracker.services import ServiceError
    from tracker.services.directives import DirectiveInput, record_directive

    before = session.scalar(select(func.count(Directive.id)))
    data = DirectiveInput(kind="conference", title="Họp giao ban", issued_on=date(2026, 3, 2),
                          issuer_unit_id=_unit(session, "TP-BCD").id)
    for local in ("truongban", "giamsat", "chiengle.lanhdao"):
        with pytest.raises(ServiceError) as e:
            record_directive(session, _user(session, local), data)
        assert e.value.status == 403
        session.rollback()
    assert session.scalar(select(func.count(Directive.id))) == before
    record_directive(session, _user(session, "thuky"), data)
    assert session.scalar(select(func.count(Directive.id))) == before + 1


def test_load_task_for_hides_another_units_task(app, session):
    from tests.test_workflow import make_task
    from tracker.services import ServiceError
    from tracker.services.workflow import load_task_for

    tid = make_task(session)  # led by the Chiềng Lề ward
    assert load_task_for(session, _user(session, "chiengle.canbo"), tid).id == tid
    with pytest.raises(ServiceError) as e:
        load_task_for(session, _user(session, "tohieu.canbo"), tid)
    assert e.value.status == 404


def test_the_command_line_operator_creates_users_and_tokens(app, runner, session):
    """The CLI acts as the operator (SYSTEM), not as a user; the use cases still validate."""
    result = runner.invoke(args=["users", "create", "ops@sonla.demo", "--name", "Vận hành",
                                 "--role", Role.UNIT_OFFICER.value, "--unit", "chiengle",
                                 "--password", "mat-khau-dai-1"])
    assert result.exit_code == 0, result.output
    assert _user(session, "ops").unit.code == "chiengle"
    result = runner.invoke(args=["users", "create", "ops2@sonla.demo", "--name", "Vận hành",
                                 "--role", Role.UNIT_OFFICER.value, "--unit", "KHONG-CO",
                                 "--password", "mat-khau-dai-1"])
    assert result.exit_code != 0 and "Người dùng phải thuộc một đơn vị." in result.output
    result = runner.invoke(args=["users", "token", "ops@sonla.demo", "--name", "cli"])
    assert result.exit_code == 0 and result.output.startswith("dt_")
