"""Bilingual from the first line: catalogue, plurals, formatting, collation, pseudo, Qt."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from localitydesk.i18n import _, ngettext, set_language, translate_in
from localitydesk.i18n.catalogue_tool import find_problems, read_catalogue
from localitydesk.i18n.collation import english_sort_key, welsh_sort_key
from localitydesk.i18n.formatting import format_date, format_datetime, format_money, format_time
from localitydesk.i18n.pseudo import pseudolocalise


def test_the_welsh_catalogue_has_every_message_translated_with_matching_placeholders():
    problems = find_problems(read_catalogue("cy"))
    assert problems == []


def test_the_check_catches_a_missing_a_fuzzy_and_a_mismatched_translation():
    from babel.messages.catalog import Catalog

    catalogue = Catalog(locale="cy")
    catalogue._num_plurals = 6
    catalogue.add("Workers", "")
    catalogue.add("Save", "Cadw", flags=["fuzzy"])
    catalogue.add("{count} shifts", "{nifer} shifft")
    problems = find_problems(catalogue)
    assert any(p.startswith("untranslated: 'Workers'") for p in problems)
    assert any(p.startswith("fuzzy: 'Save'") for p in problems)
    assert any("placeholders differ" in p for p in problems)


def test_the_welsh_header_carries_six_plural_forms():
    assert read_catalogue("cy").num_plurals == 6


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "Dim gweithwyr presennol"),
        (1, "1 gweithiwr presennol"),
        (2, "2 weithiwr presennol"),
        (3, "3 gweithiwr presennol"),
        (6, "6 gweithiwr presennol"),
        (7, "7 gweithiwr presennol"),
    ],
)
def test_welsh_plurals_choose_the_cldr_form(count, expected):
    set_language("cy")
    text = ngettext("{count} current worker", "{count} current workers", count).format(count=count)
    assert text == expected


def test_switching_language_changes_what_underscore_returns():
    set_language("cy")
    assert _("Workers") == "Gweithwyr"
    set_language("en")
    assert _("Workers") == "Workers"
    assert translate_in("cy", "Dashboard") == "Dangosfwrdd"


def test_dates_times_and_money_follow_the_language_and_london_time():
    summer_morning = datetime(2026, 7, 1, 7, 30, tzinfo=timezone.utc)  # 08:30 BST
    assert format_time(summer_morning, language="cy") == "08:30"
    assert "Gorffennaf" in format_date(date(2026, 7, 1), "long", language="cy")
    assert "July" in format_date(date(2026, 7, 1), "long", language="en")
    assert format_money(Decimal("1234.5"), language="en") == "£1,234.50"
    assert "1,234.50" in format_money(Decimal("1234.5"), language="cy")
    assert "08:30" in format_datetime(summer_morning, "short", language="en")


def test_welsh_collation_treats_digraphs_as_single_letters():
    names = ["Lowri", "Llinos", "Cyril", "Chris", "Dylan", "Ddafydd", "Rhys", "Robat", "Ng", "Nia", "Thomas", "Tudur"]
    # ng follows g (before h); ll follows l; rh follows r; th follows t.
    assert sorted(names, key=welsh_sort_key) == [
        "Cyril", "Chris", "Dylan", "Ddafydd", "Ng", "Lowri", "Llinos", "Nia", "Robat", "Rhys", "Tudur", "Thomas",
    ]
    assert sorted(names, key=english_sort_key)[:3] == ["Chris", "Cyril", "Ddafydd"]


def test_accents_only_break_ties_in_either_collation():
    assert sorted(["Ŵyn", "Wyn", "Wynne"], key=welsh_sort_key) == ["Wyn", "Ŵyn", "Wynne"]
    assert sorted(["Élan", "Eirlys", "Emyr"], key=english_sort_key) == ["Eirlys", "Élan", "Emyr"]


def test_pseudo_localisation_lengthens_and_keeps_placeholders():
    text = "Showing {shown} of {total} workers"
    stretched = pseudolocalise(text)
    assert len(stretched) >= len(text) * 1.3
    assert "{shown}" in stretched and "{total}" in stretched
    assert stretched.format(shown=1, total=2)


def test_every_code_of_every_domain_list_has_a_label_in_both_languages():
    from enum import Enum

    from localitydesk.domain import vocabulary

    lists = [v for v in vars(vocabulary).values() if isinstance(v, type) and issubclass(v, Enum) and v.__module__ == vocabulary.__name__]
    for language in ("en", "cy"):
        set_language(language)
        for code_list in lists:
            for member in code_list:
                assert vocabulary.label(member).strip(), f"{code_list.__name__}.{member.name} has no {language} label"


def test_welsh_day_names_in_a_sentence_are_lower_case_and_mutate_after_o_tan_and_i_ben():
    from localitydesk.domain.wording import welsh_running_text

    assert welsh_running_text("Ar wyliau o Dydd Llun 7 Rhagfyr tan Dydd Gwener 11 Rhagfyr.") == \
        "Ar wyliau o ddydd Llun 7 Rhagfyr tan ddydd Gwener 11 Rhagfyr."
    assert welsh_running_text("Rheoli heintiau: yn dod i ben Dydd Iau 19 Tachwedd 2026") == \
        "Rheoli heintiau: yn dod i ben ddydd Iau 19 Tachwedd 2026"
    assert welsh_running_text("rhwng Dydd Llun 20:00 a Dydd Mawrth 06:59") == "rhwng dydd Llun 20:00 a dydd Mawrth 06:59"
    # A day that begins a sentence keeps its capital.
    assert welsh_running_text("Dydd Sul 29 Tachwedd. Dydd Llun hefyd.") == "Dydd Sul 29 Tachwedd. Dydd Llun hefyd."
