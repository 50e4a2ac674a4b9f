"""Frozen counts: the figures of a closed period, read from its snapshot rows."""

from __future__ import annotations

from sqlalchemy import func, or_, select, true

from tracker.domain.reports import COLUMNS, Period, ancestors
from tracker.models import ReportSnapshot, ReportSnapshotRow, ReportSnapshotTask
from tracker.queries.categories import frozen_report_conditions
from tracker.queries.visibility import frozen_task_clause, scope_key

from tracker.queries.reports.clauses import UnitInfo


def active_snapshot(session, period: Period) -> ReportSnapshot | None:
    return session.scalar(select(ReportSnapshot).where(ReportSnapshot.active_key == period.key))


def active_snapshots(session, periods) -> dict[str, ReportSnapshot]:
    """The snapshots in force for several periods, by period key, in one statement (a trend's
    five closed periods were five round trips on every view)."""
    keys = [p.key for p in periods]
    if not keys:
        return {}
    return {s.active_key: s for s in session.scalars(select(ReportSnapshot).where(ReportSnapshot.active_key.in_(keys)))}


def has_frozen_tasks(session, snap: ReportSnapshot) -> bool:
    """Snapshots closed since the tasks were frozen with them (all but the oldest) have task rows."""
    return session.scalar(select(ReportSnapshotTask.task_id)
                          .where(ReportSnapshotTask.snapshot_id == snap.id).limit(1)) is not None


def frozen_conditions(snap: ReportSnapshot) -> dict:
    """For each report column (and None: every row), the WHERE over a snapshot's frozen task rows
    (compiled from the same rules as the live counts, reading the stored category and flags)."""
    R = ReportSnapshotTask
    return {None: true(), **frozen_report_conditions(R.category, R.carried, R.extended, R.due_on, snap.as_of)}


def snapshot_own_counts(session, snap: ReportSnapshot, *, user, role: str = "lead",
                        root_path: str | None = None) -> dict[int, list[int]]:
    """Own counts from a closed period, of the tasks the visibility rule lets the user see.

    When the rule lets every task in scope through (scope_key "all": an admin, or a report
    rooted in the user's own subtree) the per-unit sums are read, as cheap at national scale
    as the live query; otherwise the frozen task rows, which keep what the rule needs. Snapshots
    older than those rows only have the sums, read with the closest rule they allow."""
    if scope_key(user, root_path)[0] == "unit" and has_frozen_tasks(session, snap):
        R = ReportSnapshotTask
        paths = {int(k): v[0] for k, v in (snap.units or {}).items()}
        where = frozen_conditions(snap)
        stmt = (select(R.unit_id, *[func.count().filter(where[c]) for c in COLUMNS])
                .where(R.snapshot_id == snap.id, R.role == role,
                       frozen_task_clause(user, R.task_id, snap.id, paths, root_path))
                .group_by(R.unit_id))
        if root_path:
            stmt = stmt.where(R.unit_id.in_([uid for uid, p in paths.items() if p.startswith(root_path)]))
        return {r[0]: [int(v or 0) for v in r[1:]] for r in session.execute(stmt)}
    cols = [func.sum(getattr(ReportSnapshotRow, c)) for c in COLUMNS]
    stmt = (select(ReportSnapshotRow.unit_id, *cols)
            .where(ReportSnapshotRow.snapshot_id == snap.id, ReportSnapshotRow.role == role)
            .group_by(ReportSnapshotRow.unit_id))
    units = {int(k): v for k, v in (snap.units or {}).items()}
    if not user.is_admin:
        if user.unit is None:
            return {}
        stmt = stmt.where(or_(ReportSnapshotRow.assigned_by_unit_id == user.unit_id,
                              ReportSnapshotRow.unit_id.in_(
                                  [uid for uid, u in units.items() if u[0].startswith(user.unit.path)])))
    out = {}
    for r in session.execute(stmt):
        path = units.get(r[0], [None])[0]
        if root_path and (path is None or not path.startswith(root_path)):
            continue
        out[r[0]] = [int(v or 0) for v in r[1:]]
    return out


def snapshot_units(snap: ReportSnapshot, root_path: str | None) -> dict[int, UnitInfo]:
    out = {}
    for k, (path, name, short) in (snap.units or {}).items():
        if root_path and not path.startswith(root_path):
            continue
        chain = ancestors(path)
        out[int(k)] = UnitInfo(int(k), chain[-2] if len(chain) > 1 else None, path, name, short, len(chain) - 1)
    return out

