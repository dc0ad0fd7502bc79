"""How the serving process runs Python: thread switching and garbage collection.

Both settings are process-wide, so they are made here, once, by ``serve`` and
never by the app itself (tests and tools that build the app keep Python's
defaults).
"""

from __future__ import annotations

import gc
import sys

# A push's chunks are written by a thread of their own while the request's
# thread decides the next (regional.writing.WriteBehind). At Python's default
# 5 ms switch interval the writer, its answer from PostgreSQL in, waits that
# long for its turn each time; at 0.5 ms it follows promptly.
SWITCH_INTERVAL_SECONDS = 0.0005

# Every batch makes tens of thousands of short-lived containers (a dict per
# payload, a list per field list, the answers), nearly all freed by reference
# counting as soon as the batch is answered. At Python's default threshold
# (700) they were collected young over and over and, surviving into the old
# generation while the batch was live, set off a full collection every few
# batches: 45 ms each, traversing every module, model and compiled statement
# of the process, 11% of a push's time in bench/sync.py. A larger young
# generation is collected a few times per batch; the older ones less often.
GC_THRESHOLDS = (20_000, 20, 20)


def prepare_for_serving() -> None:
    """Call once the app is built, just before serving.

    ``gc.freeze`` moves everything alive now (the imported modules, the app,
    its models and routes) out of the collector's sight for good: it lives as
    long as the process anyway, and a full collection then walks only what
    requests made. Measured on 2 cores, pushing 50,000 changes as
    bench/sync.py does: the garbage collector's share fell from 625 ms to 73 ms.
    """
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
