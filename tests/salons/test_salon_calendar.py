"""A place's own calendar: its schedules, its status and its one-off changes together."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salons.models import Salon, Schedule

pytestmark = pytest.mark.django_db

starts = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2034, 12, 31))


@pytest.fixture
def weekly_place():
    salon = Salon.objects.get(slug="shinnaka-salon")
    Schedule.objects.create(
        salon=salon,
        frequency=Schedule.Frequency.WEEKLY,
        weekday=2,
        skip_holidays=False,
        skip_year_end=False,
    )
    return salon


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(start=starts, span=st.integers(min_value=7, max_value=400))
def test_a_suspended_place_yields_no_date(weekly_place, start, span):
    end = start + dt.timedelta(days=span)
    weekly_place.status = Salon.Status.ACTIVE
    assert weekly_place.occurrences_between(start, end), "an active weekly place meets every week"
    for status in (Salon.Status.SUSPENDED, Salon.Status.ENDED):
        weekly_place.status = status
        assert weekly_place.occurrences_between(start, end) == []
        assert weekly_place.upcoming(today=start) == []


def test_two_schedules_merge_in_date_order(weekly_place):
    dates = [
        o.date for o in weekly_place.occurrences_between(dt.date(2027, 1, 1), dt.date(2027, 2, 28))
    ]
    assert dates == sorted(dates)
    assert dt.date(2027, 1, 28) in dates  # 第4木曜 from the seed
    assert dt.date(2027, 1, 5) in dates  # every Tuesday, added here


def test_schedule_validation_messages_are_japanese():
    schedule = Schedule(
        salon=Salon.objects.first(), frequency=Schedule.Frequency.WEEKLY, weekday=1, interval=2
    )
    with pytest.raises(Exception) as error:
        schedule.full_clean()
    assert "初回の日付を開始日に入れてください" in str(error.value)
