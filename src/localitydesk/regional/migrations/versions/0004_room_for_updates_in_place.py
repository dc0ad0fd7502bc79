"""Records and desktops' states leave room on each page for their next version.

An edit to a record, and the desktop state moved with it, rewrote a row on a
full page: the new version went to another page and every index of the table
took a new entry for it. With room left on the page (and no indexed column
changed; none is) PostgreSQL writes the new version beside the old one and
touches no index (a heap-only tuple). Measured on the sync benchmark's edits:
the two upserts of a batch of 200 edits took 15 ms of PostgreSQL's time.

Applies to pages filled from now on; existing pages keep what they hold.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Percent of each page filled by inserts; the rest waits for updates.
FILLFACTORS = {"record": 75, "origin_state": 75}


def upgrade() -> None:
    for table, fillfactor in FILLFACTORS.items():
        op.execute(f"ALTER TABLE {table} SET (fillfactor = {fillfactor})")


def downgrade() -> None:
    for table in FILLFACTORS:
        op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
