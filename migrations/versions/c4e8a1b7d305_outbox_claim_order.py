"""The outbox's state index ends with the id, so that a claim reads the next due rows in order

Revision ID: c4e8a1b7d305
Revises: a7d3f9c2e815
Create Date: 2026-12-04 19:40:00

The claim took "pending and due, or sending with an expired lease, ORDER BY id LIMIT n": the OR
kept the planner on the primary key, filtering every row of the outbox, sent ones included (sent
mails stay for the admin's browser). On the reminders bench (100,000 mails) each claim of 500 read
75,000 buffers and took 27–60 ms, 12 s of PostgreSQL's time for the run, and the cost grows with the
outbox's history. The claim is now two range reads of (state, not_before, id), in due order: this
index serves both without a sort.
"""
from alembic import op

revision = 'c4e8a1b7d305'
down_revision = 'a7d3f9c2e815'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_state_not_before')
        batch_op.create_index('ix_outbox_state_not_before', ['state', 'not_before', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_state_not_before')
        batch_op.create_index('ix_outbox_state_not_before', ['state', 'not_before'], unique=False)
