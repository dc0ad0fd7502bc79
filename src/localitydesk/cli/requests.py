"""``requests list``: cover requests in a period."""

from __future__ import annotations

from datetime import timedelta

from localitydesk.domain.vocabulary import RequestStatus, label
from localitydesk.i18n import _, current_language
from localitydesk.i18n.formatting import format_datetime, format_time
from localitydesk.services.requests import list_requests

from .arguments import parse_date, start_of
from .context import EXIT_OK, print_json


def register(subparsers) -> None:
    parser = subparsers.add_parser("requests", help=_("cover requests"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    listing = actions.add_parser("list", help=_("list cover requests, unfilled and soonest first"))
    listing.add_argument("--from", dest="first", type=parse_date, help=_("first day (default: today)"))
    listing.add_argument("--to", dest="last", type=parse_date, help=_("last day (default: a week on)"))
    listing.add_argument("--status", choices=[s.value for s in RequestStatus])
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_command)


def list_command(args, db) -> int:
    from datetime import date

    first = args.first or date.today()
    last = args.last or first + timedelta(days=7)
    statuses = (RequestStatus(args.status),) if args.status else None
    rows = list_requests(db, start_of(first), start_of(last + timedelta(days=1)), statuses)
    if args.json:
        print_json({"requests": [
            {
                "id": str(r.id), "provider": r.provider_name(current_language()), "role": r.role.value,
                "starts_at": r.starts_at.isoformat(), "ends_at": r.ends_at.isoformat(),
                "staff_needed": r.staff_needed, "booked": r.booked, "status": r.status.value,
                "welsh_requirement": r.welsh_requirement.value, "welsh_level": r.welsh_level,
                "requested_at": r.requested_at.isoformat(),
            }
            for r in rows
        ]})
        return EXIT_OK
    for r in rows:
        print(
            f"{r.id}  {format_datetime(r.starts_at, 'short')}–{format_time(r.ends_at)}  "
            f"{r.provider_name(current_language())}  {label(r.role)}  {r.booked}/{r.staff_needed}  {label(r.status)}"
        )
    return EXIT_OK
