"""period indexes for requests and bookings, and compliance expiry

Creating an index needs no table rebuild in batch mode, so the booking
table's double-booking triggers (revision 0001) are untouched. A future
revision that makes batch mode rebuild ``booking`` must create them again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:40:43.503195
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import localitydesk.store.types as ldtypes  # noqa: F401 - used by rendered column types


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index('ix_booking_locality_starts', ['locality_id', 'starts_at'], unique=False)

    with op.batch_alter_table('cover_request', schema=None) as batch_op:
        batch_op.create_index('ix_cover_request_locality_starts', ['locality_id', 'starts_at'], unique=False)

    with op.batch_alter_table('compliance_item', schema=None) as batch_op:
        batch_op.create_index('ix_compliance_item_expires_on', ['expires_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('compliance_item', schema=None) as batch_op:
        batch_op.drop_index('ix_compliance_item_expires_on')

    with op.batch_alter_table('cover_request', schema=None) as batch_op:
        batch_op.drop_index('ix_cover_request_locality_starts')

    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('ix_booking_locality_starts')

