"""``statements``: issue providers' statements for a period (PDF and CSV), list
what has been issued, and reverse a statement with a credit note."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from localitydesk.i18n import _, current_language, formatting, ngettext
from localitydesk.services.statements import (
    find_statement,
    issue_credit_note,
    issue_statements,
    list_statements,
    preview_statements,
)
from localitydesk.services.users import default_actor

from .arguments import parse_date, parse_uuid
from .context import EXIT_OK, EXIT_USAGE, print_json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "statements", help=_("issue each provider's statement for a period (PDF and CSV); its timesheets become invoiced")
    )
    parser.add_argument("--from", dest="date_from", type=parse_date, metavar="DATE", help=_("first day, YYYY-MM-DD"))
    parser.add_argument("--to", dest="date_to", type=parse_date, metavar="DATE", help=_("last day, YYYY-MM-DD"))
    parser.add_argument("--provider", type=parse_uuid, metavar="ID", help=_("only this provider"))
    parser.add_argument("--out", type=Path, metavar="DIR", help=_("folder for the PDF and CSV files"))
    parser.add_argument("--lang", choices=("cy", "en", "both"), default="both", help=_("language of the PDFs (default: both, Welsh first)"))
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--preview", action="store_true", help=_("show what would be charged without issuing anything"))
    mode.add_argument("--list", action="store_true", help=_("list the statements and credit notes issued"))
    mode.add_argument("--credit", metavar="NUMBER",
                      help=_("reverse this statement with a credit note (give --reason); its timesheets can then change"))
    parser.add_argument("--reason", default="", help=_("why the statement is credited"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=statements_command)


def statements_command(args, db) -> int:
    if args.list:
        rows = [item.as_dict() for item in list_statements(db, args.provider)]
    elif args.credit:
        statement = find_statement(db, args.credit)
        credit = issue_credit_note(db, default_actor(db), statement.statement_id, args.reason, out_dir=args.out, language=args.lang)
        rows = [credit.as_dict()]
    else:
        if args.date_from is None or args.date_to is None:
            print(_("error: {message}").format(message=_("give the period with --from DATE and --to DATE")))
            return EXIT_USAGE
        if args.preview:
            rows = [
                {"provider_id": str(d.provider_id), "provider_cy": d.provider_name_cy, "provider_en": d.provider_name_en,
                 "lines": len(d.statement.lines), "subtotal": str(d.statement.subtotal), "vat": str(d.statement.vat),
                 "total": str(d.statement.total)}
                for d in preview_statements(db, args.date_from, args.date_to, args.provider)
            ]
        elif args.out is None:
            print(_("error: {message}").format(message=_("say where to write the statements with --out DIR")))
            return EXIT_USAGE
        else:
            issued = issue_statements(db, default_actor(db), args.date_from, args.date_to, args.provider, args.out, args.lang)
            rows = [item.as_dict() for item in issued]
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print(_("Nothing to charge in that period.") if not args.list else _("No statements have been issued yet."))
    for row in rows:
        line = ngettext("{number} {provider}: {lines} line, total {total}",
                        "{number} {provider}: {lines} lines, total {total}", row["lines"]).format(
            number=row.get("number", "—"), provider=row["provider_cy" if current_language() == "cy" else "provider_en"],
            lines=row["lines"],
            total=formatting.format_money(Decimal(row["total"])))
        if row.get("credits"):
            line += " " + _("(credits {number})").format(number=row["credits"])
        print(line)
    return EXIT_OK
