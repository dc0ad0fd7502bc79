"""Setting up a new locality database: the first-run window's one action.

The new file knows the six North Wales localities by name (so workers' home
towns and providers near a border can be placed), marks the team's own one as
home, and has its first administrator. It is built under a temporary name and
renamed into place only when complete, so a first run that is interrupted
never leaves a half-made database that would stop the next first run.
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from localitydesk.domain.places import LOCALITIES, LOCALITY_CODES
from localitydesk.domain.vocabulary import Language, UserRole
from localitydesk.i18n import _
from localitydesk.sync.protocol import locality_uuid
from localitydesk.store.database import open_database
from localitydesk.store.journal import SYSTEM
from localitydesk.store.models import Locality, User

from .errors import ServiceError, ValidationError
from .unit_of_work import unit_of_work

NAME_MAX = 120


@dataclass(frozen=True)
class NewLocality:
    """The team's own locality: one of the North Wales ones (``code`` set) or
    another, named by the user."""

    name_cy: str
    name_en: str = ""
    code: str | None = None


@dataclass(frozen=True)
class FirstAdministrator:
    name: str
    preferred_language: Language = Language.CY


@dataclass(frozen=True)
class CreatedDatabase:
    path: Path
    locality_code: str
    administrator_id: uuid.UUID


def north_wales_locality(code: str) -> NewLocality:
    for known_code, name_cy, name_en in LOCALITIES:
        if known_code == code:
            return NewLocality(name_cy=name_cy, name_en=name_en, code=known_code)
    raise ValueError(f"unknown locality code {code!r}")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).strip()


def resolve_locality(locality: NewLocality) -> NewLocality:
    """Tidy the names, give a new locality a code, and recognise a North Wales
    locality typed by hand ("sir ddinbych") as the one already known."""
    name_cy = " ".join(locality.name_cy.split())
    name_en = " ".join(locality.name_en.split()) or name_cy
    if locality.code:
        return north_wales_locality(locality.code)
    for code, known_cy, known_en in LOCALITIES:
        if _fold(name_cy) in (_fold(known_cy), _fold(known_en)) or _fold(name_en) in (_fold(known_cy), _fold(known_en)):
            return north_wales_locality(code)
    return NewLocality(name_cy=name_cy, name_en=name_en, code=new_locality_code(name_en))


def new_locality_code(name: str) -> str:
    """A short code for a locality outside the six, unlike any of theirs."""
    letters = re.sub(r"[^A-Z0-9]", "", _fold(name).upper()) or "LOC"
    code = letters[:3]
    suffix = 2
    while code in LOCALITY_CODES:
        code = f"{letters[:3]}{suffix}"
        suffix += 1
    return code


def validate_setup(locality: NewLocality, administrator: FirstAdministrator) -> dict[str, str]:
    """Field -> message, empty when everything can be saved."""
    errors: dict[str, str] = {}
    if not locality.code:
        if not locality.name_cy.strip() and not locality.name_en.strip():
            errors["locality"] = _("Give the locality a name, or choose one of the North Wales localities.")
        elif max(len(locality.name_cy.strip()), len(locality.name_en.strip())) > NAME_MAX:
            errors["locality"] = _("A locality name can be at most {count} characters.").format(count=NAME_MAX)
    elif locality.code not in LOCALITY_CODES:
        errors["locality"] = _("Choose one of the North Wales localities.")
    name = administrator.name.strip()
    if not name:
        errors["administrator"] = _("Enter the administrator's name.")
    elif len(name) > NAME_MAX:
        errors["administrator"] = _("A name can be at most {count} characters.").format(count=NAME_MAX)
    return errors


def create_locality_database(path: Path, locality: NewLocality, administrator: FirstAdministrator) -> CreatedDatabase:
    """Make a new database at ``path`` for ``locality`` with its first administrator."""
    errors = validate_setup(locality, administrator)
    if errors:
        raise ValidationError(errors)
    path = Path(path).expanduser().resolve()
    if path.exists():
        raise ServiceError(_("{path} already exists; LocalityDesk will not write over a database.").format(path=path))
    home = resolve_locality(locality)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.creating-{uuid.uuid4().hex[:12]}")
    try:
        db = open_database(partial)
        try:
            administrator_id = _fill(db, home, administrator)
        finally:
            db.close()
        # One self-contained file before the rename: the log is folded in, so
        # no -wal is left behind under the temporary name.
        connection = sqlite3.connect(partial)
        try:
            connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            connection.close()
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        raise
    return CreatedDatabase(path, home.code or "", administrator_id)


def _fill(db, home: NewLocality, administrator: FirstAdministrator) -> uuid.UUID:
    with unit_of_work(db, SYSTEM, "set_up_locality") as session:
        localities = []
        for code, name_cy, name_en in LOCALITIES:
            if code == home.code:
                continue
            localities.append(Locality(id=locality_uuid(code), code=code, name_cy=name_cy, name_en=name_en, is_home=False))
        # The regional server knows each locality by the id its code gives.
        own = Locality(id=locality_uuid(home.code), code=home.code, name_cy=home.name_cy, name_en=home.name_en, is_home=True)
        session.add_all([own, *localities])
        session.flush()
        user = User(
            locality_id=own.id,
            name=administrator.name.strip(),
            role=UserRole.ADMIN,
            preferred_language=administrator.preferred_language,
        )
        session.add(user)
        session.flush()
        return user.id
