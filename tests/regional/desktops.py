"""Real desktop databases pushing to a real regional server, with faults on the wire.

Each desktop is a LocalityDesk SQLite file edited through the ORM with the
journal on, exactly as the app's services do, so what travels is what the
app's outbox holds.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, text

from localitydesk.domain.vocabulary import EmploymentType, Language, Role, UserRole
from localitydesk.regional.tokens import create_token
from localitydesk.services.sync import load_settings, new_origin, push_outbox
from localitydesk.services.sync.push import PushTarget
from localitydesk.services.unit_of_work import unit_of_work
from localitydesk.store.database import Database, open_database
from localitydesk.store.journal import Actor
from localitydesk.store.models import Locality, OutboxChange, User, Worker
from localitydesk.sync.backoff import Backoff
from localitydesk.sync.protocol import locality_uuid

ACTOR = Actor(user_id=None, name="Test Coordinator", role="coordinator")


def seed_desktop(path: Path, code: str, locality_id: uuid.UUID | None = None) -> Database:
    """A fresh desktop database whose home locality is ``code`` (id from the code unless given)."""
    db = open_database(path)
    with db.session() as session, session.begin():
        session.info["journal"] = False
        home = Locality(id=locality_id or locality_uuid(code), code=code, name_cy=code.title(), name_en=code.title(),
                        is_home=True)
        session.add(home)
        session.flush()
        session.add(User(locality_id=home.id, name="Test Admin", role=UserRole.ADMIN, preferred_language=Language.CY))
    return db


def copy_desktop(db: Database, path: Path) -> Database:
    """A second desktop of the same locality, started from a copy of the first (as a new laptop would be).

    A copy is a new desktop: it gets its own origin id.
    """
    with sqlite3.connect(db.path) as source, sqlite3.connect(path) as target:  # WAL-safe copy
        source.backup(target)
    copy = open_database(path)
    new_origin(copy)
    return copy


def home_id(db: Database) -> uuid.UUID:
    with db.session() as session:
        return session.scalar(select(Locality.id).where(Locality.is_home.is_(True)))


def add_worker(db: Database, number: int, **fields: Any) -> uuid.UUID:
    with unit_of_work(db, ACTOR, "add_worker") as session:
        worker = Worker(
            locality_id=home_id(db), staff_number=f"S{number:05d}", first_name="Gwen", last_name=f"Jones {number}",
            preferred_language=Language.CY, welsh_speaking=4, welsh_reading=3, welsh_writing=2,
            employment_type=EmploymentType.BANK, main_role=Role.CARE_WORKER, start_date=date(2024, 4, 1),
            home_town="conwy", **fields,
        )
        session.add(worker)
        session.flush()
        return worker.id


def edit_worker(db: Database, worker_id: uuid.UUID, **fields: Any) -> None:
    with unit_of_work(db, ACTOR, "edit_worker") as session:
        worker = session.get(Worker, worker_id)
        for name, value in fields.items():
            setattr(worker, name, value)


def withdraw_worker(db: Database, worker_id: uuid.UUID) -> None:
    from localitydesk.store.types import utc_now

    edit_worker(db, worker_id, deleted_at=utc_now())


def worker(db: Database, worker_id: uuid.UUID) -> Worker:
    with db.session() as session:
        return session.get(Worker, worker_id)


def outbox(db: Database) -> list[OutboxChange]:
    with db.session() as session:
        return list(session.scalars(select(OutboxChange).order_by(OutboxChange.seq)))


def token_for(engine, db: Database, label: str = "") -> str:
    """A token for the desktop's own locality id, whatever way it was made."""
    with db.session() as session:
        home = session.execute(select(Locality.id, Locality.code).where(Locality.is_home.is_(True))).one()
    return create_token(engine, home.code, label=label, locality_id=home.id).token


def target(db: Database, base_url: str, token: str) -> PushTarget:
    return PushTarget(base_url, token, None, str(load_settings(db).origin))


class NoWait:
    """The pusher's sleep, recorded instead of slept."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> bool:
        self.waits.append(seconds)
        return False


def push(db: Database, base_url: str, token: str, **kwargs: Any):
    kwargs.setdefault("wait", NoWait())
    kwargs.setdefault("backoff", Backoff(base=0.01, cap=0.05))
    return push_outbox(db, target(db, base_url, token), **kwargs)


# -- faults on the wire -------------------------------------------------------------

class LostAnswer(Exception):
    """The process died after the server answered and before the answer was recorded."""


@dataclass
class FaultyTransport(httpx.BaseTransport):
    """The real network, with the next few requests to the push endpoint going wrong.

    Faults: ``refuse`` (connection refused, nothing sent), ``timeout`` (sent,
    applied by the server, the answer never arrives), ``503:N`` / ``429:N``
    (answered so, Retry-After N, nothing applied), ``die`` (the answer arrives
    and the desktop dies before recording it).
    """

    faults: list[str] = field(default_factory=list)
    seen: Counter = field(default_factory=Counter)
    keys: list[str] = field(default_factory=list)
    inner: httpx.BaseTransport = field(default_factory=httpx.HTTPTransport)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/sync/push"):
            return self.inner.handle_request(request)
        self.keys.append(request.headers.get("Idempotency-Key", ""))
        fault = self.faults.pop(0) if self.faults else "none"
        self.seen[fault.split(":")[0]] += 1
        if fault == "refuse":
            raise httpx.ConnectError("connection refused (injected)", request=request)
        if fault.startswith(("503", "429")):
            status, _, after = fault.partition(":")
            return httpx.Response(int(status), headers={"Retry-After": after or "1"},
                                  json={"reason": "unavailable", "message": "injected"}, request=request)
        response = self.inner.handle_request(request)
        response.read()
        if fault == "timeout":
            raise httpx.ReadTimeout("read timed out (injected)", request=request)
        if fault == "die":
            raise LostAnswer("desktop died with the answer in hand (injected)")
        return response

    def close(self) -> None:
        self.inner.close()


def server_log(engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as connection:
        return {
            str(row.change_id): dict(row._mapping)
            for row in connection.execute(text("SELECT change_id, outcome, entity_id, origin, batch_key FROM change_log"))
        }


def server_records(engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as connection:
        return {
            str(row.entity_id): dict(row._mapping)
            for row in connection.execute(text("SELECT entity, entity_id, version, deleted, data FROM record"))
        }


def run_until(predicate: Callable[[], bool], attempts: int = 50) -> None:
    for _ in range(attempts):
        if predicate():
            return
    raise AssertionError("condition never held")
