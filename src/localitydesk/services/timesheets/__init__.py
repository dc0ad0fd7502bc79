"""Timesheets: recording the hours worked, signing them, approving them,
and printing them. One module per part of that life; everything a caller
needs is re-exported here."""

from __future__ import annotations

from .approval import approve_timesheet, approve_timesheets, verify_hours
from .content import SignedContent, content_hash, signed_content
from .documents import TimesheetPrint, timesheet_documents, write_week_pdf
from .errors import TimesheetLocked
from .recording import HoursEntry, record_hours, record_hours_as_booked, timesheet_breaches
from .signing import SignatureInput, record_paper_signature, sign_provider_week, sign_timesheet
from .week import (
    IsoWeek,
    ProviderWeek,
    SheetState,
    TimesheetRow,
    get_timesheet_row,
    parse_iso_week,
    provider_signatories,
    week_timesheets,
)

__all__ = [
    "HoursEntry",
    "IsoWeek",
    "ProviderWeek",
    "SheetState",
    "SignatureInput",
    "SignedContent",
    "TimesheetLocked",
    "TimesheetPrint",
    "TimesheetRow",
    "approve_timesheet",
    "approve_timesheets",
    "content_hash",
    "get_timesheet_row",
    "parse_iso_week",
    "provider_signatories",
    "record_hours",
    "record_hours_as_booked",
    "record_paper_signature",
    "sign_provider_week",
    "sign_timesheet",
    "signed_content",
    "timesheet_breaches",
    "timesheet_documents",
    "verify_hours",
    "week_timesheets",
    "write_week_pdf",
]
