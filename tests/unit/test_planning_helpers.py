"""Small rota problems built by hand, as plain data, for the planning tests (no tests here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from localitydesk.domain import matching as m
from localitydesk.domain import working_time as wt
from localitydesk.domain.local_time import local_to_utc
from localitydesk.domain.vocabulary import ComplianceType, EmploymentType, RequestReason, Role, WelshRequirement
from localitydesk.planning.problem import PlanMember, PlanRequest, PlanSettings, RotaProblem

MONDAY = date(2026, 12, 7)  # a Monday with no clock change for weeks either side
EVERYTHING = {kind.value: None for kind in ComplianceType}  # every compliance item, never expiring


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant ``day`` days after MONDAY at a London wall-clock time."""
    return local_to_utc(MONDAY + timedelta(days=day), time(hour, minute))


def shift(day: int, start: int, end: int, ref=None, break_minutes: int | None = None) -> wt.Shift:
    finish = at(day + (1 if end <= start else 0), end)
    begin = at(day, start)
    if break_minutes is None:
        break_minutes = 30 if (finish - begin) > timedelta(hours=6) else 0
    return wt.Shift(begin, finish, break_minutes, ref)


def provider(pid: str = "p1", town: str = "conwy", **facts) -> m.ProviderFacts:
    return m.ProviderFacts(provider_id=pid, town=town, **facts)


class Team:
    """Members and their matching views, built one by one."""

    def __init__(self):
        self.members: list[PlanMember] = []
        self.views: list[m.CandidateWorker] = []

    def add(
        self,
        worker_id: str,
        *,
        roles=(Role.CARE_WORKER,),
        welsh: int = 0,
        contract: float | None = 37.5,
        shifts=(),
        date_of_birth: date | None = None,
        opted_out: bool = False,
        availability=None,
        absences=(),
        home: str = "conwy",
        max_km: float | None = None,
        drives: bool = True,
    ) -> str:
        schedule = wt.Schedule.from_shifts(worker_id, shifts, date_of_birth=date_of_birth, opted_out=opted_out)
        self.members.append(PlanMember(worker_id, worker_id.title(), schedule, contract))
        self.views.append(
            m.CandidateWorker(
                worker_id=worker_id, employment_type=EmploymentType.CORE, roles=frozenset(roles),
                start_date=date(2020, 1, 1), schedule=schedule, compliance=EVERYTHING, availability=availability,
                absences=tuple(absences), welsh_speaking=welsh, home_town=home, max_travel_km=max_km, drives=drives,
                contracted_hours=contract,
            )
        )
        return worker_id


def request(
    request_id: str,
    day: int,
    start: int,
    end: int,
    *,
    where: m.ProviderFacts | None = None,
    role: Role = Role.CARE_WORKER,
    welsh: WelshRequirement = WelshRequirement.NONE,
    level: int = 0,
    break_minutes: int | None = None,
) -> m.MatchRequest:
    s = shift(day, start, end, break_minutes=break_minutes)
    return m.MatchRequest(
        request_id=request_id, provider=where or provider(), role=role, start=s.start, end=s.end,
        break_minutes=s.break_minutes, reason=RequestReason.SICKNESS, welsh_requirement=welsh, welsh_level=level,
    )


def problem(team: Team, requests, *, positions=None, booked=None, settings: PlanSettings | None = None, **options) -> RotaProblem:
    """Every member a candidate for every request (their views as built);
    ``positions`` and ``booked`` map request ids to places and members on it."""
    positions = positions or {}
    booked = booked or {}
    plans = []
    for r in requests:
        on_it = frozenset(booked.get(r.request_id, ()))
        plans.append(
            PlanRequest(
                request=r, positions=positions.get(r.request_id, 1),
                candidates=tuple(view for view in team.views if view.worker_id not in on_it), booked=on_it,
                provider_name_en=str(r.provider.provider_id), provider_name_cy=str(r.provider.provider_id),
            )
        )
    settings = settings or PlanSettings(time_limit_s=options.pop("time_limit_s", 5.0))
    if options:
        settings = replace(settings, **options)
    return RotaProblem(tuple(team.members), tuple(plans), settings)
