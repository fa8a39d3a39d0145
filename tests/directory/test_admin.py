"""The directory is kept current in the Django admin, in Japanese, without a developer."""

import pytest
from django.contrib import admin
from django.urls import reverse

from salons.models import Salon, Schedule
from tests.conftest import make_account, sign_in

pytestmark = pytest.mark.django_db

DIRECTORY_APPS = {"carenet", "salons", "coordinators"}


# Staff accounts and their access are the access administrators' work, not the directory's.
ACCESS_MODELS = {"staffprofile", "accountevent"}


@pytest.fixture
def staff_client(client):
    """The central directory role (demo-admin): model permissions, no superuser."""
    return sign_in(client, make_account("directory-test", "directory_admin"))


@pytest.fixture
def access_client(client):
    return sign_in(client, make_account("access-test", "access_admin"))


def directory_models():
    from django.apps import apps

    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in DIRECTORY_APPS and not m._meta.model_name.startswith("historical")
    ]


def inline_models():
    return {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }


def test_every_directory_model_is_in_the_admin_on_its_own_or_as_an_inline():
    editable = set(admin.site._registry) | inline_models()
    missing = [m.__name__ for m in directory_models() if m not in editable]
    assert missing == []


@pytest.mark.parametrize(
    "model", [m for m in directory_models() if m in admin.site._registry], ids=lambda m: m.__name__
)
def test_every_directory_changelist_and_add_form_opens_in_japanese(client, model):
    role = "access_admin" if model._meta.model_name in ACCESS_MODELS else "directory_admin"
    staff_client = sign_in(client, make_account("admin-test", role))
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = staff_client.get(reverse(f"{prefix}_changelist"), {"q": "井の頭"})
    assert changelist.status_code == 200
    assert "検索" in changelist.content.decode()
    if admin.site._registry[model].has_add_permission(changelist.wsgi_request):
        assert staff_client.get(reverse(f"{prefix}_add")).status_code == 200


def test_salon_change_form_has_schedule_and_exception_inlines(staff_client):
    salon = Salon.objects.get(slug="fureai-salon-inokashira")
    body = staff_client.get(reverse("admin:salons_salon_change", args=[salon.pk])).content.decode()
    assert "開催日程" in body and "休み・臨時開催" in body
    # The months are tick boxes, with the odd months ticked.
    assert 'name="schedules-0-months" value="1"' in body
    assert body.count('name="schedules-0-months"') == 12


def test_salon_list_filters_by_city_and_status(staff_client):
    response = staff_client.get(
        reverse("admin:salons_salon_changelist"),
        {"municipality__id__exact": 1, "status": "suspended"},
    )
    assert [s.name for s in response.context["cl"].result_list] == ["サロンおおさわ"]


def schedule_post(salon, **schedule):
    data = {
        "municipality": salon.municipality_id,
        "area": salon.area_id or "",
        "kind": salon.kind_id,
        "name": salon.name,
        "slug": salon.slug,
        "status": salon.status,
        "schedules-TOTAL_FORMS": 1,
        "schedules-INITIAL_FORMS": 0,
        "exceptions-TOTAL_FORMS": 0,
        "exceptions-INITIAL_FORMS": 0,
        "checks-TOTAL_FORMS": 0,
        "checks-INITIAL_FORMS": 0,
        "aliases-TOTAL_FORMS": 0,
        "aliases-INITIAL_FORMS": 0,
        "visits-TOTAL_FORMS": 0,
        "visits-INITIAL_FORMS": 0,
    }
    data.update({f"schedules-0-{key}": value for key, value in schedule.items()})
    return data


def test_admin_saves_months_ticked_as_boxes(staff_client):
    salon = Salon.objects.get(slug="salon-osawa")
    url = reverse("admin:salons_salon_change", args=[salon.pk])
    response = staff_client.post(
        url,
        schedule_post(
            salon,
            frequency="monthly",
            interval=1,
            weekday=5,
            week_of_month=2,
            months=["4", "10"],
            start_time="10:00",
            end_time="11:30",
        ),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    schedule = Schedule.objects.get(salon=salon)
    assert schedule.months == "4,10"
    assert schedule.describe() == "4・10月 第2金曜日 午前10時〜11時30分"


def test_admin_refuses_an_inconsistent_schedule_with_a_japanese_message(staff_client):
    salon = Salon.objects.get(slug="salon-osawa")
    url = reverse("admin:salons_salon_change", args=[salon.pk])
    response = staff_client.post(
        url,
        schedule_post(
            salon, frequency="monthly", interval=1, weekday=5, start_time="15:00", end_time="10:00"
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "第何週かを選んでください" in body
    assert "終了時刻は開始時刻より後にしてください" in body
    assert not Schedule.objects.filter(salon=salon).exists()


def test_admin_needs_a_staff_login(client):
    response = client.get(reverse("admin:salons_salon_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_speaks_japanese_even_to_an_english_browser(staff_client):
    response = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="ja"' in body
    assert "Welcome" not in body and "ようこそ" in body
    assert "追加" in body
