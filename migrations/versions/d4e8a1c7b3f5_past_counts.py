"""Past counts: each unit's figures of a past standard period as of its last day

Revision ID: d4e8a1c7b3f5
Revises: b8d4f2a61c90
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd4e8a1c7b3f5'
down_revision = 'b8d4f2a61c90'
branch_labels = None
depends_on = None

COLUMNS = ("assigned", "carried", "total", "on_time", "late", "within", "overdue",
           "overdue_30", "overdue_90", "overdue_120", "no_deadline", "extended", "carried_open")


def upgrade():
    op.create_table('past_count_builds',
    sa.Column('period_kind', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('built_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('period_kind', 'period_start')
    )
    op.create_table('past_counts',
    sa.Column('period_kind', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('assigned_by_unit_id', sa.Integer(), autoincrement=False, nullable=False),
    *[sa.Column(c, sa.Integer(), nullable=False) for c in COLUMNS],
    sa.PrimaryKeyConstraint('period_kind', 'period_start', 'role', 'unit_id', 'assigned_by_unit_id')
    )


def downgrade():
    op.drop_table('past_counts')
    op.drop_table('past_count_builds')
