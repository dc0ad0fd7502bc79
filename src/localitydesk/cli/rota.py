"""``rota check`` and ``rota autofill``: the core team's rota for a period.

    localitydesk-cli --db PATH rota check --from DATE --weeks N [--json]
    localitydesk-cli --db PATH rota autofill --from DATE --weeks N [--time-limit SECONDS]
                                              [--margin HOURS] [--apply] [--json]

Without ``--apply`` auto-fill writes nothing: it shows what it would book and
why each request it leaves is left.
"""

from __future__ import annotations

import sys

from localitydesk.i18n import _, current_language, ngettext
from localitydesk.i18n.formatting import format_datetime, format_time
from localitydesk.services import rota
from localitydesk.services.users import default_actor

from . import rota_documents
from .arguments import parse_date, start_of
from .context import EXIT_OK, breaches_exit, print_json


def register(subparsers) -> None:
    parser = subparsers.add_parser("rota", help=_("the core team's rota: check it, auto-fill it"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    check = actions.add_parser("check", help=_("every breach in the core team's rota for a period"),
                               epilog=_("Exits 3 when a breach stands that nobody has overridden."))
    _period_arguments(check)
    check.add_argument("--json", action="store_true", help=_("print JSON"))
    check.set_defaults(handler=check_command)

    autofill = actions.add_parser(
        "autofill",
        help=_("fill open requests from the core team (nothing is written without --apply)"),
        description=_(
            "Fill the period's open cover requests from the core team as fully and fairly as the rules allow, "
            "and say why each request left unfilled could not be filled. Existing bookings stay as they are."
        ),
    )
    _period_arguments(autofill)
    autofill.add_argument(
        "--time-limit", type=float, default=10.0, metavar="SECONDS", help=_("how long the search may take (default 10)")
    )
    autofill.add_argument(
        "--margin", type=float, default=4.0, metavar="HOURS",
        help=_("hours a week over their contract auto-fill may book someone (default 4)"),
    )
    autofill.add_argument("--apply", action="store_true", help=_("book what auto-fill proposes"))
    autofill.add_argument("--json", action="store_true", help=_("print JSON"))
    autofill.set_defaults(handler=autofill_command)
    rota_documents.add_subcommands(actions)  # pdf and ics


def _period_arguments(parser) -> None:
    parser.add_argument("--from", dest="first", type=parse_date, required=True, metavar="DATE", help=_("first day (YYYY-MM-DD)"))
    parser.add_argument("--weeks", type=int, default=4, metavar="N", help=_("number of weeks (default 4)"))


def _period(args):
    return rota.period_bounds(start_of(args.first), args.weeks)


def check_command(args, db) -> int:
    first, last = _period(args)
    violations = rota.rota_check(db, first, last)
    if args.json:
        print_json({"violations": [v.as_dict() for v in violations]})
        return breaches_exit(violations)
    if not violations:
        print(_("No breaches in the core team's rota."))
    for violation in violations:
        mark = _("(overridden)") + " " if violation.overridden else ""
        print(f"✗ {violation.worker_name}: {mark}{violation.detail}")
    return breaches_exit(violations)


def autofill_command(args, db) -> int:
    first, last = _period(args)
    options = rota.AutofillOptions(time_limit_s=args.time_limit, contract_margin_h=args.margin)
    proposal = rota.plan_autofill(db, first, last, options)
    applied = rota.apply_autofill(db, default_actor(db), proposal) if args.apply else None
    if args.json:
        document = proposal.as_dict()
        if applied is not None:
            document["applied"] = [str(booking_id) for booking_id in applied.booking_ids]
        print_json(document)
        return EXIT_OK
    _print_proposal(proposal, applied)
    return EXIT_OK


def _print_proposal(proposal, applied) -> None:
    result = proposal.result
    language = current_language()
    print(
        ngettext(
            "Auto-fill places {assigned} of {open} open place.",
            "Auto-fill places {assigned} of {open} open places.",
            result.open_before,
        ).format(assigned=result.assigned, open=result.open_before)
    )
    if result.status == "OPTIMAL":
        print(_("This is the best fill the rules allow."))
    else:
        print(
            _("At most {gap}% short of the best fill possible (objective {objective}, bound {bound}).").format(
                gap=f"{100 * result.gap:.2f}", objective=f"{result.objective:.1f}", bound=f"{result.bound:.1f}"
            )
        )
    for booking in proposal.bookings:
        print(
            f"  ✓ {format_datetime(booking.starts_at, 'short')}–{format_time(booking.ends_at)}  "
            f"{booking.provider_name(language)}  {booking.worker_name}"
        )
    if result.unfilled:
        print(_("Not filled from the core team:"))
    for unfilled in result.unfilled:
        print(
            f"  ✗ {format_datetime(unfilled.start, 'short')}–{format_time(unfilled.end)}  {unfilled.provider}  "
            f"({unfilled.request_id})"
        )
        print(f"      {unfilled.summary}")
        for reason in unfilled.reasons:
            print(f"        · {reason.name}: {reason.text}")
    if applied is None:
        print(_("Nothing has been booked. Run again with --apply to book these."), file=sys.stderr)
    else:
        print(
            ngettext("Booked {count} shift.", "Booked {count} shifts.", len(applied.booking_ids)).format(
                count=len(applied.booking_ids)
            )
        )
