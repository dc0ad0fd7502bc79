"""The database's own locality and the regional list around it."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.models import Locality

from .errors import ServiceError
from .locality_info import LocalityInfo, read_home_locality


def home_locality_id(session: Session) -> uuid.UUID:
    locality_id = session.scalar(select(Locality.id).where(Locality.is_home.is_(True)))
    if locality_id is None:
        raise ServiceError(_("This database has no locality yet. Build the demo data or run the first-run set-up."))
    return locality_id


def home_locality(db: Database) -> LocalityInfo | None:
    return read_home_locality(db.path)
