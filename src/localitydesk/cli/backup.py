"""``backup`` and ``restore``: the Settings page's backups, for scripts.

    localitydesk-cli --db PATH backup [--out FILE] [--folder DIR] [--list]
    localitydesk-cli --db PATH restore FILE [--folder DIR]

Neither opens the database the usual way: a backup must not migrate the file
it copies, and a restore must work when the current file is damaged, from a
newer version, or not there at all (a new laptop being set up from a backup).
"""

from __future__ import annotations

import sys
from pathlib import Path

from localitydesk.i18n import _, current_language
from localitydesk.i18n.formatting import format_datetime
from localitydesk.paths import Settings
from localitydesk.services import backups

from .context import EXIT_FAILED, EXIT_OK, database_path


def register(subparsers) -> None:
    backup = subparsers.add_parser(
        "backup",
        help=_("back up the database"),
        description=_(
            "Copy the database safely, even while the app is using it. Without --out the copy goes to the "
            "backup folder chosen in Settings, with the others."
        ),
    )
    backup.add_argument("--out", type=Path, metavar="FILE", help=_("write the backup to this file"))
    backup.add_argument("--folder", type=Path, metavar="DIR", help=_("backup folder (default: the one chosen in Settings)"))
    backup.add_argument("--list", action="store_true", help=_("list the backups in the backup folder instead"))
    backup.set_defaults(handler=run_backup, needs_db=False)

    restore = subparsers.add_parser(
        "restore",
        help=_("replace the database with a backup"),
        description=_(
            "Replace the database with a backup. The backup is checked first, and the database as it was "
            "is kept in the backup folder before anything is replaced."
        ),
    )
    restore.add_argument("file", type=Path, metavar="FILE", help=_("the backup to restore"))
    restore.add_argument("--folder", type=Path, metavar="DIR", help=_("backup folder (default: the one chosen in Settings)"))
    restore.set_defaults(handler=run_restore, needs_db=False)


def _folder(args) -> Path:
    return args.folder if args.folder else backups.backup_folder(Settings())


def run_backup(args, _db) -> int:
    database = database_path(args)
    folder = _folder(args)
    if args.list:
        found = backups.list_backups(database, folder)
        if not found:
            print(_("No backups of {name} in {folder}.").format(name=database.name, folder=folder))
        for backup in found:
            print(f"{format_datetime(backup.taken_at)}  {backups.kind_label(backup.kind)}  {backup.path}")
        return EXIT_OK
    if not database.is_file():
        print(_("error: {message}").format(message=_("{path} does not exist.").format(path=database)), file=sys.stderr)
        return EXIT_FAILED
    if args.out:
        written = backups.backup_to_file(database, args.out)
    else:
        written = backups.backup_now(database, folder).path
    print(_("Backup written to {path}").format(path=written))
    return EXIT_OK


def run_restore(args, _db) -> int:
    database = database_path(args)
    result = backups.restore_into_path(database, args.file, _folder(args))
    name = result.contents.locality_name_cy if current_language() == "cy" else result.contents.locality_name_en
    print(_("Restored {locality} from {backup} into {path}.").format(locality=name, backup=result.restored_from, path=database))
    if result.previous is not None:
        print(_("The database as it was before is kept in {path}").format(path=result.previous.path))
    return EXIT_OK

