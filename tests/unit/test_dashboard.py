"""The Dashboard's figures, read with plain sqlite3, agree with the ORM's view
of the same demo locality: the request list, the workforce, compliance and the
bookings awaiting confirmation."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import func, or_, select

from localitydesk.domain.compliance_status import EXPIRING_WITHIN_DAYS
from localitydesk.domain.vocabulary import BookingStatus, RequestStatus
from localitydesk.services.dashboard import dashboard_summary
from localitydesk.services.demo import DemoOptions, build_demo
from localitydesk.services.errors import ServiceError
from localitydesk.services.requests import list_requests
from localitydesk.store.database import open_database
from localitydesk.store.models import Booking, ComplianceItem, Worker

BUILT = datetime(2026, 11, 23, 10, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    database = open_database(tmp_path_factory.mktemp("dashboard") / "demo.sqlite3")
    build_demo(database, DemoOptions(workers=300, providers=25, weeks=6, seed=3), now=BUILT)
    yield database
    database.close()


@pytest.mark.parametrize("today", [date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)])
def test_the_dashboard_agrees_with_the_orm(demo, today):
    now = datetime.combine(today, time(9), tzinfo=timezone.utc)
    summary = dashboard_summary(demo.path, today, now)

    expected_unfilled = [
        row for row in list_requests(demo, now, now + timedelta(days=7))
        if row.unfilled and row.status != RequestStatus.CANCELLED
    ]
    assert expected_unfilled, "the demo has unfilled requests in the coming week"
    key = lambda row: (row.starts_at, row.provider_name_en, row.id)  # noqa: E731
    assert summary.unfilled_next_week == sorted(expected_unfilled, key=key)

    with demo.session() as session:
        current = (Worker.deleted_at.is_(None), or_(Worker.leaving_date.is_(None), Worker.leaving_date > today))
        assert summary.current_workers == session.scalar(select(func.count()).select_from(Worker).where(*current))
        assert summary.welsh_intermediate_or_above == session.scalar(
            select(func.count()).select_from(Worker).where(*current, Worker.welsh_speaking >= 3)
        )
        expiring = session.execute(
            select(Worker.first_name, Worker.last_name, ComplianceItem.kind, ComplianceItem.expires_on)
            .join(Worker, Worker.id == ComplianceItem.worker_id)
            .where(*current, ComplianceItem.deleted_at.is_(None), ComplianceItem.expires_on >= today,
                   ComplianceItem.expires_on <= today + timedelta(days=EXPIRING_WITHIN_DAYS))
        ).all()
        awaiting = session.scalars(
            select(Booking.id).where(Booking.status.in_((BookingStatus.OFFERED, BookingStatus.ACCEPTED)),
                                     Booking.starts_at >= now)
        ).all()
    # A small locality: every list is shorter than the Dashboard's cap, so all of it shows.
    assert 0 < len(expiring) < 200 and 0 < len(awaiting) < 200
    assert sorted((f"{first} {last}", kind, day) for first, last, kind, day in expiring) == sorted(
        (item.worker_name, item.kind, item.expires_on) for item in summary.expiring
    )
    assert [item.expires_on for item in summary.expiring] == sorted(item.expires_on for item in summary.expiring)
    assert {b.booking_id for b in summary.awaiting_confirmation} == set(awaiting)
    assert 0 < summary.month_requests and 0 <= summary.month_filled <= summary.month_requests
    assert 0 <= summary.month_welsh_matched <= summary.month_welsh_requests <= summary.month_requests


def test_a_database_without_a_locality_is_refused_in_words(tmp_path):
    empty = open_database(tmp_path / "empty.sqlite3")
    try:
        with pytest.raises(ServiceError, match="no locality yet"):
            dashboard_summary(empty.path, date(2026, 12, 1))
    finally:
        empty.close()


def test_the_prefetched_figures_are_the_days_figures_and_only_that_days(demo, tmp_path):
    from localitydesk.services.dashboard import DashboardPrefetch

    today = date(2026, 11, 23)
    prefetch = DashboardPrefetch(demo.path, today)
    assert prefetch.result(today) == dashboard_summary(demo.path, today)
    assert prefetch.result(date(2026, 11, 24)) is None  # past midnight: the page reads again
    # A file it cannot read gives nothing, and the page's own read reports why.
    assert DashboardPrefetch(tmp_path / "missing.sqlite3", today).result(today) is None
