"""Welsh day names inside the rota's and auto-fill's sentences: lower case and
softly mutated where the grammar asks ("o ddydd Llun", "dydd Mawrth 8 Rhagfyr"),
as every other explanation does through ``Wording.sentence``."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from localitydesk.domain.vocabulary import Role
from localitydesk.planning.autofill import autofill
from localitydesk.planning.problem import CONTRACT_HOURS, NEEDED_ELSEWHERE
from localitydesk.services.rota_grid import RotaChange, assign, load_rota_grid, move, publish_rota
from tests.factories import ADMIN
from tests.rota_scene import WEEK1, build

from .test_planning_helpers import Team, problem, request

# A capitalised day name that neither starts the text nor follows a full stop.
MID_SENTENCE_CAPITAL = re.compile(r"(?<=[^.!?\s] )Dydd ")


def test_a_contract_reason_names_its_week_with_a_mutated_day():
    team = Team()
    team.add("part_time", contract=16.0)
    requests = [request(f"d{day}", day, 8, 16) for day in range(4)]
    result = autofill(problem(team, requests, contract_margin_h=2.0), language="cy")
    for unfilled in result.unfilled:
        [reason] = unfilled.reasons
        assert reason.rules == (CONTRACT_HOURS,)
        assert "yn yr wythnos o ddydd Llun 7 Rhagfyr 2026:" in reason.text
        assert not MID_SENTENCE_CAPITAL.search(reason.text)


def test_needed_elsewhere_quotes_the_other_shift_with_a_lower_case_day():
    team = Team()
    team.add("only")
    late, early = request("late", 0, 14, 22), request("early", 1, 7, 15)
    result = autofill(problem(team, [late, early]), language="cy")
    [unfilled] = result.unfilled
    [reason] = unfilled.reasons
    assert reason.rules[0] == NEEDED_ELSEWHERE
    assert re.search(r": \S+, dydd (Llun 7|Mawrth 8) Rhagfyr \d\d:\d\d\.", reason.text), reason.text
    assert not MID_SENTENCE_CAPITAL.search(reason.text + " " + unfilled.summary)
    # English is left as it was.
    english = autofill(problem(team, [late, early]), language="en").unfilled[0].reasons[0].text
    assert re.search(r", (Monday 7|Tuesday 8) December \d\d:\d\d\.", english), english


def test_changes_since_publication_read_as_welsh_sentences(db, today):
    scene = build(db, today)
    booking = assign(db, ADMIN, scene.days[0], scene.sian)
    publish_rota(db, ADMIN, WEEK1, 1, now=datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc))
    move(db, ADMIN, booking, scene.dafydd)
    added, removed = load_rota_grid(db, WEEK1, 1, "cy").publication.changes
    assert added.describe("cy") == "Wedi ychwanegu: Dafydd Rhys yn Tŷ Gwyn, dydd Llun 30 Tachwedd 07:30 tan 15:30"
    assert removed.describe("cy") == "Wedi tynnu: Siân Llwyd yn Tŷ Gwyn, dydd Llun 30 Tachwedd 07:30 tan 15:30"
    assert added.describe("en") == "Added: Dafydd Rhys at Whitehouse, Monday 30 November 07:30 to 15:30"


def test_a_change_of_times_mutates_nothing_it_should_not():
    change = RotaChange(
        "changed", None, "Siân Llwyd", None, "Tŷ Gwyn", "Whitehouse",
        datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc), datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc),
        datetime(2026, 12, 1, 7, 30, tzinfo=timezone.utc), datetime(2026, 12, 1, 15, 30, tzinfo=timezone.utc),
    )
    text = change.describe("cy")
    assert "yn Tŷ Gwyn, dydd Mawrth 1 Rhagfyr 08:00 tan 16:00" in text
    assert "(roedd dydd Mawrth 1 Rhagfyr 07:30 tan 15:30)" in text
    assert not MID_SENTENCE_CAPITAL.search(text)
