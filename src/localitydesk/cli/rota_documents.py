"""``rota pdf`` and ``rota ics``: the rota's documents from the command line.

    localitydesk-cli --db PATH rota pdf --from 2026-11-30 --weeks 4 --out rota.pdf [--worker ID]
    localitydesk-cli --db PATH rota ics --from 2026-11-30 --weeks 4 --out rota.ics [--worker ID]

Without ``--worker`` the team's (the PDF bilingual, Welsh first); with it,
that worker's, in their preferred language. The ``rota`` command group adds
these through :func:`add_subcommands`, so this module has no ``register``.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from localitydesk.domain.wording import Wording
from localitydesk.i18n import _, ngettext
from localitydesk.services.rota import MAX_WEEKS
from localitydesk.services.rota_publish import team_calendar, team_pdf, worker_calendar, worker_pdf
from localitydesk.services.written_files import replaced_when_complete

from localitydesk.i18n.formatting import format_weekday_date
from localitydesk.services.workers import find_worker_id

from .arguments import parse_date
from .context import EXIT_OK


def add_subcommands(actions) -> None:
    """Add ``pdf`` and ``ics`` to the ``rota`` group's subparsers."""
    pdf = actions.add_parser("pdf", help=_("the rota as PDF: the team's, bilingual, or one worker's in their language"))
    ics = actions.add_parser("ics", help=_("the rota as an iCalendar file for Outlook and phone calendars"))
    pdf.add_argument("--from", dest="first", type=_monday, required=True, metavar="DATE",
                     help=_("the Monday the rota's first week begins"))
    ics.add_argument("--from", dest="first", type=parse_date, required=True, metavar="DATE", help=_("the first day"))
    for parser, handler in ((pdf, pdf_command), (ics, ics_command)):
        parser.add_argument("--weeks", type=_weeks, default=4, metavar="N", help=_("number of weeks (default 4)"))
        parser.add_argument("--out", type=Path, required=True, metavar="PATH", help=_("the file to write"))
        parser.add_argument("--worker", metavar="ID", help=_("one core-team member's rota (id or staff number)"))
        parser.set_defaults(handler=handler)


def _monday(text: str) -> date:
    """A printed rota is in whole rota weeks, Monday to Sunday, as hours and
    contracts are counted; another day is refused with the Monday before it."""
    day = parse_date(text)
    if day.weekday() != 0:
        monday = day - timedelta(days=day.weekday())
        message = _("{day} is not a Monday: a rota week begins on a Monday, such as {monday}.")
        raise argparse.ArgumentTypeError(
            Wording().sentence(message.format(day=format_weekday_date(day), monday=monday.isoformat()))
        )
    return day


def _weeks(text: str) -> int:
    try:
        weeks = int(text)
    except ValueError:
        weeks = 0
    if not 1 <= weeks <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(_("Choose from 1 to {weeks} weeks.").format(weeks=MAX_WEEKS))
    return weeks


def pdf_command(args, db) -> int:
    with replaced_when_complete(args.out) as partial:
        if args.worker:
            pages = worker_pdf(db, args.first, args.weeks, find_worker_id(db, args.worker), str(partial))
        else:
            pages = team_pdf(db, args.first, args.weeks, str(partial))
    print(ngettext("Written: {path} ({pages} page)", "Written: {path} ({pages} pages)", pages).format(path=args.out, pages=pages))
    return EXIT_OK


def ics_command(args, db) -> int:
    if args.worker:
        text = worker_calendar(db, args.first, args.weeks, find_worker_id(db, args.worker))
    else:
        text = team_calendar(db, args.first, args.weeks)
    with replaced_when_complete(args.out) as partial:
        partial.write_bytes(text.encode("utf-8"))
    print(_("Written: {path}").format(path=args.out))
    return EXIT_OK
