"""``localitydesk-cli workers import|export``: workers as CSV or XLSX files."""

from __future__ import annotations

import sys
from pathlib import Path

from localitydesk.i18n import _
from localitydesk.services.worker_io import HEADERS, ImportReport, WelshScale, export_workers, import_workers
from localitydesk.services.worker_io.columns import absence_form, compliance_form
from localitydesk.store.journal import Actor

from .context import EXIT_FAILED, EXIT_OK


def _format_help() -> str:
    # The separators are placeholders so that no message holds a '|'.
    return _(
        "One row per worker; the first row holds the column codes: {columns}. "
        "Dates as YYYY-MM-DD, yes/no, codes such as care_worker. "
        "List columns separate items with '{item}' and parts with '{part}' "
        "(a '{escape}' before one of them or before another '{escape}' keeps it literal): "
        "roles care_worker{item}senior_care_worker{item} compliance {compliance}{item} "
        "availability mon 08:00-20:00{item} absences {absence}. "
        "Rows are matched to workers by staff number: a known number updates that worker, a new one adds a worker."
    ).format(
        columns=" ".join(HEADERS), item=";", part="|", escape="\\",
        compliance=compliance_form(), absence=absence_form(),
    )


def register(subparsers) -> None:
    parser = subparsers.add_parser("workers", help=_("import or export workers as CSV or XLSX"))
    commands = parser.add_subparsers(dest="workers_command", metavar="ACTION")
    commands.required = True

    importing = commands.add_parser(
        "import",
        help=_("add and update workers from a .csv or .xlsx file"),
        description=_("Add and update workers from a .csv or .xlsx file. A file with any problem imports nothing, "
                      "unless you ask for the valid rows only."),
        epilog=_format_help(),
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--dry-run", action="store_true", help=_("check the file and report, without writing anything"))
    importing.add_argument("--valid-only", action="store_true", help=_("import the valid rows and skip the rows with problems"))
    importing.add_argument(
        "--welsh-scale",
        choices=[scale.value for scale in WelshScale],
        default=WelshScale.NATIVE.value,
        help=_("the scale of the Welsh levels in the file: 0-5 (ours), 1-5 (1 none … 5 fluent) or cefr (A1 … C2)"),
    )
    importing.set_defaults(handler=run_import, needs_db=True)

    exporting = commands.add_parser(
        "export",
        help=_("write every worker to a .csv or .xlsx file"),
        description=_("Write every worker, leavers included, to a .csv or .xlsx file that import reads back unchanged."),
        epilog=_format_help(),
    )
    exporting.add_argument("file", type=Path, metavar="FILE")
    exporting.set_defaults(handler=run_export, needs_db=True)


def command_line_actor() -> Actor:
    import getpass

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    # Stored in the audit log as it is: a name, not words for the reader.
    return Actor(user_id=None, name=f"{user} (localitydesk-cli)")


def print_problems(report: ImportReport) -> None:
    for problem in report.errors:
        if problem.column:
            line = _("row {row}, {column}: {message}").format(row=problem.row, column=problem.column, message=problem.message)
        else:
            line = _("row {row}: {message}").format(row=problem.row, message=problem.message)
        print(line, file=sys.stderr)


def run_import(args, db) -> int:
    report = import_workers(
        db,
        command_line_actor(),
        args.file,
        dry_run=args.dry_run,
        valid_only=args.valid_only,
        scale=args.welsh_scale,
    )
    return summarise_import(report, args.file)


def summarise_import(report: ImportReport, file: Path) -> int:
    """Print the problems and what happened; the exit code. Shared by every
    import command (workers, providers), whose reports have one shape."""
    print_problems(report)
    counts = dict(
        file=file.name,
        read=report.rows_read,
        ok=report.rows_ok,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        problems=len(report.errors),
        skipped=report.rows_with_errors,
    )
    if report.dry_run:
        print(
            _(
                "Checked {file}: {ok} of {read} rows are valid; importing would add {created}, update {updated} "
                "and leave {unchanged} unchanged. Nothing was written."
            ).format(**counts)
        )
        return EXIT_FAILED if report.errors and not report.valid_only else EXIT_OK
    if report.refused:
        print(
            _("Problems found: {problems}. Nothing was imported from {file}. Put the rows right, or use --valid-only "
              "to import only the valid rows.").format(**counts),
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(_("Imported {file}: added {created}, updated {updated}, unchanged {unchanged}.").format(**counts))
    if report.errors:
        print(_("Rows skipped because of problems: {skipped}.").format(**counts), file=sys.stderr)
    return EXIT_OK


def run_export(args, db) -> int:
    report = export_workers(db, args.file)
    print(_("Workers exported to {file}: {count}.").format(count=report.rows, file=report.path))
    return EXIT_OK

