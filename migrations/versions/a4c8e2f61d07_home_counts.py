"""Standing home tiles: per wide scope, visible tasks by status, deadline and completion

Revision ID: a4c8e2f61d07
Revises: b3d81e6a4c27
Create Date: 2026-12-02 10:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a4c8e2f61d07'
down_revision = 'b3d81e6a4c27'
branch_labels = None
depends_on = None


def upgrade():
    builds = op.create_table('home_count_builds',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('depth', sa.Integer(), nullable=True),
    sa.Column('built_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('home_counts',
    sa.Column('scope_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('fixed', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('scope_id', 'fixed', 'status', 'due_on', 'completed_on')
    )
    # The one header row, never built: writers lock it FOR SHARE, a build updates it first.
    op.bulk_insert(builds, [{"id": 1}])


def downgrade():
    op.drop_table('home_counts')
    op.drop_table('home_count_builds')
