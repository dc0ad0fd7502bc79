"""Why a timesheet cannot be changed."""

from __future__ import annotations

from localitydesk.services.errors import ServiceError


class TimesheetLocked(ServiceError):
    """The timesheet is on an issued statement: only a credit note can change it."""
