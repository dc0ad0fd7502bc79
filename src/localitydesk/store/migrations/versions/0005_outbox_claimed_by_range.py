"""outbox: a batch claims its changes by its seq range, not by rewriting each row as sent

A change stays ``pending`` until the server's answer is recorded; the
unanswered ``sync_batch`` whose range holds it says it is on its way (see
services.sync.outbox). Rows left ``sent`` by an older release go back to
``pending``: their batch rows still hold their ranges and keys, so they go
again under the same keys, as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 23:20:00
"""

from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE outbox_change SET state = 'pending', batch_key = NULL WHERE state = 'sent'")


def downgrade() -> None:
    # The older release finds a batch's changes by their key and state.
    op.execute(
        """
        UPDATE outbox_change SET state = 'sent',
               batch_key = (SELECT idempotency_key FROM sync_batch
                             WHERE answered_at IS NULL AND outbox_change.seq BETWEEN first_seq AND last_seq)
         WHERE state = 'pending'
           AND EXISTS (SELECT 1 FROM sync_batch
                        WHERE answered_at IS NULL AND outbox_change.seq BETWEEN first_seq AND last_seq)
        """
    )
