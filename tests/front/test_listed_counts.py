"""What /salons/ lists (listed(): all but ended places) and what 「通いの場 Nか所」 counts on
the home and city pages (open_to_visit(): meeting now, on a known day) are each one rule (#9)."""

import pytest

from carenet.directory.models import Municipality
from salons.models import Salon

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_ended_one_suspended(db):
    Salon.objects.filter(slug="renjaku-salon").update(status=Salon.Status.ENDED)
    Salon.objects.filter(slug="shinnaka-salon").update(status=Salon.Status.SUSPENDED)


def listed_on_search_page(client, **filters):
    return client.get("/salons/", filters).context["paginator"].count


def test_listed_leaves_out_exactly_the_ended_places(one_ended_one_suspended):
    everything = list(Salon.objects.all())
    assert any(salon.is_ended for salon in everything)
    assert set(Salon.objects.listed()) == {s for s in everything if not s.is_ended}


def test_home_counts_each_city_as_places_open_to_visit(client, one_ended_one_suspended):
    counts = {city.slug: city.salon_count for city in client.get("/").context["municipalities"]}
    assert counts == {
        city.slug: Salon.objects.open_to_visit().filter(municipality=city).count()
        for city in Municipality.objects.all()
    }
    # Mitaka's six dated salons, less the ended and the suspended one; the search page still
    # lists the suspended one and the seven 相談サロン whose day is not known.
    assert counts["mitaka"] == 4
    assert listed_on_search_page(client, city="mitaka") == 13


def test_city_page_counts_each_area_as_places_open_to_visit(client, one_ended_one_suspended):
    areas = client.get("/mitaka/").context["areas"]
    assert {area.slug: area.salon_count for area in areas} == {
        area.slug: Salon.objects.open_to_visit().in_area(area).count() for area in areas
    }


def test_an_ended_place_says_so_on_its_own_page(client, one_ended_one_suspended):
    body = client.get("/salons/renjaku-salon/").content.decode()
    assert "終了しました" in body
    assert "終了しました" not in client.get("/salons/shinnaka-salon/").content.decode()
