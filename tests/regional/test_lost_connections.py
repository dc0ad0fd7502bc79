"""PostgreSQL restarted under a running server: the pooled connections are dead, the requests are not."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from .helpers import Desktop, outcomes


def _drop_every_connection_to(database_url: str, admin_url: str) -> int:
    """What a database restart does to a client's pool: every backend of the database ends."""
    admin = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": make_url(database_url).database},
            ).scalar_one()
    finally:
        admin.dispose()


def _pool_holds_connections(engine, count: int) -> None:
    held = [engine.connect() for _ in range(count)]
    for connection in held:
        connection.execute(text("SELECT 1"))
        connection.close()


def test_a_push_after_the_database_dropped_the_pool_is_applied_not_refused(server, engine, database_url, pg_admin_url):
    desk = Desktop(server.conwy)
    desk.insert_worker()
    assert outcomes(server.push(desk)) == ["applied"]
    _pool_holds_connections(engine, 3)
    assert _drop_every_connection_to(database_url, pg_admin_url) >= 3

    second = desk.insert_worker()
    response = server.post(desk.batch(), token=desk.token.token)

    assert response.status_code == 200, response.text
    assert outcomes(response.json()) == ["applied"]
    assert second in server.records()
    assert server.written() == (2, 2, 2)


def test_health_after_the_database_dropped_the_pool_says_ok(server, engine, database_url, pg_admin_url):
    _pool_holds_connections(engine, 3)
    assert _drop_every_connection_to(database_url, pg_admin_url) >= 3

    response = server.http.get("/v1/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
