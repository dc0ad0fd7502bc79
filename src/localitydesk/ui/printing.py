"""Sending a finished PDF to the user's printer.

Qt (the Essentials wheel) cannot rasterise a PDF, and re-drawing our
documents through QPrinter would give a second layout to keep in step with
the reportlab one. The operating system already knows how to print a PDF:
Windows through the viewer's "print" verb, Linux and macOS through CUPS,
which accepts PDF as it is. So the file that was checked is the file printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from localitydesk.i18n import _

PRINT_TIMEOUT_S = 30


class PrintingUnavailable(Exception):
    """Printing failed or is impossible here; the message is for the user."""


def _cups_command() -> list[str] | None:
    for name in ("lp", "lpr"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def send_to_printer(path: Path) -> None:
    """Queue ``path`` on the default printer, or say plainly why not."""
    if not path.is_file():
        raise PrintingUnavailable(_("{path} is not there any more, so it cannot be printed.").format(path=path))
    if sys.platform == "win32":
        try:
            os.startfile(str(path), "print")  # type: ignore[attr-defined]  # Windows only
        except OSError as error:
            raise PrintingUnavailable(
                _("Windows could not print the PDF ({reason}). Open it and print it from the viewer.").format(reason=error)
            ) from error
        return
    command = _cups_command()
    if command is None:
        raise PrintingUnavailable(_("No printing system (lp or lpr) was found on this computer. Open the PDF and print it from the viewer."))
    try:
        finished = subprocess.run(command + [str(path)], capture_output=True, text=True, timeout=PRINT_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PrintingUnavailable(_("The printer did not answer ({reason}).").format(reason=error)) from error
    if finished.returncode != 0:
        reason = (finished.stderr or finished.stdout).strip() or str(finished.returncode)
        raise PrintingUnavailable(_("The printer refused the PDF: {reason}").format(reason=reason))
