"""``localitydesk-regional``: migrate, serve, issue and revoke tokens, show counts."""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid

from .db import make_engine, migrate
from .tokens import TokenError, create_token, list_tokens, revoke_token

URL_VARIABLE = "LOCALITYDESK_REGIONAL_DATABASE_URL"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="localitydesk-regional", description="The LocalityDesk regional server.")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(URL_VARIABLE),
        help=f"PostgreSQL URL (or set {URL_VARIABLE})",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("migrate", help="create or upgrade the server's schema")

    serve = commands.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--certfile", help="TLS certificate (PEM); with --keyfile, serve HTTPS")
    serve.add_argument("--keyfile", help="TLS private key (PEM)")

    token = commands.add_parser("token", help="issue, revoke or list locality tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="issue a token (printed once; only its hash is kept)")
    create.add_argument("--locality", required=True, help="locality code, e.g. CONWY")
    create.add_argument("--label", default="", help="which desktop or person holds it")
    create.add_argument("--locality-id", type=uuid.UUID, help="the locality's id where it differs from the one its code gives")
    create.add_argument("--json", action="store_true")
    revoke = token_commands.add_parser("revoke", help="revoke a token by its id (or by the token itself)")
    revoke.add_argument("token", help="token id, or the token")
    listing = token_commands.add_parser("list", help="tokens, without their secrets")
    listing.add_argument("--json", action="store_true")

    stats = commands.add_parser("stats", help="records and changes per locality and entity")
    stats.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.database_url:
        print(f"localitydesk-regional: --database-url or {URL_VARIABLE} is needed", file=sys.stderr)
        return 2
    try:
        return _run(args)
    except TokenError as error:
        print(f"localitydesk-regional: {error}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "serve":
        return _serve(args)
    engine = make_engine(args.database_url, pool_size=1)
    try:
        if args.command == "migrate":
            print(f"schema at revision {migrate(engine)}")
        elif args.command == "token":
            return _token(engine, args)
        elif args.command == "stats":
            from .stats import as_text, gather

            figures = gather(engine)
            print(json.dumps(figures, indent=2, sort_keys=True) if args.json else as_text(figures))
        return 0
    finally:
        engine.dispose()


def _token(engine, args: argparse.Namespace) -> int:
    if args.token_command == "create":
        issued = create_token(engine, args.locality, label=args.label, locality_id=args.locality_id)
        if args.json:
            print(json.dumps({"token_id": str(issued.token_id), "locality": issued.locality_code,
                              "locality_id": str(issued.locality_id), "token": issued.token}))
        else:
            print(f"token id: {issued.token_id}")
            print(f"locality: {issued.locality_code} ({issued.locality_id})")
            print(f"token:    {issued.token}")
            print("Keep the token now: the server stores only its hash and cannot show it again.", file=sys.stderr)
        return 0
    if args.token_command == "revoke":
        revoked = revoke_token(engine, args.token)
        print(f"revoked {revoked} token(s)")
        return 0 if revoked else 1
    rows = list_tokens(engine)
    if args.json:
        print(json.dumps([{k: (str(v) if v is not None else None) for k, v in row.items()} for row in rows], indent=2))
    else:
        for row in rows:
            state = "revoked" if row["revoked_at"] else "active"
            print(f"{row['id']}  {row['code']:<16} {state:<8} {row['label']}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app
    from .runtime import prepare_for_serving

    if bool(args.certfile) != bool(args.keyfile):
        print("localitydesk-regional: --certfile and --keyfile go together", file=sys.stderr)
        return 2
    config = uvicorn.Config(
        create_app(args.database_url),
        host=args.host,
        port=args.port,
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
        log_level="warning",
        # Requests beyond the cap are refused by the app; this bounds the rest.
        limit_concurrency=200,
        timeout_keep_alive=30,
    )
    config.load()  # imports the protocol and wraps the app: before the heap is frozen
    prepare_for_serving()
    server = uvicorn.Server(config)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    # Never started: the port taken, the certificate unreadable (uvicorn has said which).
    return 0 if server.started else 3
