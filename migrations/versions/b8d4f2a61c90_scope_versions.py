"""Per-unit page versions (scope_versions) and the pages' global counter (data_versions row 4)

Revision ID: b8d4f2a61c90
Revises: c6e1d8b2f47a
Create Date: 2026-12-03 07:00:00

Rendered pages are cached per user (tracker/page_cache.py). A workflow step raises the counter
of every unit whose people may see its task (scope_versions, one row per unit, inserted by the
first step that reaches it); every other write raises row 4 of data_versions, which every cached
page is keyed by. Row 4 starts above 0: nothing is cached under it yet.
"""
from alembic import op
import sqlalchemy as sa


revision = 'b8d4f2a61c90'
down_revision = 'c6e1d8b2f47a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'scope_versions',
        sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('unit_id', name=op.f('pk_scope_versions')),
    )
    versions = sa.table('data_versions', sa.column('id', sa.Integer), sa.column('value', sa.BigInteger))
    op.bulk_insert(versions, [{"id": 4, "value": 1}])


def downgrade():
    op.execute("DELETE FROM data_versions WHERE id = 4")
    op.drop_table('scope_versions')
