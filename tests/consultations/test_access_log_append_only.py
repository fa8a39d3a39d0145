"""The access trail cannot be rewritten from the application (#5, finding 6), on PostgreSQL."""

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from consultations.models import AccessLog

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only: CI runs the suite there too"
    ),
]
APP_ROLE = "carenet_test_app"


@pytest.fixture
def logged(inokashira_case, inokashira_coordinator):
    AccessLog.record(inokashira_coordinator, [inokashira_case], AccessLog.Via.ADMIN)
    return AccessLog.objects.get(consultation=inokashira_case)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE consultations_accesslog SET at = at - interval '1 year'",
        "DELETE FROM consultations_accesslog",
    ],
)
def test_the_trigger_refuses_rewriting_even_for_the_tables_owner(logged, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert AccessLog.objects.filter(pk=logged.pk, at=logged.at).exists()


def test_the_orm_cannot_reattribute_a_row(logged, mitaka_supervisor):
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=logged.pk).update(user=mitaka_supervisor)
    assert AccessLog.objects.get(pk=logged.pk).user_id == logged.user_id


def as_app_role(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
        cursor.execute(sql, params)
        return cursor.rowcount


@pytest.fixture
def app_role():
    with connection.cursor() as cursor:  # roles are transactional: gone when the test ends
        cursor.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') "
            f"THEN CREATE ROLE {APP_ROLE}; END IF; END $$"
        )
    call_command("grant_app_role", APP_ROLE, stdout=io.StringIO())


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE consultations_accesslog SET via = 'staff'",
        "DELETE FROM consultations_accesslog",
        "TRUNCATE consultations_accesslog",
        "DELETE FROM coordinators_accountevent",
    ],
)
def test_the_application_role_may_not_update_delete_or_truncate(app_role, logged, statement):
    with pytest.raises(DatabaseError, match="permission denied"):
        as_app_role(statement)
    assert AccessLog.objects.filter(pk=logged.pk).exists()


def test_the_application_role_still_reads_and_writes_its_data(app_role, logged, inokashira_case):
    assert as_app_role("SELECT 1 FROM consultations_accesslog") == 1
    inserted = as_app_role(
        "INSERT INTO consultations_accesslog (consultation_id, user_id, at, via, purpose) "
        "VALUES (%s, %s, now(), 'staff', '')",
        [inokashira_case.pk, logged.user_id],
    )
    assert inserted == 1
    updated = as_app_role(
        "UPDATE consultations_consultation SET urgent = true WHERE id = %s", [inokashira_case.pk]
    )
    assert updated == 1
