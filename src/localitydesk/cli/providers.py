"""``localitydesk-cli providers import|export``: providers as CSV or XLSX files."""

from __future__ import annotations

from pathlib import Path

from localitydesk.i18n import _
from localitydesk.services.provider_io import HEADERS, export_providers, import_providers
from localitydesk.services.provider_io.columns import contact_form, preference_form, rate_form

from .context import EXIT_OK
from .workers import command_line_actor, summarise_import


def _format_help() -> str:
    # The separators are placeholders so that no message holds a '|'.
    return _(
        "One row per provider; the first row holds the column codes: {columns}. "
        "Yes/no, codes such as care_home and care_worker, a town's code or name. "
        "List columns separate items with '{item}' and parts with '{part}' "
        "(a '{escape}' before one of them or before another '{escape}' keeps it literal): "
        "welsh_essential_roles care_worker{item}registered_nurse{item} contacts {contact}{item} "
        "rates {rate}{item} preferences {preference}, naming workers by staff number. "
        "Rows are matched to providers by id, or without one by both names; a row that matches none adds a provider."
    ).format(
        columns=" ".join(HEADERS), item=";", part="|", escape="\\",
        contact=contact_form(), rate=rate_form(), preference=preference_form(),
    )


def register(subparsers) -> None:
    parser = subparsers.add_parser("providers", help=_("import or export providers as CSV or XLSX"))
    commands = parser.add_subparsers(dest="providers_command", metavar="ACTION")
    commands.required = True

    importing = commands.add_parser(
        "import",
        help=_("add and update providers from a .csv or .xlsx file"),
        description=_("Add and update providers from a .csv or .xlsx file. A file with any problem imports nothing, "
                      "unless you ask for the valid rows only."),
        epilog=_format_help(),
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--dry-run", action="store_true", help=_("check the file and report, without writing anything"))
    importing.add_argument("--valid-only", action="store_true", help=_("import the valid rows and skip the rows with problems"))
    importing.set_defaults(handler=run_import, needs_db=True)

    exporting = commands.add_parser(
        "export",
        help=_("write every provider to a .csv or .xlsx file"),
        description=_("Write every provider, with contacts, rates and preferences, to a .csv or .xlsx file that "
                      "import reads back unchanged."),
        epilog=_format_help(),
    )
    exporting.add_argument("file", type=Path, metavar="FILE")
    exporting.set_defaults(handler=run_export, needs_db=True)


def run_import(args, db) -> int:
    report = import_providers(db, command_line_actor(), args.file, dry_run=args.dry_run, valid_only=args.valid_only)
    return summarise_import(report, args.file)


def run_export(args, db) -> int:
    report = export_providers(db, args.file)
    print(_("Providers exported to {file}: {count}.").format(count=report.rows, file=report.path))
    return EXIT_OK
