"""``confirmation BOOKING_ID``: the worker's confirmation as text or PDF."""

from __future__ import annotations

from localitydesk.i18n import _
from localitydesk.services.confirmations import confirmation_message, save_confirmation_pdf

from .arguments import parse_uuid
from .context import EXIT_OK


def register(subparsers) -> None:
    parser = subparsers.add_parser("confirmation", help=_("a booking's confirmation, in the worker's language"))
    parser.add_argument("booking_id", type=parse_uuid, metavar="BOOKING_ID")
    parser.add_argument("--sms", action="store_true", help=_("the short text-message version"))
    parser.add_argument("--pdf", metavar="FILE", help=_("write the PDF to FILE"))
    parser.set_defaults(handler=confirmation_command)


def confirmation_command(args, db) -> int:
    if args.pdf:
        print(_("Written: {path}").format(path=save_confirmation_pdf(db, args.booking_id, args.pdf)))
        return EXIT_OK
    sms, email = confirmation_message(db, args.booking_id)
    print(sms if args.sms else email, end="" if not args.sms else "\n")
    return EXIT_OK
