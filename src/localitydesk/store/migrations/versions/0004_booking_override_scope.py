"""booking override scope: which breaches a manager's override set aside

Adding a column is a plain ALTER TABLE on SQLite, so the booking table (and
its double-booking triggers) is not rebuilt. The downgrade rebuilds it and
would drop the triggers: recreate them if you ever run it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:35:31.343213
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import localitydesk.store.types as ldtypes  # noqa: F401 - used by rendered column types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('override_scope', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_column('override_scope')

