"""``timesheets pdf`` and ``timesheets list``: a week's timesheets."""

from __future__ import annotations

import argparse
from pathlib import Path

from localitydesk.i18n import _, formatting
from localitydesk.services.errors import ServiceError
from localitydesk.services.timesheets import parse_iso_week, week_timesheets, write_week_pdf
from localitydesk.services.timesheets.week import STATE_LABELS

from .arguments import parse_uuid
from .context import EXIT_OK, print_json


def _week(text: str):
    try:
        return parse_iso_week(text)
    except ServiceError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(subparsers) -> None:
    parser = subparsers.add_parser("timesheets", help=_("a week's timesheets: list them or print them as one PDF"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    pdf = actions.add_parser("pdf", help=_("one PDF of a week's timesheets with a cover sheet"))
    pdf.add_argument("--week", type=_week, required=True, metavar="YYYY-Www", help=_("the ISO week, e.g. 2025-W43"))
    pdf.add_argument("--provider", type=parse_uuid, metavar="ID", help=_("only this provider's timesheets"))
    pdf.add_argument("--lang", choices=("cy", "en", "both"), default="both", help=_("language of the PDF (default: both, Welsh first)"))
    pdf.add_argument("--paper", action="store_true", help=_("blank signature boxes, for signing in ink"))
    pdf.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help=_("where to write the PDF"))
    pdf.set_defaults(handler=pdf_command)

    listing = actions.add_parser("list", help=_("the week's timesheets by provider, with their state"))
    listing.add_argument("--week", type=_week, required=True, metavar="YYYY-Www", help=_("the ISO week, e.g. 2025-W43"))
    listing.add_argument("--provider", type=parse_uuid, metavar="ID", help=_("only this provider's timesheets"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_command)


def pdf_command(args, db) -> int:
    printed = write_week_pdf(db, args.week, args.out, provider_id=args.provider, language=args.lang, paper=args.paper)
    print(_("Written: {path} ({timesheets} timesheets, {pages} pages)").format(
        path=args.out, timesheets=printed.timesheets, pages=printed.pages))
    return EXIT_OK


def list_command(args, db) -> int:
    groups = week_timesheets(db, args.week, provider_id=args.provider)
    if args.json:
        print_json([
            {
                "provider_id": str(group.provider_id),
                "provider_cy": group.name_cy,
                "provider_en": group.name_en,
                "timesheets": [
                    {
                        "booking_id": str(row.booking_id),
                        "reference": row.reference,
                        "worker": row.worker_name,
                        "start": row.actual_start.isoformat(),
                        "end": row.actual_end.isoformat(),
                        "break_minutes": row.break_minutes,
                        "hours": str(row.paid_hours),
                        "state": row.state.value,
                        "breaches": list(row.breaches),
                    }
                    for row in group.rows
                ],
            }
            for group in groups
        ])
        return EXIT_OK
    for group in groups:
        print(group.name_cy if group.name_cy == group.name_en else f"{group.name_cy} / {group.name_en}")
        for row in group.rows:
            start = formatting.to_local(row.actual_start)
            end = formatting.to_local(row.actual_end)
            # The day as the app's lists write it, in the chosen language ("Mer 25 Tach").
            day = formatting.format_date(start, "EEE d MMM")
            when = f"{day} {formatting.format_time(start)}–{formatting.format_time(end)}"
            print(f"  {row.reference}  {when:<22}  {row.worker_name:<28} "
                  f"{formatting.format_hours(row.paid_hours or 0):>6}  {_(STATE_LABELS[row.state])}")
            for breach in row.breaches:
                print(f"      ⚠ {breach}")
    return EXIT_OK
