"""Bearer tokens: one or more per locality, 256 random bits, only a hash kept."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select, text, update
from sqlalchemy.engine import Connection, Engine

from localitydesk.sync.protocol import locality_uuid

from .schema import APP_ROLE, LOCALITY_SETTING, api_token, locality

TOKEN_PREFIX = "ldr_"
TOKEN_BYTES = 32  # 256 bits
LOCALITY_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,15}$")


class TokenError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token_id: uuid.UUID
    locality_code: str
    locality_id: uuid.UUID
    token: str  # shown once, never stored


@dataclass(frozen=True, slots=True)
class Caller:
    token_id: uuid.UUID
    locality_id: uuid.UUID
    locality_code: str


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def normalise_code(code: str) -> str:
    normalised = code.strip().upper()
    if not LOCALITY_CODE.match(normalised):
        raise TokenError(f"not a locality code: {code!r} (letters, digits, - and _, 2–16 long)")
    return normalised


def ensure_locality(connection: Connection, code: str, *, locality_id: uuid.UUID | None = None, name: str = "") -> uuid.UUID:
    """The id of the locality with this code, registering it on first use."""
    code = normalise_code(code)
    existing = connection.execute(select(locality.c.id).where(locality.c.code == code)).scalar_one_or_none()
    if existing is not None:
        if locality_id is not None and locality_id != existing:
            raise TokenError(f"locality {code} is already registered with id {existing}")
        return existing
    new_id = locality_id or locality_uuid(code)
    connection.execute(
        locality.insert().values(id=new_id, code=code, name=name, created_at=datetime.now(timezone.utc))
    )
    return new_id


def create_token(engine: Engine, code: str, *, label: str = "", locality_id: uuid.UUID | None = None) -> IssuedToken:
    token = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    token_id = uuid.uuid4()
    with engine.begin() as connection:
        owner = ensure_locality(connection, code, locality_id=locality_id)
        connection.execute(
            api_token.insert().values(
                id=token_id,
                locality_id=owner,
                token_sha256=token_hash(token),
                label=label,
                created_at=datetime.now(timezone.utc),
            )
        )
    return IssuedToken(token_id=token_id, locality_code=normalise_code(code), locality_id=owner, token=token)


def revoke_token(engine: Engine, token_id_or_token: str) -> int:
    """Revoke by token id, or by the token itself; returns how many were revoked."""
    condition = (
        api_token.c.token_sha256 == token_hash(token_id_or_token)
        if token_id_or_token.startswith(TOKEN_PREFIX)
        else api_token.c.id == _parse_uuid(token_id_or_token)
    )
    with engine.begin() as connection:
        result = connection.execute(
            update(api_token).where(condition, api_token.c.revoked_at.is_(None)).values(revoked_at=func.now())
        )
        return result.rowcount


def list_tokens(engine: Engine) -> list[dict]:
    query = (
        select(api_token.c.id, locality.c.code, api_token.c.label, api_token.c.created_at, api_token.c.revoked_at)
        .join(locality, locality.c.id == api_token.c.locality_id)
        .order_by(locality.c.code, api_token.c.created_at)
    )
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def authenticate(connection: Connection, token: str) -> Caller | None:
    """Who holds this token, asked as the application role (which cannot read tokens)."""
    if not token or len(token) > 200:
        return None
    row = connection.execute(
        text("SELECT token_id, locality_id, locality_code FROM regional_authenticate(:hash)"),
        {"hash": token_hash(token)},
    ).first()
    return None if row is None else Caller(token_id=row.token_id, locality_id=row.locality_id, locality_code=row.locality_code)


# The first statement of every push, one round trip for what were three: become
# the application role (``SET LOCAL ROLE``, spelt as the setting it is), find
# the token's holder, fence the transaction to that locality, and take the
# locality's lock. One locality's pushes are taken one at a time, so the same
# batch sent in parallel, or two desktops of a locality, never interleave; the
# lock is held before anything is read, so a batch committed by another request
# while we waited is seen by every later statement. An unknown or revoked
# token yields no row: no fence, no lock, and the request ends there.
_ENTER = text(
    """
    SELECT a.token_id, a.locality_id, a.locality_code
      FROM regional_authenticate(:hash) AS a
     CROSS JOIN LATERAL (
           SELECT set_config('role', :role, true), set_config(:setting, CAST(a.locality_id AS text), true),
                  pg_advisory_xact_lock(CAST(CAST('x' || substr(replace(CAST(a.locality_id AS text), '-', ''), 1, 16)
                                                  AS bit(64)) AS bigint))
           ) AS entered
    """
)


def lock_key(locality_id: uuid.UUID) -> int:
    """The advisory lock key of a locality, as ``_ENTER`` computes it: its id's first 64 bits, signed."""
    return int.from_bytes(locality_id.bytes[:8], "big", signed=True)


def enter_as_caller(connection: Connection, token: str) -> Caller | None:
    """Authenticate, then run the rest of the transaction as the application role fenced to the caller's
    locality and holding its lock; None (and nothing entered) for an unknown or revoked token."""
    if not token or len(token) > 200:
        return None
    row = connection.execute(
        _ENTER, {"hash": token_hash(token), "role": APP_ROLE, "setting": LOCALITY_SETTING}
    ).first()
    return None if row is None else Caller(token_id=row.token_id, locality_id=row.locality_id, locality_code=row.locality_code)


def _parse_uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise TokenError(f"not a token id: {value!r}") from error
