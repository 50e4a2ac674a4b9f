"""A counter for figures as of a day before today (data_versions row 3)

Revision ID: a7c2e4f90d15
Revises: a4c8e2f61d07
Create Date: 2026-12-02 10:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c2e4f90d15'
down_revision = 'a4c8e2f61d07'
branch_labels = None
depends_on = None


def upgrade():
    # Cached figures as of a past day (the trend's past points, reports of past periods) are keyed
    # by it instead of the global data version; it moves only on writes that can change such a
    # figure (tracker/services/past_figures.py). Starts above 0: nothing cached is keyed by it yet.
    versions = sa.table('data_versions', sa.column('id', sa.Integer), sa.column('value', sa.BigInteger))
    op.bulk_insert(versions, [{"id": 3, "value": 1}])


def downgrade():
    op.execute("DELETE FROM data_versions WHERE id = 3")
