"""Items of a published directive marked public one by one

Revision ID: b81f4c2d9e63
Revises: 5e8b1d3f9a27
Create Date: 2026-12-02 05:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b81f4c2d9e63'
down_revision = '5e8b1d3f9a27'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('public_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', sa.DateTime(), nullable=False),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['directive_id'], ['directives.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['task_events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['marked_by_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('attachment_id'),
    sa.UniqueConstraint('event_id')
    )
    with op.batch_alter_table('public_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_public_items_directive_id'), ['directive_id'], unique=False)


def downgrade():
    with op.batch_alter_table('public_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_items_directive_id'))
    op.drop_table('public_items')
