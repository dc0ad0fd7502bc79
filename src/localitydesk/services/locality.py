"""The database's own locality and the regional list around it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.models import Locality

from .errors import ServiceError
from .unit_of_work import read_only


@dataclass(frozen=True)
class LocalityInfo:
    id: uuid.UUID
    code: str
    name_cy: str
    name_en: str

    def name(self, language: str) -> str:
        return self.name_cy if language == "cy" else self.name_en


def home_locality_id(session: Session) -> uuid.UUID:
    locality_id = session.scalar(select(Locality.id).where(Locality.is_home.is_(True)))
    if locality_id is None:
        raise ServiceError(_("This database has no locality yet. Build the demo data or run the first-run set-up."))
    return locality_id


def home_locality(db: Database) -> LocalityInfo | None:
    with read_only(db) as session:
        row = session.scalars(select(Locality).where(Locality.is_home.is_(True))).first()
        if row is None:
            return None
        return LocalityInfo(row.id, row.code, row.name_cy, row.name_en)
