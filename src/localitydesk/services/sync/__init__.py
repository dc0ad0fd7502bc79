"""Sync with the regional server: settings, the outbox pusher's database side,
conflicts and rejections. The wire protocol and the network live in
``localitydesk.sync``; this package owns the transactions."""

from .outbox import DatabaseOutbox, backlog
from .push import PushTarget, make_client, push_outbox, resolve_target
from .state import (
    SyncSettings,
    SyncStatus,
    clear_stop,
    forget_token,
    load_settings,
    new_origin,
    saved_token,
    set_server,
    set_token,
    sync_status,
)

__all__ = [
    "DatabaseOutbox",
    "PushTarget",
    "SyncSettings",
    "SyncStatus",
    "backlog",
    "clear_stop",
    "forget_token",
    "load_settings",
    "make_client",
    "new_origin",
    "push_outbox",
    "resolve_target",
    "saved_token",
    "set_server",
    "set_token",
    "sync_status",
]
