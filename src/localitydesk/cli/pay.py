"""``pay export``: hours per worker for a pay period, as the payroll bureau's CSV."""

from __future__ import annotations

from pathlib import Path

from localitydesk.i18n import _
from localitydesk.services.pay_export import export_pay
from localitydesk.services.users import default_actor

from .arguments import parse_date
from .context import EXIT_OK


def register(subparsers) -> None:
    parser = subparsers.add_parser("pay", help=_("the payroll export"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    export = actions.add_parser("export", help=_("hours per worker for a pay period, as CSV"))
    export.add_argument("--from", dest="date_from", type=parse_date, required=True, metavar="DATE", help=_("first day, YYYY-MM-DD"))
    export.add_argument("--to", dest="date_to", type=parse_date, required=True, metavar="DATE", help=_("last day, YYYY-MM-DD"))
    export.add_argument("--out", type=Path, required=True, metavar="FILE.csv", help=_("where to write the CSV"))
    export.add_argument("--lock", action="store_true", help=_("lock the approved timesheets paid, so they cannot drift"))
    export.set_defaults(handler=export_command)


def export_command(args, db) -> int:
    result = export_pay(db, default_actor(db), args.date_from, args.date_to, args.out, lock=args.lock)
    print(_("Written: {path} ({rows} rows for {workers} workers from {timesheets} timesheets)").format(
        path=args.out, rows=result.rows, workers=result.workers, timesheets=result.timesheets))
    if result.waiting:
        print(_("Not paid yet, waiting for a signature or verification: {count}").format(count=result.waiting))
    return EXIT_OK
