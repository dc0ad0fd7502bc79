"""The Dashboard's lists write every day the one way ("Sat 28 Nov" / "Sad 28 Tach"),
first on each line: no numeric date beside a named one, no year on one list only."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone

import pytest

from localitydesk.domain.vocabulary import ComplianceType, ProviderType, RequestReason, Role
from localitydesk.services.bookings import book_worker
from localitydesk.services.providers import ProviderProfile, save_provider
from localitydesk.services.requests import RequestForm, create_request
from localitydesk.services.workers import ComplianceEntry
from tests.factories import ADMIN, add_worker

NUMERIC_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")
YEAR = re.compile(r"\b20\d\d\b")


@pytest.fixture
def attention(db, today):
    """Today is Monday 23 November 2026: an unfilled request on Saturday, a
    booking offered for Thursday, a DBS check expiring on Friday 4 December."""
    provider = save_provider(db, ADMIN, ProviderProfile(name_cy="Tŷ Gwyn", name_en="Whitehouse",
                                                        kind=ProviderType.CARE_HOME, town="conwy"))
    items = [ComplianceEntry(kind, "", date(2024, 1, 1), date(2028, 1, 1)) for kind in ComplianceType
             if kind != ComplianceType.DBS_ENHANCED]
    items.append(ComplianceEntry(ComplianceType.DBS_ENHANCED, "D1", date(2023, 12, 4), date(2026, 12, 4)))
    worker = add_worker(db, today, compliance_items=items)

    def request(day: date, start: int):
        return create_request(db, ADMIN, RequestForm(
            provider_id=provider, role=Role.CARE_WORKER, day=day, start=time(start), end=time(start + 8),
            reason=RequestReason.SICKNESS, unpaid_break_minutes=30, requested_by="Gwenda"))

    request(date(2026, 11, 28), 7)
    offered = request(date(2026, 11, 26), 9)
    book_worker(db, ADMIN, offered, worker, offer=True, override_reason="test",
                now=datetime(2026, 11, 23, 9, tzinfo=timezone.utc))


@pytest.mark.parametrize(("language", "days"), [
    ("en", ("Sat 28 Nov", "Thu 26 Nov 09:00", "Fri 4 Dec")),
    ("cy", ("Sad 28 Tach", "Iau 26 Tach 09:00", "Gwen 4 Rhag")),
])
def test_every_list_leads_with_its_day_written_the_same_way(qtbot, app_context, attention, language, days):
    from localitydesk.i18n import set_language
    from localitydesk.ui.pages.dashboard_page import DashboardPage

    set_language(language)
    page = DashboardPage(app_context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    texts = {key: [page.lists[key].item(i).text() for i in range(page.lists[key].count())] for key in page.lists}
    [unfilled], [awaiting], [expiring] = texts["unfilled"], texts["awaiting"], texts["compliance"]
    assert unfilled.startswith(days[0] + " 07:00–15:00 · ")
    assert awaiting.startswith(days[1] + " · Siân Llwyd")
    assert expiring.startswith(days[2] + " · Siân Llwyd · ")
    for line in (unfilled, awaiting, expiring):
        assert not NUMERIC_DATE.search(line) and not YEAR.search(line), line


@pytest.mark.parametrize(("language", "provider", "status"), [
    ("en", "Whitehouse", "Offered"),
    ("cy", "Tŷ Gwyn", None),
])
def test_awaiting_lines_separate_worker_and_provider_instead_of_joining_them_with_at_or_yn(
        qtbot, app_context, attention, language, provider, status):
    """Welsh "yn" mutates the name after it (yng Nghartref…), which no format
    string can do for any provider's name: the line uses separators in both."""
    from localitydesk.domain.vocabulary import BookingStatus, label
    from localitydesk.i18n import set_language
    from localitydesk.ui.pages.dashboard_page import DashboardPage

    set_language(language)
    page = DashboardPage(app_context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    [awaiting] = [page.lists["awaiting"].item(i).text() for i in range(page.lists["awaiting"].count())]
    status = status or label(BookingStatus.OFFERED)
    assert awaiting.endswith(f" · Siân Llwyd · {provider} ({status})"), awaiting
    assert " yn " not in awaiting and " at " not in awaiting


@pytest.mark.parametrize(("language", "heading"), [
    ("en", "Compliance expiring in the next 30 days"),
    ("cy", "Eitemau cydymffurfiaeth sy'n dod i ben yn y 30 diwrnod nesaf"),
])
def test_the_compliance_heading_uses_the_one_welsh_term(qtbot, app_context, language, heading):
    from localitydesk.i18n import set_language
    from localitydesk.ui.pages.dashboard_page import DashboardPage

    set_language(language)
    page = DashboardPage(app_context)
    qtbot.addWidget(page)
    assert page.boxes["compliance"].title() == heading


def test_compliance_is_cydymffurfiaeth_wherever_it_is_a_heading_or_a_noun():
    """One term: the noun "cydymffurfiaeth", never the verb-noun "cydymffurfio"."""
    from localitydesk.i18n import set_language
    from localitydesk.i18n import _

    set_language("cy")
    for msgid in ("Compliance", "Compliance item", "Compliance expiring in the next 30 days"):
        welsh = _(msgid)
        assert "ydymffurfiaeth" in welsh and "ydymffurfio" not in welsh, welsh


@pytest.mark.parametrize(("language", "days"), [
    ("en", ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]),
    ("cy", ["Llun", "Maw", "Mer", "Iau", "Gwen", "Sad", "Sul"]),
])
def test_the_new_request_dialog_shortens_weekdays_as_the_lists_do(qtbot, app_context, language, days):
    """Friday is "Gwen" in the block's weekday boxes as on the Dashboard ("Gwen 4 Rhag") and the Rota."""
    from localitydesk.i18n import set_language
    from localitydesk.i18n.formatting import format_date
    from localitydesk.ui.dialogs.request_dialog import RequestDialog

    set_language(language)
    dialog = RequestDialog(app_context)
    qtbot.addWidget(dialog)
    assert [check.text() for check in dialog.weekday_checks] == days
    assert days[4] == format_date(date(2026, 12, 4), "EEE")  # a Friday, as the lists write it
    other = "en" if language == "cy" else "cy"
    set_language(other)
    assert [check.text() for check in dialog.weekday_checks][4] == ("Gwen" if other == "cy" else "Fri")


def test_the_blocks_week_count_agrees_with_its_number(qtbot, app_context):
    from localitydesk.i18n import set_language
    from localitydesk.ui.dialogs.request_dialog import RequestDialog

    set_language("en")
    dialog = RequestDialog(app_context)
    qtbot.addWidget(dialog)
    assert dialog.weeks.text() == "1 week"
    dialog.weeks.setValue(3)
    assert dialog.weeks.text() == "3 weeks"
    set_language("cy")
    assert dialog.weeks.text() == "3 wythnos"
