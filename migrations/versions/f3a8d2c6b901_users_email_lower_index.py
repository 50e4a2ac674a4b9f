"""Users found by their address in any case through an index

Revision ID: f3a8d2c6b901
Revises: e2b7c9d41f06
Create Date: 2026-12-03 16:20:00

Login, the CLI and imports look a user up by ``lower(email)``; the unique index on ``email``
does not serve that, so each login read every user (50,000 in the bench database: 20 ms of
PostgreSQL per login, pg_stat_statements, session 26).
"""
from alembic import op
import sqlalchemy as sa


revision = 'f3a8d2c6b901'
down_revision = 'e2b7c9d41f06'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_users_email_lower", "users", [sa.text("lower(email)")])


def downgrade():
    op.drop_index("ix_users_email_lower", table_name="users")
