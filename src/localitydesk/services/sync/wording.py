"""Sync state in the user's words, for the status bar, the Settings page and the CLI."""

from __future__ import annotations

from localitydesk.i18n import _, ngettext

from .state import SyncStatus


def stop_message(stop: str) -> str:
    """Why pushing has stopped and what the user can do about it."""
    if stop == "token_refused":
        return _("The server refused the token. Ask the regional data manager for a new one and set it here.")
    if stop == "locality_refused":
        return _(
            "The server says these changes belong to another locality. Check that the token was issued for "
            "this locality's id."
        )
    if stop == "certificate":
        return _(
            "The server's certificate could not be verified. Check the address, or give the certificate "
            "file of the region's own certificate authority."
        )
    if stop:
        return _("The server refused the changes sent. Pushing has stopped until you try again.")
    return ""


def status_line(status: SyncStatus, *, offline: bool = False, pushing: bool = False) -> str:
    """One short line: 'Sync: …'."""
    if not status.configured:
        return _("Sync: not set up")
    if status.stopped == "token_refused":
        return _("Sync: stopped: token refused")
    if status.stopped:
        return _("Sync: stopped: see Settings")
    if pushing:
        return _("Sync: pushing…")
    if offline or status.failures:
        return _("Sync: offline, will retry")
    if status.waiting:
        return ngettext("Sync: {count} change waiting", "Sync: {count} changes waiting", status.waiting).format(
            count=status.waiting
        )
    return _("Sync: up to date")
