"""Who is using the app."""

from __future__ import annotations

from sqlalchemy import select

from localitydesk.domain.vocabulary import UserRole
from localitydesk.store.database import Database
from localitydesk.store.journal import SYSTEM, Actor
from localitydesk.store.models import Locality, User

from .unit_of_work import read_only

# When several users exist, the app starts as the most senior; signing in as
# someone else is a later feature, so the audit log names this user.
_SENIORITY = {UserRole.ADMIN: 0, UserRole.MANAGER: 1, UserRole.COORDINATOR: 2}


def default_actor(db: Database) -> Actor:
    with read_only(db) as session:
        users = session.scalars(
            select(User).join(Locality, Locality.id == User.locality_id).where(Locality.is_home.is_(True), User.active.is_(True))
        ).all()
        if not users:
            return SYSTEM
        user = min(users, key=lambda u: (_SENIORITY[u.role], u.name))
        return Actor(user_id=user.id, name=user.name, role=user.role.value)
