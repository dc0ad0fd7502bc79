"""A small gazetteer of North Wales towns, their localities, and road distances.

Workers' home towns and providers' towns are chosen from this list, so the
distance between them can be estimated offline, without a routing service.
Coordinates are approximate town centres (to about 0.01°, a few hundred
metres), which is all a "how far from home" figure needs.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# (code, name_cy, name_en) — the six North Wales localities, west to east.
LOCALITIES: tuple[tuple[str, str, str], ...] = (
    ("YM", "Ynys Môn", "Isle of Anglesey"),
    ("GW", "Gwynedd", "Gwynedd"),
    ("CO", "Conwy", "Conwy"),
    ("DE", "Sir Ddinbych", "Denbighshire"),
    ("FL", "Sir y Fflint", "Flintshire"),
    ("WR", "Wrecsam", "Wrexham"),
)

LOCALITY_CODES: tuple[str, ...] = tuple(code for code, _cy, _en in LOCALITIES)

# Straight-line distance understates travel: roads here follow valleys and
# coasts, go round the mountains of Eryri and cross the Menai and Conwy only
# at the bridges. 1.3 is about the circuity of British rural roads; with it
# Caergybi–Wrecsam comes out at 147 km (113 km as the crow flies; about 150 km
# by the A55) and Pwllheli–Dolgellau at 51 km (39 km; about 60 km via
# Porthmadog). Good enough to rank candidates and to test a maximum travel.
ROAD_FACTOR = 1.3
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Town:
    code: str  # stable key, stored with workers and providers: slug of the English name
    name_cy: str
    name_en: str
    lat: float
    lon: float
    locality_code: str
    aliases: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        return self.name_cy if language == "cy" else self.name_en

    @property
    def bilingual_name(self) -> str:
        """'Caergybi / Holyhead', or one name where both languages share it."""
        if self.name_cy == self.name_en:
            return self.name_cy
        return f"{self.name_cy} / {self.name_en}"


def _t(code, name_cy, name_en, lat, lon, locality, *aliases) -> Town:
    return Town(code, name_cy, name_en, lat, lon, locality, tuple(aliases))


TOWNS: tuple[Town, ...] = (
    # Ynys Môn
    _t("holyhead", "Caergybi", "Holyhead", 53.309, -4.633, "YM"),
    _t("llangefni", "Llangefni", "Llangefni", 53.256, -4.311, "YM"),
    _t("amlwch", "Amlwch", "Amlwch", 53.410, -4.347, "YM"),
    _t("beaumaris", "Biwmares", "Beaumaris", 53.263, -4.091, "YM"),
    _t("menai-bridge", "Porthaethwy", "Menai Bridge", 53.226, -4.163, "YM"),
    _t("llanfairpwll", "Llanfairpwllgwyngyll", "Llanfairpwll", 53.221, -4.206, "YM",
       "Llanfair Pwllgwyngyll", "Llanfair PG"),
    _t("benllech", "Benllech", "Benllech", 53.320, -4.226, "YM"),
    _t("valley", "Y Fali", "Valley", 53.283, -4.563, "YM"),
    _t("rhosneigr", "Rhosneigr", "Rhosneigr", 53.229, -4.506, "YM"),
    _t("newborough", "Niwbwrch", "Newborough", 53.163, -4.360, "YM"),
    _t("cemaes", "Cemaes", "Cemaes", 53.412, -4.452, "YM", "Cemaes Bay"),
    _t("gaerwen", "Gaerwen", "Gaerwen", 53.222, -4.270, "YM"),
    # Gwynedd
    _t("caernarfon", "Caernarfon", "Caernarfon", 53.139, -4.276, "GW"),
    _t("bangor", "Bangor", "Bangor", 53.228, -4.129, "GW"),
    _t("porthmadog", "Porthmadog", "Porthmadog", 52.927, -4.133, "GW"),
    _t("pwllheli", "Pwllheli", "Pwllheli", 52.888, -4.417, "GW"),
    _t("dolgellau", "Dolgellau", "Dolgellau", 52.742, -3.885, "GW"),
    _t("bala", "Y Bala", "Bala", 52.910, -3.597, "GW"),
    _t("blaenau-ffestiniog", "Blaenau Ffestiniog", "Blaenau Ffestiniog", 52.994, -3.939, "GW"),
    _t("criccieth", "Cricieth", "Criccieth", 52.918, -4.238, "GW"),
    _t("tywyn", "Tywyn", "Tywyn", 52.585, -4.088, "GW"),
    _t("barmouth", "Abermaw", "Barmouth", 52.722, -4.054, "GW", "Bermo"),
    _t("harlech", "Harlech", "Harlech", 52.860, -4.108, "GW"),
    _t("bethesda", "Bethesda", "Bethesda", 53.181, -4.057, "GW"),
    _t("llanberis", "Llanberis", "Llanberis", 53.119, -4.129, "GW"),
    _t("penygroes", "Penygroes", "Penygroes", 53.056, -4.284, "GW"),
    _t("nefyn", "Nefyn", "Nefyn", 52.934, -4.524, "GW"),
    _t("abersoch", "Abersoch", "Abersoch", 52.824, -4.506, "GW"),
    _t("y-felinheli", "Y Felinheli", "Y Felinheli", 53.186, -4.205, "GW", "Port Dinorwic"),
    _t("penrhyndeudraeth", "Penrhyndeudraeth", "Penrhyndeudraeth", 52.929, -4.064, "GW"),
    _t("aberdyfi", "Aberdyfi", "Aberdovey", 52.544, -4.043, "GW"),
    # Conwy
    _t("conwy", "Conwy", "Conwy", 53.280, -3.829, "CO"),
    _t("llandudno", "Llandudno", "Llandudno", 53.324, -3.828, "CO"),
    _t("llandudno-junction", "Cyffordd Llandudno", "Llandudno Junction", 53.284, -3.810, "CO"),
    _t("deganwy", "Degannwy", "Deganwy", 53.296, -3.829, "CO"),
    _t("colwyn-bay", "Bae Colwyn", "Colwyn Bay", 53.296, -3.727, "CO"),
    _t("old-colwyn", "Hen Golwyn", "Old Colwyn", 53.291, -3.704, "CO"),
    _t("abergele", "Abergele", "Abergele", 53.284, -3.582, "CO"),
    _t("kinmel-bay", "Bae Cinmel", "Kinmel Bay", 53.310, -3.515, "CO"),
    _t("llanrwst", "Llanrwst", "Llanrwst", 53.138, -3.795, "CO"),
    _t("betws-y-coed", "Betws-y-Coed", "Betws-y-Coed", 53.093, -3.802, "CO"),
    _t("penmaenmawr", "Penmaenmawr", "Penmaenmawr", 53.270, -3.923, "CO"),
    _t("llanfairfechan", "Llanfairfechan", "Llanfairfechan", 53.254, -3.975, "CO"),
    _t("cerrigydrudion", "Cerrigydrudion", "Cerrigydrudion", 53.026, -3.562, "CO"),
    # Sir Ddinbych / Denbighshire
    _t("denbigh", "Dinbych", "Denbigh", 53.185, -3.418, "DE"),
    _t("ruthin", "Rhuthun", "Ruthin", 53.114, -3.311, "DE"),
    _t("rhyl", "Y Rhyl", "Rhyl", 53.319, -3.491, "DE"),
    _t("prestatyn", "Prestatyn", "Prestatyn", 53.337, -3.405, "DE"),
    _t("llangollen", "Llangollen", "Llangollen", 52.970, -3.171, "DE"),
    _t("corwen", "Corwen", "Corwen", 52.979, -3.376, "DE"),
    _t("st-asaph", "Llanelwy", "St Asaph", 53.258, -3.442, "DE"),
    _t("rhuddlan", "Rhuddlan", "Rhuddlan", 53.290, -3.465, "DE"),
    _t("dyserth", "Diserth", "Dyserth", 53.301, -3.417, "DE"),
    _t("bodelwyddan", "Bodelwyddan", "Bodelwyddan", 53.268, -3.500, "DE"),
    # Sir y Fflint / Flintshire
    _t("mold", "Yr Wyddgrug", "Mold", 53.167, -3.142, "FL"),
    _t("flint", "Y Fflint", "Flint", 53.245, -3.134, "FL"),
    _t("holywell", "Treffynnon", "Holywell", 53.276, -3.223, "FL"),
    _t("buckley", "Bwcle", "Buckley", 53.172, -3.086, "FL"),
    _t("connahs-quay", "Cei Connah", "Connah's Quay", 53.218, -3.075, "FL"),
    _t("shotton", "Shotton", "Shotton", 53.213, -3.036, "FL"),
    _t("hawarden", "Penarlâg", "Hawarden", 53.184, -3.025, "FL"),
    _t("hope", "Yr Hôb", "Hope", 53.117, -3.036, "FL"),
    _t("caerwys", "Caerwys", "Caerwys", 53.248, -3.310, "FL"),
    _t("bagillt", "Bagillt", "Bagillt", 53.265, -3.166, "FL"),
    _t("mostyn", "Mostyn", "Mostyn", 53.315, -3.267, "FL"),
    _t("saltney", "Saltney", "Saltney", 53.175, -2.934, "FL"),
    # Wrecsam / Wrexham
    _t("wrexham", "Wrecsam", "Wrexham", 53.046, -2.993, "WR"),
    _t("chirk", "Y Waun", "Chirk", 52.935, -3.057, "WR"),
    _t("ruabon", "Rhiwabon", "Ruabon", 52.987, -3.037, "WR"),
    _t("gresford", "Gresffordd", "Gresford", 53.087, -2.967, "WR"),
    _t("brymbo", "Brymbo", "Brymbo", 53.073, -3.062, "WR"),
    _t("coedpoeth", "Coedpoeth", "Coedpoeth", 53.050, -3.062, "WR"),
    _t("rhosllanerchrugog", "Rhosllannerchrugog", "Rhosllanerchrugog", 53.012, -3.057, "WR", "Rhos"),
    _t("overton", "Owrtyn", "Overton", 52.970, -2.938, "WR", "Overton-on-Dee"),
    _t("bangor-on-dee", "Bangor Is-y-coed", "Bangor-on-Dee", 53.000, -2.914, "WR"),
    _t("llay", "Llai", "Llay", 53.093, -2.983, "WR"),
    _t("rossett", "Yr Orsedd", "Rossett", 53.108, -2.944, "WR"),
    _t("cefn-mawr", "Cefn-mawr", "Cefn Mawr", 52.980, -3.080, "WR"),
)


def _normalise(name: str) -> str:
    """A lookup key forgiving of case, accents, apostrophes, hyphens and spacing.

    Coordinators type 'penarlag' or 'connahs quay' on a laptop without a Welsh
    keyboard; both must still find the town.
    """
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "").replace("'", "").replace("-", " ").replace(".", " ")
    return " ".join(text.split())


def _build_index() -> dict[str, Town]:
    index: dict[str, Town] = {}
    for town in TOWNS:
        for name in (town.name_cy, town.name_en, town.code, *town.aliases):
            key = _normalise(name)
            existing = index.get(key)
            if existing is not None and existing is not town:
                raise ValueError(f"town name {name!r} is ambiguous: {existing.code} and {town.code}")
            index[key] = town
    return index


_BY_NAME = _build_index()
_BY_CODE = {town.code: town for town in TOWNS}
_INDEX_OF = {town.code: i for i, town in enumerate(TOWNS)}


def find_town(name: str) -> Town | None:
    """The town called ``name`` in Welsh or English (or by its code), if we know it."""
    if not name:
        return None
    return _BY_NAME.get(_normalise(name))


def town_by_code(code: str) -> Town | None:
    return _BY_CODE.get(code)


def towns_in_locality(locality_code: str) -> tuple[Town, ...]:
    return tuple(town for town in TOWNS if town.locality_code == locality_code)


def locality_name(code: str, language: str) -> str:
    for loc_code, name_cy, name_en in LOCALITIES:
        if loc_code == code:
            return name_cy if language == "cy" else name_en
    raise KeyError(code)


def _resolve(town: Town | str) -> Town:
    if isinstance(town, Town):
        return town
    found = _BY_CODE.get(town) or find_town(town)
    if found is None:
        raise KeyError(f"unknown town: {town!r}")
    return found


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_km(town_a: Town | str, town_b: Town | str) -> float:
    """Estimated road distance in km: great-circle distance × :data:`ROAD_FACTOR`.

    Accepts towns, codes or names in either language.
    """
    a, b = _resolve(town_a), _resolve(town_b)
    return _road_km_by_code(a.code, b.code)


@lru_cache(maxsize=None)
def _road_km_by_code(code_a: str, code_b: str) -> float:
    a, b = _BY_CODE[code_a], _BY_CODE[code_b]
    return haversine_km(a.lat, a.lon, b.lat, b.lon) * ROAD_FACTOR


@lru_cache(maxsize=None)
def distances_from(town: str) -> dict[str, float]:
    """Road km from one town (by code) to every town, keyed by code.

    Matching computes this once per request and then looks each worker's home
    town up in it, so ranking thousands of workers costs a dict lookup each.
    """
    origin = _resolve(town)
    return {other.code: _road_km_by_code(origin.code, other.code) for other in TOWNS}
