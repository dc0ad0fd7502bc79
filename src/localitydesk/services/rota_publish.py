"""The rota's documents: the team PDF (Welsh first), each worker's PDF in
their language, and iCalendar files per worker and for the team.

    paths = write_rota_documents(db, folder, monday, weeks=4)

They are made from the rota as it stands (``load_rota_grid``); the PDFs say
whether that is the published version or a draft with changes since. Each
calendar event's UID is the booking's, so a worker who imports a newer file
sees their shifts updated, not doubled; its SEQUENCE is the booking's version.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from localitydesk.documents.ics import CalendarEvent, calendar_text
from localitydesk.documents.rota_pdf import (
    RotaDocument,
    RotaShiftLine,
    RotaWorkerLine,
    render_team_rota,
    render_worker_rota,
)
from localitydesk.domain.local_time import utc_to_local
from localitydesk.domain.vocabulary import Role
from localitydesk.domain.wording import Wording
from localitydesk.store.database import Database
from localitydesk.store.models import Booking
from localitydesk.store.types import utc_now

from .errors import NotFound
from .locality import home_locality
from .rota_grid import GridShift, RotaGrid, load_rota_grid
from .unit_of_work import read_only
from .written_files import replaced_when_complete

UID_DOMAIN = "localitydesk"


def rota_document(db: Database, first_day: date, weeks: int, grid: RotaGrid | None = None, now: datetime | None = None) -> RotaDocument:
    """The rota as plain data for the PDFs."""
    grid = grid or load_rota_grid(db, first_day, weeks, "en", include_requests=False)
    locality = home_locality(db)
    workers = []
    for row in grid.rows:
        shifts: dict = defaultdict(list)
        absences = {}
        for cell in row.cells:
            for shift in cell.shifts:
                shifts[cell.day].append(_line(shift))
            if cell.absence is not None:
                absences[cell.day] = cell.absence
        workers.append(RotaWorkerLine(
            name=row.name, language=row.preferred_language, contracted_hours=row.contracted_hours,
            shifts={day: tuple(lines) for day, lines in shifts.items()}, absences=absences,
            week_hours=tuple(week.worked for week in row.weeks), worker_id=row.worker_id,
        ))
    publication = grid.publication
    return RotaDocument(
        locality_name_cy=locality.name_cy if locality else "", locality_name_en=locality.name_en if locality else "",
        first_day=grid.first_day, weeks=grid.weeks, workers=tuple(workers),
        published_at=publication.published_at if publication else None,
        changes_since=len(publication.changes) if publication else 0,
        printed_at=now or utc_now(),
    )


def _line(shift: GridShift) -> RotaShiftLine:
    return RotaShiftLine(shift.starts_at, shift.ends_at, shift.provider_name_cy, shift.provider_name_en, shift.role,
                         round(shift.worked_hours, 2))


def team_pdf(db: Database, first_day: date, weeks: int, out, now: datetime | None = None) -> int:
    return render_team_rota(rota_document(db, first_day, weeks, now=now), out, "both")


def worker_pdf(db: Database, first_day: date, weeks: int, worker_id: uuid.UUID, out, now: datetime | None = None) -> int:
    document = rota_document(db, first_day, weeks, now=now)
    worker = _worker(document, worker_id)
    return render_worker_rota(document, worker, out)


def _worker(document: RotaDocument, worker_id: uuid.UUID) -> RotaWorkerLine:
    for worker in document.workers:
        if worker.worker_id == worker_id:
            return worker
    from localitydesk.i18n import _

    raise NotFound(_("That worker is not in the core team's rota for this period."))


# ---------------------------------------------------------------- calendars


def calendar_events(db: Database, grid: RotaGrid, worker_id: uuid.UUID | None, language: str) -> list[CalendarEvent]:
    """One event per shift, for one worker (``worker_id``) or the whole team."""
    w = Wording(language)
    shifts = [s for s in grid.shifts() if worker_id is None or s.worker_id == worker_id]
    versions = _versions(db, [s.booking_id for s in shifts])
    names = {row.worker_id: row.name for row in grid.rows}
    events = []
    for shift in shifts:
        provider = shift.provider_name(language)
        role = w.label(shift.role) if isinstance(shift.role, Role) else str(shift.role)
        if worker_id is None:
            summary = w.gettext("{worker}: {provider} ({role})").format(worker=names[shift.worker_id], provider=provider, role=role)
        else:
            summary = w.gettext("{provider} ({role})").format(provider=provider, role=role)
        other = shift.provider_name("en" if language == "cy" else "cy")
        description = w.gettext("Rota shift at {provider}, {start} to {end}. Unpaid break: {minutes} minutes.").format(
            provider=provider, start=utc_to_local(shift.starts_at).strftime("%H:%M"),
            end=utc_to_local(shift.ends_at).strftime("%H:%M"), minutes=shift.break_minutes,
        )
        if other and other != provider:
            description += f"\n{other}"
        suffix = "" if worker_id is not None else "-team"
        events.append(CalendarEvent(
            uid=f"{shift.booking_id}{suffix}@{UID_DOMAIN}", start=shift.starts_at, end=shift.ends_at, summary=summary,
            location=provider, description=description, sequence=versions.get(shift.booking_id, 0),
            categories=w.gettext("Rota"),
        ))
    return events


def _versions(db: Database, booking_ids) -> dict:
    found = {}
    ids = list(booking_ids)
    with read_only(db) as session:
        for offset in range(0, len(ids), 500):
            found.update(session.execute(select(Booking.id, Booking.version).where(Booking.id.in_(ids[offset : offset + 500]))).all())
    return found


def worker_calendar(db: Database, first_day: date, weeks: int, worker_id: uuid.UUID, now: datetime | None = None) -> str:
    grid = load_rota_grid(db, first_day, weeks, "en", include_requests=False)
    row = grid.row_of(worker_id)
    if row is None:
        from localitydesk.i18n import _

        raise NotFound(_("That worker is not in the core team's rota for this period."))
    language = row.preferred_language
    name = Wording(language).gettext("Rota: {name}").format(name=row.name)
    return calendar_text(calendar_events(db, grid, worker_id, language), name, now or utc_now(), language)


def team_calendar(db: Database, first_day: date, weeks: int, language: str = "cy", now: datetime | None = None) -> str:
    grid = load_rota_grid(db, first_day, weeks, "en", include_requests=False)
    locality = home_locality(db)
    place = (locality.name(language) if locality else "") or ""
    name = Wording(language).gettext("Core team rota: {locality}").format(locality=place)
    return calendar_text(calendar_events(db, grid, None, language), name, now or utc_now(), language)


def _slug(text: str) -> str:
    """A file name part from a person's name: letters kept (Welsh ones too), spaces to hyphens."""
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-") or "worker"


def _write_text(path: Path, text: str) -> None:
    with replaced_when_complete(path) as partial:
        partial.write_bytes(text.encode("utf-8"))


def write_rota_documents(db: Database, folder: Path, first_day: date, weeks: int, now: datetime | None = None) -> list[Path]:
    """Everything to send: the team's PDF and calendar, and each worker's."""
    now = now or utc_now()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    grid = load_rota_grid(db, first_day, weeks, "en", include_requests=False)
    document = rota_document(db, first_day, weeks, grid=grid, now=now)
    stem = f"rota-{first_day.isoformat()}-{weeks}w"
    written = []
    team = folder / f"{stem}-team.pdf"
    with replaced_when_complete(team) as partial:
        render_team_rota(document, str(partial), "both")
    written.append(team)
    team_ics = folder / f"{stem}-team.ics"
    locality = home_locality(db)
    name = Wording("cy").gettext("Core team rota: {locality}").format(locality=locality.name("cy") if locality else "")
    _write_text(team_ics, calendar_text(calendar_events(db, grid, None, "cy"), name, now, "cy"))
    written.append(team_ics)
    for worker in document.workers:
        part = f"{stem}-{_slug(worker.name)}-{str(worker.worker_id)[:8]}"
        pdf = folder / f"{part}.pdf"
        with replaced_when_complete(pdf) as partial:
            render_worker_rota(document, worker, str(partial))
        ics = folder / f"{part}.ics"
        calendar_name = Wording(worker.language).gettext("Rota: {name}").format(name=worker.name)
        _write_text(ics, calendar_text(calendar_events(db, grid, worker.worker_id, worker.language), calendar_name, now,
                                       worker.language))
        written += [pdf, ics]
    return written


__all__ = [
    "calendar_events", "rota_document", "team_calendar", "team_pdf", "worker_calendar", "worker_pdf",
    "write_rota_documents",
]
