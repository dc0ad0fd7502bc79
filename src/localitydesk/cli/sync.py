"""``sync``: push the outbox to the regional server, show its state, settle conflicts."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from localitydesk.i18n import _
from localitydesk.i18n.formatting import format_datetime
from localitydesk.services.errors import ServiceError
from localitydesk.services.sync import (
    clear_stop,
    push_outbox,
    resolve_target,
    set_server,
    set_token,
    sync_status,
)
from localitydesk.services.sync.conflicts import (
    acknowledge_rejection,
    keep_server_version,
    list_conflicts,
    list_rejections,
    reason_text,
    resend_ours,
)
from localitydesk.services.sync.field_labels import field_label
from localitydesk.services.sync.problem_wording import problem_text
from localitydesk.services.sync.wording import status_line, stop_message
from localitydesk.store.journal import Actor
from localitydesk.sync.pusher import PushState
from localitydesk.sync.token_store import read_token_file

from .context import EXIT_FAILED, EXIT_OK, print_json

CLI_ACTOR = Actor(user_id=None, name="localitydesk-cli")


def register(subparsers) -> None:
    parser = subparsers.add_parser("sync", help=_("push changes to the regional server; sync state and conflicts"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    push = actions.add_parser("push", help=_("send every waiting change to the regional server"))
    push.add_argument("--server", help=_("server address (default: the one set for this database)"))
    push.add_argument("--token-file", type=Path, help=_("read the token from this file instead of the keyring"))
    push.add_argument("--ca-file", help=_("certificate of a private certificate authority (PEM)"))
    push.add_argument("--attempts", type=int, default=5, help=_("failed attempts in a row before giving up (default 5)"))
    push.add_argument("--json", action="store_true", help=_("print JSON"))
    push.set_defaults(handler=push_command)

    status = actions.add_parser("status", help=_("show the backlog, the last success and any problem"))
    status.add_argument("--json", action="store_true", help=_("print JSON"))
    status.set_defaults(handler=status_command)

    server = actions.add_parser("set-server", help=_("remember the regional server for this database"))
    server.add_argument("url", help=_("address, https://…"))
    server.add_argument("--ca-file", help=_("certificate of a private certificate authority (PEM)"))
    server.set_defaults(handler=set_server_command)

    token = actions.add_parser(
        "set-token", help=_("keep the locality's token in the keyring (read from a file or typed; never an argument)")
    )
    token.add_argument("--token-file", type=Path, help=_("read the token from this file"))
    token.set_defaults(handler=set_token_command)

    conflicts = actions.add_parser("conflicts", help=_("list conflicts and rejections, field by field"))
    conflicts.add_argument("--json", action="store_true", help=_("print JSON"))
    conflicts.set_defaults(handler=conflicts_command)

    resolve = actions.add_parser("resolve", help=_("settle a conflict"))
    resolve.add_argument("seq", type=int, help=_("the conflict's number, from 'sync conflicts'"))
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--keep-server", action="store_true", help=_("take the server's version"))
    how.add_argument("--resend-ours", action="store_true", help=_("send ours again on top of the server's version"))
    resolve.set_defaults(handler=resolve_command)

    acknowledge = actions.add_parser("acknowledge", help=_("take a rejected change off the list"))
    acknowledge.add_argument("seq", type=int)
    acknowledge.set_defaults(handler=acknowledge_command)


def _token_from_file(path: Path) -> str:
    try:
        token, private = read_token_file(path)
    except OSError as error:
        raise ServiceError(_("The token file could not be read: {error}").format(error=error)) from error
    if not private:
        print(_("warning: {path} can be read by other users").format(path=path), file=sys.stderr)
    return token


def push_command(args, db) -> int:
    token = _token_from_file(args.token_file) if args.token_file else None
    target = resolve_target(db, server_url=args.server, token=token, ca_file=args.ca_file)
    clear_stop(db)  # asking to push is the user acting on whatever stopped it
    report = push_outbox(db, target, max_attempts=max(1, args.attempts))
    if args.json:
        print_json(report.as_dict())
    else:
        print(
            _("pushed {pushed}: {applied} applied, {duplicates} already there, {conflicts} conflicts, "
              "{rejected} rejected; {backlog} waiting").format(**report.as_dict())
        )
    if report.state is PushState.STOPPED:
        print(_("error: {message}").format(message=stop_message(str(report.stop))), file=sys.stderr)
        if report.error:
            print(_("the server said: {message}").format(message=report.error), file=sys.stderr)
        return EXIT_FAILED
    if report.state is not PushState.UP_TO_DATE:
        print(_("The server could not be reached; {count} changes still wait. Try again later.").format(
            count=report.backlog), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def status_command(args, db) -> int:
    status = sync_status(db)
    settings = status.settings
    if args.json:
        print_json({
            "configured": status.configured,
            "server": settings.server_url or None,
            "ca_file": settings.ca_file or None,
            "token": status.token_where if status.has_token else None,
            "origin": str(settings.origin),
            "locality_code": settings.locality_code,
            "locality_id": str(settings.locality_id) if settings.locality_id else None,
            "backlog": status.waiting,
            "in_flight": status.in_flight,
            "conflicts": status.conflicts,
            "rejections": status.rejections,
            "last_success_at": status.last_success_at.isoformat() if status.last_success_at else None,
            "last_attempt_at": status.last_attempt_at.isoformat() if status.last_attempt_at else None,
            "last_error": status.last_error or None,
            "stopped": status.stopped or None,
            "failures": status.failures,
        })
        return EXIT_OK
    never = _("never")
    print(status_line(status))
    print(_("server: {server}").format(server=settings.server_url or "—"))
    print(_("token: {where}").format(where=(
        _("in the keyring") if status.token_where == "keyring" else _("in a private file")) if status.has_token else "—"))
    print(_("locality: {code} (id for the server's token: {id})").format(
        code=settings.locality_code or "—", id=settings.locality_id or "—"))
    print(_("waiting: {count}").format(count=status.waiting))
    print(_("conflicts: {conflicts}; rejected: {rejected}").format(conflicts=status.conflicts, rejected=status.rejections))
    print(_("last success: {when}").format(
        when=format_datetime(status.last_success_at, "short") if status.last_success_at else never))
    if status.stopped:
        print(stop_message(status.stopped))
    elif status.last_error:
        print(_("last error: {message}").format(message=status.last_error))
    return EXIT_OK


def set_server_command(args, db) -> int:
    settings = set_server(db, args.url, args.ca_file)
    print(_("server set: {server}").format(server=settings.server_url))
    return EXIT_OK


def set_token_command(args, db) -> int:
    if args.token_file:
        token = _token_from_file(args.token_file)
    elif sys.stdin.isatty():
        token = getpass.getpass(_("Token: "))
    else:
        token = sys.stdin.readline()
    where = set_token(db, token)
    print(_("token kept in the keyring") if where == "keyring" else _("token kept in a private file"))
    return EXIT_OK


def conflicts_command(args, db) -> int:
    conflicts, rejections = list_conflicts(db), list_rejections(db)
    if args.json:
        print_json({
            "conflicts": [
                {
                    "seq": c.seq, "entity": c.entity, "entity_id": str(c.entity_id), "operation": c.operation,
                    "reason": c.reason, "server_version": c.server_version, "server_deleted": c.server_deleted,
                    "title": c.title, "changes": c.change_count,
                    "fields": [{"field": d.field, "ours": d.ours, "server": d.server, "contested": d.contested}
                               for d in c.differences],
                }
                for c in conflicts
            ],
            "rejections": [
                {"seq": r.seq, "entity": r.entity, "entity_id": str(r.entity_id), "operation": r.operation,
                 "reason": r.reason, "message": r.message, "title": r.title,
                 "fields": [{"field": f, "problem": p, "ours": v} for f, p, v in r.problems]}
                for r in rejections
            ],
        })
        return EXIT_OK
    for c in conflicts:
        print(f"#{c.seq}  {c.title}  — {reason_text(c.reason)}")
        for d in c.differences:
            mark = "*" if d.contested else " "
            print(_("  {mark} {field}: ours {ours!r}, server {server!r}").format(
                mark=mark, field=field_label(d.field), ours=d.ours, server=d.server))
    for r in rejections:
        print(_("#{seq}  {title}  — rejected: {reason}").format(seq=r.seq, title=r.title, reason=reason_text(r.reason)))
        for field, problem, value in r.problems:
            print(f"    {field_label(field)}: {problem_text(problem)} ({value!r})")
    if not conflicts and not rejections:
        print(_("no conflicts and no rejected changes"))
    return EXIT_OK


def resolve_command(args, db) -> int:
    if args.keep_server:
        keep_server_version(db, CLI_ACTOR, args.seq)
        print(_("kept the server's version"))
    else:
        resend_ours(db, CLI_ACTOR, args.seq)
        print(_("ours will be sent again on top of the server's version"))
    return EXIT_OK


def acknowledge_command(args, db) -> int:
    acknowledge_rejection(db, args.seq)
    return EXIT_OK


