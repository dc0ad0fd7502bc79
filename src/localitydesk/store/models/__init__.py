"""Every table of a locality's database."""

from .base import Base, Entity, LocalityOwned, SoftDeletable
from .cover import Booking, CoverRequest, RotaPublication
from .journal import AuditEntry, OutboxChange, SyncAdoption, SyncBatch, SyncState
from .locality import Locality, Setting, User
from .provider import Provider, ProviderContact, ProviderWorkerPreference, RateCardEntry
from .timesheet import Statement, Timesheet
from .worker import Absence, AvailabilitySlot, ComplianceItem, Worker, WorkerRole

__all__ = [
    "Absence",
    "AuditEntry",
    "AvailabilitySlot",
    "Base",
    "Booking",
    "ComplianceItem",
    "CoverRequest",
    "Entity",
    "Locality",
    "LocalityOwned",
    "OutboxChange",
    "Provider",
    "ProviderContact",
    "ProviderWorkerPreference",
    "RateCardEntry",
    "RotaPublication",
    "Setting",
    "SoftDeletable",
    "Statement",
    "SyncAdoption",
    "SyncBatch",
    "SyncState",
    "Timesheet",
    "User",
    "Worker",
    "WorkerRole",
]
