"""Dated settings: the value of a key in force on a day."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from localitydesk.store.models import Setting


def setting_value(session: Session, locality_id: uuid.UUID, key: str, on: date, default: str) -> str:
    value = session.scalar(
        select(Setting.value)
        .where(Setting.locality_id == locality_id, Setting.key == key, Setting.effective_from <= on)
        .order_by(Setting.effective_from.desc())
        .limit(1)
    )
    return default if value is None else value
