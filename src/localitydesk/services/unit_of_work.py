"""One session per thing a user does, opened and committed by the service.

    with unit_of_work(db, actor, "save_worker") as session:
        ...

Everything done inside commits together with its audit entries and outbox
changes (see ``store.journal``), or nothing does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from localitydesk.store.database import Database
from localitydesk.store.journal import SYSTEM, Actor


@contextmanager
def unit_of_work(db: Database, actor: Actor = SYSTEM, action: str = "", reason: str = "") -> Iterator[Session]:
    session = db.session()
    session.info.update(actor=actor, action=action, reason=reason)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_only(db: Database) -> Iterator[Session]:
    """A session for queries; it never commits."""
    session = db.session()
    try:
        yield session
    finally:
        session.rollback()
        session.close()
