"""/map/ at national scale: more places than a map can show ask to narrow the search, in a
fixed number of queries, instead of listing 145,000 places on one page."""

import json

import pytest

from salons import maps
from salons.models import Salon
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(monkeypatch):
    """The seed's listed places are more than the limit, as 145,000 are more than 1,000."""
    limit = Salon.objects.listed().count() - 1
    monkeypatch.setattr(maps, "MAP_MAX_PLACES", limit)
    return limit


def test_too_many_places_ask_to_narrow_down_and_list_none(client, small_limit):
    body = client.get("/map/").content.decode()
    assert f"地図にのせるには多すぎます（{small_limit}か所まで）" in body
    assert 'id="place-map"' not in body and "ふれあいサロン・井の頭" not in body
    assert f"{Salon.objects.listed().count()} か所" in body


def test_the_geojson_of_too_many_places_is_empty_and_says_how_many(client, small_limit):
    data = json.loads(client.get("/salons.geojson").content)
    assert data["features"] == [] and data["matched"] == Salon.objects.listed().count()


def test_a_narrowed_search_shows_its_places_on_the_map(client, small_limit):
    body = client.get("/map/", {"city": "mitaka"}).content.decode()
    assert "多すぎます" not in body and 'id="place-map"' in body
    assert "ふれあいサロン・井の頭" in body


def test_the_crowded_map_takes_a_fixed_number_of_queries(client, small_limit):
    assert count_queries(client, "/map/") <= count_queries(client, "/map/?city=mitaka") + 1
