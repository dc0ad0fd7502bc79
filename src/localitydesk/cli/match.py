"""``match REQUEST_ID``: who can go, best first, and why not."""

from __future__ import annotations

from localitydesk.i18n import _
from localitydesk.services.matching import match_request
from localitydesk.services.workers import staff_numbers

from .arguments import parse_uuid
from .context import EXIT_OK, print_json


def register(subparsers) -> None:
    parser = subparsers.add_parser("match", help=_("rank the workers who can take a request"))
    parser.add_argument("request_id", type=parse_uuid, metavar="REQUEST_ID")
    parser.add_argument("--limit", type=int, default=None, help=_("show at most this many candidates"))
    parser.add_argument("--explain", action="store_true", help=_("also list who cannot go and why"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=match_command)


def match_command(args, db) -> int:
    outcome = match_request(db, args.request_id, limit=args.limit, explain=args.explain)
    numbers = staff_numbers(db, [c.worker_id for c in outcome.candidates] + [e.worker_id for e in outcome.excluded])
    if args.json:
        document = {
            "request": str(outcome.request_id),
            "candidates": [
                {"worker_id": str(c.worker_id), "staff_number": numbers.get(c.worker_id, ""), "name": c.name,
                 "score": round(c.score, 1), "reasons": c.reasons}
                for c in outcome.candidates
            ],
        }
        if args.explain:
            document["excluded"] = [
                {"worker_id": str(e.worker_id), "staff_number": numbers.get(e.worker_id, ""), "name": e.name, "rules": e.rules}
                for e in outcome.excluded
            ]
        print_json(document)
        return EXIT_OK
    if outcome.candidates:
        print(_("Who can go, best first (score; book with: book REQUEST_ID STAFF_NUMBER):"))
    else:
        print(_("Nobody can take this request.") + ("" if args.explain else " " + _("Add --explain to see why.")))
    for rank, candidate in enumerate(outcome.candidates, start=1):
        print(f"{rank:3}. {candidate.name} ({numbers.get(candidate.worker_id, '')}) — {candidate.score:.1f}")
        for reason in candidate.reasons:
            print(f"       · {reason}")
    if args.explain and outcome.excluded:
        print(_("Cannot go:"))
        for excluded in outcome.excluded:
            print(f"  {excluded.name} ({numbers.get(excluded.worker_id, '')})")
            for rule in excluded.rules:
                print(f"       ✗ {rule['text']}")
    return EXIT_OK
