"""The North Wales gazetteer: names in both languages, localities, distances."""

from __future__ import annotations

import pytest

from localitydesk.domain import places


def test_localities_are_the_six_of_north_wales():
    assert places.LOCALITY_CODES == ("YM", "GW", "CO", "DE", "FL", "WR")
    assert ("DE", "Sir Ddinbych", "Denbighshire") in places.LOCALITIES
    assert places.locality_name("WR", "cy") == "Wrecsam"
    assert places.locality_name("YM", "en") == "Isle of Anglesey"


def test_every_locality_has_its_towns_and_every_town_a_locality():
    assert len(places.TOWNS) >= 60
    for code in places.LOCALITY_CODES:
        assert len(places.towns_in_locality(code)) >= 8
    assert {town.locality_code for town in places.TOWNS} == set(places.LOCALITY_CODES)
    assert len({town.code for town in places.TOWNS}) == len(places.TOWNS)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Caergybi", "holyhead"),
        ("HOLYHEAD", "holyhead"),
        ("porthaethwy", "menai-bridge"),
        ("Y Rhyl", "rhyl"),
        ("rhyl", "rhyl"),
        ("Yr Wyddgrug", "mold"),
        ("Penarlâg", "hawarden"),
        ("penarlag", "hawarden"),  # typed without a Welsh keyboard
        ("Connah’s Quay", "connahs-quay"),
        ("Cei Connah", "connahs-quay"),
        ("  bae   colwyn ", "colwyn-bay"),
        ("Betws y Coed", "betws-y-coed"),
        ("Y Waun", "chirk"),
        ("Bangor", "bangor"),
        ("Bangor Is-y-coed", "bangor-on-dee"),
        ("wrexham", "wrexham"),
        ("Llanfair PG", "llanfairpwll"),
    ],
)
def test_find_town_accepts_either_language_case_and_accents(name, code):
    town = places.find_town(name)
    assert town is not None and town.code == code


def test_unknown_or_empty_names_find_nothing():
    assert places.find_town("Cardiff") is None
    assert places.find_town("") is None


def test_towns_know_their_locality_and_both_names():
    holyhead = places.find_town("Holyhead")
    assert (holyhead.name_cy, holyhead.name_en, holyhead.locality_code) == ("Caergybi", "Holyhead", "YM")
    assert holyhead.name("cy") == "Caergybi" and holyhead.name("en") == "Holyhead"
    assert holyhead.bilingual_name == "Caergybi / Holyhead"
    assert places.find_town("Conwy").bilingual_name == "Conwy"
    assert places.find_town("Chirk").locality_code == "WR"
    assert places.find_town("Dolgellau").locality_code == "GW"


def test_coordinates_lie_in_north_wales():
    for town in places.TOWNS:
        assert 52.5 < town.lat < 53.45, town
        assert -4.8 < town.lon < -2.85, town


def test_distance_is_great_circle_times_the_road_factor():
    bangor, caernarfon = places.find_town("Bangor"), places.find_town("Caernarfon")
    straight = places.haversine_km(bangor.lat, bangor.lon, caernarfon.lat, caernarfon.lon)
    assert places.distance_km("Bangor", "Caernarfon") == pytest.approx(straight * places.ROAD_FACTOR)
    assert 13 < straight < 15  # about 14 km as the crow flies
    assert places.distance_km(bangor, "caernarfon") == places.distance_km("Caernarfon", "Bangor")
    assert places.distance_km("Wrecsam", "Wrexham") == 0
    # Across the region: Holyhead to Wrexham is about 150 km by the A55.
    assert 135 < places.distance_km("Caergybi", "Wrecsam") < 165


def test_distances_from_one_town_cover_every_town():
    table = places.distances_from("colwyn-bay")
    assert set(table) == {town.code for town in places.TOWNS}
    assert table["conwy"] == pytest.approx(places.distance_km("Bae Colwyn", "Conwy"))


def test_unknown_town_in_distance_is_an_error():
    with pytest.raises(KeyError):
        places.distance_km("Bangor", "Atlantis")
