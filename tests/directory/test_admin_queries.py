"""The directory admin lists run the same queries for 10 rows as for 1,000 (no query per row)."""

import pytest

from carenet.directory.models import (
    Area,
    Contact,
    Initiative,
    MemberKind,
    Municipality,
    Network,
    Organisation,
    Resource,
    Venue,
)
from tests.admin_queries import MARK, assert_same_queries_for_few_and_many_rows, pick
from tests.conftest import make_account, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory_client(client):
    """The central directory role (demo-admin)."""
    return sign_in(client, make_account("query-directory", "directory_admin"))


def mitaka():
    return Municipality.objects.get(slug="mitaka")


def mitaka_areas():
    return list(Area.objects.filter(municipality__slug="mitaka"))


def rows_of(model, with_area=False, **fields):
    """add_rows for a directory model of Mitaka: a name, the fields given, perhaps an area.

    A field given as a list spreads the rows over its values (see `pick`); one given as a
    function is called with the row's number (for unique values such as slugs).
    """

    def add_rows(numbers):
        city, areas = mitaka(), mitaka_areas()
        model.objects.bulk_create(
            model(
                municipality=city,
                name=f"{MARK} {n}",
                **({"area": pick(areas, n)} if with_area else {}),
                **{
                    name: value(n)
                    if callable(value)
                    else pick(value, n)
                    if isinstance(value, list)
                    else value
                    for name, value in fields.items()
                },
            )
            for n in numbers
        )

    return add_rows


def add_areas(numbers):
    Area.objects.bulk_create(
        Area(
            municipality=mitaka(),
            kind=pick(Area.Kind.values, n),
            name=f"{MARK} {n}",
            slug=f"query-area-{n}",
        )
        for n in numbers
    )


def add_contacts(numbers):
    organisations = [None, *Organisation.objects.filter(municipality__slug="mitaka")]
    Contact.objects.bulk_create(
        Contact(municipality=mitaka(), label=f"{MARK} {n}", organisation=pick(organisations, n))
        for n in numbers
    )


def add_cities(numbers):
    Municipality.objects.bulk_create(
        Municipality(
            name=f"{MARK}市 {n}", slug=f"query-city-{n}", code=f"9{n:05d}", prefecture="東京都"
        )
        for n in numbers
    )


def add_member_kinds(numbers):
    MemberKind.objects.bulk_create(MemberKind(name=f"{MARK} {n}") for n in numbers)


# (changelist, who works with it, rows visible to them)
CHANGELISTS = {
    "areas": (Area, "mitaka_client", add_areas),
    "contacts": (Contact, "mitaka_client", add_contacts),
    "organisations": (
        Organisation,
        "mitaka_client",
        rows_of(Organisation, kind=Organisation.Kind.values),
    ),
    "venues": (Venue, "mitaka_client", rows_of(Venue, with_area=True)),
    "networks": (
        Network,
        "mitaka_client",
        rows_of(Network, True, kind=Network.Kind.values, slug=lambda n: f"query-network-{n}"),
    ),
    "initiatives, area coordinator": (
        Initiative,
        "osawa_client",
        rows_of(Initiative, True, kind=Initiative.Kind.values),
    ),
    "initiatives, directory role": (
        Initiative,
        "directory_client",
        rows_of(Initiative, True, kind=Initiative.Kind.values),
    ),
    "resources": (Resource, "mitaka_client", rows_of(Resource)),
    "cities": (Municipality, "directory_client", add_cities),
    "member kinds": (MemberKind, "directory_client", add_member_kinds),
}


@pytest.mark.parametrize("name", CHANGELISTS)
def test_directory_changelists_run_the_same_queries_for_10_or_1000_rows(request, name):
    model, client_fixture, add_rows = CHANGELISTS[name]
    client = request.getfixturevalue(client_fixture)
    assert_same_queries_for_few_and_many_rows(client, model, add_rows)
