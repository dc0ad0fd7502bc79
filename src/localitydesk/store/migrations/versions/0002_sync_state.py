"""sync state: this database's origin id and server, adopted server versions, rebased changes

The token is deliberately not here: it lives in the operating system's
keyring (or a 0600 file), never in the database.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:21:05.196977
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import localitydesk.store.types as ldtypes  # noqa: F401 - used by rendered column types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_adoption',
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('after_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'entity_id', name=op.f('pk_sync_adoption'))
    )
    op.create_table('sync_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.Uuid(), nullable=False),
    sa.Column('server_url', sa.String(length=500), nullable=False),
    sa.Column('ca_file', sa.String(length=1000), nullable=False),
    sa.Column('last_attempt_at', ldtypes.UTCDateTime(), nullable=True),
    sa.Column('last_success_at', ldtypes.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('stopped', sa.String(length=40), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_state'))
    )
    with op.batch_alter_table('outbox_change', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rebased', sa.Boolean(), server_default=sa.text('0'), nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('outbox_change', schema=None) as batch_op:
        batch_op.drop_column('rebased')

    op.drop_table('sync_state')
    op.drop_table('sync_adoption')
