"""The admin lists' city and area filters offer what the user works with: their own city and
its areas, or (the directory administrator) the cities that take part. With every municipality
of Japan loaded, Django's own filters listed 1,741 cities and 3,800 areas on every page."""

import pytest
from django.urls import reverse

from carenet.directory.models import Area, Municipality
from salons.models import Kind, Salon
from tests.conftest import make_account, sign_in

pytestmark = pytest.mark.django_db

SALONS = reverse("admin:salons_salon_changelist")


@pytest.fixture
def elsewhere():
    """A municipality that does not take part, with an area and a place of its own."""
    city = Municipality.objects.create(
        name="どこか町", slug="dokoka", code="999999", prefecture="北海道"
    )
    area = Area.objects.create(
        municipality=city, kind=Area.Kind.DISTRICT, name="どこか地区", slug="dokoka-chiku"
    )
    place = Salon.objects.create(
        municipality=city,
        area=area,
        kind=Kind.objects.get(slug="salon"),
        name="どこかサロン",
        slug="dokoka-salon",
    )
    return city, area, place


def offered(response, title):
    """The choices of the filter with this title; None when the list does not show it."""
    changelist = response.context["cl"]
    spec = next((spec for spec in changelist.filter_specs if spec.title == title), None)
    return None if spec is None else {choice["display"] for choice in spec.choices(changelist)}


def test_city_staff_are_offered_their_own_city_and_its_areas_only(mitaka_client, elsewhere):
    response = mitaka_client.get(SALONS)
    assert response.status_code == 200
    # One city to choose from is no choice: Django leaves such a filter out.
    assert offered(response, Salon._meta.get_field("municipality").verbose_name) is None
    areas = offered(response, Salon._meta.get_field("area").verbose_name)
    mitaka_areas = {str(a) for a in Area.objects.filter(municipality__slug="mitaka")}
    assert mitaka_areas <= areas
    assert not any("多摩市" in name or "どこか" in name for name in areas), areas


def test_the_directory_administrator_is_offered_the_cities_that_take_part(client, elsewhere):
    sign_in(client, make_account("dir-filters", "directory_admin"))
    response = client.get(SALONS)
    assert response.status_code == 200
    cities = offered(response, Salon._meta.get_field("municipality").verbose_name)
    assert {"三鷹市", "多摩市"} <= cities and "どこか町" not in cities

    # A city that does not take part can still be chosen (a link), and is then offered.
    city, _area, place = elsewhere
    response = client.get(SALONS, {"municipality__id__exact": city.pk})
    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [place.pk]
    assert "どこか町" in offered(response, Salon._meta.get_field("municipality").verbose_name)


@pytest.mark.parametrize("value", ["abc", "-1", "9" * 30])
def test_a_bad_city_in_the_address_is_the_admins_message(mitaka_client, value):
    response = mitaka_client.get(SALONS, {"municipality__id__exact": value})
    assert response.status_code in (200, 302), response.status_code
