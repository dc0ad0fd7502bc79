"""The regional server's tables (its own schema, not the desktop's).

Records are kept as JSON per entity rather than one table per desktop table:
the desktop's schema moves with every release, and the server's job is to hold
what localities sent, check it, and show the region one view of it.
Every table but ``api_token`` carries ``locality_id`` and is fenced by a
row-level security policy (see the first migration). The tables written once
per change hold no foreign key to ``locality``: the policy's WITH CHECK does
that job without a trigger per row (see migration 0003).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

# The role every request runs as (SET LOCAL ROLE), subject to row-level security.
APP_ROLE = "localitydesk_regional_app"
# The setting the policies read: the locality of the token in use.
LOCALITY_SETTING = "app.locality_id"

metadata = MetaData()

locality = Table(
    "locality",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", Text, nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_token = Table(
    "api_token",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("locality_id", Uuid, ForeignKey("locality.id"), nullable=False, index=True),
    Column("token_sha256", LargeBinary(32), nullable=False, unique=True),
    Column("label", Text, nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

# One row per record ever sent; a deleted record stays as a tombstone (its
# personal data dropped) so a late edit can never bring it back.
record = Table(
    "record",
    metadata,
    Column("entity", String(60), primary_key=True),
    Column("entity_id", Uuid, primary_key=True),
    Column("locality_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False, server_default="false"),
    Column("data", JSONB, nullable=False),
    # field -> [server version that last changed it, origin that changed it]
    Column("field_versions", JSONB, nullable=False),
    # Arrival order across the server: a sequence, never a clock.
    Column("last_change_seq", BigInteger, nullable=False),
    # Found by the primary key alone, the fence filtering the one row found:
    # no index on the locality for a planner to misuse (migration 0005).
)

# Which server version each desktop's copy of a record corresponds to.
origin_state = Table(
    "origin_state",
    metadata,
    Column("locality_id", Uuid, primary_key=True),
    Column("origin", Uuid, primary_key=True),
    Column("entity", String(60), primary_key=True),
    Column("entity_id", Uuid, primary_key=True),
    Column("local_version", Integer, nullable=False),
    Column("sync_version", Integer, nullable=False),
)

# Every change ever answered, whatever the answer: a change id seen again is a duplicate.
change_log = Table(
    "change_log",
    metadata,
    Column("locality_id", Uuid, primary_key=True),
    Column("change_id", Uuid, primary_key=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("origin", Uuid, nullable=False),
    Column("batch_key", String(64), nullable=False),
    Column("entity", String(60), nullable=False),
    Column("entity_id", Uuid, nullable=False),
    Column("operation", String(10), nullable=False),
    Column("outcome", String(12), nullable=False),
    Column("server_version", Integer, nullable=True),
    Column("detail", JSONB, nullable=False),
)

# The answer to each batch, replayed when its idempotency key comes back.
push_batch = Table(
    "push_batch",
    metadata,
    Column("locality_id", Uuid, ForeignKey("locality.id"), primary_key=True),
    Column("idempotency_key", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response", JSONB, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# Numbers changes in the order the server took them: a sequence, never a clock.
ARRIVAL_SEQUENCE = "arrival_seq"

LOCALITY_FENCED_TABLES = ("record", "origin_state", "change_log", "push_batch")
