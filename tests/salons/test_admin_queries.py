"""The place admin lists run the same queries for 10 rows as for 1,000 (no query per row)."""

import pytest

from carenet.common.dates import local_today
from carenet.directory.models import Area, Municipality
from salons.models import Kind, Salon, SalonVisit, Schedule
from tests.admin_queries import MARK, assert_same_queries_for_few_and_many_rows, pick
from tests.conftest import make_account, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory_client(client):
    """The central directory role (demo-admin)."""
    return sign_in(client, make_account("query-directory", "directory_admin"))


def add_places(numbers):
    """Places of Mitaka, each with a schedule and this month's QR visits, as the list shows."""
    areas = list(Area.objects.filter(municipality__slug="mitaka"))
    kinds = list(Kind.objects.all())
    salons = Salon.objects.bulk_create(
        Salon(
            municipality_id=areas[0].municipality_id,
            area=pick(areas, n),
            kind=pick(kinds, n),
            name=f"{MARK}の通いの場 {n}",
            slug=f"query-place-{n}",
            is_sample=True,
        )
        for n in numbers
    )
    Schedule.objects.bulk_create(
        Schedule(salon=salon, frequency="monthly", weekday=2, week_of_month=1) for salon in salons
    )
    SalonVisit.objects.bulk_create(
        SalonVisit(salon=salon, month=local_today().replace(day=1), source="flyer", count=3)
        for salon in salons
    )


def add_kinds(numbers):
    cities = [*Municipality.objects.all(), None]
    Kind.objects.bulk_create(
        Kind(slug=f"query-kind-{n}", name=f"{MARK}の種類 {n}", municipality=pick(cities, n))
        for n in numbers
    )


# (changelist, who works with it, rows visible to them)
CHANGELISTS = {
    "places, area coordinator": (Salon, "inokashira_client", add_places),
    "places, city supervisor": (Salon, "mitaka_client", add_places),
    "places, directory role": (Salon, "directory_client", add_places),
    "kinds of place": (Kind, "directory_client", add_kinds),
}


@pytest.mark.parametrize("name", CHANGELISTS)
def test_place_changelists_run_the_same_queries_for_10_or_1000_rows(request, name):
    model, client_fixture, add_rows = CHANGELISTS[name]
    client = request.getfixturevalue(client_fixture)
    assert_same_queries_for_few_and_many_rows(client, model, add_rows)
