"""Lists of places at national scale (decision 0018): ordered by a column of the place's own row
that never goes stale, filtered without joins that repeat rows, the next meeting kept per place
and day, and the same number of queries for 10 places or 300."""

import datetime as dt

import pytest

from carenet.directory.models import Area, Municipality
from salons.models import Kind, Salon, Schedule, ScheduleException
from salons.models.places import place_order_key

pytestmark = pytest.mark.django_db


def listed_order(city="mitaka"):
    return list(
        Salon.objects.listed().filter(municipality__slug=city).values_list("slug", flat=True)
    )


def a_place(slug, area, name="テストの通いの場"):
    return Salon.objects.create(
        municipality=area.municipality,
        area=area,
        kind=Kind.objects.get(slug="salon"),
        name=name,
        slug=slug,
    )


@pytest.fixture
def two_areas():
    """Two places named alike in two Mitaka areas, the first area listed first."""
    city = Municipality.objects.get(slug="mitaka")
    first = Area.objects.create(
        municipality=city, kind=Area.Kind.DISTRICT, name="テスト一", slug="test-one", order=1
    )
    second = Area.objects.create(
        municipality=city, kind=Area.Kind.DISTRICT, name="テスト二", slug="test-two", order=2
    )
    a_place("in-first", first)
    a_place("in-second", second)
    return first, second


def before(order, one, other):
    return order.index(one) < order.index(other)


def test_every_seeded_place_stands_where_its_city_and_area_say():
    for salon in Salon.objects.select_related("municipality", "area"):
        assert salon.place_order == salon.place_order_now(), salon.slug


def test_an_area_moved_up_in_lists_brings_its_places_at_once(two_areas):
    _first, second = two_areas
    assert before(listed_order(), "in-first", "in-second")
    second.order = 0
    second.save()
    assert before(listed_order(), "in-second", "in-first")


def test_a_place_moved_to_another_area_takes_that_areas_place(two_areas):
    first, _second = two_areas
    place = Salon.objects.get(slug="in-first")
    place.area = Area.objects.create(
        municipality=first.municipality, kind=Area.Kind.DISTRICT, name="後", slug="late", order=9
    )
    place.save(update_fields=["area"])
    assert before(listed_order(), "in-second", "in-first")


def test_a_city_moved_up_in_lists_brings_its_places_before_the_others():
    mitaka, tama = Municipality.objects.get(slug="mitaka"), Municipality.objects.get(slug="tama")
    everything = list(Salon.objects.listed().values_list("municipality__slug", flat=True))
    assert everything.index("mitaka") < everything.index("tama")
    tama.order = mitaka.order - 1 if mitaka.order else 0
    mitaka.order = tama.order + 1
    tama.save()
    mitaka.save()
    everything = list(Salon.objects.listed().values_list("municipality__slug", flat=True))
    assert everything.index("tama") < everything.index("mitaka")


def test_places_of_a_deleted_area_go_to_the_end_of_their_city(two_areas):
    first, _second = two_areas
    first.delete()
    assert Salon.objects.get(slug="in-first").area is None
    assert listed_order()[-1] == "in-first"


def test_places_made_in_bulk_stand_where_their_area_says(two_areas):
    first, second = two_areas
    [made] = Salon.objects.bulk_create(
        [
            Salon(
                municipality=first.municipality,
                area=second,
                kind=Kind.objects.get(slug="salon"),
                name="一括",
                slug="in-bulk",
            )
        ]
    )
    made.refresh_from_db()
    assert made.place_order == place_order_key(
        first.municipality.order, first.municipality.code, second.order
    )


def test_the_next_meeting_follows_a_cancellation_made_after_it_was_shown(fixed_today):
    def next_meeting():
        return Salon.objects.with_details().get(slug="fureai-salon-inokashira").next_occurrence

    shown = next_meeting()
    assert shown is not None
    ScheduleException.objects.create(
        salon=Salon.objects.get(slug="fureai-salon-inokashira"),
        date=shown.date,
        kind=ScheduleException.Kind.CANCEL,
    )
    assert next_meeting().date > shown.date


def test_the_next_meeting_follows_a_changed_schedule(fixed_today):
    place = Salon.objects.with_details().get(slug="fureai-salon-inokashira")
    shown = place.next_occurrence
    Schedule.objects.filter(salon=place).update(weekday=shown.date.isoweekday() % 7 + 1)
    moved = Salon.objects.with_details().get(pk=place.pk).next_occurrence
    assert moved.date.isoweekday() != shown.date.isoweekday()


def test_meeting_on_a_day_lists_each_place_once():
    day = dt.date(2026, 11, 24)  # a Tuesday
    place = Salon.objects.filter(schedules__weekday=2).first()
    Schedule.objects.create(salon=place, frequency=Schedule.Frequency.WEEKLY, weekday=2)
    ScheduleException.objects.create(salon=place, date=day, kind=ScheduleException.Kind.EXTRA)
    found = list(Salon.objects.meeting_on(day).values_list("pk", flat=True))
    assert found.count(place.pk) == 1
    by_weekday = list(Salon.objects.meeting_on_weekday(2).values_list("pk", flat=True))
    assert by_weekday.count(place.pk) == 1
