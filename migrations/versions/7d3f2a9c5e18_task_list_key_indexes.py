"""Covering indexes for the task list's keys and the home page's open tasks

Revision ID: 7d3f2a9c5e18
Revises: 3d7f0a9c5e18
Create Date: 2026-12-02 06:55:00

"""
from alembic import op


revision = '7d3f2a9c5e18'
down_revision = '3d7f0a9c5e18'
branch_labels = None
depends_on = None


def upgrade():
    # On PostgreSQL the included columns make the scans index-only (queries.tasks.task_keys);
    # elsewhere they are plain indexes on the leading columns.
    op.create_index('ix_tasks_lead_keys', 'tasks', ['lead_unit_id', 'status', 'due_on'], unique=False,
                    postgresql_include=['id', 'assigned_at', 'completed_on', 'directive_id'])
    op.create_index('ix_tasks_assigner_keys', 'tasks', ['assigned_by_unit_id', 'status', 'due_on'], unique=False,
                    postgresql_include=['id', 'assigned_at', 'lead_unit_id', 'completed_on', 'directive_id'])
    op.create_index('ix_tasks_id_keys', 'tasks', ['id'], unique=False,
                    postgresql_include=['status', 'due_on', 'assigned_at', 'lead_unit_id', 'completed_on', 'directive_id'])
    op.create_index('ix_task_coordinators_unit_task', 'task_coordinators', ['unit_id', 'task_id'], unique=False)


def downgrade():
    op.drop_index('ix_task_coordinators_unit_task', table_name='task_coordinators')
    op.drop_index('ix_tasks_id_keys', table_name='tasks')
    op.drop_index('ix_tasks_assigner_keys', table_name='tasks')
    op.drop_index('ix_tasks_lead_keys', table_name='tasks')
