"""Declarative base and the columns every entity shares."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from localitydesk.store.types import UTCDateTime, utc_now

# Stable constraint names, so Alembic can alter them on SQLite (batch mode).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Entity:
    """A record made on a desktop: UUID key, UTC timestamps."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now, nullable=False)


class LocalityOwned(Entity):
    """A record that belongs to one locality and travels to the regional server.

    ``version`` counts accepted changes; the outbox records the version a
    change was based on so the server can detect conflicting edits.
    """

    @declared_attr
    def locality_id(cls) -> Mapped[uuid.UUID]:  # noqa: N805 - SQLAlchemy's declared_attr
        return mapped_column(Uuid, ForeignKey("locality.id"), nullable=False, index=True)

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class SoftDeletable:
    """Records that can be withdrawn are marked, never removed."""

    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
