"""Errors a service raises for the user to read, in the UI language."""

from __future__ import annotations


class ServiceError(Exception):
    """Something the user asked for cannot be done; the message says why."""


class ValidationError(ServiceError):
    """Input that breaks a rule, field by field.

    ``errors`` maps a field name to a message in the UI language, so a form
    can show each message beside its field and the CLI can list them.
    """

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


class NotFound(ServiceError):
    pass


def message_of(error: Exception) -> str:
    """What to tell the user about a failed action: every field's message for
    invalid input, the error's own words otherwise."""
    return "\n".join(error.errors.values()) if isinstance(error, ValidationError) else str(error)
