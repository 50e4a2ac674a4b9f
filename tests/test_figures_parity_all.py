"""Every way of reading a report gives the same figures, cell by cell, for every demo user, every
report role the dashboard offers, and periods of each kind (each year of the demo data, quarters,
months), while open, once closed through the admin's page, and once re-opened through it:

1. the dashboard (/reports/): each unit row's figures and the total row;
2. the drill-down behind each figure (the link in its cell, every page of it): its task ids;
3. the Excel export: the summary sheet's rows and total, the task sheets' ids and categories;
4. the API: GET /api/v1/reports/units (each row and the total);
5. a brute-force count in Python over every task read through the ORM, with the domain's own
   classify() and the per-object visibility check (queries.visibility.can_see_task), not the
   SQL under test.

Between closing and re-opening, the city committee cancels an old task and hands another to a
different ward on their pages: a closed period must go on showing the tasks as they were when
it was closed (figures, lists, and who sees them), the re-opened one the tasks as they are.

Every user's dashboard and API figures are checked for every role, period and state; the costly
reads (every drill-down link, the workbook) once per distinct view (users of one unit, and a
committee's people, see the same report), and on re-opening one user per view. One app and one
database for the module; every disagreement is collected, so a failure lists each (user, role,
period, state, cell) at once.
"""
import html
import io
import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tests.conftest import _make_app, confirm_step, csrf_from, demo_email, login
from tests.test_api import Api, cli_token
from tracker.domain.reports import COLUMNS, Period, TaskFacts, classify
from tracker.domain.roles import Role
from tracker.extensions import db
from tracker.models import ExtensionRequest, ReportSnapshot, Task, Unit, User
from tracker.queries.reports import ROLES
from tracker.queries.visibility import can_see_task
from tracker.timeutil import LOCAL_TZ, local_today
from tracker.views.reports import COLUMN_LABEL

CATEGORIES = ("on_time", "late", "within", "overdue", "no_deadline")
COMMITTEE = {Role.LEADER.value, Role.SECRETARIAT.value, Role.VIEWER.value}


@pytest.fixture(scope="module")
def world(databases, tmp_path_factory):
    """The demo world, one copy for the whole module (the matrix only reads, but for the
    periods it closes and re-opens through the admin's page)."""
    app = _make_app(databases, "demo", tmp_path_factory.mktemp("parity"))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(app.test_db_name)


# --- the brute force --------------------------------------------------------------------------

class World:
    """Every task, unit and approved extension, read once through the ORM."""

    def __init__(self, session, today: date):
        self.today = today
        self.tasks = session.scalars(select(Task).options(
            selectinload(Task.lead_unit), selectinload(Task.coordinators))).all()
        self.units = {u.id: u for u in session.scalars(select(Unit))}
        self.extensions = defaultdict(list)
        for e in session.scalars(select(ExtensionRequest).where(ExtensionRequest.status == "approved")):
            self.extensions[e.task_id].append(e)

    def due_then(self, task: Task, as_of: date) -> date | None:
        """The deadline in force on ``as_of``: an extension approved after that day had not
        yet moved it (the earliest such decision holds the deadline as it was)."""
        if as_of >= self.today:
            return task.due_on
        end_of_day = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=LOCAL_TZ) \
            .astimezone(timezone.utc).replace(tzinfo=None)
        later = sorted((e for e in self.extensions[task.id] if e.decided_at >= end_of_day),
                       key=lambda e: e.decided_at)
        return later[0].current_due_on if later else task.due_on

    def root(self, user) -> Unit | None:
        """Where the user's report starts: everything for an admin; a unit's people at their
        unit; a committee's people at the lowest unit above all their committee assigned."""
        if user.is_admin or user.unit is None:
            return None
        if user.role not in COMMITTEE:
            return user.unit
        paths = [t.lead_unit.path for t in self.tasks if t.assigned_by_unit_id == user.unit_id] + [user.unit.path]
        common = paths[0]
        for p in paths[1:]:
            while not p.startswith(common):
                common = common[:-1]
        ids = [int(x) for x in common[: common.rfind("/") + 1].strip("/").split("/") if x]
        return self.units[ids[-1]] if ids else None

    def report(self, user, role: str, period: Period, as_of: date, root: Unit | None) -> "Expected":
        """{unit id: {column: task ids}} of each unit's own tasks in the report under ``root``."""
        own: dict[int, dict[str, set]] = defaultdict(lambda: {c: set() for c in COLUMNS})
        category = {}
        for t in self.tasks:
            if not can_see_task(user, t):
                continue
            c = classify(TaskFacts(t.status, t.assigned_on, self.due_then(t, as_of), t.original_due_on,
                                   t.completed_on), period, as_of)
            if c is None:
                continue
            for u in ([t.lead_unit] if role == "lead" else t.coordinators):
                if root is not None and not u.is_within(root):
                    continue
                category[t.id] = next(col for col in CATEGORIES if getattr(c, col))
                for col in COLUMNS:
                    if getattr(c, col):
                        own[u.id][col].add(t.id)
        return Expected(self, root, dict(own), category)


class Expected:
    def __init__(self, world: World, root: Unit | None, own: dict, category: dict):
        self.world, self.root, self.own, self.category = world, root, own, category

    def _within(self, unit: Unit) -> list[int]:
        return [uid for uid in self.own if self.world.units[uid].is_within(unit)]

    def cell(self, unit_ids: list[int], col: str) -> tuple[int, set]:
        """(figure, task ids): the figure adds up participations (a task coordinated by two
        units counts in each), the list shows the tasks."""
        sets = [self.own[uid][col] for uid in unit_ids]
        return sum(len(s) for s in sets), set().union(*sets)

    def rows(self) -> dict[tuple[int, bool], list[int]]:
        """{(unit id, direct): figures} of the dashboard's rolled-up rows."""
        out = {}
        if self.root is not None:
            if self.root.id in self.own:
                out[(self.root.id, True)] = [self.cell([self.root.id], c)[0] for c in COLUMNS]
            top = [u for u in self.world.units.values() if u.parent_id == self.root.id]
        else:
            top = [u for u in self.world.units.values() if u.parent_id is None]
        for u in top:
            inside = self._within(u)
            if inside:
                out[(u.id, False)] = [self.cell(inside, c)[0] for c in COLUMNS]
        return out

    def total(self) -> list[int]:
        return [self.cell(list(self.own), c)[0] for c in COLUMNS]

    def list_for(self, unit_id: int, subtree: bool, col: str | None) -> tuple[int, set]:
        unit = self.world.units[unit_id]
        return self.cell(self._within(unit) if subtree else [unit_id] if unit_id in self.own else [],
                         col or "total")


# --- reading the product ----------------------------------------------------------------------

_ROW = re.compile(r'<tr data-unit="(\d+)"[^>]*>(.*?)</tr>', re.S)
_CELL = re.compile(r'<td class="text-end">(?:<a href="([^"]+)">([\d.]+)</a>|(0))</td>')
_TOTAL = re.compile(r'data-total="(\w+)">([\d.]+)<')


def _num(text: str) -> int:
    return int(text.replace(".", "").strip())


def dashboard(client, args: str, root_id: int | None) -> dict:
    page = client.get(f"/reports/?{args}")
    assert page.status_code == 200, args
    text = page.get_data(as_text=True)
    rows = {}
    for uid, body in _ROW.findall(text):
        cells = _CELL.findall(body)
        assert len(cells) == len(COLUMNS), (args, uid)
        key = (int(uid), int(uid) == root_id)  # the root's own row ("trực tiếp"); the others are its children
        rows[key] = [(0 if zero else _num(n), html.unescape(href) if href else None) for href, n, zero in cells]
    total = {c: _num(v) for c, v in _TOTAL.findall(text)}
    return {"rows": rows, "total": [total[c] for c in COLUMNS], "snapshot": 'data-snapshot="' in text,
            "roles": re.findall(r'<option value="(\w+)"[^>]*>', text.split('id="role"', 1)[1].split("</select>", 1)[0])}


def drill_down(client, href: str, where=None) -> tuple[int, list[int]]:
    """(the total the list states, the task ids on all its pages)."""
    ids, page = [], 1
    while True:
        resp = client.get(f"{href}&page={page}")
        assert resp.status_code == 200, (where, href)
        text = resp.get_data(as_text=True)
        stated = _num(re.search(r"<span data-total>([\d.]+)</span>", text).group(1))
        found = [int(x) for x in re.findall(r'<tr data-task="(\d+)"', text)]
        ids += found
        if not found or len(ids) >= stated:
            return stated, ids
        page += 1


def excel(client, args: str) -> dict:
    resp = client.get(f"/reports/export.xlsx?{args}")
    assert resp.status_code == 200, args
    wb = load_workbook(io.BytesIO(resp.data), read_only=True)
    sheets = wb.sheetnames
    summary = [list(r) for r in wb[sheets[0]].iter_rows(min_row=4, values_only=True)]
    end = next(i for i, r in enumerate(summary) if r[1] == "Tổng cộng")
    out = {"rows": [[int(v) for v in r[2:2 + len(COLUMNS)]] for r in summary[:end]],
           "total": [int(v) for v in summary[end][2:2 + len(COLUMNS)]]}
    for name, key in (("Quá hạn", "overdue"), ("Danh sách nhiệm vụ", "all")):
        lines = [r for r in wb[name].iter_rows(min_row=4, values_only=True) if r and r[0] is not None]
        out[key] = [(int(r[0]), r[7]) for r in lines]
    wb.close()
    return out


def api_report(api: Api, args: str) -> dict:
    resp = api.get(f"/reports/units?{args}")
    assert resp.status_code == 200, (args, resp.get_data(as_text=True))
    body = resp.json
    return {"rows": {(r["unit"]["id"], r["direct"]): [r["counts"][c] for c in COLUMNS] for r in body["rows"]},
            "total": [body["total"][c] for c in COLUMNS], "snapshot": body["snapshot_id"] is not None}


# --- the matrix -------------------------------------------------------------------------------

def periods(world: World) -> list[tuple[Period, bool]]:
    """(period, closable): each year of the demo data (the current one open only), the quarter of
    the earliest deadline, the month the current plan was assigned in."""
    today = world.today
    first = min(t.assigned_on for t in world.tasks)
    earliest_due = min(t.due_on for t in world.tasks if t.due_on)
    plan = max(t.assigned_on for t in world.tasks)
    out = [Period.containing("year", date(y, 1, 1)) for y in range(first.year, today.year + 1)]
    out += [Period.containing("quarter", earliest_due), Period.containing("month", plan)]
    return [(p, p.end < today) for p in out]


LABELS = {}  # the task sheets' category labels (the report's column names, in Vietnamese)


def check_one(problems, where, client, api, exp: Expected, args: str, closed: bool, *, follow: bool, xlsx: bool):
    def problem(what, got, want):
        problems.append(f"{where} {what}: got {got}, want {want}")

    page = dashboard(client, args, exp.root.id if exp.root else None)
    want_rows, want_total = exp.rows(), exp.total()
    got_rows = {k: [n for n, _h in v] for k, v in page["rows"].items()}
    if page["total"] != want_total:
        problem("dashboard total", dict(zip(COLUMNS, page["total"])), dict(zip(COLUMNS, want_total)))
    if got_rows != want_rows:
        for key in set(got_rows) | set(want_rows):
            if got_rows.get(key) != want_rows.get(key):
                problem(f"dashboard row {key}", got_rows.get(key), want_rows.get(key))
    if page["snapshot"] != closed:
        problem("dashboard closed badge", page["snapshot"], closed)
    if set(page["roles"]) != set(ROLES):
        problem("role selector", page["roles"], ROLES)

    got_api = api_report(api, args)
    if got_api["rows"] != got_rows:
        problem("API rows vs dashboard", got_api["rows"], got_rows)
    if got_api["total"] != want_total:
        problem("API total", got_api["total"], want_total)
    if got_api["snapshot"] != closed:
        problem("API snapshot", got_api["snapshot"], closed)

    if follow:
        for (uid, direct), cells in page["rows"].items():
            for col, (n, href) in zip(COLUMNS, cells):
                if href is None:
                    continue
                sub = "sub=1" in href
                figure, ids = exp.list_for(uid, sub and not direct, None if col == "total" else col)
                stated, listed = drill_down(client, href, where)
                if stated != n or len(listed) != n or set(listed) != ids or figure != n:
                    problem(f"drill-down unit {uid}{' direct' if direct else ''} {col}",
                            (stated, len(listed), sorted(set(listed))), (n, figure, sorted(ids)))

    if xlsx and (any(want_total) or any(page["total"])):  # the workbook of a report with no task: not read
        book = excel(client, args)
        if book["total"] != want_total:
            problem("Excel total", book["total"], want_total)
        ordered = [[n for n, _h in v] for v in page["rows"].values()]
        if book["rows"] != ordered:
            problem("Excel rows vs dashboard", book["rows"], ordered)
        _n, all_ids = exp.cell(list(exp.own), "total")
        _n, overdue_ids = exp.cell(list(exp.own), "overdue")
        if len(book["all"]) != want_total[COLUMNS.index("total")]:
            problem("Excel task sheet rows", len(book["all"]), want_total[COLUMNS.index("total")])
        if len(book["overdue"]) != want_total[COLUMNS.index("overdue")]:
            problem("Excel overdue sheet rows", len(book["overdue"]), want_total[COLUMNS.index("overdue")])
        if {i for i, _c in book["all"]} != all_ids:
            problem("Excel task sheet ids", sorted({i for i, _c in book["all"]}), sorted(all_ids))
        if {i for i, _c in book["overdue"]} != overdue_ids:
            problem("Excel overdue sheet ids", sorted({i for i, _c in book["overdue"]}), sorted(overdue_ids))
        for tid, label in book["all"]:
            want = LABELS.get(exp.category.get(tid))
            if label != want:
                problem(f"Excel category of task {tid}", label, want)


def act(client, task_id: int, action: str, **fields):
    """A workflow action on the task's page, confirmed when the page asks first."""
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    version = re.search(r'name="%s-version" type="hidden" value="(\d+)"' % action, page).group(1)
    data = {"csrf_token": csrf_from(page), f"{action}-version": version,
            **{f"{action}-{k}": v for k, v in fields.items()}}
    resp = client.post(f"/tasks/{task_id}/act/{action}", data=data)
    if resp.status_code == 200 and 'id="confirm-step"' in resp.get_data(as_text=True):
        resp = confirm_step(client, resp)
    assert resp.status_code == 302, (task_id, action)


def test_every_user_role_and_period_agree_open_closed_and_reopened(world):
    app = world
    today = local_today()
    with app.app_context():
        users = [(u.id, u.email.split("@")[0]) for u in db.session.scalars(
            select(User).where(User.is_active_flag.is_(True)).order_by(User.id))]
        before = World(db.session, today)
        matrix = periods(before)
        city_committee = db.session.scalar(select(Unit.id).where(Unit.code == "TP-BCD"))
        db.session.remove()
    with app.test_request_context():
        LABELS.update({k: str(COLUMN_LABEL[k]) for k in CATEGORIES})

    clients, apis = {}, {}
    for _uid, local in users:  # one login and one token per user (each costs a password hash)
        clients[local] = app.test_client()
        assert login(clients[local], demo_email(local)).status_code == 302
        apis[local] = Api(app, cli_token(app, local))

    problems: list[str] = []
    seen_views: set = set()

    def check_all(state: str, frozen: World | None = None) -> None:
        """Every user, role and period in ``state``; a closed period is expected to show the
        tasks as they were when it was closed (``frozen``), the rest the tasks as they are."""
        # The expected figures first, in an app context of their own: a request made inside
        # one would share its `g` (the logged-in user) with every other request.
        todo = []
        with app.app_context():
            now = World(db.session, today)
            for period, closable in matrix:
                if state != "open" and not closable:
                    continue
                as_of = period.default_as_of(today)
                for role in ROLES:
                    args = f"kind={period.kind.value}&ref={period.start:%d/%m/%Y}&role={role}"
                    for uid, local in users:
                        user = db.session.get(User, uid)
                        root = now.root(user)  # where the report starts is today's rule, closed or not
                        exp = (frozen if state == "closed" else now).report(user, role, period, as_of, root)
                        # The costly reads (each drill-down link, the workbook) once per distinct
                        # view: users of one unit and role see the same report.
                        view = (state, period.key, role, root.id if root else None,
                                user.unit_id if not user.is_admin else 0, user.role in COMMITTEE)
                        first = view not in seen_views
                        seen_views.add(view)
                        if first or state != "reopened":  # re-opened: one user of each view
                            todo.append(((local, role, period.label(), state), local, exp, args, first))
            db.session.remove()
        for where, local, exp, args, first in todo:
            check_one(problems, where, clients[local], apis[local], exp, args, state == "closed",
                      follow=first, xlsx=first and state != "reopened")

    check_all("open")

    # Close every period that has ended, through the admin's page (asked, then confirmed).
    admin = clients["admin"]
    closable = [p for p, c in matrix if c]
    for period in closable:
        data = {"kind": period.kind.value, "ref": period.start.strftime("%d/%m/%Y")}
        page = admin.get(f"/reports/?kind={data['kind']}&ref={data['ref']}").get_data(as_text=True)
        ask = admin.post("/reports/close", data={**data, "csrf_token": csrf_from(page)})
        assert confirm_step(admin, ask).status_code == 302
    with app.app_context():
        assert {s.active_key for s in db.session.scalars(select(ReportSnapshot))} == {p.key for p in closable}
        db.session.remove()

    # Then the city committee changes old tasks on their pages: it cancels one with a
    # coordinating unit, and hands the ward task never reported on to another ward. Closed
    # periods keep them as they were (figures, lists, and who sees them); live ones follow.
    mine = sorted((t for t in before.tasks if t.assigned_by_unit_id == city_committee
                   and t.status in ("assigned", "received", "in_progress")), key=lambda t: (t.assigned_on, t.id))
    cancelled = next(t for t in mine if t.coordinators)
    moved = next(t for t in mine if t.id != cancelled.id and not t.coordinators
                 and t.lead_unit.parent_id == cancelled.lead_unit.parent_id)
    new_lead = next(t.lead_unit_id for t in before.tasks if t.directive_id == moved.directive_id
                    and t.lead_unit_id != moved.lead_unit_id and t.lead_unit.parent_id == moved.lead_unit.parent_id)
    thuky = clients["thuky"]
    act(thuky, cancelled.id, "cancel", note="Trùng với nhiệm vụ khác")
    act(thuky, moved.id, "reassign", lead_unit_id=str(new_lead), note="Giao đơn vị khác")
    with app.app_context():
        assert db.session.get(Task, cancelled.id).status == "cancelled"
        assert db.session.get(Task, moved.id).lead_unit_id == new_lead
        db.session.remove()

    check_all("closed", frozen=before)
    for period in closable:
        query = f"kind={period.kind.value}&ref={period.start:%d/%m/%Y}"
        page = admin.get(f"/reports/?{query}").get_data(as_text=True)
        resp = admin.post("/reports/reopen", data={"kind": period.kind.value, "ref": f"{period.start:%d/%m/%Y}",
                                                   "reason": "Kiểm tra số liệu", "csrf_token": csrf_from(page)})
        assert resp.status_code == 302
    check_all("reopened")
    assert not problems, f"{len(problems)} disagreements:\n" + "\n".join(problems[:60])


def test_city_committee_keeps_the_coordinating_task_on_its_pages_after_closing(app):
    """Issue 10's probe, through the pages: demo task 19, coordinated inside the city committee's
    area, was among the secretariat's 2 coordinating tasks of 2024 and 2025 while open, and
    vanished from the closed year (1 task)."""
    thuky, admin = app.test_client(), app.test_client()
    assert login(thuky, demo_email("thuky")).status_code == 302
    assert login(admin, demo_email("admin")).status_code == 302
    for year in (2024, 2025):
        args = f"kind=year&ref=01/01/{year}&role=coordinating"
        seen = []
        for closed in (False, True):
            if closed:
                page = admin.get(f"/reports/?{args}").get_data(as_text=True)
                ask = admin.post("/reports/close", data={"kind": "year", "ref": f"01/01/{year}",
                                                         "csrf_token": csrf_from(page)})
                assert confirm_step(admin, ask).status_code == 302
            figures = dashboard(thuky, args, None)
            assert figures["snapshot"] is closed
            stated, ids = drill_down(thuky, f"/reports/tasks?{args}")
            seen.append((figures["total"], stated, sorted(ids)))
            assert figures["total"][COLUMNS.index("total")] == stated == 2 and 19 in ids, (year, closed)
        assert seen[0] == seen[1]


def test_a_task_two_units_of_one_area_coordinate_is_listed_as_often_as_it_is_counted(app, session):
    """The coordinating figures add up each coordinating unit's part; the list behind a figure
    showed such a task once (the figure said 2) while the period was open, twice once closed."""
    ubnd = session.scalar(select(Unit).where(Unit.code == "TP-UBND"))
    task = session.scalars(select(Task).where(Task.status.in_(("assigned", "received", "in_progress")),
                                              Task.coordinators.any(), Task.lead_unit_id == ubnd.id,
                                              Task.assigned_on < date(local_today().year - 1, 1, 1))).first()
    task.coordinators = [u for u in ubnd.children][:2]  # Phòng Nội vụ, Văn phòng: both under the UBND
    assert len(task.coordinators) == 2 and task.lead_unit_id == ubnd.id
    session.commit()
    task_id, year = task.id, local_today().year - 1
    args = f"kind=year&ref=01/01/{year}&role=coordinating"
    clients = {}
    for local in ("admin", "thuky"):
        clients[local] = app.test_client()
        assert login(clients[local], demo_email(local)).status_code == 302
    for closed in (False, True):
        if closed:
            page = clients["admin"].get(f"/reports/?{args}").get_data(as_text=True)
            ask = clients["admin"].post("/reports/close", data={"kind": "year", "ref": f"01/01/{year}",
                                                                "csrf_token": csrf_from(page)})
            assert confirm_step(clients["admin"], ask).status_code == 302
        for local, client in clients.items():
            figures = dashboard(client, args, None)
            assert figures["snapshot"] is closed
            total = figures["total"][COLUMNS.index("total")]
            stated, ids = drill_down(client, f"/reports/tasks?{args}")
            book = excel(client, args)
            assert stated == len(ids) == len(book["all"]) == total, (local, closed)
            assert ids.count(task_id) == [i for i, _c in book["all"]].count(task_id) == 2, (local, closed)
            # The UBND's row (its two offices rolled into it) and its link agree as well.
            row = next(cells for (uid, _d), cells in figures["rows"].items() if uid == ubnd.id) \
                if local == "thuky" else None
            if row is not None:
                n, href = row[COLUMNS.index("total")]
                assert drill_down(client, href)[0] == len(drill_down(client, href)[1]) == n, closed
