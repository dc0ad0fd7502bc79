"""Opening the database for a command and turning errors into messages."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from localitydesk.i18n import _
from localitydesk.paths import default_database_path
from localitydesk.services.errors import ServiceError, ValidationError
from localitydesk.store.database import Database, DatabaseError, open_database

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
# A check ran and found breaches nobody has overridden: scripts and cron jobs
# can tell that apart from an error (1) and from a clean rota (0).
EXIT_BREACHES = 3


def breaches_exit(breaches) -> int:
    """The exit code of a check: 3 if any breach stands (not overridden), else 0."""
    return EXIT_BREACHES if any(not breach.overridden for breach in breaches) else EXIT_OK


def database_path(args) -> Path:
    return args.db if args.db else default_database_path()


def run_handler(args) -> int:
    handler = args.handler
    needs_db = getattr(args, "needs_db", True)
    try:
        if not needs_db:
            return handler(args, None)
        path = database_path(args)
        if not path.exists() and not getattr(args, "creates_db", False):
            # A mistyped --db must not quietly become a new, empty database.
            raise ServiceError(_("There is no database at {path}. Build the demonstration data there with the demo "
                                 "command, or open the app to set up your locality.").format(path=path))
        db = open_database(path)
        try:
            return handler(args, db)
        finally:
            db.close()
    except ValidationError as error:
        for field, message in error.errors.items():
            print(_("error: {field}: {message}").format(field=field, message=message), file=sys.stderr)
        return EXIT_FAILED
    except (ServiceError, DatabaseError) as error:
        print(_("error: {message}").format(message=error), file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        raise  # the reader went away: main() ends quietly
    except OSError as error:
        # A folder that does not exist, a file open in another program, a full
        # disk: said with the file it concerns, never as a traceback.
        print(_("error: {message}").format(message=file_problem(error)), file=sys.stderr)
        return EXIT_FAILED


def file_problem(error: OSError) -> str:
    name = error.filename or ""
    if isinstance(error, FileNotFoundError):
        folder = Path(name).parent if name else None
        if folder is not None and not folder.exists():
            return _("The folder {folder} does not exist; create it first or choose another.").format(folder=folder)
        return _("{file} does not exist.").format(file=name)
    if isinstance(error, PermissionError):
        return _("{file} cannot be written or read: permission denied. Is it open in another program?").format(file=name)
    if isinstance(error, IsADirectoryError):
        return _("{path} is a folder; give a file name.").format(path=name)
    return _("{file}: {reason}").format(file=name, reason=error.strerror or error)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


__all__ = ["Database", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "database_path", "print_json", "run_handler"]
