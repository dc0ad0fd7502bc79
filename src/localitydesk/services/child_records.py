"""Bringing a record's child rows (compliance items, contacts, rates…) in line
with what an editor submitted, in one place for every editor.

Entries carry the ``id`` of the row they edit, or None for a new one. Rows
whose entry has gone are withdrawn (soft-deleted) when the model keeps
history, removed otherwise. Only fields that really changed are assigned, so
the journal records true changes and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from localitydesk.store.types import utc_now


def sync_children(
    collection: list,
    entries: Iterable[Any],
    fields: Sequence[str],
    make: Callable[[Any], Any],
) -> None:
    live = {row.id: row for row in collection if getattr(row, "deleted_at", None) is None}
    kept = set()
    for entry in entries:
        row = live.get(entry.id) if entry.id else None
        if row is None:
            row = make(entry)
            collection.append(row)
        else:
            kept.add(row.id)
        for name in fields:
            value = getattr(entry, name)
            if getattr(row, name) != value:
                setattr(row, name, value)
    for row_id, row in live.items():
        if row_id in kept:
            continue
        if hasattr(row, "deleted_at"):
            row.deleted_at = utc_now()
        else:
            collection.remove(row)
