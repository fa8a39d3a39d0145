"""One directory rule: a city's staff keep their own city's directory, area staff their areas'.

Written from the attacker's side (#5, finding 2): another city's supervisor, another area's
coordinator, the directory's own roles, anonymous; by list, by id, by POST, by autocomplete,
by action and by a foreign id smuggled into a form.
"""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from carenet.directory.models import Area, Contact, MemberKind, Municipality
from consultations.models import Topic
from salons.models import Kind, Salon, ScheduleException
from tests.admin_forms import admin_form_data
from tests.conftest import make_account, sign_in

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def tama_help_line():
    return Contact.objects.get(municipality__slug="tama", is_help_line=True, phone="042-373-5616")


@pytest.fixture
def tama_place():
    return Salon.objects.get(slug="daredemo-cafe-atago")


def test_another_citys_help_line_is_not_listed_opened_or_changed(mitaka_client, tama_help_line):
    listed = mitaka_client.get(url(Contact, "changelist"))
    assert tama_help_line not in listed.context["cl"].result_list
    assert (
        mitaka_client.get(url(Contact, "change", tama_help_line.pk)).status_code == 302
    )  # not found
    response = mitaka_client.post(
        url(Contact, "change", tama_help_line.pk),
        {"municipality": tama_help_line.municipality_id, "label": "偽", "phone": "0120-000-000"},
    )
    assert response.status_code in {302, 403}
    tama_help_line.refresh_from_db()
    assert tama_help_line.phone == "042-373-5616"


def test_another_citys_place_cannot_be_renamed_or_deleted(mitaka_client, tama_place):
    name = tama_place.name
    mitaka_client.post(url(Salon, "change", tama_place.pk), {"name": "乗っ取り"})
    assert mitaka_client.post(url(Salon, "delete", tama_place.pk), {"post": "yes"}).status_code in {
        302,
        403,
    }
    bulk = mitaka_client.post(
        url(Salon, "changelist"),
        {"action": "delete_selected", "_selected_action": [tama_place.pk], "post": "yes"},
    )
    assert bulk.status_code in {200, 302, 403}
    tama_place.refresh_from_db()
    assert tama_place.name == name


def test_another_citys_area_cannot_be_moved_into_my_city(mitaka_client):
    atago = Area.objects.get(slug="atago-kotta-kaitori")
    mitaka_city = Municipality.objects.get(slug="mitaka")
    mitaka_client.post(
        url(Area, "change", atago.pk),
        {"municipality": mitaka_city.pk, "name": atago.name, "kind": atago.kind, "slug": "x"},
    )
    atago.refresh_from_db()
    assert atago.municipality.slug == "tama"


def test_a_citys_own_staff_cannot_move_its_area_to_another_city(tama_client):
    atago = Area.objects.get(slug="atago-kotta-kaitori")
    page = tama_client.get(url(Area, "change", atago.pk))
    assert "municipality" not in page.context["adminform"].form.fields  # read-only
    data = admin_form_data(page)
    data["municipality"] = str(Municipality.objects.get(slug="mitaka").pk)
    data["description"] = "説明を直した"
    assert tama_client.post(url(Area, "change", atago.pk), data).status_code == 302
    atago.refresh_from_db()
    assert atago.municipality.slug == "tama"
    assert atago.description == "説明を直した"


@pytest.mark.parametrize("model", [Municipality, MemberKind, Topic])
def test_city_staff_cannot_change_reference_data_shared_by_cities(mitaka_client, model):
    obj = model.objects.first()
    page = mitaka_client.get(url(model, "change", obj.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert mitaka_client.post(url(model, "change", obj.pk), {"name": "改ざん"}).status_code == 403


def test_a_shared_kind_is_read_only_for_a_city_and_its_own_kind_is_editable(tama_client):
    shared = Kind.objects.filter(municipality__isnull=True).first()
    own = Kind.objects.filter(municipality__slug="tama").first()
    assert tama_client.get(url(Kind, "change", shared.pk)).context["has_change_permission"] is False
    assert tama_client.get(url(Kind, "change", own.pk)).context["has_change_permission"] is True


def test_topics_are_retired_never_deleted(client):
    central = sign_in(client, make_account("central", "directory_admin"))
    topic = Topic.objects.first()
    assert central.get(url(Topic, "delete", topic.pk)).status_code == 403
    with pytest.raises(ProtectedError), transaction.atomic():
        topic.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Topic.objects.filter(pk=topic.pk).delete()
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_area_coordinator_edits_their_own_areas_place(inokashira_client):
    place = Salon.objects.get(slug="fureai-salon-inokashira")
    page = inokashira_client.get(url(Salon, "change", place.pk))
    assert page.status_code == 200 and page.context["has_change_permission"]
    data = admin_form_data(page)
    data["status_note"] = "12月は会場工事のためお休み"
    assert inokashira_client.post(url(Salon, "change", place.pk), data).status_code == 302
    place.refresh_from_db()
    assert place.status_note == "12月は会場工事のためお休み"


def test_area_coordinator_adds_a_cancellation_to_their_own_place(inokashira_client):
    place = Salon.objects.get(slug="fureai-salon-inokashira")
    data = admin_form_data(inokashira_client.get(url(Salon, "change", place.pk)))
    prefix = next(key[: -len("-TOTAL_FORMS")] for key in data if "exception" in key.lower())
    data[f"{prefix}-TOTAL_FORMS"] = "1"
    data.update(
        {f"{prefix}-0-date": "2026-12-24", f"{prefix}-0-kind": "cancel", f"{prefix}-0-note": ""}
    )
    assert inokashira_client.post(url(Salon, "change", place.pk), data).status_code == 302
    assert ScheduleException.objects.filter(salon=place, date="2026-12-24").exists()


def test_area_coordinator_cannot_edit_another_areas_place(inokashira_client):
    place = Salon.objects.get(slug="salon-osawa")
    page = inokashira_client.get(url(Salon, "change", place.pk))
    assert page.context["has_change_permission"] is False
    assert inokashira_client.post(url(Salon, "change", place.pk), {"name": "x"}).status_code == 403
    place.refresh_from_db()
    assert place.name != "x"


def test_area_coordinator_cannot_file_a_new_place_in_another_area(inokashira_client):
    page = inokashira_client.get(url(Salon, "add"))
    assert set(page.context["adminform"].form.fields["area"].queryset) == {
        Area.objects.get(slug="inokashira")
    }
    data = admin_form_data(page)
    data.update(
        {
            "municipality": str(Municipality.objects.get(slug="mitaka").pk),
            "area": str(Area.objects.get(slug="osawa").pk),
            "kind": str(Kind.objects.first().pk),
            "name": "よその地域に作る",
            "slug": "planted-place",
            "status": "active",
        }
    )
    response = inokashira_client.post(url(Salon, "add"), data)
    assert response.status_code == 200
    assert "area" in response.context["adminform"].form.errors
    assert not Salon.objects.filter(slug="planted-place").exists()


def test_a_supervisor_cannot_attach_another_citys_contact_or_area(mitaka_client, tama_help_line):
    place = Salon.objects.get(slug="renjaku-salon")
    data = admin_form_data(mitaka_client.get(url(Salon, "change", place.pk)))
    data["contact"] = str(tama_help_line.pk)
    data["area"] = str(Area.objects.get(slug="atago-kotta-kaitori").pk)
    response = mitaka_client.post(url(Salon, "change", place.pk), data)
    assert response.status_code == 200
    assert {"contact", "area"} <= set(response.context["adminform"].form.errors)
    place.refresh_from_db()
    assert place.contact_id != tama_help_line.pk


def test_area_coordinator_gets_their_own_areas_in_autocomplete(inokashira_client):
    params = {"app_label": "salons", "model_name": "salon", "field_name": "area", "term": ""}
    response = inokashira_client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["井の頭（三鷹市）"]


def test_place_autocomplete_for_a_referral_offers_only_my_citys_places(
    inokashira_client, tama_place
):
    params = {"app_label": "consultations", "model_name": "referral", "field_name": "salon"}
    response = inokashira_client.get(reverse("admin:autocomplete"), {**params, "term": "カフェ"})
    assert response.status_code == 200
    assert tama_place.name not in {r["text"] for r in response.json()["results"]}


def test_autocomplete_with_a_null_character_is_not_a_server_error(inokashira_client):
    params = {"app_label": "salons", "model_name": "salon", "field_name": "area"}
    response = inokashira_client.get(reverse("admin:autocomplete"), {**params, "term": "\x00"})
    assert response.status_code == 400


def test_the_flyer_batch_prints_only_places_of_my_city(mitaka_client, tama_place):
    mine = Salon.objects.get(slug="renjaku-salon")
    response = mitaka_client.get(
        reverse("admin:salons_salon_flyers"), {"ids": f"{mine.pk},{tama_place.pk}"}
    )
    body = response.content.decode()
    assert mine.name in body and tama_place.name not in body


def test_the_flyer_batch_refuses_staff_without_a_role(client):
    nobody = make_account("no-role", "access_admin")
    response = sign_in(client, nobody).get(reverse("admin:salons_salon_flyers"), {"ids": "1"})
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, tama_help_line):
    response = client.post(url(Contact, "change", tama_help_line.pk), {"phone": "0120-000-000"})
    assert response.status_code == 302 and "login" in response["Location"]
    tama_help_line.refresh_from_db()
    assert tama_help_line.phone == "042-373-5616"


def test_a_help_line_change_is_in_the_history_with_who_made_it(
    tama_client, tama_supervisor, tama_help_line
):
    data = admin_form_data(tama_client.get(url(Contact, "change", tama_help_line.pk)))
    data["phone"] = "042-373-0000"
    assert tama_client.post(url(Contact, "change", tama_help_line.pk), data).status_code == 302
    latest = tama_help_line.history.latest()
    assert latest.phone == "042-373-0000"
    assert latest.history_user == tama_supervisor
    history = tama_client.get(url(Contact, "history", tama_help_line.pk))
    assert history.status_code == 200 and "tama" in history.content.decode().lower()


def test_the_central_role_edits_every_city_without_being_a_superuser(client, tama_help_line):
    central = make_account("central", "directory_admin")
    assert not central.is_superuser
    sign_in(client, central)
    listed = client.get(url(Contact, "changelist"))
    cities = {c.municipality.slug for c in listed.context["cl"].result_list}
    assert cities == {"mitaka", "tama"}
    assert client.get(url(Contact, "change", tama_help_line.pk)).context["has_change_permission"]
