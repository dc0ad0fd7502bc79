"""The Active Offer: whether a worker meets a request's need for Welsh.

"Welsh essential at level N" is met by listening and speaking at N or above;
"desirable" by any spoken Welsh at or above the level given (Entry when none
is), which is how matching scores it too.
"""

from __future__ import annotations

from .vocabulary import WelshRequirement


def welsh_need_met(requirement: WelshRequirement, level: int, speaking: int) -> bool:
    if requirement == WelshRequirement.ESSENTIAL:
        return speaking >= level
    if requirement == WelshRequirement.DESIRABLE:
        return speaking >= max(level, 1)
    return True
