"""The database's own locality as plain data, readable before the ORM loads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from localitydesk.store.plain import read_only_connection, read_uuid


@dataclass(frozen=True)
class LocalityInfo:
    id: uuid.UUID
    code: str
    name_cy: str
    name_en: str

    def name(self, language: str) -> str:
        return self.name_cy if language == "cy" else self.name_en


def read_home_locality(path: Path) -> LocalityInfo | None:
    """The home locality of the file at ``path``, or None if it has none yet."""
    with read_only_connection(path) as connection:
        row = connection.execute(
            "SELECT id, code, name_cy, name_en FROM locality WHERE is_home = 1"
        ).fetchone()
    return None if row is None else LocalityInfo(read_uuid(row[0]), row[1], row[2], row[3])
