"""What every part of the demo generator shares: the random source, the
reference instant, deterministic ids and local-time helpers.

Everything random comes from one seeded ``random.Random``, and ids are drawn
from it too, so a seed and a reference instant give the same rows every time.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from itertools import accumulate
from zoneinfo import ZoneInfo

from localitydesk.domain import places

LONDON = ZoneInfo("Europe/London")

# Which localities a home locality shares a border (and a commuting area) with.
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "YM": ("GW",),
    "GW": ("YM", "CO", "DE"),
    "CO": ("GW", "DE"),
    "DE": ("CO", "FL", "WR", "GW"),
    "FL": ("DE", "WR"),
    "WR": ("FL", "DE"),
}


# Version-4 UUID bits, set directly on a random 128-bit number.
_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


class Weighted:
    """A reusable weighted choice: cumulative weights computed once.

    (``random.choices`` rebuilds its arguments on every call, which shows in
    a profile when half a million shifts are drawn.)
    """

    __slots__ = ("values", "cumulative", "total")

    def __init__(self, pairs):
        pairs = list(pairs)
        self.values = [value for value, _weight in pairs]
        self.cumulative = list(accumulate(weight for _value, weight in pairs))
        self.total = self.cumulative[-1] if self.cumulative else 0

    def pick(self, rng: random.Random):
        return self.values[bisect_right(self.cumulative, rng.random() * self.total)]


@lru_cache(maxsize=8192)
def local_instant(day: date, wall: time) -> datetime:
    """A Europe/London wall-clock time on ``day`` as an aware UTC instant.

    Cached: a demo draws the same few shift times on the same days over and over."""
    return datetime.combine(day, wall, tzinfo=LONDON).astimezone(timezone.utc)


@dataclass
class Context:
    seed: int
    now: datetime  # aware UTC; "today" is its date in Europe/London
    home_code: str
    rng: random.Random = field(init=False)
    today: date = field(init=False)

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("the reference instant must be timezone-aware")
        self.now = self.now.astimezone(timezone.utc)
        self.rng = random.Random(self.seed)
        self.today = self.now.astimezone(LONDON).date()

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=(self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def days_from_today(self, low: int, high: int) -> date:
        return self.today + timedelta(days=self.rng.randint(low, high))

    @staticmethod
    def midday(day: date) -> datetime:
        return datetime.combine(day, time(12), tzinfo=timezone.utc)

    def home_and_neighbour_towns(self) -> tuple[tuple[places.Town, ...], tuple[places.Town, ...]]:
        home = places.towns_in_locality(self.home_code)
        nearby = tuple(town for code in NEIGHBOURS[self.home_code] for town in places.towns_in_locality(code))
        return home, nearby

    def town_picker(self) -> "TownPicker":
        home, nearby = self.home_and_neighbour_towns()
        return TownPicker(home, nearby)


class TownPicker:
    """Towns of the home locality, the first-listed (larger) ones more often,
    with a share from the neighbouring localities."""

    def __init__(self, home: tuple[places.Town, ...], nearby: tuple[places.Town, ...]):
        self.home = Weighted((town, 1.0 / (1.0 + 0.15 * index)) for index, town in enumerate(home))
        self.nearby = Weighted((town, 1.0 / (1.0 + 0.15 * index)) for index, town in enumerate(nearby))
        self.has_nearby = bool(nearby)

    def pick(self, rng: random.Random, nearby_share: float) -> places.Town:
        if self.has_nearby and rng.random() < nearby_share:
            return self.nearby.pick(rng)
        return self.home.pick(rng)
