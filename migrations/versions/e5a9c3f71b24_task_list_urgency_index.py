"""The task list's default order as two partial indexes (the admin's whole list)

Revision ID: e5a9c3f71b24
Revises: 7d3f2a9c5e18
Create Date: 2026-12-02 07:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e5a9c3f71b24'
down_revision = '7d3f2a9c5e18'
branch_labels = None
depends_on = None

CLOSED = "status IN ('cancelled', 'done')"
OPEN = "status NOT IN ('cancelled', 'done')"


def upgrade():
    # Open work, then closed work, each by deadline (NULLs last), then id: queries.tasks' "urgency" order.
    op.create_index('ix_tasks_open_due', 'tasks', ['due_on', 'id'], unique=False,
                    postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))
    op.create_index('ix_tasks_closed_due', 'tasks', ['due_on', 'id'], unique=False,
                    postgresql_where=sa.text(CLOSED), sqlite_where=sa.text(CLOSED))


def downgrade():
    op.drop_index('ix_tasks_closed_due', table_name='tasks')
    op.drop_index('ix_tasks_open_due', table_name='tasks')
