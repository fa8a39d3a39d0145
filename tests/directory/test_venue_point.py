"""A venue's point in the admin (issue #12): typed, both or neither, within Japan, in one's area.

The map picker only fills the same two inputs (tests/browser/test_map.py clicks it); here the
numbers are typed, as they can always be, by Mitaka's city supervisor (the roles give venues to
the city's staff; area coordinators only read them, coordinators/roles.py).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from carenet.directory.models import Venue
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

INOKASHIRA_CC = 1  # 井の頭コミュニティ・センター (area 井の頭)
OSAWA_CC = 7  # 大沢コミュニティ・センター (area 大沢)


def change_url(pk):
    return reverse("admin:carenet_venue_change", args=[pk])


def post_point(client, pk, latitude, longitude):
    page = client.get(change_url(pk))
    assert page.status_code == 200
    data = admin_form_data(page)
    data["latitude"] = latitude
    data["longitude"] = longitude
    return client.post(change_url(pk), data)


def point(pk):
    venue = Venue.objects.get(pk=pk)
    return venue.latitude, venue.longitude


def test_change_form_shows_the_map_picker_with_leaflet_from_our_static_files(mitaka_client):
    html = mitaka_client.get(change_url(INOKASHIRA_CC)).content.decode()
    assert 'class="point-picker-map"' in html
    assert 'data-latitude-input="id_latitude"' in html
    assert "/static/leaflet/leaflet.js" in html and "/static/js/point_picker.js" in html
    assert 'name="latitude"' in html and 'name="longitude"' in html


def test_city_staff_type_a_point_and_it_is_saved(mitaka_client):
    response = post_point(mitaka_client, INOKASHIRA_CC, "35.700123", "139.575001")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert point(INOKASHIRA_CC) == (Decimal("35.700123"), Decimal("139.575001"))


def test_both_numbers_can_be_cleared_together(mitaka_client):
    assert post_point(mitaka_client, INOKASHIRA_CC, "", "").status_code == 302
    assert point(INOKASHIRA_CC) == (None, None)


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("35.7", "", "緯度と経度は両方とも入力するか、両方とも空にしてください。"),
        ("", "139.5", "緯度と経度は両方とも入力するか、両方とも空にしてください。"),
        ("51.5", "139.5", "緯度は20〜46の範囲で入力してください"),
        ("35.7", "-0.12", "経度は122〜154の範囲で入力してください"),
        ("139.5", "35.7", "緯度は20〜46の範囲で入力してください"),  # swapped
    ],
)
def test_one_number_or_a_point_outside_japan_is_refused_in_japanese(
    mitaka_client, latitude, longitude, message
):
    before = point(INOKASHIRA_CC)
    response = post_point(mitaka_client, INOKASHIRA_CC, latitude, longitude)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert point(INOKASHIRA_CC) == before


@pytest.mark.parametrize("venue", [INOKASHIRA_CC, OSAWA_CC])
def test_an_area_coordinator_reads_venues_and_cannot_set_their_point(inokashira_client, venue):
    before = point(venue)
    page = inokashira_client.get(change_url(venue))
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    data = {"latitude": "35.66", "longitude": "139.53", "name": "x"}
    assert inokashira_client.post(change_url(venue), data).status_code == 403
    assert point(venue) == before


def test_another_citys_supervisor_cannot_set_the_point(tama_client):
    before = point(OSAWA_CC)
    data = {"latitude": "35.66", "longitude": "139.53", "name": "x"}
    response = tama_client.post(change_url(OSAWA_CC), data)
    # Out of the city's rows: the admin answers as for a row that does not exist.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert point(OSAWA_CC) == before
