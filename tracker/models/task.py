from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, Integer, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.domain.workflow import Priority, TaskStatus
from tracker.extensions import db
from tracker.timeutil import utcnow

# The closed statuses (domain.workflow.CLOSED_VALUES) as the partial indexes' predicates.
CLOSED_WHERE = "status IN ('cancelled', 'done')"
OPEN_WHERE = "status NOT IN ('cancelled', 'done')"
# Done without a completion day: still open to the category rules (queries.urgency).
DONE_UNDATED_WHERE = "status = 'done' AND completed_on IS NULL"

task_coordinators = Table(
    "task_coordinators",
    db.metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id"), primary_key=True, index=True),
    # A unit's coordinated tasks read from the index alone (queries.tasks.task_keys).
    Index("ix_task_coordinators_unit_task", "unit_id", "task_id"),
    # The task's status and deadline, copied here by database triggers on every write (migration
    # c6e1d8b2f47a; never written by the application): a unit's open coordinated tasks in deadline
    # order from this index alone, where each coordination was probed in the tasks' index for its
    # status (queries.visibility.status_branches).
    Column("status", String(20)),
    Column("due_on", Date),
    Index("ix_task_coordinators_open_due", "unit_id", "due_on", "task_id", postgresql_where=text(OPEN_WHERE),
          sqlite_where=text(OPEN_WHERE)),
    # The task's directive, copied by the same triggers (migration e2b7c9d41f06): the directives a
    # unit's coordinations make visible, from this index alone (visibility.directive_clause).
    Column("directive_id", Integer),
    Index("ix_task_coordinators_unit_directive", "unit_id", "directive_id"),
    # The task's lead unit, copied by the same triggers (migration a7d3f9c2e815): the coordinations
    # of a subtree whose task is led outside it, from this index alone (visibility.scope_branches).
    Column("lead_unit_id", Integer),
    Index("ix_task_coordinators_unit_lead", "unit_id", "lead_unit_id", "task_id"),
)


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_lead_status", "lead_unit_id", "status"),
        Index("ix_tasks_assigner_status", "assigned_by_unit_id", "status"),
        # The task list's keys (queries.tasks.task_keys), the home page's open tasks and the
        # directives a user sees (their source filter),
        # read from the index alone on PostgreSQL (index-only scans): a unit's, an
        # assigning body's, and one task's by id (a coordinated task).
        Index("ix_tasks_lead_keys", "lead_unit_id", "status", "due_on",
              postgresql_include=["id", "assigned_at", "completed_on", "directive_id"]),
        Index("ix_tasks_assigner_keys", "assigned_by_unit_id", "status", "due_on",
              postgresql_include=["id", "assigned_at", "lead_unit_id", "completed_on", "directive_id"]),
        Index("ix_tasks_id_keys", "id", postgresql_include=["status", "due_on", "assigned_at", "lead_unit_id",
                                                            "completed_on", "directive_id"]),
        # The whole list in its default order, open work then closed work, each nearest deadline
        # first and none last (ascending order keeps NULLs last): the admin's first page reads
        # 25 index entries, not a sort of every task (queries.tasks.urgent_page).
        Index("ix_tasks_open_due", "due_on", "id", postgresql_where=text(OPEN_WHERE), sqlite_where=text(OPEN_WHERE)),
        Index("ix_tasks_closed_due", "due_on", "id", postgresql_where=text(CLOSED_WHERE),
              sqlite_where=text(CLOSED_WHERE)),
        # The few (usually no) done tasks without a completion day, the only closed ones an
        # open category (overdue...) can hold: a list of every overdue task reads this empty
        # index instead of walking ix_tasks_closed_due to its end (queries.urgency).
        Index("ix_tasks_done_undated", "due_on", "id", postgresql_where=text(DONE_UNDATED_WHERE),
              sqlite_where=text(DONE_UNDATED_WHERE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int | None] = mapped_column(ForeignKey("directives.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    content: Mapped[str] = mapped_column(Text)
    # Folded for search (WHERE only): not loaded with the task, as no page shows it.
    search_text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    assigned_by_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_on: Mapped[date]  # local date, the day counting starts after
    deadline_kind: Mapped[str] = mapped_column(String(20))
    deadline_days: Mapped[int | None]
    recurrence: Mapped[str | None] = mapped_column(String(20))
    due_on: Mapped[date | None] = mapped_column(index=True)
    original_due_on: Mapped[date | None]  # kept when an extension moves due_on
    priority: Mapped[str] = mapped_column(String(10), default=Priority.NORMAL.value)
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.ASSIGNED.value, index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    completed_on: Mapped[date | None]  # submission date of the accepted report
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    directive: Mapped["Directive | None"] = relationship(back_populates="tasks")  # noqa: F821
    lead_unit: Mapped["Unit"] = relationship(foreign_keys=[lead_unit_id])  # noqa: F821
    assigned_by_unit: Mapped["Unit"] = relationship(foreign_keys=[assigned_by_unit_id])  # noqa: F821
    assigned_by: Mapped["User"] = relationship()  # noqa: F821
    coordinators: Mapped[list["Unit"]] = relationship(secondary=task_coordinators, order_by="Unit.sort_name")  # noqa: F821
    parent: Mapped["Task | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Task"]] = relationship(back_populates="parent")
    events: Mapped[list["TaskEvent"]] = relationship(back_populates="task", order_by="TaskEvent.id")


class TaskEvent(db.Model):
    """One step in a task's history: who, when, what, before and after. Append-only."""
    __tablename__ = "task_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[dict | None] = mapped_column(JSON)
    # The task's version after this step: the history is a gap-free chain.
    task_version: Mapped[int | None] = mapped_column(Integer)

    task: Mapped[Task] = relationship(back_populates="events")
    actor: Mapped["User | None"] = relationship()  # noqa: F821
    attachments: Mapped[list["Attachment"]] = relationship(viewonly=True, order_by="Attachment.id")  # noqa: F821
