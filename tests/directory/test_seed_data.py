"""The seed fixtures: real data only, every value from the seeds or shared/data."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from carenet.directory.models import Area, Municipality, Network, Venue
from coordinators.models import Coordinator
from salons.models import Salon

pytestmark = pytest.mark.django_db
FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def test_fixtures_hold_no_sample_data():
    for path in FIXTURES.glob("*.json"):
        rows = json.loads(path.read_text())
        assert not [r for r in rows if r["fields"].get("is_sample")], path.name
        assert "サンプル" not in path.read_text(), path.name


def test_both_cities_with_their_official_codes():
    assert dict(Municipality.objects.values_list("slug", "code")) == {
        "mitaka": "132047",
        "tama": "132241",
    }


def test_mitaka_has_seven_districts_each_with_one_care_network_and_centre():
    districts = Area.objects.filter(municipality__slug="mitaka", kind=Area.Kind.DISTRICT)
    assert districts.count() == 7
    for area in districts:
        networks = list(area.networks.all())
        assert len(networks) == 1, area
        assert networks[0].kind == Network.Kind.CARE_NETWORK
        assert networks[0].base.name.endswith("コミュニティ・センター")
        assert networks[0].founded_year and networks[0].founded_month


def test_the_first_and_seventh_care_networks_are_inokashira_and_osawa():
    ordered = list(
        Network.objects.filter(kind=Network.Kind.CARE_NETWORK).order_by(
            "founded_year", "founded_month"
        )
    )
    assert ordered[0].name == "ケアネット・井の頭"
    assert ordered[-1].name == "ケアネット・おおさわ"


def test_only_inokashira_centre_has_coordinates():
    with_coordinates = Venue.objects.exclude(latitude=None)
    assert [v.name for v in with_coordinates] == ["井の頭コミュニティ・センター"]


def test_tama_daily_living_areas_are_only_the_known_four():
    names = set(
        Area.objects.filter(municipality__slug="tama", kind=Area.Kind.DAILY_LIVING).values_list(
            "name", flat=True
        )
    )
    assert names == {"東部", "中部", "北部", "多摩センター"}


def test_one_community_welfare_coordinator_per_mitaka_district():
    for area in Area.objects.filter(municipality__slug="mitaka"):
        coordinators = area.coordinators.all()
        assert len(coordinators) == 1, area
        assert coordinators[0].role == Coordinator.Role.COMMUNITY_WELFARE
        assert coordinators[0].family_name_kana


def test_tama_has_both_layers_of_life_support_coordinator():
    layers = set(
        Coordinator.objects.filter(municipality__slug="tama").values_list("layer", flat=True)
    )
    assert layers == {1, 2}


def test_seven_mitaka_salons_as_the_seed_lists_them():
    salons = Salon.objects.filter(municipality__slug="mitaka", kind__slug="salon")
    assert salons.count() == 7
    assert salons.get(name="サロンおおさわ").status == Salon.Status.SUSPENDED
    assert salons.filter(status=Salon.Status.ACTIVE).count() == 6


def test_every_place_has_a_source():
    assert not Salon.objects.filter(source="").exists()
