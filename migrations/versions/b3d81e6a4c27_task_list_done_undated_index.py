"""The done tasks without a completion day as a partial index (every overdue task, in order); directives by issue day

Revision ID: b3d81e6a4c27
Revises: e5a9c3f71b24
Create Date: 2026-12-02 10:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b3d81e6a4c27'
down_revision = 'e5a9c3f71b24'
branch_labels = None
depends_on = None

DONE_UNDATED = "status = 'done' AND completed_on IS NULL"


def upgrade():
    # The only closed tasks an open category (overdue, due soon...) can hold: queries.urgency.
    op.create_index('ix_tasks_done_undated', 'tasks', ['due_on', 'id'], unique=False,
                    postgresql_where=sa.text(DONE_UNDATED), sqlite_where=sa.text(DONE_UNDATED))
    # The source filter's 200 latest directives, read in order (views.task_pickers.directive_choices).
    op.create_index('ix_directives_issued_on', 'directives', ['issued_on', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_directives_issued_on', table_name='directives')
    op.drop_index('ix_tasks_done_undated', table_name='tasks')
