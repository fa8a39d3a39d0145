"""The coordinator and account admin lists run the same queries for 10 rows as for 1,000."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from carenet.directory.models import Area, Municipality
from coordinators.models import AccountEvent, Coordinator, StaffProfile
from coordinators.roles import role_group
from tests.admin_queries import MARK, assert_same_queries_for_few_and_many_rows, pick
from tests.conftest import make_account, sign_in

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def access_client(client):
    """The access administrator (demo-access)."""
    return sign_in(client, make_account("query-access", "access_admin"))


def add_coordinators(numbers, city="mitaka"):
    areas = list(Area.objects.filter(municipality__slug=city))
    made = Coordinator.objects.bulk_create(
        Coordinator(
            municipality_id=areas[0].municipality_id,
            family_name=f"{MARK} {n}",
            role=pick(Coordinator.Role.values, n),
            layer=pick([2, 1, None], n),
        )
        for n in numbers
    )
    Coordinator.areas.through.objects.bulk_create(
        Coordinator.areas.through(coordinator=c, area=pick(areas, n))
        for n, c in zip(numbers, made, strict=True)
    )
    return made


def add_users(numbers):
    """Staff accounts with a role, half of them with the authenticator app set up."""
    roles = [role_group("area_coordinator"), role_group("city_supervisor")]
    users = User.objects.bulk_create(
        User(username=f"query-user-{n}", last_name=MARK, is_staff=True) for n in numbers
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user=user, group=pick(roles, n))
        for n, user in zip(numbers, users, strict=True)
    )
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="app", confirmed=n % 2 == 0)
        for n, user in zip(numbers, users, strict=True)
    )
    return users


def add_staff_profiles(numbers):
    """Profiles in both cities, each tied to its own coordinator of the directory."""
    users = add_users(numbers)
    cities = list(Municipality.objects.all())
    coordinators = Coordinator.objects.bulk_create(
        Coordinator(municipality=pick(cities, n), family_name=f"{MARK} {n}", role="life_support")
        for n in numbers
    )
    StaffProfile.objects.bulk_create(
        StaffProfile(
            user=user,
            municipality=coordinator.municipality,
            scope=pick(StaffProfile.Scope.values, n),
            coordinator=coordinator,
        )
        for n, user, coordinator in zip(numbers, users, coordinators, strict=True)
    )


def add_account_events(numbers):
    users = add_users(numbers)
    actors = list(User.objects.filter(username="query-access")) + users[:3]
    AccountEvent.objects.bulk_create(
        AccountEvent(actor=pick(actors, n), target=user, action="created", details=MARK)
        for n, user in zip(numbers, users, strict=True)
    )


# (changelist, who works with it, rows visible to them, text the rows show)
CHANGELISTS = {
    "coordinators": (Coordinator, "mitaka_client", add_coordinators, MARK),
    "staff profiles": (StaffProfile, "access_client", add_staff_profiles, MARK),
    "accounts": (User, "access_client", add_users, MARK),
    "account events": (AccountEvent, "access_client", add_account_events, "query-user-"),
}


@pytest.mark.parametrize("name", CHANGELISTS)
def test_coordinator_and_account_changelists_run_the_same_queries_for_10_or_1000_rows(
    request, name
):
    model, client_fixture, add_rows, shown = CHANGELISTS[name]
    client = request.getfixturevalue(client_fixture)
    assert_same_queries_for_few_and_many_rows(client, model, add_rows, shown)
