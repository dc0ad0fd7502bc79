"""The Requests week view: a request whose shift is over (earlier in the week)
is greyed and says it is past, and the upcoming unfilled ones come first."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest
from PySide6.QtCore import Qt

from localitydesk.domain.vocabulary import ProviderType, RequestReason, Role
from localitydesk.services.providers import ProviderProfile, save_provider
from localitydesk.services.requests import RequestForm, create_request
from localitydesk.ui.models.request_table_model import PAST
from tests.factories import ADMIN

PAST_WORD = {"en": "past", "cy": "wedi mynd heibio"}
TOOLTIP = {"en": "Past — the shift ended: ", "cy": "Wedi mynd heibio — daeth y shifft i ben: "}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_past_requests_are_marked_and_come_after_the_upcoming_ones(qtbot, app_context, db, language):
    from localitydesk.i18n import set_language
    from localitydesk.ui.pages.requests_page import RequestsPage

    provider = save_provider(db, ADMIN, ProviderProfile(name_cy="Tŷ Gwyn", name_en="Whitehouse",
                                                        kind=ProviderType.CARE_HOME, town="conwy"))
    for day in (date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 26), date(2026, 11, 28)):
        create_request(db, ADMIN, RequestForm(
            provider_id=provider, role=Role.CARE_WORKER, day=day, start=time(7), end=time(15),
            reason=RequestReason.SICKNESS, unpaid_break_minutes=30, requested_by="Gwenda"))
    # Wednesday morning: Monday's and Tuesday's shifts are over.
    app_context.now = lambda: datetime(2026, 11, 25, 9, tzinfo=timezone.utc)
    set_language(language)
    page = RequestsPage(app_context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()

    model = page.model
    assert model.rowCount() == 4
    days = [model.row_at(row).starts_at.day for row in range(4)]
    assert days == [26, 28, 23, 24]  # upcoming unfilled first, soonest first; then the past
    open_for = len(model.columns) - 2
    for row in range(4):
        past = days[row] in (23, 24)
        when_cell = model.index(row, 0)
        brush = model.data(when_cell, Qt.ItemDataRole.ForegroundRole)
        tooltip = model.data(when_cell, Qt.ItemDataRole.ToolTipRole)
        if past:
            assert brush is not None and brush.color() == PAST
            assert tooltip.startswith(TOOLTIP[language])
            assert model.data(model.index(row, open_for)) == PAST_WORD[language]
        else:
            assert brush is None and tooltip is None
            assert model.data(model.index(row, open_for)) != PAST_WORD[language]
