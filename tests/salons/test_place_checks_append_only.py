"""A confirmation of a listing is a trail: never changed, never deleted, not even with its place
(issue #9). The database refuses on PostgreSQL; the ORM refuses everywhere."""

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from salons.models import PlaceCheck, Salon

pytestmark = pytest.mark.django_db
APP_ROLE = "carenet_test_app"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: CI runs the suite there too"
)


@pytest.fixture
def check(inokashira_coordinator):
    salon = Salon.objects.get(slug="fureai-salon-inokashira")
    return PlaceCheck.record(salon, PlaceCheck.Method.PHONE, by=inokashira_coordinator)


def test_a_confirmed_place_cannot_be_deleted_with_its_trail(check):
    with pytest.raises(ProtectedError):
        check.salon.delete()
    assert PlaceCheck.objects.filter(pk=check.pk).exists()


def test_a_check_is_never_saved_twice(check):
    check.note = "書き換え"
    with pytest.raises(ValueError):
        check.save()


def test_clearing_samples_keeps_the_confirmed_ones(sample_data_allowed, inokashira_coordinator):
    call_command("make_sample_data", "--places", "3", stdout=io.StringIO())
    confirmed = Salon.objects.filter(is_sample=True).first()
    PlaceCheck.record(confirmed, PlaceCheck.Method.VISIT, by=inokashira_coordinator)
    call_command("make_sample_data", "--clear", stdout=io.StringIO())
    assert list(Salon.objects.filter(is_sample=True)) == [confirmed]


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE salons_placecheck SET confirmed_on = confirmed_on - 365",
        "DELETE FROM salons_placecheck",
    ],
)
def test_the_trigger_refuses_rewriting_even_for_the_tables_owner(check, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert PlaceCheck.objects.filter(pk=check.pk, confirmed_on=check.confirmed_on).exists()


@on_postgresql
def test_the_app_role_may_read_and_add_checks_but_not_change_them(check):
    with connection.cursor() as cursor:  # roles are transactional: gone when the test ends
        cursor.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') "
            f"THEN CREATE ROLE {APP_ROLE}; END IF; END $$"
        )
    out = io.StringIO()
    call_command("grant_app_role", APP_ROLE, stdout=out)
    assert "salons_placecheck" in out.getvalue()
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
            cursor.execute("UPDATE salons_placecheck SET note = 'x'")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
        cursor.execute("SELECT count(*) FROM salons_placecheck")
        assert cursor.fetchone()[0] == 1
