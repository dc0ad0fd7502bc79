"""What the app's background sync runs: one push attempt, one reachability probe.

Both are safe to call from the sync thread. Reads (settings, status) are
made on the calling thread's own connection — with WAL a reader never
blocks the writer — so an idle or unconfigured sync adds nothing to the
app's database queue; the outbox's writes go through ``run``, which the app
hands to its single database thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from localitydesk.store.database import Database
from localitydesk.sync.pusher import PushReport
from localitydesk.sync.token_store import TokenStore

from ..errors import ServiceError
from .outbox import run_directly
from .push import make_client, push_outbox, resolve_target
from .state import load_settings

ATTEMPTS_PER_RUN = 3


def attempt_push(
    db: Database,
    wait: Callable[[float], bool],
    *,
    run: Callable[[Callable[[], Any]], Any] = run_directly,
    store: TokenStore | None = None,
    transport: httpx.BaseTransport | None = None,
) -> PushReport | None:
    """Push if sync is set up and not stopped for the user; None otherwise."""
    from .state import sync_status

    status = sync_status(db, store)
    if not status.configured or status.stopped:
        return None
    try:
        target = resolve_target(db, store=store)
    except ServiceError:
        return None
    return push_outbox(db, target, max_attempts=ATTEMPTS_PER_RUN, wait=wait, run=run, transport=transport)


def probe_server(
    db: Database,
    *,
    run: Callable[[Callable[[], Any]], Any] = run_directly,
    store: TokenStore | None = None,
    transport: httpx.BaseTransport | None = None,
) -> bool:
    """Whether the configured server answers its health check now."""
    settings = load_settings(db)
    if not settings.server_url:
        return False
    try:
        target = resolve_target(db, store=store)
        with make_client(target, transport, httpx.Timeout(5.0)) as client:
            return client.healthy()
    except ServiceError:
        return False
