"""``statements``: issue providers' statements for a period, as PDF and CSV."""

from __future__ import annotations

from pathlib import Path

from localitydesk.i18n import _, formatting
from localitydesk.services.statements import issue_statements, preview_statements
from localitydesk.services.users import default_actor

from .arguments import parse_date, parse_uuid
from .context import EXIT_OK, print_json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "statements", help=_("issue each provider's statement for a period (PDF and CSV); its timesheets become invoiced")
    )
    parser.add_argument("--from", dest="date_from", type=parse_date, required=True, metavar="DATE", help=_("first day, YYYY-MM-DD"))
    parser.add_argument("--to", dest="date_to", type=parse_date, required=True, metavar="DATE", help=_("last day, YYYY-MM-DD"))
    parser.add_argument("--provider", type=parse_uuid, metavar="ID", help=_("only this provider"))
    parser.add_argument("--out", type=Path, metavar="DIR", help=_("folder for the PDF and CSV files"))
    parser.add_argument("--lang", choices=("cy", "en", "both"), default="both", help=_("language of the PDFs (default: both, Welsh first)"))
    parser.add_argument("--preview", action="store_true", help=_("show what would be charged without issuing anything"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=statements_command)


def statements_command(args, db) -> int:
    if args.preview:
        drafts = preview_statements(db, args.date_from, args.date_to, args.provider)
        rows = [
            {"provider_id": str(d.provider_id), "provider_cy": d.provider_name_cy, "provider_en": d.provider_name_en,
             "lines": len(d.statement.lines), "subtotal": str(d.statement.subtotal), "vat": str(d.statement.vat),
             "total": str(d.statement.total)}
            for d in drafts
        ]
    else:
        if args.out is None:
            print(_("error: {message}").format(message=_("say where to write the statements with --out DIR")))
            return 2
        issued = issue_statements(db, default_actor(db), args.date_from, args.date_to, args.provider, args.out, args.lang)
        rows = [item.as_dict() for item in issued]
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print(_("Nothing to charge in that period."))
    for row in rows:
        print(_("{number} {provider}: {lines} lines, total {total}").format(
            number=row.get("number", "—"), provider=row["provider_en"], lines=row["lines"],
            total=formatting.format_money(__import__("decimal").Decimal(row["total"]))))
    return EXIT_OK
