"""A throwaway PostgreSQL for the regional tests, and a fresh database per test.

The server is started once per session by ``tools/pg_test_server.py`` (or
taken from ``LOCALITYDESK_TEST_PG_URL``). A migrated template database is made
once; every test gets its own copy of it. Without PostgreSQL these tests are
skipped on a developer's machine and fail under CI, where a missing server
is a broken build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from localitydesk.regional.db import make_engine, migrate
from localitydesk.regional.tokens import create_token

from .helpers import PushClient, SyncASGIClient

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "ld_regional_template"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.regional)


def _database_url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_admin_url():
    given = os.environ.get("LOCALITYDESK_TEST_PG_URL")
    if given:
        yield given
        return
    started = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "pg_test_server.py"), "start"], capture_output=True, text=True
    )
    if started.returncode != 0:
        message = f"no PostgreSQL for the regional tests: {started.stderr.strip()}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    server = json.loads(started.stdout)
    try:
        yield server["url"]
    finally:
        subprocess.run([sys.executable, str(ROOT / "tools" / "pg_test_server.py"), "stop", server["datadir"]], check=False)


def _admin_engine(admin_url: str):
    return create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def template_url(pg_admin_url):
    admin = _admin_engine(pg_admin_url)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    engine = make_engine(_database_url(pg_admin_url, TEMPLATE), pool_size=1)
    migrate(engine)
    engine.dispose()
    yield _database_url(pg_admin_url, TEMPLATE)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def database_url(pg_admin_url, template_url):
    name = f"ld_regional_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(pg_admin_url)
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    yield _database_url(pg_admin_url, name)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url, pool_size=5)
    yield engine
    engine.dispose()


@pytest.fixture
def app(engine):
    from localitydesk.regional.app import create_app

    return create_app(engine=engine)


@pytest.fixture
def server(app, engine):
    """A client for the app in-process, with tokens for two localities."""
    with SyncASGIClient(app) as http:
        yield PushClient(
            http=http,
            engine=engine,
            conwy=create_token(engine, "CONWY", label="Conwy desk 1"),
            denbigh=create_token(engine, "DENBIGHSHIRE", label="Denbighshire desk"),
        )
