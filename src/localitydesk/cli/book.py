"""``book REQUEST_ID WORKER_ID``: book a worker, refused with reasons when a hard rule forbids it."""

from __future__ import annotations

import sys

from localitydesk.domain.vocabulary import BookingKind
from localitydesk.i18n import _
from localitydesk.services.bookings import BookingRefused, book_worker
from localitydesk.services.users import default_actor
from localitydesk.services.workers import find_worker_id

from .arguments import parse_uuid
from .context import EXIT_FAILED, EXIT_OK


def register(subparsers) -> None:
    parser = subparsers.add_parser("book", help=_("book a worker on a cover request"))
    parser.add_argument("request_id", type=parse_uuid, metavar="REQUEST_ID")
    parser.add_argument("worker", metavar="WORKER", help=_("the worker's id or staff number"))
    parser.add_argument("--kind", choices=[k.value for k in BookingKind], help=_("bank, core or shadow (default: from the worker and request)"))
    parser.add_argument("--offer", action="store_true", help=_("offer the shift rather than book it outright"))
    parser.add_argument("--override-reason", default="", help=_("a manager's reason for setting aside a working-time rule"))
    parser.set_defaults(handler=book_command)


def book_command(args, db) -> int:
    try:
        result = book_worker(
            db, default_actor(db), args.request_id, find_worker_id(db, args.worker),
            kind=BookingKind(args.kind) if args.kind else None, offer=args.offer, override_reason=args.override_reason,
        )
    except BookingRefused as refused:
        print(_("Cannot book this worker:"), file=sys.stderr)
        for reason in refused.reasons:
            print(f"  ✗ {reason}", file=sys.stderr)
        if refused.overridable:
            print(_("A manager may override this with --override-reason."), file=sys.stderr)
        return EXIT_FAILED
    print(_("Booked: {booking}").format(booking=result.booking_id))
    return EXIT_OK
