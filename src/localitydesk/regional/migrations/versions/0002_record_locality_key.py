"""Records reached by their full key under the locality fence, not by the locality alone.

Row-level security adds ``locality_id = <the token's locality>`` to every
look-up of a record by (entity, entity_id). With an index on ``locality_id``
alone, and statistics lagging a fast-growing table (the planner believed a
locality held ~1,500 records when it held 80,000), PostgreSQL combined the
primary key with that index in a BitmapAnd, reading every index entry of the
locality for each record a batch named: a push's cost grew with everything
the locality had ever sent (~1 ms per record at 80,000 records).

An index on (locality_id, entity, entity_id) matches the fenced look-up
exactly, so no plan has a reason to read the locality's whole index, and it
still serves every query by locality that the old index did.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_record_locality_key", "record", ["locality_id", "entity", "entity_id"], unique=True)
    op.drop_index("ix_record_locality_id", table_name="record")


def downgrade() -> None:
    op.create_index("ix_record_locality_id", "record", ["locality_id"])
    op.drop_index("ix_record_locality_key", table_name="record")
