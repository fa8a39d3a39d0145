"""Areas that contain areas (#9): a 圏域 holds committee districts of its own city, never a loop.

Written from the attacker's side too: another city's supervisor, an area coordinator and a typed
id of another city's area are all refused, with a Japanese message where a form is shown.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from carenet.directory.models import Area
from tests.admin_forms import admin_form_data
from tests.conftest import make_account, sign_in

pytestmark = pytest.mark.django_db


def change_url(area):
    return reverse("admin:carenet_area_change", args=[area.pk])


def area(slug):
    return Area.objects.get(slug=slug)


def post_parent(client, child, parent):
    page = client.get(change_url(child))
    data = admin_form_data(page)
    data["parent"] = str(parent.pk)
    return client.post(change_url(child), data)


def test_the_seed_links_the_districts_the_public_facts_support():
    families = {
        slug: sorted(a.slug for a in area(slug).districts.all())
        for slug in ("tama-hokubu", "tama-tobu", "tama-chubu", "tama-center")
    }
    assert families == {
        "tama-hokubu": ["atago-kotta-kaitori", "sekido-ichinomiya"],
        "tama-tobu": ["renkoji-hijirigaoka", "suwa-mahikizawa"],
        "tama-chubu": [],
        "tama-center": [],
    }
    unassigned = Area.objects.unassigned_districts(area("tama-hokubu").municipality)
    assert sorted(a.name for a in unassigned) == sorted(
        ["桜ヶ丘", "和田・東寺方・落川・百草", "永山", "貝取・豊ヶ丘"]
    )


def test_family_of_a_daily_living_area_is_itself_and_its_districts():
    hokubu = area("tama-hokubu")
    assert set(Area.objects.family_of(hokubu)) == {
        hokubu,
        area("sekido-ichinomiya"),
        area("atago-kotta-kaitori"),
    }
    assert list(hokubu.with_districts().values_list("slug", flat=True)).count("tama-hokubu") == 1
    assert list(area("sakuragaoka").with_districts()) == [area("sakuragaoka")]


@pytest.mark.parametrize(
    ("child", "parent", "message"),
    [
        ("sakuragaoka", "inokashira", "ほかの市の地域の中には入れられません。"),
        ("tama-hokubu", "tama-hokubu", "それ自身やその中の地区の中に入れることはできません"),
        (
            "tama-hokubu",
            "atago-kotta-kaitori",
            "それ自身やその中の地区の中に入れることはできません",
        ),
        ("sakuragaoka", "atago-kotta-kaitori", "ほかの圏域の中の地区なので"),
        ("tama-hokubu", "tama-chubu", "地区が入っているので"),
    ],
)
def test_an_area_refuses_a_parent_of_another_city_or_a_loop(child, parent, message):
    child = area(child)
    child.parent = area(parent)
    with pytest.raises(ValidationError) as refused:
        child.full_clean()
    assert message in " ".join(refused.value.message_dict["parent"])


def test_tama_supervisor_links_a_district_to_a_daily_living_area(tama_client):
    assert post_parent(tama_client, area("sakuragaoka"), area("tama-chubu")).status_code == 302
    assert area("sakuragaoka").parent.slug == "tama-chubu"


def test_tama_supervisor_is_offered_only_tamas_areas_as_parent(tama_client):
    form = tama_client.get(change_url(area("sakuragaoka"))).context["adminform"].form
    offered = {a.municipality.slug for a in form.fields["parent"].queryset}
    assert offered == {"tama"}


def test_tama_supervisor_cannot_put_a_district_in_a_mitaka_area(tama_client):
    response = post_parent(tama_client, area("sakuragaoka"), area("inokashira"))
    assert response.status_code == 200  # the form again, with its error
    assert "parent" in response.context["adminform"].form.errors
    assert area("sakuragaoka").parent_id is None


def test_tama_supervisor_cannot_make_a_loop(tama_client):
    response = post_parent(tama_client, area("tama-hokubu"), area("atago-kotta-kaitori"))
    assert response.status_code == 200
    assert "それ自身やその中の地区の中に入れることはできません" in response.content.decode()
    assert area("tama-hokubu").parent_id is None


def test_mitaka_supervisor_cannot_link_tamas_areas(mitaka_client):
    sakuragaoka = area("sakuragaoka")
    response = mitaka_client.post(
        change_url(sakuragaoka),
        {
            "name": sakuragaoka.name,
            "kind": sakuragaoka.kind,
            "slug": sakuragaoka.slug,
            "order": "3",
            "parent": str(area("tama-hokubu").pk),
        },
    )
    assert response.status_code in {302, 403}
    assert area("sakuragaoka").parent_id is None


def test_mitaka_supervisor_cannot_put_a_mitaka_area_in_a_tama_area(mitaka_client):
    response = post_parent(mitaka_client, area("inokashira"), area("tama-hokubu"))
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert area("inokashira").parent_id is None


def test_an_area_coordinator_cannot_move_their_own_district(client, tama_layer2_coordinator):
    coordinator = sign_in(client, tama_layer2_coordinator)
    atago = area("atago-kotta-kaitori")
    response = coordinator.post(
        change_url(atago),
        {
            "name": atago.name,
            "kind": atago.kind,
            "slug": atago.slug,
            "order": "5",
            "parent": str(area("tama-chubu").pk),
        },
    )
    assert response.status_code in {302, 403}
    assert area("atago-kotta-kaitori").parent.slug == "tama-hokubu"


def test_the_central_role_gets_a_japanese_refusal_for_another_citys_parent(client):
    central = sign_in(client, make_account("central", "directory_admin"))
    response = post_parent(central, area("sakuragaoka"), area("inokashira"))
    assert response.status_code == 200
    assert "ほかの市の地域の中には入れられません。" in response.content.decode()
    assert area("sakuragaoka").parent_id is None


def test_a_typed_garbage_parent_id_is_a_form_error_not_a_500(tama_client):
    sakuragaoka = area("sakuragaoka")
    data = admin_form_data(tama_client.get(change_url(sakuragaoka)))
    data["parent"] = "abc"
    response = tama_client.post(change_url(sakuragaoka), data)
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors


def test_the_area_list_shows_each_districts_area_or_that_it_is_not_known(tama_client):
    body = tama_client.get(reverse("admin:carenet_area_changelist")).content.decode()
    assert "含まれる圏域" in body
    assert "要確認" in body
    assert "北部" in body
