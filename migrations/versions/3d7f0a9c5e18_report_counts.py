"""Standing report counts per unit for the periods that contain today

Revision ID: 3d7f0a9c5e18
Revises: b81f4c2d9e63
Create Date: 2026-12-02 06:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3d7f0a9c5e18'
down_revision = 'b81f4c2d9e63'
branch_labels = None
depends_on = None

COLUMNS = ("assigned", "carried", "total", "on_time", "late", "within", "overdue",
           "overdue_30", "overdue_90", "overdue_120", "no_deadline", "extended", "carried_open")


def upgrade():
    builds = op.create_table('report_count_builds',
    sa.Column('period_kind', sa.String(length=10), nullable=False),
    sa.Column('built_for_day', sa.Date(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('built_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('period_kind')
    )
    op.create_table('report_counts',
    sa.Column('period_kind', sa.String(length=10), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('assigned_by_unit_id', sa.Integer(), autoincrement=False, nullable=False),
    *[sa.Column(c, sa.Integer(), nullable=False) for c in COLUMNS],
    sa.PrimaryKeyConstraint('period_kind', 'role', 'unit_id', 'assigned_by_unit_id')
    )
    # One header row per standard period kind, never built: writers lock these rows (FOR SHARE).
    op.bulk_insert(builds, [{"period_kind": k} for k in ("month", "quarter", "half_year", "year")])
    # A counter per kind (data_versions 11-14): cached figures of the current periods are keyed by
    # it instead of the global data version; it moves only when that kind's rows change.
    versions = sa.table('data_versions', sa.column('id', sa.Integer), sa.column('value', sa.BigInteger))
    op.bulk_insert(versions, [{"id": i, "value": 0} for i in (11, 12, 13, 14)])


def downgrade():
    op.execute("DELETE FROM data_versions WHERE id IN (11, 12, 13, 14)")
    op.drop_table('report_counts')
    op.drop_table('report_count_builds')
