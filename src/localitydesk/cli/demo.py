"""``localitydesk-cli demo``: build the demonstration data set."""

from __future__ import annotations

import argparse
import sys

from localitydesk.domain import places
from localitydesk.i18n import _
from localitydesk.i18n.formatting import format_decimal
from localitydesk.services.demo import DemoAlreadyBuilt, DemoOptions, build_demo
from localitydesk.services.demo.generator import DEFAULT_PROVIDERS, DEFAULT_SEED, DEFAULT_WEEKS, DEFAULT_WORKERS

from .context import EXIT_FAILED, EXIT_OK


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“{value}” is not a whole number.").format(value=text)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("“{value}” must not be negative.").format(value=text))
    return value


def _locality(text: str) -> str:
    code = text.strip().upper()
    if code not in places.LOCALITY_CODES:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a locality code; use one of {codes}.").format(value=text, codes=", ".join(places.LOCALITY_CODES))
        )
    return code


def register(subparsers) -> None:
    localities = ", ".join(f"{code} ({name_cy})" for code, name_cy, _name_en in places.LOCALITIES)
    parser = subparsers.add_parser(
        "demo",
        help=_("build a demonstration data set for North Wales"),
        description=_(
            "Fill an empty database with a believable, made-up North Wales locality: workers, providers, "
            "cover requests, bookings and timesheets around today's date. The same seed gives the same data."
        ),
    )
    parser.add_argument("--workers", type=_count, default=DEFAULT_WORKERS, metavar="N",
                        help=_("how many workers (default {default})").format(default=DEFAULT_WORKERS))
    parser.add_argument("--providers", type=_count, default=DEFAULT_PROVIDERS, metavar="N",
                        help=_("how many providers (default {default})").format(default=DEFAULT_PROVIDERS))
    parser.add_argument("--weeks", type=_count, default=DEFAULT_WEEKS, metavar="N",
                        help=_("weeks of requests and bookings, half before today and half after (default {default})").format(
                            default=DEFAULT_WEEKS))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                        help=_("random seed (default {default})").format(default=DEFAULT_SEED))
    parser.add_argument("--locality", type=_locality, default=places.LOCALITY_CODES[0], metavar="CODE",
                        help=_("the locality whose team the database holds: {localities}").format(localities=localities))
    parser.add_argument("--replace", action="store_true",
                        help=_("delete everything already in the database before building"))
    parser.set_defaults(handler=run, needs_db=True, creates_db=True)


def run(args, db) -> int:
    options = DemoOptions(
        workers=args.workers, providers=args.providers, weeks=args.weeks, seed=args.seed, locality=args.locality
    )
    try:
        summary = build_demo(db, options, replace=args.replace)
    except DemoAlreadyBuilt as error:
        print(_("error: {message}").format(message=error), file=sys.stderr)
        print(_("Use --replace to delete everything in it and build the demo again."), file=sys.stderr)
        return EXIT_FAILED
    counts = summary.counts
    print(
        _(
            "Demo for {locality} built in {seconds} s: workers {workers}, providers {providers}, "
            "cover requests {requests}, bookings {bookings}, timesheets {timesheets}."
        ).format(
            locality=summary.locality_name(),
            seconds=format_decimal(round(summary.seconds, 1), places=1),
            workers=counts["worker"],
            providers=counts["provider"],
            requests=counts["cover_request"],
            bookings=counts["booking"],
            timesheets=counts["timesheet"],
        )
    )
    return EXIT_OK
