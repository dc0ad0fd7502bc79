"""Engine, migrations and the fenced transaction every request runs in."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url

from .jsoncodec import dumps
from .schema import APP_ROLE, LOCALITY_SETTING

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def normalise_url(url: str) -> str:
    """Accept the libpq spelling (postgresql://) and use psycopg 3 underneath."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername != "postgresql+psycopg":
        raise ValueError(f"the regional server needs PostgreSQL, not {parsed.drivername}")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    # JSONB parameters (each batch's stored answer) go out through orjson;
    # results are read by psycopg's exact default (see jsoncodec).
    # No ping before each checkout: it cost every request a round trip, a
    # millisecond under load. A connection found dead instead fails its
    # transaction, which rolls back whole; SQLAlchemy then drops every pooled
    # connection made before, and the request tries again on a fresh one
    # (see app._apply and the health check).
    return create_engine(
        normalise_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        json_serializer=dumps,
    )


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> str:
    """Bring the schema to head; returns the revision now in place."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return head_revision()


@contextmanager
def as_application(engine: Engine) -> Iterator[Connection]:
    """A transaction running as the application role, fenced to no locality yet.

    Whatever the server's login may do, from here on row-level security
    applies: the policies see only the locality set by ``enter_locality``.
    """
    with engine.begin() as connection:
        connection.execute(text(f"SET LOCAL ROLE {APP_ROLE}"))
        yield connection


def enter_locality(connection: Connection, locality_id: uuid.UUID) -> None:
    connection.execute(
        text("SELECT set_config(:name, :value, true)"), {"name": LOCALITY_SETTING, "value": str(locality_id)}
    )
