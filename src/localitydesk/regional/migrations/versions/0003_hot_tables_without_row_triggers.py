"""The tables every change writes lose their per-row foreign-key check on the locality.

A push writes three rows per change (the change log, the record, the
desktop's state of it), and each row's foreign key to ``locality`` ran a
trigger of its own: about a quarter of PostgreSQL's time on a batch.

The guarantee those checks gave still holds, from two walls that do not cost
a trigger per row: row-level security's ``WITH CHECK (locality_id =
app.locality_id)`` refuses any row whose locality is not the one the
transaction is fenced to, and the fence is only ever set from a token found
by ``regional_authenticate``, whose row holds a foreign key to ``locality``.
Localities are never deleted. ``api_token`` and ``push_batch`` (one row per
batch) keep theirs.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

HOT_TABLES = ("change_log", "record", "origin_state")


def upgrade() -> None:
    for table in HOT_TABLES:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_locality_id_fkey")


def downgrade() -> None:
    for table in HOT_TABLES:
        op.create_foreign_key(f"{table}_locality_id_fkey", table, "locality", ["locality_id"], ["id"])
