"""The audit log and the sync outbox: written in the same transaction as the change."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column

from localitydesk.store.types import UTCDateTime, utc_now

from .base import Base


class AuditEntry(Base):
    """Who changed what, when, and the record before and after."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity", "entity", "entity_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utc_now)
    locality_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("locality.id"), nullable=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"), nullable=True)
    actor: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    action: Mapped[str] = mapped_column(String(80), nullable=False)
    entity: Mapped[str] = mapped_column(String(60), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(36), nullable=False)
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class OutboxChange(Base):
    """One change waiting for (or answered by) the regional server.

    ``seq`` is the order changes were made in; pushing follows it and never a
    clock. ``state`` moves pending -> applied / duplicate / conflict /
    rejected; the server's answer is kept in ``result``. While a change is on
    its way it stays pending: the unanswered :class:`SyncBatch` whose seq range
    holds it says so (a row is rewritten once, when answered, not twice).
    """

    __tablename__ = "outbox_change"
    # AUTOINCREMENT: a seq is never reused, even after old rows are pruned.
    __table_args__ = (Index("ix_outbox_change_state_seq", "state", "seq"), {"sqlite_autoincrement": True})

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, unique=True, default=uuid.uuid4)
    entity: Mapped[str] = mapped_column(String(60), nullable=False)
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    operation: Mapped[str] = mapped_column(String(10), nullable=False)
    base_version: Mapped[int] = mapped_column(Integer, nullable=False)
    changed_fields: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False)
    schema_version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utc_now)
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="pending")
    # Written by releases before schema 0005 only; a batch's changes are its seq range now.
    batch_key: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # Based on a server version the desktop adopted to settle a conflict, not
    # on its own previous version (see localitydesk.sync.protocol).
    rebased: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())


class SyncBatch(Base):
    """A batch handed to the server, kept so its idempotency key survives a restart."""

    __tablename__ = "sync_batch"

    idempotency_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_seq: Mapped[int] = mapped_column(Integer, nullable=False)
    last_seq: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utc_now)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str] = mapped_column(Text, nullable=False, default="")


class SyncState(Base):
    """This database's side of sync: one row, never synced itself.

    ``origin`` names this desktop database to the server, which tells whose
    edit came first by it; the token is never here (see sync.token_store).
    """

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, default=uuid.uuid4)
    server_url: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    ca_file: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Why pushing waits for the user (a refused token, a refused batch); empty when it may go on.
    stopped: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    # Failed attempts in a row, for the backoff; 0 after any answer.
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class SyncAdoption(Base):
    """A server version this desktop took as its own copy of a record.

    The next change to the record after ``after_seq`` is based on that
    version and travels marked ``rebased``.
    """

    __tablename__ = "sync_adoption"

    entity: Mapped[str] = mapped_column(String(60), primary_key=True)
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    server_version: Mapped[int] = mapped_column(Integer, nullable=False)
    after_seq: Mapped[int] = mapped_column(Integer, nullable=False)
