"""Files written whole or not at all.

A PDF or spreadsheet is first written beside its target under a hidden
temporary name and moved into place only once complete: a failure half way
(a full disk, a bad row, the app closed) never leaves half a file where a
person would open it, nor destroys the good copy that was there before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced_when_complete(path: str | Path) -> Iterator[Path]:
    """Yield the temporary path to write; it becomes ``path`` when the block ends without error."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.part")
    try:
        yield partial
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
