"""Keeping the standing report counts exact: each task change adds its own difference.

A use case that changes what a report counts of a task (status, dates, lead unit,
coordinators, creation) says so, in its transaction, before it writes:

- ``track(session, task_ids)`` before changing existing tasks (their facts are read now,
  from the database: the "before");
- ``track_new(session, task)`` for a task it creates (nothing before);
- ``invalidate(session)`` for a bulk change it does not track (a unit merge, the demo data):
  the table (and the standing home tiles) is then rebuilt by its next reader.

``bump_data_version`` (which every writing use case calls just before it commits) then calls
``apply_pending``: it reads the tracked tasks' facts again (the "after"), and for every
period kind whose rows are valid for today adds after − before of each task's contribution
(``domain.reports.classify``, per role and unit: the lead unit, each coordinator; keyed by
the assigning body) to the rows, inserting rows that do not exist yet. Kinds not built for
today are skipped: their next reader rebuilds them from the tasks.

It also tells ``bump_data_version`` whether the tracked changes reach a figure as of a day
before today (services/past_figures.py): the cache key of those figures moves only then.

Nothing here is a listener: a use case that forgets to call ``track`` leaves the table wrong
(tests/test_report_counts.py replays long random workflows and compares with the live SQL).
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from sqlalchemy import select, update
from sqlalchemy.orm import aliased, scoped_session

from tracker.domain.reports import COLUMNS, Period, TaskFacts, classify
from tracker.extensions import upsert
from tracker.models import Task, Unit, task_coordinators
from tracker.queries.reports import counts as standing
from tracker.queries.reports import past_counts
from tracker.services import home_counts, past_figures

_KEY = "tracker_report_counts"


class _Facts(NamedTuple):
    facts: TaskFacts
    lead_unit_id: int
    assigned_by_unit_id: int
    coordinators: tuple[int, ...]
    paths: dict[int, str]  # the paths of these units (who sees the task: services/home_counts.py)


def _txn(session):
    """The session's root transaction (a scoped_session's current session's)."""
    if isinstance(session, scoped_session):
        session = session()
    return session.get_transaction()


def _pending(session) -> dict:
    """This transaction's tracked tasks ({id: facts before}, [new tasks]); a rolled back
    transaction's are dropped (the entry names the transaction it belongs to)."""
    session.connection()  # begin the transaction now: the entry belongs to it
    txn = _txn(session)
    entry = session.info.get(_KEY)
    if entry is None or entry[0] is not txn:
        entry = session.info[_KEY] = (txn, {"before": {}, "approved": {}, "new": [], "untracked": False})
    return entry[1]


def read_facts(session, task_ids) -> dict[int, _Facts]:
    """What the reports count of each task, as the database holds it in this transaction."""
    ids = sorted(set(task_ids))
    if not ids:
        return {}
    conn = session.connection()
    coords: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for tid, uid, path in conn.execute(select(task_coordinators.c.task_id, task_coordinators.c.unit_id, Unit.path)
                                       .join(Unit, Unit.id == task_coordinators.c.unit_id)
                                       .where(task_coordinators.c.task_id.in_(ids))):
        coords[tid].append((uid, path))
    lead, by = aliased(Unit), aliased(Unit)
    out = {}
    for r in conn.execute(select(Task.id, Task.status, Task.assigned_on, Task.due_on, Task.original_due_on,
                                 Task.completed_on, Task.lead_unit_id, Task.assigned_by_unit_id, lead.path, by.path)
                          .join(lead, lead.id == Task.lead_unit_id).outerjoin(by, by.id == Task.assigned_by_unit_id)
                          .where(Task.id.in_(ids))):
        paths = {r[6]: r[8], **({r[7]: r[9]} if r[9] is not None else {}), **dict(coords[r[0]])}
        out[r[0]] = _Facts(TaskFacts(r[1], r[2], r[3], r[4], r[5]), r[6], r[7],
                           tuple(sorted(u for u, _p in coords[r[0]])), paths)
    return out


def track(session, task_ids) -> None:
    """Remember the tasks' facts before this transaction changes them (first call wins)."""
    pending = _pending(session)
    todo = [i for i in task_ids if i is not None and i not in pending["before"]]
    if not todo:
        return
    with session.no_autoflush:
        found = read_facts(session, todo)
        pending["approved"].update(past_figures.read_approved(session, todo))
    for i in todo:
        pending["before"][i] = found.get(i)


def track_new(session, task: Task) -> None:
    """A task this transaction creates: it counted nowhere before."""
    _pending(session)["new"].append(task)


def invalidate(session) -> None:
    """Mark every kind stale (rebuilt by its next reader), in the writer's transaction; the
    transaction's changes are not known (figures as of past days are keyed anew too)."""
    _pending(session)["untracked"] = True
    session.execute(update(standing.RB).values(built_for_day=None))
    past_counts.drop_all(session.connection())   # after the headers' lock: no build is running
    standing.bump_kinds(session.connection(), standing.KINDS)
    home_counts.invalidate(session)


def contributions(f: _Facts | None, kinds, day) -> dict[tuple, list[int]]:
    """The rows a task is counted in and what it adds to each, for the given kinds as of ``day``."""
    out: dict[tuple, list[int]] = {}
    if f is None:
        return out
    for kind in kinds:
        c = classify(f.facts, Period.containing(kind, day), day)
        if c is None:
            continue
        v = c.as_list()
        out[(kind, "lead", f.lead_unit_id, f.assigned_by_unit_id)] = v
        for uid in f.coordinators:
            out[(kind, "coordinating", uid, f.assigned_by_unit_id)] = v
    return out


def apply_pending(session) -> bool | None:
    """Add after − before of every tracked task to the rows valid for today (call after a flush).

    Returns whether the changes may reach a figure as of a day before today: None when this
    transaction tracked nothing (an unknown write), True after ``invalidate``, else the past
    views compared (past_figures.changes_past)."""
    entry = session.info.pop(_KEY, None)
    if entry is None or entry[0] is not _txn(session):
        return None
    pending = entry[1]
    before: dict = pending["before"]
    for task in pending["new"]:
        if task.id is not None:
            before.setdefault(task.id, None)
    if not before:
        return pending["untracked"]
    day = standing.today()
    after = read_facts(session, before)
    if not pending["untracked"]:
        # Who may see these tasks, before and after: their units and every unit above them
        # (a path "/1/5/23/" names them all); tracker.cache raises their page counters.
        from tracker.cache import TOUCHED
        session.info[TOUCHED] = {int(u) for f in (*before.values(), *after.values()) if f is not None
                                 for p in f.paths.values() for u in p.strip("/").split("/") if u}
    # The standing home tiles count the same tasks (their own header lock, taken first).
    home_counts.apply(session, before, after, day)
    approved_after = past_figures.read_approved(session, before)
    past = pending["untracked"] or past_figures.changes_past(before, pending["approved"], after, approved_after, day)
    # FOR SHARE: a build of the same kinds (or of a past period: past_counts.build) waits for this
    # transaction, and this one for it.
    rows = session.execute(select(standing.RB.c.period_kind, standing.RB.c.built_for_day)
                           .with_for_update(read=True)).all()
    kinds = [k for k, d in rows if d == day and k in standing.KINDS]
    periods = past_counts.built_periods(session.connection()) if past else []
    if kinds:
        changes = _deltas(before, after, lambda f, _tid, _when: contributions(f, kinds, day))
        if changes:
            _add(session, standing.RC, ["period_kind", "role", "unit_id", "assigned_by_unit_id"], changes)
            standing.bump_kinds(session.connection(), {k[0] for k, _v in changes})
    if periods:
        # Figures as of past days move only when a task's past view does (``past``): a cancellation,
        # a move to another unit, a back-dated date. The deadline then comes from the approved
        # extensions before and after.
        approved = {"before": pending["approved"], "after": approved_after}
        changes = _deltas(before, after, lambda f, tid, when: past_counts.contributions(
            f, approved[when].get(tid, ()), periods))
        if changes:
            _add(session, past_counts.PC, ["period_kind", "period_start", "role", "unit_id", "assigned_by_unit_id"],
                 changes)
    return past


def _deltas(before: dict, after: dict, contributions_of) -> list[tuple[tuple, list[int]]]:
    """after − before of every tracked task's contributions (``contributions_of(facts, task id,
    "before" or "after")``), the non-zero rows in key order (one order: no deadlock between writers)."""
    delta: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(COLUMNS))
    for tid, old in before.items():
        for sign, when, f in ((-1, "before", old), (1, "after", after.get(tid))):
            for key, v in contributions_of(f, tid, when).items():
                acc = delta[key]
                for i, n in enumerate(v):
                    acc[i] += sign * n
    return sorted((k, v) for k, v in delta.items() if any(v))


def _add(session, table, keys: list[str], changes) -> None:
    """Add the deltas to the rows keyed ``keys`` of ``table`` (report_counts or past_counts)."""
    conn = session.connection()
    stmt = upsert(conn, table)
    stmt = stmt.on_conflict_do_update(index_elements=[table.c[k] for k in keys],
                                      set_={c: table.c[c] + stmt.excluded[c] for c in COLUMNS})
    # One statement for all rows (an Excel import changes thousands), still in sorted key order.
    conn.execute(stmt, [dict(zip(keys, key), **dict(zip(COLUMNS, v))) for key, v in changes])


def build_for_today(session, *, force: bool = False) -> list[str]:
    """The beat job's use case (just after midnight): rebuild every kind for today; the kinds built."""
    day = standing.today()
    built = standing.build(session.connection(), day, force=force)
    session.commit()
    home_counts.build_if_stale(session)  # the standing home tiles, if a unit move or a bulk change left them stale
    # The past periods the dashboards read first (the trend's five, the ranking's previous one), so
    # that no reader pays for their build: only the ones not built yet, one transaction each.
    for period in past_counts.trend_periods(day):
        if not past_counts.is_built(session.connection(), period):
            past_counts.build(session.connection(), period)
            session.commit()
    return built
