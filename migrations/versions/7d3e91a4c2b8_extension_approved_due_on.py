"""Extension approved at a date other than requested

Revision ID: 7d3e91a4c2b8
Revises: 2076dcd7ceec
Create Date: 2026-12-02 04:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7d3e91a4c2b8'
down_revision = '7f3c2e91d5ab'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_due_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.drop_column('approved_due_on')
