"""A booking's confirmation for the worker, in their preferred language."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from localitydesk.documents.confirmation import (
    BookingConfirmation,
    confirmation_sms,
    confirmation_text,
    render_confirmation,
)
from localitydesk.domain.vocabulary import ContactKind, WelshRequirement
from localitydesk.i18n import _
from localitydesk.store.database import Database
from localitydesk.store.models import Booking, CoverRequest, Locality, Provider, ProviderContact, Worker

from .errors import NotFound
from .unit_of_work import read_only
from .written_files import replaced_when_complete


def booking_reference(booking_id: uuid.UUID) -> str:
    """A short reference a worker can read out on the phone."""
    return booking_id.hex[:8].upper()


def booking_confirmation(db: Database, booking_id: uuid.UUID) -> BookingConfirmation:
    with read_only(db) as session:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise NotFound(_("That booking no longer exists."))
        request = session.get(CoverRequest, booking.request_id)
        worker = session.get(Worker, booking.worker_id)
        provider = session.get(Provider, request.provider_id)
        locality = session.get(Locality, booking.locality_id)
        contact = session.scalars(
            select(ProviderContact)
            .where(ProviderContact.provider_id == provider.id, ProviderContact.deleted_at.is_(None))
            .order_by(ProviderContact.kind != ContactKind.CONTACT, ProviderContact.name)
            .limit(1)
        ).first()
        language = worker.preferred_language.value
        return BookingConfirmation(
            language=language,
            reference=booking_reference(booking.id),
            worker_name=worker.full_name,
            provider_name_cy=provider.name_cy or provider.name_en,
            provider_name_en=provider.name_en or provider.name_cy,
            role=request.role,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            break_minutes=request.unpaid_break_minutes,
            address=provider.address,
            booking_kind=booking.kind,
            welsh_essential=request.welsh_requirement == WelshRequirement.ESSENTIAL,
            contact_name=contact.name if contact else "",
            contact_phone=(contact.phone if contact else "") or provider.phone,
            notes=request.notes,
            issuer=f"LocalityDesk {locality.name_cy if language == 'cy' else locality.name_en}",
        )


def confirmation_message(db: Database, booking_id: uuid.UUID) -> tuple[str, str]:
    """(text message, email text), both in the worker's language."""
    confirmation = booking_confirmation(db, booking_id)
    return confirmation_sms(confirmation), confirmation_text(confirmation)


def save_confirmation_pdf(db: Database, booking_id: uuid.UUID, path: str | Path) -> Path:
    path = Path(path)
    with replaced_when_complete(path) as partial:
        render_confirmation(booking_confirmation(db, booking_id), str(partial))
    return path
