"""Each coordination keeps its task's lead unit too, kept by the same triggers; indexed by unit

Revision ID: a7d3f9c2e815
Revises: f3a8d2c6b901
Create Date: 2026-12-04 17:10:00

A task a unit of a subtree coordinates is nearly always led by a unit of the same subtree (a
province: 6,274 of its 6,285 coordinations), which the union's lead branch already holds. The
coordinators' branch of the visibility rule probed the tasks' index for every one of them (16 of
the 40 ms of a province's task list on the 1M bench database, session 27). With the lead beside the
coordination, the branch keeps only those led outside the subtree, read from
ix_task_coordinators_unit_lead alone, and probes the tasks for those few. The triggers of
e2b7c9d41f06 are replaced by ones that also copy lead_unit_id (tests/test_coordination_status.py).
"""
import importlib.util
from pathlib import Path

from alembic import op
import sqlalchemy as sa

# The trigger builders of e2b7c9d41f06 (same triggers, one more column), loaded from its file:
# the migrations folder is not a package.
_spec = importlib.util.spec_from_file_location(
    "_coordination_triggers", Path(__file__).with_name("e2b7c9d41f06_coordinations_task_directive.py"))
_triggers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_triggers)
SQLITE_DROP, _pg, _sqlite = _triggers.SQLITE_DROP, _triggers._pg, _triggers._sqlite

revision = 'a7d3f9c2e815'
down_revision = 'f3a8d2c6b901'
branch_labels = None
depends_on = None

COLUMNS = ("status", "due_on", "directive_id", "lead_unit_id")
BEFORE = ("status", "due_on", "directive_id")


def _on_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    op.add_column('task_coordinators', sa.Column('lead_unit_id', sa.Integer(), nullable=True))
    op.execute("UPDATE task_coordinators SET "
               "lead_unit_id = (SELECT t.lead_unit_id FROM tasks t WHERE t.id = task_coordinators.task_id)")
    for stmt in _pg(COLUMNS) if _on_postgresql() else SQLITE_DROP + _sqlite(COLUMNS):
        op.execute(stmt)
    op.create_index('ix_task_coordinators_unit_lead', 'task_coordinators', ['unit_id', 'lead_unit_id', 'task_id'],
                    unique=False)
    if _on_postgresql():
        op.execute("ANALYZE task_coordinators")


def downgrade():
    op.drop_index('ix_task_coordinators_unit_lead', table_name='task_coordinators')
    if _on_postgresql():
        for stmt in _pg(BEFORE):
            op.execute(stmt)
        op.drop_column('task_coordinators', 'lead_unit_id')
        return
    for stmt in SQLITE_DROP:
        op.execute(stmt)
    with op.batch_alter_table('task_coordinators', schema=None) as batch_op:
        batch_op.drop_column('lead_unit_id')
    for stmt in _sqlite(BEFORE):
        op.execute(stmt)
