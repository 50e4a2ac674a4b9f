"""Each coordination keeps its task's status and deadline, kept by triggers; open ones indexed

Revision ID: c6e1d8b2f47a
Revises: a7c2e4f90d15
Create Date: 2026-12-02 14:00:00

A province's home urgent list and its task list's first pages read the open tasks its units
coordinate in deadline order. Without the status beside the coordination, each of a province's
6,285 coordinations was probed in the tasks' index to find the 710 open ones (docs/reports.md,
"sixth round"). The copies are kept by the database itself, on every write however made (the
services, bulk UPDATEs, the tests' arranging, data migrations): a task's UPDATE of status or
due_on copies them to its coordinations, and a coordination inserted (or moved to another task)
takes its task's. A later migration that rebuilds tasks or task_coordinators on SQLite (batch
mode copies the table and drops the old one, with its triggers) must create them again:
tests/test_coordination_status.py fails when one is missing.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c6e1d8b2f47a'
down_revision = 'a7c2e4f90d15'
branch_labels = None
depends_on = None

OPEN = "status NOT IN ('cancelled', 'done')"

PG_UP = [
    """CREATE FUNCTION task_coordinators_take_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT t.status, t.due_on INTO NEW.status, NEW.due_on FROM tasks t WHERE t.id = NEW.task_id;
    RETURN NEW;
END $$""",
    """CREATE TRIGGER tr_task_coordinators_take_task BEFORE INSERT OR UPDATE OF task_id ON task_coordinators
    FOR EACH ROW EXECUTE FUNCTION task_coordinators_take_task()""",
    """CREATE FUNCTION tasks_to_coordinators() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE task_coordinators SET status = NEW.status, due_on = NEW.due_on WHERE task_id = NEW.id;
    RETURN NULL;
END $$""",
    """CREATE TRIGGER tr_tasks_to_coordinators AFTER UPDATE OF status, due_on ON tasks FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.due_on IS DISTINCT FROM NEW.due_on)
    EXECUTE FUNCTION tasks_to_coordinators()""",
]
PG_DOWN = [
    "DROP TRIGGER tr_tasks_to_coordinators ON tasks",
    "DROP FUNCTION tasks_to_coordinators()",
    "DROP TRIGGER tr_task_coordinators_take_task ON task_coordinators",
    "DROP FUNCTION task_coordinators_take_task()",
]

# SQLite's triggers cannot set NEW: the inserted row is updated after its insert.
_SQLITE_TAKE = """
BEGIN
    UPDATE task_coordinators SET status = (SELECT t.status FROM tasks t WHERE t.id = NEW.task_id),
                                 due_on = (SELECT t.due_on FROM tasks t WHERE t.id = NEW.task_id)
    WHERE task_id = NEW.task_id AND unit_id = NEW.unit_id;
END"""
SQLITE_UP = [
    "CREATE TRIGGER tr_task_coordinators_take_task AFTER INSERT ON task_coordinators FOR EACH ROW" + _SQLITE_TAKE,
    "CREATE TRIGGER tr_task_coordinators_moved AFTER UPDATE OF task_id ON task_coordinators FOR EACH ROW"
    + _SQLITE_TAKE,
    """CREATE TRIGGER tr_tasks_to_coordinators AFTER UPDATE OF status, due_on ON tasks FOR EACH ROW
    WHEN OLD.status IS NOT NEW.status OR OLD.due_on IS NOT NEW.due_on
BEGIN
    UPDATE task_coordinators SET status = NEW.status, due_on = NEW.due_on WHERE task_id = NEW.id;
END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER tr_tasks_to_coordinators",
    "DROP TRIGGER tr_task_coordinators_moved",
    "DROP TRIGGER tr_task_coordinators_take_task",
]


def _statements(up: bool) -> list[str]:
    if op.get_bind().dialect.name == "postgresql":
        return PG_UP if up else PG_DOWN
    return SQLITE_UP if up else SQLITE_DOWN


def upgrade():
    op.add_column('task_coordinators', sa.Column('status', sa.String(length=20), nullable=True))
    op.add_column('task_coordinators', sa.Column('due_on', sa.Date(), nullable=True))
    op.execute("UPDATE task_coordinators SET "
               "status = (SELECT t.status FROM tasks t WHERE t.id = task_coordinators.task_id), "
               "due_on = (SELECT t.due_on FROM tasks t WHERE t.id = task_coordinators.task_id)")
    for stmt in _statements(up=True):
        op.execute(stmt)
    op.create_index('ix_task_coordinators_open_due', 'task_coordinators', ['unit_id', 'due_on', 'task_id'],
                    unique=False, postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))
    if op.get_bind().dialect.name == "postgresql":
        # The new columns' statistics, so that the first plans estimate the open coordinations.
        op.execute("ANALYZE task_coordinators")


def downgrade():
    op.drop_index('ix_task_coordinators_open_due', table_name='task_coordinators')
    for stmt in _statements(up=False):
        op.execute(stmt)
    with op.batch_alter_table('task_coordinators', schema=None) as batch_op:
        batch_op.drop_column('due_on')
        batch_op.drop_column('status')
