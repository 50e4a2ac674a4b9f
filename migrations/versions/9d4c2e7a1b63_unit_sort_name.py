"""Units: a stored Vietnamese sort key of the name

Revision ID: 9d4c2e7a1b63
Revises: 7d3e91a4c2b8
Create Date: 2026-12-02 03:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

from tracker.domain.text import sort_key

# revision identifiers, used by Alembic.
revision = '9d4c2e7a1b63'
down_revision = '7d3e91a4c2b8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_name', sa.String(length=800), nullable=False, server_default=''))
    units = sa.table('units', sa.column('id', sa.Integer), sa.column('name', sa.String),
                     sa.column('sort_name', sa.String))
    conn = op.get_bind()
    rows = conn.execute(sa.select(units.c.id, units.c.name)).all()
    if rows:
        conn.execute(units.update().where(units.c.id == sa.bindparam('uid')).values(sort_name=sa.bindparam('key')),
                     [{'uid': uid, 'key': sort_key(name)} for uid, name in rows])
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.alter_column('sort_name', server_default=None)
        batch_op.create_index(batch_op.f('ix_units_sort_name'), ['sort_name'], unique=False)


def downgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_units_sort_name'))
        batch_op.drop_column('sort_name')
