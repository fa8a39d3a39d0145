"""A Tama 圏域's coordinator keeps the places of the committee districts the 圏域 holds, and no
others (issue #9: areas contain areas)."""

import pytest

from carenet.directory import access
from carenet.directory.models import Area
from salons.models import Salon
from tests.conftest import make_staff, sign_in

pytestmark = pytest.mark.django_db

DISTRICT_PLACE = "daredemo-cafe-atago"  # in 愛宕・乞田・貝取, a district of 北部


@pytest.fixture
def hokubu_coordinator(db):
    return make_staff("co-tama-hokubu", "tama", "areas", ["tama-hokubu"])


@pytest.fixture
def tobu_coordinator(db):
    return make_staff("co-tama-tobu", "tama", "areas", ["tama-tobu"])


def test_the_areas_coordinator_edits_its_districts_places(hokubu_coordinator):
    place = Salon.objects.get(slug=DISTRICT_PLACE)
    assert place.area.parent.slug == "tama-hokubu"
    assert access.can_edit(hokubu_coordinator, place)
    assert place in access.editable(hokubu_coordinator, Salon.objects.all())
    district = Area.objects.get(slug="atago-kotta-kaitori")
    assert district in access.areas_for(hokubu_coordinator, Area.objects.all())


def test_another_areas_coordinator_does_not(tobu_coordinator, client):
    place = Salon.objects.get(slug=DISTRICT_PLACE)
    assert not access.can_edit(tobu_coordinator, place)
    assert place not in access.editable(tobu_coordinator, Salon.objects.all())
    district = Area.objects.get(slug="atago-kotta-kaitori")
    assert district not in access.areas_for(tobu_coordinator, Area.objects.all())
    sign_in(client, tobu_coordinator)
    response = client.post(f"/staff/places/{DISTRICT_PLACE}/confirm/", {"method": "phone"})
    assert response.status_code == 403


def test_the_areas_coordinator_confirms_a_district_place_from_the_worklist(
    hokubu_coordinator, client
):
    sign_in(client, hokubu_coordinator)
    slugs = [salon.slug for salon in client.get("/staff/").context["worklist"]]
    assert DISTRICT_PLACE in slugs
    response = client.post(f"/staff/places/{DISTRICT_PLACE}/confirm/", {"method": "phone"})
    assert response.status_code == 302
    assert Salon.objects.get(slug=DISTRICT_PLACE).last_confirmed_on is not None
