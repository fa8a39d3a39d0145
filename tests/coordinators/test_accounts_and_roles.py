"""Roles without a superuser; an access administrator who cannot grant itself anything (#5, F3)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from carenet.directory.models import Area, Municipality
from coordinators.models import AccountEvent, StaffProfile
from coordinators.roles import ROLES
from tests.conftest import make_account, sign_in

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def access_admin():
    return make_account("access-admin", "access_admin")


@pytest.fixture
def access(client, access_admin):
    return sign_in(client, access_admin)


def profile_form(user, city="mitaka", scope="city", areas=()):
    data = {"user": user.pk, "municipality": Municipality.objects.get(slug=city).pk, "scope": scope}
    data["areas"] = [a.pk for a in Area.objects.filter(slug__in=areas)]
    return data


def test_the_access_administrator_cannot_give_itself_a_staff_profile(access, access_admin):
    response = access.post(
        reverse("admin:coordinators_staffprofile_add"), profile_form(access_admin)
    )
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not StaffProfile.objects.filter(user=access_admin).exists()


def test_the_access_administrator_cannot_change_its_own_account(access, access_admin):
    page = access.get(reverse("admin:auth_user_change", args=[access_admin.pk]))
    assert page.context["has_change_permission"] is False
    everything = list(ROLES)  # every group there is
    response = access.post(
        reverse("admin:auth_user_change", args=[access_admin.pk]),
        {"username": "access-admin", "is_active": "on", "is_staff": "on", "groups": everything},
    )
    assert response.status_code == 403
    password = access.post(
        reverse("admin:auth_user_password_change", args=[access_admin.pk]),
        {"password1": "Another-pass-2026", "password2": "Another-pass-2026"},
    )
    assert password.status_code == 403


def test_the_access_administrator_cannot_make_a_superuser_or_hand_out_single_permissions(
    access, osawa_coordinator
):
    url = reverse("admin:auth_user_change", args=[osawa_coordinator.pk])
    form = access.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    access_group = str(ROLES["access_admin"].name)
    assert access_group not in {g.name for g in form.fields["groups"].queryset}


def test_the_access_administrator_sees_no_consultation_and_no_directory(access, inokashira_case):
    assert access.get(reverse("admin:consultations_consultation_changelist")).status_code == 403
    assert access.get(reverse("admin:salons_salon_changelist")).status_code == 403
    assert access.get("/staff/intake/").status_code == 403
    assert access.get("/staff/stats/").status_code == 403


def test_a_granted_profile_is_recorded_and_mailed_to_that_citys_supervisors(
    access, access_admin, mitaka_supervisor, tama_supervisor, django_capture_on_commit_callbacks
):
    newcomer = User.objects.create_user("newcomer", "n@example.invalid", "pw-Test-12345")
    with django_capture_on_commit_callbacks(execute=True):
        response = access.post(
            reverse("admin:coordinators_staffprofile_add"),
            profile_form(newcomer, scope="areas", areas=["osawa"]),
        )
    assert response.status_code == 302
    event = AccountEvent.objects.get(target=newcomer)
    assert event.actor == access_admin and event.action == "profile"
    assert "大沢" in event.details
    history = StaffProfile.objects.get(user=newcomer).history.all()
    assert history and {row.history_user for row in history} == {access_admin}
    assert [m.to for m in mail.outbox] == [[mitaka_supervisor.email]]
    assert "newcomer" in mail.outbox[0].subject


def test_a_profile_with_another_citys_areas_is_refused(access):
    newcomer = User.objects.create_user("newcomer", "n@example.invalid", "pw-Test-12345")
    response = access.post(
        reverse("admin:coordinators_staffprofile_add"),
        profile_form(newcomer, city="mitaka", scope="areas", areas=["atago-kotta-kaitori"]),
    )
    assert response.status_code == 200
    assert not StaffProfile.objects.filter(user=newcomer).exists()


def test_a_password_reset_is_recorded_and_mailed(
    access, osawa_coordinator, mitaka_supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = access.post(
            reverse("admin:auth_user_password_change", args=[osawa_coordinator.pk]),
            {"password1": "Reset-pass-2026x", "password2": "Reset-pass-2026x"},
        )
    assert response.status_code == 302
    assert AccountEvent.objects.filter(target=osawa_coordinator, action="password").exists()
    assert mail.outbox and mitaka_supervisor.email in mail.outbox[0].to


def test_the_directory_role_cannot_touch_accounts_or_consultations(client, inokashira_case):
    directory = sign_in(client, make_account("directory", "directory_admin"))
    assert directory.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert directory.get(reverse("admin:coordinators_staffprofile_add")).status_code == 403
    assert directory.get(reverse("admin:consultations_consultation_changelist")).status_code == 403


def test_area_coordinators_cannot_manage_accounts(
    client, inokashira_coordinator, osawa_coordinator
):
    sign_in(client, inokashira_coordinator)
    url = reverse("admin:auth_user_password_change", args=[osawa_coordinator.pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:coordinators_staffprofile_changelist")).status_code == 403


def test_setup_demo_builds_roles_and_no_superuser(settings):
    settings.DEBUG = True
    call_command("setup_demo", stdout=io.StringIO())
    demo = User.objects.filter(username__startswith="demo-")
    assert not demo.filter(is_superuser=True).exists()
    staff = demo.filter(is_staff=True)
    assert staff.count() == 7
    assert not StaffProfile.objects.filter(
        user__username__in=["demo-admin", "demo-access"]
    ).exists()
    for user in staff:
        assert user.groups.count() == 1, user.username
    # The 世話人: not staff, no role, no permission, no profile; its places come from Organiser.
    organiser = demo.get(is_staff=False)
    assert organiser.username == "demo-sewanin" and organiser.organiser.places.exists()
    assert not (organiser.groups.exists() or organiser.user_permissions.exists())
    assert not StaffProfile.objects.filter(user=organiser).exists()


def test_a_role_granted_to_an_account_is_recorded_and_mailed(
    access, access_admin, osawa_coordinator, mitaka_supervisor, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from tests.admin_forms import admin_form_data

    url = reverse("admin:auth_user_change", args=[osawa_coordinator.pk])
    data = admin_form_data(access.get(url))
    city_role = Group.objects.get(name=str(ROLES["city_supervisor"].name))
    data["groups"] = [str(city_role.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        assert access.post(url, data).status_code == 302
    assert list(osawa_coordinator.groups.all()) == [city_role]
    event = AccountEvent.objects.get(target=osawa_coordinator, action="changed")
    assert event.actor == access_admin and "groups" in event.details
    assert [m.to for m in mail.outbox] == [[mitaka_supervisor.email]]


def test_the_account_list_runs_the_same_queries_for_few_or_many_accounts(access):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def list_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert access.get(reverse("admin:auth_user_changelist")).status_code == 200
        return len(queries)

    few = list_queries()
    for n in range(30):
        user = User.objects.create_user(f"staff-{n}", is_staff=True)
        TOTPDevice.objects.create(user=user, name="app", confirmed=n % 2 == 0)
    assert list_queries() == few
