"""A city page lists its networks and councils; a council's subcommittees appear under it."""

import pytest

from carenet.directory.models import Network

pytestmark = pytest.mark.django_db


def test_city_page_lists_the_top_level_networks_only(client):
    listed = list(client.get("/tama/").context["networks"])
    subcommittees = Network.objects.filter(municipality__slug="tama", parent__isnull=False)
    assert subcommittees.exists()
    assert listed == list(Network.objects.top_level().filter(municipality__slug="tama"))
    assert not set(listed) & set(subcommittees)


def test_a_new_subcommittee_shows_under_its_council_not_beside_it(client):
    council = Network.objects.top_level().filter(municipality__slug="mitaka").first()
    Network.objects.create(
        municipality=council.municipality,
        parent=council,
        kind=Network.Kind.SUBCOMMITTEE,
        name="試験の分科会",
        slug="test-subcommittee",
    )
    response = client.get("/mitaka/")
    assert "試験の分科会" not in {network.name for network in response.context["networks"]}
    assert "試験の分科会" in response.content.decode()
