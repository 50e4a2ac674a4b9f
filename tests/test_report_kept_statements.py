"""A report's statement is kept by everything it is built from (reports.live.own_counts): the
figures stay those of the visibility rule through data and structure changes, for a committee's
member whose report goes through the rule's union."""
from datetime import date, datetime

from sqlalchemy import select, update

from tracker.cache import bump_data_version
from tracker.domain.reports import Period
from tracker.extensions import db
from tracker.models import Task, Unit, User
from tracker.queries.reports import live
from tracker.queries.visibility import scope_key
from tracker.services.units import add_unit
from tracker.timeutil import local_today
from tests.test_reports_queries import check


def _committee_member(s):
    """A committee beside the tree under the demo's province-level unit, owning what that unit
    assigned, and its member: a viewer whose report of the unit above goes through the visibility
    rule's union (bench/rollup.py's scenario)."""
    top = s.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id).limit(1))
    below = s.scalar(select(Unit).where(Unit.parent_id == top.id, Unit.kind != "committee").order_by(Unit.id).limit(1))
    committee = add_unit(s, name="Ban Chỉ đạo thử", code="BCD-THU", kind="committee", parent=below)
    s.flush()
    s.execute(update(Task).where(Task.assigned_by_unit_id == below.id).values(assigned_by_unit_id=committee.id))
    member = User(email="uyvien.thu@sonla.demo", name="Ủy viên thử", password_hash="x", role="viewer",
                  unit_id=committee.id, locale="vi", session_nonce="", created_at=datetime.utcnow())
    s.add(member)
    bump_data_version(s, structure=True)   # as the use cases do before they commit
    s.commit()
    return member, committee, below


def test_a_kept_statement_follows_new_units_and_changed_tasks(app):
    with app.app_context():
        s = db.session
        member, committee, root = _committee_member(s)   # the report of the unit above the committee
        assert scope_key(member, root.path)[0] == "unit"  # the union's path, not "everything below"
        today = local_today()
        period = Period.custom(date(today.year, 1, 1), date(today.year, 12, 31))
        as_of = period.default_as_of(today)
        before = check(s, member, period, as_of, "lead", root)
        kept = len(live._OWN_STATEMENTS)
        check(s, member, period, as_of, "lead", root)   # the same report again: the kept statement
        assert len(live._OWN_STATEMENTS) == kept

        # A new unit under the committee, and a task it leads: visible (its lead is in the
        # committee's subtree) and counted under it, from a new statement.
        team = add_unit(s, name="Tổ giúp việc thử", code="TGV-THU", kind="other", parent=committee)
        s.flush()
        s.add(Task(content="Rà soát danh sách hộ nghèo", lead_unit_id=team.id, assigned_by_unit_id=committee.id,
                   assigned_by_id=member.id, assigned_on=date(today.year, 1, 5), deadline_kind="none",
                   status="in_progress"))
        bump_data_version(s, structure=True)
        s.commit()
        after = check(s, member, period, as_of, "lead", root)
        assert sum(c.total for c in after.values()) == sum(c.total for c in before.values()) + 1
        assert after[team.id].total == 1

        # A task cancelled: out of every figure at once, from the kept statement.
        s.execute(update(Task).where(Task.lead_unit_id == team.id).values(status="cancelled"))
        bump_data_version(s)
        s.commit()
        assert team.id not in check(s, member, period, as_of, "lead", root)
