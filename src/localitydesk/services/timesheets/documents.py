"""Timesheets as printable documents: a week (or one provider's week) in one PDF."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from localitydesk.documents.timesheet_pdf import CoverSheet, Signature, TimesheetDocument, render_timesheets
from localitydesk.i18n import _
from localitydesk.i18n.collation import sort_key
from localitydesk.services.errors import ServiceError
from localitydesk.services.unit_of_work import read_only
from localitydesk.services.written_files import replaced_when_complete
from localitydesk.store.database import Database
from localitydesk.store.models import Locality

from .week import STATE_LABELS, IsoWeek, SheetState, TimesheetRow, week_rows


@dataclass(frozen=True)
class TimesheetPrint:
    pages: int
    timesheets: int
    cover_pages: int


def _issuer(session) -> str:
    from sqlalchemy import select

    locality = session.scalars(select(Locality).where(Locality.is_home.is_(True))).first()
    if locality is None:
        return "LocalityDesk"
    names = [locality.name_cy] if locality.name_cy == locality.name_en else [locality.name_cy, locality.name_en]
    return "LocalityDesk — " + " / ".join(names)


def timesheet_document(row: TimesheetRow, issuer: str = "") -> TimesheetDocument:
    recorded = row.state != SheetState.NOT_STARTED
    worker_sig = signatory_sig = None
    if row.worker_signed_at is not None:
        worker_sig = Signature(row.worker_signed_name, row.worker_signed_at, row.worker_signature, on_paper=row.signed_on_paper)
    if row.signatory_signed_at is not None:
        signatory_sig = Signature(row.signatory_name, row.signatory_signed_at, row.signatory_signature,
                                  row.signatory_job_title, on_paper=row.signed_on_paper)
    return TimesheetDocument(
        reference=row.reference,
        worker_name=row.worker_name,
        staff_number=row.staff_number,
        role=row.role,
        provider_name_cy=row.provider_name_cy,
        provider_name_en=row.provider_name_en,
        setting=row.provider_address,
        booked_start=row.booked_start,
        booked_end=row.booked_end,
        booked_break_minutes=row.booked_break_minutes,
        actual_start=row.actual_start if recorded else None,
        actual_end=row.actual_end if recorded else None,
        break_minutes=row.break_minutes if recorded else None,
        mileage=row.mileage if recorded else None,
        change_reason=row.change_reason,
        booking_kind=row.kind,
        status=row.status or _draft(),
        state_label=STATE_LABELS[row.state],
        worker_signature=worker_sig,
        signatory_signature=signatory_sig,
        verified_by=row.verified_by,
        verified_reason=row.verified_reason,
        content_hash=row.content_hash if row.hash_matches else "",
        issuer=issuer,
    )


def _draft():
    from localitydesk.domain.vocabulary import TimesheetStatus

    return TimesheetStatus.DRAFT


def timesheet_documents(rows: Iterable[TimesheetRow], issuer: str = "") -> list[TimesheetDocument]:
    """Printed by provider (Welsh collation of the Welsh name), then by start."""
    ordered = sorted(rows, key=lambda r: (sort_key(r.provider_name_cy, "cy"), r.booked_start, sort_key(r.worker_name, "cy")))
    return [timesheet_document(row, issuer) for row in ordered]


def write_week_pdf(
    db: Database, week: IsoWeek, out: str | Path | BinaryIO, provider_id: uuid.UUID | None = None,
    language: str = "both", paper: bool = False, booking_ids: Iterable[uuid.UUID] | None = None,
    now: datetime | None = None,
) -> TimesheetPrint:
    """One PDF: a cover sheet listing the timesheets, then one timesheet a page."""
    from localitydesk.documents.timesheet_pdf import cover_page_count

    if language not in ("both", "cy", "en"):
        raise ServiceError(_("Choose the language: cy, en or both."))
    with read_only(db) as session:
        rows = week_rows(session, week, provider_id, now)
        issuer = _issuer(session)
    if booking_ids is not None:
        wanted = set(booking_ids)
        rows = [row for row in rows if row.booking_id in wanted]
    if not rows:
        raise ServiceError(_("There are no timesheets for {week}.").format(week=str(week)))
    documents = timesheet_documents(rows, issuer)
    if provider_id is not None:
        scope_cy, scope_en = rows[0].provider_name_cy, rows[0].provider_name_en
    else:
        scope_cy, scope_en = issuer, issuer
    cover = CoverSheet(week.monday, week.sunday, scope_cy, scope_en, now, issuer)
    if isinstance(out, (str, Path)):
        with replaced_when_complete(out) as partial:
            pages = render_timesheets(documents, str(partial), language=language, cover=cover, paper=paper, printed_at=now)
    else:
        pages = render_timesheets(documents, out, language=language, cover=cover, paper=paper, printed_at=now)
    return TimesheetPrint(pages, len(documents), cover_page_count(len(documents)))
