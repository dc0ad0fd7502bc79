"""The closed lists of the domain and their names in both languages.

Values are stable English codes stored in the database and sent over sync;
labels are marked with ``N_`` and translated when shown, via :func:`label`.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from localitydesk.i18n import N_, _


class Language(StrEnum):
    CY = "cy"
    EN = "en"


class UserRole(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    COORDINATOR = "coordinator"


class EmploymentType(StrEnum):
    CORE = "core"
    BANK = "bank"
    NEW_TO_CARE = "new_to_care"


class Role(StrEnum):
    CARE_WORKER = "care_worker"
    SENIOR_CARE_WORKER = "senior_care_worker"
    SUPPORT_WORKER = "support_worker"
    HEALTHCARE_SUPPORT_WORKER = "healthcare_support_worker"
    REGISTERED_NURSE = "registered_nurse"


class WelshLevel(IntEnum):
    NONE = 0
    ENTRY = 1
    FOUNDATION = 2
    INTERMEDIATE = 3
    ADVANCED = 4
    PROFICIENT = 5


class ComplianceType(StrEnum):
    DBS_ENHANCED = "dbs_enhanced"
    SCW_REGISTRATION = "scw_registration"
    NMC_REGISTRATION = "nmc_registration"
    SAFEGUARDING = "safeguarding"
    MANUAL_HANDLING = "manual_handling"
    MEDICATION = "medication"
    MCA_DOLS = "mca_dols"
    FIRST_AID = "first_aid"
    INFECTION_CONTROL = "infection_control"
    FOOD_HYGIENE = "food_hygiene"


class ProviderType(StrEnum):
    CARE_HOME = "care_home"
    NURSING_HOME = "nursing_home"
    DOMICILIARY = "domiciliary"
    SUPPORTED_LIVING = "supported_living"
    NHS_WARD = "nhs_ward"
    COMMUNITY = "community"


class ChargingBasis(StrEnum):
    RATE_CARD = "rate_card"
    COST_RECHARGE = "cost_recharge"


class RequestReason(StrEnum):
    SICKNESS = "sickness"
    LEAVE = "leave"
    MATERNITY = "maternity"
    VACANCY = "vacancy"
    SURGE = "surge"
    SHADOW = "shadow"


class WelshRequirement(StrEnum):
    NONE = "none"
    DESIRABLE = "desirable"
    ESSENTIAL = "essential"


class RequestStatus(StrEnum):
    OPEN = "open"
    PARTLY_FILLED = "partly_filled"
    FILLED = "filled"
    CANCELLED = "cancelled"


class BookingKind(StrEnum):
    CORE = "core"
    BANK = "bank"
    SHADOW = "shadow"


class BookingStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    CONFIRMED = "confirmed"
    CANCELLED_BY_PROVIDER = "cancelled_by_provider"
    CANCELLED_BY_WORKER = "cancelled_by_worker"
    NO_SHOW = "no_show"
    WORKED = "worked"


# Bookings in these states hold the worker's time: they count for overlap,
# rest and weekly hours, and the database refuses a second one that overlaps.
ACTIVE_BOOKING_STATUSES = (
    BookingStatus.OFFERED,
    BookingStatus.ACCEPTED,
    BookingStatus.CONFIRMED,
    BookingStatus.WORKED,
)


class TimesheetStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    APPROVED = "approved"
    LOCKED = "locked"
    INVOICED = "invoiced"


class AbsenceKind(StrEnum):
    ANNUAL_LEAVE = "annual_leave"
    SICKNESS = "sickness"
    OTHER = "other"


class ContactKind(StrEnum):
    CONTACT = "contact"
    SIGNATORY = "signatory"


class PreferenceKind(StrEnum):
    PREFERRED = "preferred"
    DO_NOT_SEND = "do_not_send"


# Keyed by (enum, member): StrEnum members equal their strings, so
# EmploymentType.CORE and BookingKind.CORE would otherwise be one key.
_LABELS: dict[tuple[type, object], str] = {
    (Language, Language.CY): N_("Welsh"),
    (Language, Language.EN): N_("English"),
    (UserRole, UserRole.ADMIN): N_("Administrator"),
    (UserRole, UserRole.MANAGER): N_("Locality manager"),
    (UserRole, UserRole.COORDINATOR): N_("Coordinator"),
    (EmploymentType, EmploymentType.CORE): N_("Core team"),
    (EmploymentType, EmploymentType.BANK): N_("Bank"),
    (EmploymentType, EmploymentType.NEW_TO_CARE): N_("New to care"),
    (Role, Role.CARE_WORKER): N_("Care worker"),
    (Role, Role.SENIOR_CARE_WORKER): N_("Senior care worker"),
    (Role, Role.SUPPORT_WORKER): N_("Support worker"),
    (Role, Role.HEALTHCARE_SUPPORT_WORKER): N_("Healthcare support worker"),
    (Role, Role.REGISTERED_NURSE): N_("Registered nurse"),
    (WelshLevel, WelshLevel.NONE): N_("None"),
    (WelshLevel, WelshLevel.ENTRY): N_("Entry"),
    (WelshLevel, WelshLevel.FOUNDATION): N_("Foundation"),
    (WelshLevel, WelshLevel.INTERMEDIATE): N_("Intermediate"),
    (WelshLevel, WelshLevel.ADVANCED): N_("Advanced"),
    (WelshLevel, WelshLevel.PROFICIENT): N_("Proficient"),
    (ComplianceType, ComplianceType.DBS_ENHANCED): N_("Enhanced DBS check"),
    (ComplianceType, ComplianceType.SCW_REGISTRATION): N_("Social Care Wales registration"),
    (ComplianceType, ComplianceType.NMC_REGISTRATION): N_("NMC registration"),
    (ComplianceType, ComplianceType.SAFEGUARDING): N_("Safeguarding"),
    (ComplianceType, ComplianceType.MANUAL_HANDLING): N_("Manual handling"),
    (ComplianceType, ComplianceType.MEDICATION): N_("Medication"),
    (ComplianceType, ComplianceType.MCA_DOLS): N_("MCA and DoLS"),
    (ComplianceType, ComplianceType.FIRST_AID): N_("First aid"),
    (ComplianceType, ComplianceType.INFECTION_CONTROL): N_("Infection control"),
    (ComplianceType, ComplianceType.FOOD_HYGIENE): N_("Food hygiene"),
    (ProviderType, ProviderType.CARE_HOME): N_("Care home"),
    (ProviderType, ProviderType.NURSING_HOME): N_("Nursing home"),
    (ProviderType, ProviderType.DOMICILIARY): N_("Domiciliary care"),
    (ProviderType, ProviderType.SUPPORTED_LIVING): N_("Supported living"),
    (ProviderType, ProviderType.NHS_WARD): N_("NHS ward"),
    (ProviderType, ProviderType.COMMUNITY): N_("Community"),
    (ChargingBasis, ChargingBasis.RATE_CARD): N_("Rate card"),
    (ChargingBasis, ChargingBasis.COST_RECHARGE): N_("Cost recharge"),
    (RequestReason, RequestReason.SICKNESS): N_("Sickness"),
    (RequestReason, RequestReason.LEAVE): N_("Annual leave"),
    (RequestReason, RequestReason.MATERNITY): N_("Maternity leave"),
    (RequestReason, RequestReason.VACANCY): N_("Vacancy"),
    (RequestReason, RequestReason.SURGE): N_("Surge in demand"),
    (RequestReason, RequestReason.SHADOW): N_("Shadow shift"),
    (WelshRequirement, WelshRequirement.NONE): N_("No Welsh requirement"),
    (WelshRequirement, WelshRequirement.DESIRABLE): N_("Welsh desirable"),
    (WelshRequirement, WelshRequirement.ESSENTIAL): N_("Welsh essential"),
    (RequestStatus, RequestStatus.OPEN): N_("Open"),
    (RequestStatus, RequestStatus.PARTLY_FILLED): N_("Partly filled"),
    (RequestStatus, RequestStatus.FILLED): N_("Filled"),
    (RequestStatus, RequestStatus.CANCELLED): N_("Cancelled"),
    (BookingKind, BookingKind.CORE): N_("Core rota"),
    (BookingKind, BookingKind.BANK): N_("Bank"),
    (BookingKind, BookingKind.SHADOW): N_("Shadow shift"),
    (BookingStatus, BookingStatus.OFFERED): N_("Offered"),
    (BookingStatus, BookingStatus.ACCEPTED): N_("Accepted"),
    (BookingStatus, BookingStatus.CONFIRMED): N_("Confirmed"),
    (BookingStatus, BookingStatus.CANCELLED_BY_PROVIDER): N_("Cancelled by provider"),
    (BookingStatus, BookingStatus.CANCELLED_BY_WORKER): N_("Cancelled by worker"),
    (BookingStatus, BookingStatus.NO_SHOW): N_("No-show"),
    (BookingStatus, BookingStatus.WORKED): N_("Worked"),
    (TimesheetStatus, TimesheetStatus.DRAFT): N_("Draft"),
    (TimesheetStatus, TimesheetStatus.SIGNED): N_("Signed"),
    (TimesheetStatus, TimesheetStatus.APPROVED): N_("Approved"),
    (TimesheetStatus, TimesheetStatus.LOCKED): N_("Locked"),
    (TimesheetStatus, TimesheetStatus.INVOICED): N_("Invoiced"),
    (AbsenceKind, AbsenceKind.ANNUAL_LEAVE): N_("Annual leave"),
    (AbsenceKind, AbsenceKind.SICKNESS): N_("Sickness"),
    (AbsenceKind, AbsenceKind.OTHER): N_("Other absence"),
    (ContactKind, ContactKind.CONTACT): N_("Contact"),
    (ContactKind, ContactKind.SIGNATORY): N_("Authorised signatory"),
    (PreferenceKind, PreferenceKind.PREFERRED): N_("Preferred worker"),
    (PreferenceKind, PreferenceKind.DO_NOT_SEND): N_("Do not send"),
}


def label(value) -> str:
    """The name of a code in the current UI language."""
    return _(_LABELS[(type(value), value)])


def welsh_level_label(level: int) -> str:
    return label(WelshLevel(level))
