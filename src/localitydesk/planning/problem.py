"""The auto-fill problem and its answer, as plain data.

The services layer fills a :class:`RotaProblem` from the database (the core
team with every booking they already hold, the open requests with each core
member's matching view of them) and gets back a :class:`PlanResult`. Nothing
here touches a database or Qt, so the rota page can run it off the UI thread
and the tests can build problems by hand.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

from localitydesk.domain import matching as m
from localitydesk.domain import working_time as wt

# Stable codes for why a core member did not take an unfilled request, on top
# of the matching hard-rule codes (``m.HARD_RULES``) and working-time codes.
ALREADY_BOOKED = "already_booked"
CONTRACT_HOURS = "contract_hours"
NEEDED_ELSEWHERE = "needed_elsewhere"
NOT_REACHED = "not_reached"

OPTIMAL = "OPTIMAL"
FEASIBLE = "FEASIBLE"


@dataclass(frozen=True, slots=True)
class PlanWeights:
    """Points in the objective, in the issue's order of weight.

    Covering a place dominates everything below it; within coverage,
    Welsh-essential and short-notice requests come first. Matching's own
    factor points are reused (times the multiplier here) so the solver and
    the candidates dialog value a worker the same way.
    """

    cover: float = 1000
    welsh_essential: float = 200
    short_notice: float = 100
    welsh: float = 3  # × matching's Welsh factor points
    continuity: float = 1  # × matching's continuity, shadow-here and preferred-worker points
    new_face: float = 6  # each core member placed at a provider they are not yet placed at in this fill
    deficit_hour: float = 2  # each hour towards a contract more than a quarter short
    contract_hour: float = 1  # each hour in the last quarter of a contract
    over_contract_hour: float = 6  # each hour over the contract (within the margin)
    travel: float = 1  # × matching's distance points
    preferences: float = 1  # × matching's preference and skill points
    published: float = 10  # giving back an assignment the published rota had


@dataclass(frozen=True, slots=True)
class PlanSettings:
    contract_margin_h: float = 4.0  # hours a week over the contract auto-fill may book
    short_notice_h: float = 72  # requests starting this soon after ``now`` come first
    time_limit_s: float = 10.0  # for the whole solve, lazy-cut rounds included
    workers: int = 2  # CP-SAT search workers
    relative_gap: float = 0.0005  # stop once proven this close to the bound
    max_rounds: int = 6  # solve, check, cut rounds before repairing instead
    seed: int = 0
    scale: int = 4  # points → integers for CP-SAT (a quarter of a point is the finest step)
    weights: PlanWeights = PlanWeights()
    match: m.MatchSettings = m.DEFAULT_SETTINGS

    @property
    def policy(self) -> wt.WorkingTimePolicy:
        return self.match.policy


@dataclass(frozen=True, slots=True)
class PlanMember:
    """A core-team member: every booking they hold already is in ``schedule``
    and stays (locked or not); auto-fill only adds to it."""

    worker_id: Hashable
    name: str
    schedule: wt.Schedule
    contracted_hours: float | None = None


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """An open request and each core member's view of it.

    ``candidates`` are the :class:`~localitydesk.domain.matching.CandidateWorker`
    the matching service builds for this request (history at this provider
    included), one per core member not already booked on it; ``booked`` are
    the members who are. ``published`` names members the published rota had
    on this request (their booking since cancelled).
    """

    request: m.MatchRequest
    positions: int
    candidates: tuple[m.CandidateWorker, ...]
    booked: frozenset = frozenset()
    short_notice: bool = False
    published: frozenset = frozenset()
    provider_name_cy: str = ""
    provider_name_en: str = ""

    @property
    def request_id(self) -> Hashable:
        return self.request.request_id

    def provider_name(self, language: str | None) -> str:
        primary, other = (
            (self.provider_name_cy, self.provider_name_en) if language == "cy" else (self.provider_name_en, self.provider_name_cy)
        )
        return primary or other


@dataclass(frozen=True, slots=True)
class RotaProblem:
    members: tuple[PlanMember, ...]
    requests: tuple[PlanRequest, ...]
    settings: PlanSettings = PlanSettings()


# --------------------------------------------------------------------------
# The answer.


@dataclass(frozen=True, slots=True)
class Assignment:
    request_id: Hashable
    worker_id: Hashable
    start: datetime
    end: datetime
    welsh_need_met: bool | None  # None: the request asks for no Welsh


@dataclass(frozen=True, slots=True)
class MemberReason:
    """Why one core member did not take an unfilled request: rule codes and words."""

    worker_id: Hashable
    name: str
    rules: tuple[str, ...]
    text: str

    def as_dict(self) -> dict:
        return {"worker_id": str(self.worker_id), "name": self.name, "rules": list(self.rules), "text": self.text}


@dataclass(frozen=True, slots=True)
class UnfilledRequest:
    request_id: Hashable
    unfilled: int  # places left unfilled on it
    summary: str  # one line a manager reads first: how many members each reason ruled out
    reasons: tuple[MemberReason, ...]
    start: datetime
    end: datetime
    provider: str  # the provider's name in the explanation's language

    def as_dict(self) -> dict:
        return {
            "request_id": str(self.request_id),
            "starts_at": self.start.isoformat(),
            "ends_at": self.end.isoformat(),
            "provider": self.provider,
            "unfilled": self.unfilled,
            "summary": self.summary,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class FillSummary:
    """Figures for one way of filling the same problem (auto-fill or greedy)."""

    assigned: int  # places filled
    requests_covered: int  # requests with every place filled
    welsh_need_met: int  # places filled on Welsh-asking requests by someone who meets the need
    welsh_places: int  # places filled on Welsh-asking requests
    objective: float  # in points (PlanWeights), the model's objective for this fill


@dataclass(frozen=True, slots=True)
class PlanResult:
    status: str  # OPTIMAL or FEASIBLE
    assignments: tuple[Assignment, ...]
    unfilled: tuple[UnfilledRequest, ...]
    open_before: int  # places open before auto-fill
    requests_open_before: int
    objective: float  # points; what the returned fill scores
    bound: float  # points; no legal fill of this model can score more
    summary: FillSummary
    greedy: FillSummary  # the time-order greedy fill, measured in the same run
    wall_time_s: float
    prepare_time_s: float  # compiling options and constraints
    greedy_time_s: float
    solve_time_s: float  # CP-SAT rounds, checks and cuts
    start: str  # which quick fill CP-SAT started from: greedy, scarcity, lp_rounding
    start_objective: float
    rounds: int  # solve-check rounds run
    cuts: int  # combinations found breaching after a solve and forbidden
    repaired: int  # assignments dropped by the final repair (0 when the solver's answer was clean)
    cancelled: bool = False

    @property
    def gap(self) -> float:
        """How far from optimal the fill may be, relative to its objective."""
        if self.status == OPTIMAL:
            return 0.0
        return max(0.0, self.bound - self.objective) / max(abs(self.objective), 1.0)

    @property
    def assigned(self) -> int:
        return len(self.assignments)


@dataclass(frozen=True, slots=True)
class Progress:
    """What a progress dialog shows: the phase, and the best fill so far."""

    phase: str  # "preparing", "greedy", "solving", "checking", "explaining"
    elapsed_s: float
    assigned: int | None = None
    objective: float | None = None
    bound: float | None = None


class Cancelled(Exception):
    """The manager cancelled before there was any fill to show."""

