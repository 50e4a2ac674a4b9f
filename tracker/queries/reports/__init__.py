"""Set-based report queries: the SQL twins of tracker.domain.reports.classify.

One GROUP BY over tasks gives each unit's own counts (13 FILTERed counts per
unit); rolling children into parents is then one pass in Python over at most one
row per unit (domain.reports.rollup_top: straight into the unit below the root),
which at national scale (10,000 units) is cheaper than any path-prefix join in SQL.
A live report reads its units and their counts in one statement (live.units_with_counts).

Layout: ``clauses`` (category conditions, scopes), ``live`` and ``snapshot`` (the counts
of today and of a closed period), ``unit_reports`` (a unit's rows), ``task_lines`` (the
tasks behind a figure, the trend).
"""

from __future__ import annotations

# The domain's classification, re-exported: callers compare it with these queries.
from tracker.domain.reports import COLUMNS, OVERDUE_THRESHOLDS, Counts, Period, TaskFacts, ancestors, classify, rollup

from tracker.queries.reports.clauses import (ROLES, COMMITTEE_ROLES, _TC, end_of_day_utc, due_on_as_of, due_dates_as_of,
                                             conditions, count_columns, UnitInfo, units_under, subtree_unit_ids,
                                             CATEGORY_COLUMNS)
from tracker.queries.reports.live import own_counts, total_counts
from tracker.queries.reports.snapshot import (active_snapshot, has_frozen_tasks, frozen_conditions, snapshot_own_counts,
                                              snapshot_units)
from tracker.queries.reports.unit_reports import (ReportRow, SnapshotInfo, UnitReport, rows_by_rank, default_root,
                                                  may_view_root, unit_report, cached_unit_report)
from tracker.queries.reports.task_lines import report_tasks, TaskLine, report_task_lines, facts, task_column, trend

__all__ = [
    "COLUMNS", "OVERDUE_THRESHOLDS", "Counts", "Period", "TaskFacts", "ancestors", "classify", "rollup",
    "ROLES",
    "COMMITTEE_ROLES",
    "_TC",
    "end_of_day_utc",
    "due_on_as_of",
    "due_dates_as_of",
    "conditions",
    "count_columns",
    "UnitInfo",
    "units_under",
    "subtree_unit_ids",
    "CATEGORY_COLUMNS",
    "own_counts",
    "total_counts",
    "active_snapshot",
    "has_frozen_tasks",
    "frozen_conditions",
    "snapshot_own_counts",
    "snapshot_units",
    "ReportRow",
    "SnapshotInfo",
    "UnitReport",
    "rows_by_rank",
    "default_root",
    "may_view_root",
    "unit_report",
    "cached_unit_report",
    "report_tasks",
    "TaskLine",
    "report_task_lines",
    "facts",
    "task_column",
    "trend",
]
