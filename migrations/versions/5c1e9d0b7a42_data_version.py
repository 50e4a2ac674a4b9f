"""Data version counter for exact query caching; units.path index usable by prefix LIKE.

Revision ID: 5c1e9d0b7a42
Revises: ee51efa7146f
Create Date: 2026-11-21 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5c1e9d0b7a42'
down_revision = 'ee51efa7146f'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'data_versions',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_versions')),
    )
    # 1: any change to report data; 2: changes of structure only (see tracker/cache.py).
    op.bulk_insert(table, [{"id": 1, "value": 0}, {"id": 2, "value": 0}])
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index('ix_units_path')
        batch_op.create_index('ix_units_path', ['path'], unique=False,
                              postgresql_ops={'path': 'varchar_pattern_ops'})


def downgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index('ix_units_path')
        batch_op.create_index('ix_units_path', ['path'], unique=False)
    op.drop_table('data_versions')
