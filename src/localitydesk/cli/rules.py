"""``rules check WORKER_ID``: every working-time breach in a worker's bookings."""

from __future__ import annotations

from localitydesk.i18n import _
from localitydesk.services.workers import find_worker_id
from localitydesk.services.working_time import worker_breaches

from .context import breaches_exit, print_json


def register(subparsers) -> None:
    parser = subparsers.add_parser("rules", help=_("working-time rules"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    check = actions.add_parser("check", help=_("every working-time breach in a worker's bookings"),
                               epilog=_("Exits 3 when a breach stands that nobody has overridden."))
    check.add_argument("worker", metavar="WORKER", help=_("the worker's id or staff number"))
    check.add_argument("--json", action="store_true", help=_("print JSON"))
    check.set_defaults(handler=check_command)


def check_command(args, db) -> int:
    reports = worker_breaches(db, find_worker_id(db, args.worker))
    if args.json:
        print_json({"violations": [r.as_dict() | {"overridden": r.overridden} for r in reports]})
        return breaches_exit(reports)
    if not reports:
        print(_("No working-time breaches."))
    for report in reports:
        print(f"✗ {report.detail}")
    return breaches_exit(reports)
