"""How long to wait before trying the server again.

Exponential with full jitter: the wait before attempt *n* is drawn evenly
from [0, min(cap, base · 2ⁿ)], so a region's desktops coming back after the
same outage do not all knock at once. A Retry-After from the server is a
floor: we never come back sooner than asked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base: float = 1.0
    cap: float = 300.0
    rng: random.Random = field(default_factory=random.Random)

    def ceiling(self, failures: int) -> float:
        """The longest wait after this many failures in a row (1 = the first)."""
        if failures <= 0:
            return 0.0
        # 2 ** large would overflow float long after the cap is reached.
        return min(self.cap, self.base * (2 ** min(failures - 1, 62)))

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        jittered = self.rng.uniform(0.0, self.ceiling(failures))
        if retry_after is not None:
            return max(jittered, retry_after)
        return jittered
