"""Domain code lists as columns: stored as their stable text values."""

from __future__ import annotations

from enum import Enum as PyEnum

from sqlalchemy import Enum


def code_column_type(enum_class: type[PyEnum]) -> Enum:
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
