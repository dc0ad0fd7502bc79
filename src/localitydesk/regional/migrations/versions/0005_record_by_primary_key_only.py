"""Records are found by their primary key alone; the (locality, entity, id) index goes.

Migration 0002 replaced an index on ``locality_id`` with one on the full key
under the fence, because the planner combined the locality-only index with
the primary key and read a whole locality per record. Every record look-up
names (entity, entity_id), which the primary key answers with one probe; the
fence's ``locality_id = …`` is then a filter on the one row found. No query
reads records by locality alone except the ``stats`` summary, which counts
them all anyway. With no locality index there is no plan to go wrong, and
each new record costs one index entry fewer: about a tenth of PostgreSQL's
share of a push (measured on the sync benchmark's inserts).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_record_locality_key", table_name="record")


def downgrade() -> None:
    op.create_index("ix_record_locality_key", "record", ["locality_id", "entity", "entity_id"], unique=True)
