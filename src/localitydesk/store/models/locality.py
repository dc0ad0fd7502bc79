"""Localities and the people who use the app."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from localitydesk.domain.vocabulary import Language, UserRole

from .base import Base, Entity, LocalityOwned
from .codes import code_column_type


class Locality(Base, Entity):
    """A locality of the region. Exactly one is this database's own (``is_home``);
    the others are known by name so towns near a border can be placed."""

    __tablename__ = "locality"

    code: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    name_cy: Mapped[str] = mapped_column(String(120), nullable=False)
    name_en: Mapped[str] = mapped_column(String(120), nullable=False)
    is_home: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class User(Base, LocalityOwned):
    __tablename__ = "app_user"

    name: Mapped[str] = mapped_column(String(120), nullable=False)
    role: Mapped[UserRole] = mapped_column(code_column_type(UserRole), nullable=False)
    preferred_language: Mapped[Language] = mapped_column(code_column_type(Language), nullable=False, default=Language.CY)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Setting(Base, LocalityOwned):
    """A dated setting (on-cost rates, VAT, cancellation window, pay rates).

    Several rows may share a key; the one in force on a date is the latest
    whose ``effective_from`` is on or before it.
    """

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    value: Mapped[str] = mapped_column(String(200), nullable=False)
    effective_from: Mapped[date] = mapped_column(nullable=False)
    set_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"), nullable=True)

