"""Demo data: the Sơn La city steering committee of seeds 000 and 001 (before the 2025 merger).

The conclusions are retold in our own words; the people are fictional. Task states
are set directly (not through the workflow) so that a fresh install shows every
deadline category at once.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from tracker.cache import bump_data_version
from tracker.domain.calendar import WorkCalendar
from tracker.domain.roles import Role
from tracker.domain.units import UnitKind as K
from tracker.domain.workflow import DirectiveKind, TaskStatus
from tracker.models import Task, Unit
from tracker.services.directives import DirectiveInput, add_directive
from tracker.services import notifications
from tracker.services.tasks import TaskInput, add_tasks, record_event
from tracker.services.units import add_unit
from tracker.services.users import add_user

DEMO_PASSWORD = "demo-2026!"
DEMO_DOMAIN = "sonla.demo"

WARDS = ["Chiềng Lề", "Tô Hiệu", "Quyết Thắng", "Quyết Tâm", "Chiềng An", "Chiềng Cơi", "Chiềng Sinh"]
COMMUNES = ["Chiềng Cọ", "Chiềng Đen", "Chiềng Ngần", "Chiềng Xôm", "Hua La"]

SLUG = {
    "Chiềng Lề": "chiengle", "Tô Hiệu": "tohieu", "Quyết Thắng": "quyetthang", "Quyết Tâm": "quyettam",
    "Chiềng An": "chiengan", "Chiềng Cơi": "chiengcoi", "Chiềng Sinh": "chiengsinh", "Chiềng Cọ": "chiengco",
    "Chiềng Đen": "chiengden", "Chiềng Ngần": "chiengngan", "Chiềng Xôm": "chiengxom", "Hua La": "huala",
}


@dataclass
class DemoLogin:
    email: str
    role: str
    unit: str


def _unit(session, units, key, name, kind, parent_key=None, **kw):
    units[key] = add_unit(session, name=name, code=key, kind=kind.value,
                          parent=units.get(parent_key), **kw)
    return units[key]


def build_units(session) -> dict[str, Unit]:
    u: dict[str, Unit] = {}
    _unit(session, u, "SL", "Tỉnh Sơn La", K.PROVINCE)
    _unit(session, u, "SL-BCD", "Ban Chỉ đạo tỉnh về thực hiện dân chủ ở cơ sở", K.COMMITTEE, "SL", short_name="BCĐ tỉnh")
    _unit(session, u, "TP", "Thành phố Sơn La", K.CITY, "SL")
    _unit(session, u, "TP-BCD", "Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở thành phố Sơn La", K.COMMITTEE, "TP",
          short_name="BCĐ thành phố", email=f"bcd@{DEMO_DOMAIN}")
    _unit(session, u, "TP-UBND", "UBND thành phố Sơn La", K.DEPARTMENT, "TP", short_name="UBND thành phố", email=f"ubnd@{DEMO_DOMAIN}")
    _unit(session, u, "TP-BDV", "Ban Dân vận Thành ủy", K.DEPARTMENT, "TP", short_name="Ban Dân vận", email=f"bandanvan@{DEMO_DOMAIN}")
    _unit(session, u, "TP-MTTQ", "Ủy ban MTTQ Việt Nam thành phố", K.MASS_ORG, "TP", short_name="UBMTTQ thành phố")
    _unit(session, u, "TP-CA", "Công an Thành phố", K.POLICE, "TP", short_name="Công an TP", email=f"congan@{DEMO_DOMAIN}")
    _unit(session, u, "TP-CA-DU", "Đảng ủy Công an Thành phố", K.PARTY_COMMITTEE, "TP-CA")
    _unit(session, u, "TP-NV", "Phòng Nội vụ", K.DEPARTMENT, "TP-UBND")
    _unit(session, u, "TP-VP", "Văn phòng HĐND và UBND thành phố", K.DEPARTMENT, "TP-UBND")
    _unit(session, u, "TP-UBKT", "Ủy ban Kiểm tra Thành ủy", K.DEPARTMENT, "TP")
    _unit(session, u, "QLXDGT1", "Công ty cổ phần Quản lý và xây dựng giao thông I Sơn La", K.ENTERPRISE, "TP")
    _unit(session, u, "QLXDGT1-DU", "Đảng ủy Công ty cổ phần Quản lý và xây dựng giao thông I Sơn La",
          K.PARTY_COMMITTEE, "QLXDGT1")
    for name in WARDS + COMMUNES:
        slug, ward = SLUG[name], name in WARDS
        kind, label = (K.WARD, "Phường") if ward else (K.COMMUNE, "Xã")
        _unit(session, u, slug, f"{label} {name}", kind, "TP", short_name=name, email=f"{slug}@{DEMO_DOMAIN}")
        _unit(session, u, f"{slug}-du", f"Đảng ủy {label.lower()} {name}", K.PARTY_COMMITTEE, slug)
    for n in (1, 2, 3):
        _unit(session, u, f"chiengle-to{n}", f"Tổ dân phố {n}, phường Chiềng Lề", K.RESIDENTIAL_GROUP, "chiengle")
    _unit(session, u, "tohieu-to7", "Tổ 7, phường Tô Hiệu", K.RESIDENTIAL_GROUP, "tohieu")
    _unit(session, u, "tohieu-cb7", "Chi bộ tổ 7, Đảng ủy phường Tô Hiệu", K.PARTY_CELL, "tohieu-du")
    session.flush()
    u["TP-BCD"].members = [u["TP-UBND"], u["TP-BDV"], u["TP-MTTQ"], u["TP-CA"]] + \
        [u[f"{SLUG[n]}-du"] for n in WARDS + COMMUNES]
    u["SL-BCD"].members = [u["TP-BCD"]]
    return u


def build_users(session, u) -> list[DemoLogin]:
    logins = []

    def add(email, name, role, unit_key, title=None):
        add_user(session, email=f"{email}@{DEMO_DOMAIN}", name=name, password=DEMO_PASSWORD,
                 role=role.value, unit=u[unit_key], title=title)
        logins.append(DemoLogin(f"{email}@{DEMO_DOMAIN}", role.value, u[unit_key].name))

    add("admin", "Quản trị hệ thống", Role.ADMIN, "TP")
    add("truongban", "Nguyễn Thị Hạnh", Role.LEADER, "TP-BCD", "Phó Bí thư Thường trực Thành ủy, Trưởng Ban Chỉ đạo")
    add("thuky", "Lê Văn Bình", Role.SECRETARIAT, "TP-BCD", "Chuyên viên Ban Dân vận Thành ủy")
    add("giamsat", "Đinh Thị Mai", Role.VIEWER, "TP-BCD", "Ủy viên Ủy ban Kiểm tra Thành ủy")
    add("tinh.thuky", "Cầm Văn Dũng", Role.SECRETARIAT, "SL-BCD", "Chuyên viên Ban Dân vận Tỉnh ủy")
    add("congan.lanhdao", "Hoàng Văn Sơn", Role.UNIT_HEAD, "TP-CA", "Phó Trưởng Công an Thành phố")
    add("congan.canbo", "Vi Thị Lan", Role.UNIT_OFFICER, "TP-CA")
    add("ubnd.lanhdao", "Phạm Quốc Toàn", Role.UNIT_HEAD, "TP-UBND", "Phó Chủ tịch UBND thành phố")
    add("mttq.lanhdao", "Lường Thị Thu", Role.UNIT_HEAD, "TP-MTTQ")
    for name in WARDS + COMMUNES:
        slug = SLUG[name]
        add(f"{slug}.lanhdao", f"Lãnh đạo {name}", Role.UNIT_HEAD, slug, "Phó Chủ tịch UBND")
        add(f"{slug}.canbo", f"Cán bộ {name}", Role.UNIT_OFFICER, slug, "Công chức Văn phòng - Thống kê")
    return logins


def _finish(session, task: Task, actor, submitted_on: date) -> None:
    """Mark a demo task done as if its report submitted on `submitted_on` was accepted."""
    task.status = TaskStatus.DONE.value
    task.progress = 100
    task.completed_on = submitted_on
    event = record_event(session, task, actor, "accepted", from_status=TaskStatus.SUBMITTED.value,
                         to_status=TaskStatus.DONE.value, note="Dữ liệu mẫu: kết quả đã được xác nhận.")
    notifications.notify(session, event)


def build_directives(session, u, today: date, calendar: WorkCalendar) -> None:
    users = {x.email.split("@")[0]: x for x in session.scalars(select_users()).all()}
    thuky, tinh = users["thuky"], users["tinh.thuky"]

    # Seed 000: the city committee's 2022 review conference, conclusions retold.
    d0 = add_directive(session, thuky, DirectiveInput(
        kind=DirectiveKind.CONFERENCE.value, symbol="25-TB/BCĐ", issued_on=date(2022, 11, 23),
        issuer_unit_id=u["TP-BCD"].id, signer="Trưởng Ban Chỉ đạo thành phố",
        title="Thông báo kết luận Hội nghị tổng kết công tác thực hiện quy chế dân chủ ở cơ sở năm 2022, "
              "triển khai nhiệm vụ năm 2023",
        body=("Tại Hội nghị, đồng chí Trưởng Ban Chỉ đạo kết luận, yêu cầu thành viên Ban Chỉ đạo, các xã, phường: "
              "tiếp tục quán triệt và tổ chức thực hiện các văn bản của cấp trên về dân chủ ở cơ sở trong mọi loại "
              "hình cơ sở, gắn với Nghị quyết Trung ương 4 khóa XII; tham mưu chỉ đạo các cơ quan hành chính, chính "
              "quyền các cấp đẩy mạnh dân chủ ở cơ sở cùng với cải cách hành chính; công khai, minh bạch các cơ chế, "
              "chính sách liên quan trực tiếp đến quyền, lợi ích của người dân; vận động nhân dân hưởng ứng các phong "
              "trào thi đua yêu nước, gắn với phong trào “Dân vận khéo” trên các lĩnh vực."),
    ))
    session.flush()
    t0 = add_tasks(session, thuky, d0, [
        TaskInput("Quán triệt, tổ chức thực hiện các văn bản chỉ đạo của cấp trên về thực hiện dân chủ ở cơ sở "
                  "trong các loại hình cơ sở, gắn với Nghị quyết Trung ương 4 khóa XII; báo cáo kết quả về Ban Chỉ đạo.",
                  [u[SLUG[n]].id for n in WARDS + COMMUNES], deadline_kind="date", due_on=date(2023, 3, 31)),
        TaskInput("Tham mưu chỉ đạo cơ quan hành chính nhà nước, chính quyền các cấp đẩy mạnh thực hiện dân chủ ở "
                  "cơ sở, tiếp tục đẩy mạnh cải cách hành chính.", [u["TP-UBND"].id], [u["TP-NV"].id],
                  deadline_kind="date", due_on=date(2023, 6, 30)),
        TaskInput("Công khai, minh bạch cơ chế, chính sách liên quan đến quyền và lợi ích của người dân.",
                  [u["TP-UBND"].id], [u["TP-VP"].id], deadline_kind="none"),
        TaskInput("Vận động nhân dân tích cực hưởng ứng các phong trào thi đua yêu nước, gắn với phong trào "
                  "“Dân vận khéo” trên các lĩnh vực.", [u["TP-MTTQ"].id], [u["TP-BDV"].id],
                  deadline_kind="recurring", recurrence="half_yearly"),
    ], today=date(2022, 11, 25), calendar=calendar, assigning_unit=d0.owner)
    session.flush()
    # Most communes and wards reported on time; two late; one never did.
    for i, task in enumerate(t0[:12]):
        task.assigned_at = task.assigned_at.replace(year=2022, month=11, day=25)
        if i < 9:
            _finish(session, task, thuky, date(2023, 3, 20) + timedelta(days=i))
        elif i < 11:
            _finish(session, task, thuky, date(2023, 4, 12) + timedelta(days=i))
        else:
            task.status = TaskStatus.IN_PROGRESS.value
            task.progress = 60
    _finish(session, t0[12], thuky, date(2023, 6, 28))
    _finish(session, t0[14], thuky, date(2022, 12, 28))  # the half-year report for H2 2022

    # Seed 001: the provincial supervision of the city committee, requirements retold.
    d1 = add_directive(session, tinh, DirectiveInput(
        kind=DirectiveKind.SUPERVISION.value, symbol="154-QĐ/BCĐ", issued_on=date(2024, 3, 27),
        issuer_unit_id=u["SL-BCD"].id, signer="Trưởng đoàn giám sát",
        title="Kết luận giám sát việc lãnh đạo, chỉ đạo thực hiện dân chủ ở cơ sở và phong trào “Dân vận khéo” "
              "đối với Ban Chỉ đạo thành phố Sơn La (01/2022 – 3/2024)",
        body=("Đoàn giám sát yêu cầu Ban Chỉ đạo thành phố: đẩy mạnh tuyên truyền, vận động nhân dân chấp hành Luật "
              "Thực hiện dân chủ ở cơ sở và Chỉ thị số 39-CT/TU; thực hiện hiệu quả phong trào “Dân vận khéo”; rà "
              "soát, đánh giá, thẩm định và nhân rộng các mô hình “Dân vận khéo” hiệu quả; thường xuyên đôn đốc, "
              "hướng dẫn, kiểm tra ở cơ sở; nâng cao hiệu quả cải cách hành chính, cải thiện chỉ số SIPAS."),
    ))
    session.flush()
    t1 = add_tasks(session, tinh, d1, [
        TaskInput("Đẩy mạnh tuyên truyền, vận động nhân dân chấp hành Luật Thực hiện dân chủ ở cơ sở, các văn bản "
                  "hướng dẫn thi hành và Chỉ thị số 39-CT/TU của Ban Thường vụ Tỉnh ủy.", [u["TP-BCD"].id],
                  deadline_kind="date", due_on=date(2024, 9, 30)),
        TaskInput("Rà soát, đánh giá, thẩm định, xác nhận và nhân rộng các mô hình “Dân vận khéo” hiệu quả.",
                  [u["TP-BCD"].id], deadline_kind="date", due_on=date(2024, 12, 31)),
        TaskInput("Thường xuyên đôn đốc, hướng dẫn, kiểm tra việc thực hiện dân chủ ở cơ sở.", [u["TP-BCD"].id],
                  deadline_kind="none"),
        TaskInput("Chỉ đạo nâng cao hiệu quả cải cách hành chính, cải thiện chỉ số hài lòng của người dân (SIPAS).",
                  [u["TP-BCD"].id], [u["TP-UBND"].id], deadline_kind="date", due_on=date(2025, 6, 30)),
    ], today=date(2024, 5, 28), calendar=calendar, assigning_unit=u["SL-BCD"])
    session.flush()
    _finish(session, t1[0], tinh, date(2024, 9, 25))
    _finish(session, t1[1], tinh, date(2025, 1, 20))

    # This year's plan, so that the dashboards show open work around today.
    d2 = add_directive(session, thuky, DirectiveInput(
        kind=DirectiveKind.DOCUMENT.value, symbol="05-KH/BCĐ", issued_on=today - timedelta(days=40),
        issuer_unit_id=u["TP-BCD"].id, signer="Trưởng Ban Chỉ đạo thành phố",
        title=f"Kế hoạch thực hiện dân chủ ở cơ sở và phong trào “Dân vận khéo” năm {today.year}",
        body="Kế hoạch giao các xã, phường, Công an Thành phố và các cơ quan thành viên tổ chức thực hiện dân chủ "
             "ở cơ sở; sơ kết 6 tháng; đối thoại với nhân dân; kiện toàn tổ, bản.",
    ))
    session.flush()
    specs = [
        ("Tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân; báo cáo kết quả.",
         "chiengle", today + timedelta(days=2)),
        ("Rà soát, kiện toàn các tổ dân phố sau sắp xếp; công khai kết quả tại nhà văn hóa.",
         "tohieu", today - timedelta(days=6)),
        ("Xây dựng và đăng ký mô hình “Dân vận khéo” mới trong lĩnh vực cải cách hành chính.",
         "quyetthang", today + timedelta(days=25)),
        ("Triển khai mô hình “Chính quyền thân thiện” tại bộ phận một cửa; báo cáo kết quả khảo sát.",
         "chiengco", today + timedelta(days=1)),
        ("Bảo đảm an ninh trật tự, tiếp nhận và giải quyết phản ánh của nhân dân về an ninh cơ sở.",
         "TP-CA", today + timedelta(days=45)),
    ]
    inputs = [TaskInput(text, [u[key].id], deadline_kind="date", due_on=due) for text, key, due in specs]
    inputs.append(TaskInput("Báo cáo định kỳ kết quả thực hiện quy chế dân chủ ở cơ sở.",
                            [u[SLUG[n]].id for n in WARDS + COMMUNES], deadline_kind="recurring",
                            recurrence="quarterly"))
    # Assigned in the past so that some deadlines are already behind us.
    t2 = add_tasks(session, thuky, d2, inputs, today=today - timedelta(days=40), calendar=calendar,
                   assigning_unit=d2.owner)
    session.flush()
    t2[0].status = TaskStatus.IN_PROGRESS.value
    t2[0].progress = 50
    t2[2].status = TaskStatus.RECEIVED.value


def select_users():
    from tracker.models import User

    return select(User)


def load_demo(session, *, today: date, calendar: WorkCalendar) -> list[DemoLogin]:
    """Create the demo world in one transaction; refuse if data already exists."""
    if session.scalar(select(Unit.id).limit(1)) is not None:
        raise RuntimeError("The database already has units; demo data is only loaded into an empty one.")
    units = build_units(session)
    logins = build_users(session, units)
    session.flush()
    build_directives(session, units, today, calendar)
    bump_data_version(session, structure=True)
    session.commit()
    return logins
