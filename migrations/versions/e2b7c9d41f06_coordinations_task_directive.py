"""Each coordination keeps its task's directive too, kept by the same triggers; indexed by unit

Revision ID: e2b7c9d41f06
Revises: d4e8a1c7b3f5
Create Date: 2026-12-03 13:00:00

The task list's source filter offers the latest directives a user may see: a directive is
visible through a task its units coordinate. For a province that branch probed each of its
5,926 coordinations in the tasks' index for the task's directive (17,800 buffers; the whole
statement 27 ms on average and 35 % of PostgreSQL's time in bench/pages.py with the cache off,
docs/reports.md, session 25). With the directive beside the coordination, the branch reads
ix_task_coordinators_unit_directive alone. The triggers of c6e1d8b2f47a are replaced by ones
that copy status, due_on and directive_id (tests/test_coordination_status.py).
"""
from alembic import op
import sqlalchemy as sa


revision = 'e2b7c9d41f06'
down_revision = 'd4e8a1c7b3f5'
branch_labels = None
depends_on = None


def _pg(columns: tuple[str, ...]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    sets = ", ".join(f"{c} = NEW.{c}" for c in columns)
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
    return [
        f"""CREATE OR REPLACE FUNCTION task_coordinators_take_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT {", ".join(f"t.{c}" for c in columns)} INTO {new} FROM tasks t WHERE t.id = NEW.task_id;
    RETURN NEW;
END $$""",
        f"""CREATE OR REPLACE FUNCTION tasks_to_coordinators() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE task_coordinators SET {sets} WHERE task_id = NEW.id;
    RETURN NULL;
END $$""",
        "DROP TRIGGER tr_tasks_to_coordinators ON tasks",
        f"""CREATE TRIGGER tr_tasks_to_coordinators AFTER UPDATE OF {cols} ON tasks FOR EACH ROW
    WHEN ({changed})
    EXECUTE FUNCTION tasks_to_coordinators()""",
    ]


SQLITE_DROP = ["DROP TRIGGER tr_tasks_to_coordinators", "DROP TRIGGER tr_task_coordinators_moved",
               "DROP TRIGGER tr_task_coordinators_take_task"]


def _sqlite(columns: tuple[str, ...]) -> list[str]:
    """The triggers' CREATE statements (SQLite's triggers cannot set NEW: the inserted row is
    updated after its insert); drop the old ones first (SQLITE_DROP)."""
    take = "\nBEGIN\n    UPDATE task_coordinators SET " + ",\n        ".join(
        f"{c} = (SELECT t.{c} FROM tasks t WHERE t.id = NEW.task_id)" for c in columns) + \
        "\n    WHERE task_id = NEW.task_id AND unit_id = NEW.unit_id;\nEND"
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    sets = ", ".join(f"{c} = NEW.{c}" for c in columns)
    return [
        "CREATE TRIGGER tr_task_coordinators_take_task AFTER INSERT ON task_coordinators FOR EACH ROW" + take,
        "CREATE TRIGGER tr_task_coordinators_moved AFTER UPDATE OF task_id ON task_coordinators FOR EACH ROW" + take,
        f"""CREATE TRIGGER tr_tasks_to_coordinators AFTER UPDATE OF {", ".join(columns)} ON tasks FOR EACH ROW
    WHEN {changed}
BEGIN
    UPDATE task_coordinators SET {sets} WHERE task_id = NEW.id;
END""",
    ]


def _on_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    op.add_column('task_coordinators', sa.Column('directive_id', sa.Integer(), nullable=True))
    op.execute("UPDATE task_coordinators SET "
               "directive_id = (SELECT t.directive_id FROM tasks t WHERE t.id = task_coordinators.task_id)")
    columns = ("status", "due_on", "directive_id")
    for stmt in _pg(columns) if _on_postgresql() else SQLITE_DROP + _sqlite(columns):
        op.execute(stmt)
    op.create_index('ix_task_coordinators_unit_directive', 'task_coordinators', ['unit_id', 'directive_id'],
                    unique=False)
    if _on_postgresql():
        op.execute("ANALYZE task_coordinators")


def downgrade():
    op.drop_index('ix_task_coordinators_unit_directive', table_name='task_coordinators')
    columns = ("status", "due_on")
    if _on_postgresql():
        for stmt in _pg(columns):
            op.execute(stmt)
        op.drop_column('task_coordinators', 'directive_id')
        return
    # SQLite rebuilds the table to drop a column: no trigger may name it meanwhile.
    for stmt in SQLITE_DROP:
        op.execute(stmt)
    with op.batch_alter_table('task_coordinators', schema=None) as batch_op:
        batch_op.drop_column('directive_id')
    for stmt in _sqlite(columns):
        op.execute(stmt)
