"""The regional server's first schema: localities, tokens, records, the change log,
idempotent batches, and row-level security fencing each locality's rows.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APP_ROLE = "localitydesk_regional_app"
FENCED = ("record", "origin_state", "change_log", "push_batch")
# NULLIF: a pooled connection whose setting was reset reads '' — no rows, not an error.
CURRENT_LOCALITY = "NULLIF(current_setting('app.locality_id', true), '')::uuid"


def upgrade() -> None:
    op.create_table(
        "locality",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("locality_id", sa.Uuid, sa.ForeignKey("locality.id"), nullable=False, index=True),
        sa.Column("token_sha256", sa.LargeBinary(32), nullable=False, unique=True),
        sa.Column("label", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "record",
        sa.Column("entity", sa.String(60), primary_key=True),
        sa.Column("entity_id", sa.Uuid, primary_key=True),
        sa.Column("locality_id", sa.Uuid, sa.ForeignKey("locality.id"), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("data", JSONB, nullable=False),
        sa.Column("field_versions", JSONB, nullable=False),
        sa.Column("last_change_seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "origin_state",
        sa.Column("locality_id", sa.Uuid, sa.ForeignKey("locality.id"), primary_key=True),
        sa.Column("origin", sa.Uuid, primary_key=True),
        sa.Column("entity", sa.String(60), primary_key=True),
        sa.Column("entity_id", sa.Uuid, primary_key=True),
        sa.Column("local_version", sa.Integer, nullable=False),
        sa.Column("sync_version", sa.Integer, nullable=False),
    )
    op.create_table(
        "change_log",
        sa.Column("locality_id", sa.Uuid, sa.ForeignKey("locality.id"), primary_key=True),
        sa.Column("change_id", sa.Uuid, primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False, unique=True),
        sa.Column("origin", sa.Uuid, nullable=False),
        sa.Column("batch_key", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(60), nullable=False),
        sa.Column("entity_id", sa.Uuid, nullable=False),
        sa.Column("operation", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("server_version", sa.Integer, nullable=True),
        sa.Column("detail", JSONB, nullable=False),
    )
    op.create_table(
        "push_batch",
        sa.Column("locality_id", sa.Uuid, sa.ForeignKey("locality.id"), primary_key=True),
        sa.Column("idempotency_key", sa.String(64), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("response", JSONB, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute("CREATE SEQUENCE arrival_seq AS bigint")

    # The application role: no login of its own; the server's connection
    # switches to it for every request, so the policies below always apply.
    op.execute(
        f"""
        DO $$
        BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
            CREATE ROLE {APP_ROLE} NOLOGIN;
          END IF;
          IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
             AND NOT pg_has_role(current_user, '{APP_ROLE}', 'MEMBER') THEN
            EXECUTE format('GRANT {APP_ROLE} TO %I', current_user);
          END IF;
        END
        $$
        """
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT SELECT ON locality TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON {', '.join(FENCED)} TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON SEQUENCE arrival_seq TO {APP_ROLE}")
    # api_token gets no grant at all: the role reaches it only through this function.

    op.execute("ALTER TABLE locality ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY locality_fence ON locality TO {APP_ROLE} USING (id = {CURRENT_LOCALITY})")
    for table in FENCED:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY locality_fence ON {table} TO {APP_ROLE} "
            f"USING (locality_id = {CURRENT_LOCALITY}) WITH CHECK (locality_id = {CURRENT_LOCALITY})"
        )

    # Token lookup by hash, for the role that may not read the token table.
    op.execute(
        """
        CREATE FUNCTION regional_authenticate(p_sha256 bytea)
        RETURNS TABLE (token_id uuid, locality_id uuid, locality_code varchar)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
          SELECT t.id, t.locality_id, l.code
            FROM api_token t JOIN locality l ON l.id = t.locality_id
           WHERE t.token_sha256 = p_sha256 AND t.revoked_at IS NULL
        $$
        """
    )
    # Whether ids a locality wants to insert are taken anywhere in the region.
    # It answers only about ids the caller already names, and says nothing of whose.
    op.execute(
        """
        CREATE FUNCTION regional_taken_ids(p_entity varchar, p_ids uuid[])
        RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
          SELECT entity_id FROM record WHERE entity = p_entity AND entity_id = ANY(p_ids)
        $$
        """
    )
    for function in ("regional_authenticate(bytea)", "regional_taken_ids(varchar, uuid[])"):
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP FUNCTION regional_taken_ids(varchar, uuid[])")
    op.execute("DROP FUNCTION regional_authenticate(bytea)")
    op.execute("DROP SEQUENCE arrival_seq")
    for table in ("push_batch", "change_log", "origin_state", "record", "api_token", "locality"):
        op.drop_table(table)
    # The role is cluster-wide and may serve other databases: it stays.
