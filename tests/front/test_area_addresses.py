"""An area is named within its city (/mitaka/areas/inokashira/), and every address printed
before that (/areas/inokashira/…) answers for ever with a redirect (docs/decisions/0017)."""

import pytest
from django.urls import reverse

from carenet.directory.models import Area, Municipality
from salons.models import Salon
from tests.admin_forms import admin_form_data
from tests.conftest import make_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("printed", "now"),
    [
        ("/areas/inokashira/", "/mitaka/areas/inokashira/"),
        ("/areas/inokashira/flyer/", "/mitaka/areas/inokashira/flyer/"),
        ("/areas/inokashira/list/?size=large", "/mitaka/areas/inokashira/list/?size=large"),
        ("/areas/osawa/qr.svg", "/mitaka/areas/osawa/qr.svg"),
        ("/areas/tama-hokubu/calendar.ics", "/tama/areas/tama-hokubu/calendar.ics"),
        ("/areas/sakuragaoka/?src=flyer", "/tama/areas/sakuragaoka/?src=flyer"),
    ],
)
def test_a_printed_area_address_redirects_for_good_to_the_same_page(client, printed, now):
    response = client.get(printed)
    assert response.status_code == 301
    assert response["Location"] == now
    assert client.get(now).status_code == 200


def test_every_seed_area_keeps_its_printed_address(client):
    for area in Area.objects.select_related("municipality"):
        response = client.get(f"/areas/{area.slug}/")
        assert response["Location"] == area.get_absolute_url(), area.slug


def test_an_area_is_found_only_under_its_own_city(client):
    assert client.get("/tama/areas/inokashira/").status_code == 404
    assert client.get("/mitaka/areas/no-such-area/").status_code == 404
    assert client.get("/areas/no-such-area/").status_code == 404


@pytest.fixture
def tama_inokashira(db):
    """Another city's area with a slug Mitaka already uses: allowed, as slugs are per city."""
    tama = Municipality.objects.get(slug="tama")
    return Area.objects.create(
        municipality=tama, kind=Area.Kind.COMMUNITY, name="テスト地区", slug="inokashira"
    )


def test_two_cities_may_have_areas_of_the_same_slug_each_on_its_own_page(client, tama_inokashira):
    Salon.objects.create(
        municipality=tama_inokashira.municipality,
        area=tama_inokashira,
        kind=Salon.objects.first().kind,
        name="テスト用の多摩の通いの場",
        slug="test-tama-inokashira",
    )
    tama_page = client.get("/tama/areas/inokashira/").content.decode()
    mitaka_page = client.get("/mitaka/areas/inokashira/").content.decode()
    assert "テスト用の多摩の通いの場" in tama_page and "ふれあいサロン・井の頭" not in tama_page
    assert "ふれあいサロン・井の頭" in mitaka_page and "テスト用の多摩の通いの場" not in mitaka_page
    # The printed address is Mitaka's, whichever city adds an area of that name later.
    assert client.get("/areas/inokashira/")["Location"] == "/mitaka/areas/inokashira/"


def test_a_new_area_has_no_old_style_address(client, tama_inokashira):
    Area.objects.create(
        municipality=tama_inokashira.municipality,
        kind=Area.Kind.COMMUNITY,
        name="テスト新地区",
        slug="brand-new",
    )
    assert client.get("/tama/areas/brand-new/").status_code == 200
    assert client.get("/areas/brand-new/").status_code == 404


def test_lists_filter_by_either_area_of_a_shared_slug(client, tama_inokashira):
    place = Salon.objects.create(
        municipality=tama_inokashira.municipality,
        area=tama_inokashira,
        kind=Salon.objects.first().kind,
        name="テスト用の多摩の通いの場",
        slug="test-tama-inokashira",
    )
    tama_list = client.get("/salons/", {"area": tama_inokashira.filter_key}).content.decode()
    old_link = client.get("/salons/", {"area": "inokashira"}).content.decode()
    assert tama_inokashira.filter_key == "tama/inokashira"
    assert place.name in tama_list and "ふれあいサロン・井の頭" not in tama_list
    assert "ふれあいサロン・井の頭" in old_link and place.name not in old_link
    # The area page links its lists with the key that names it alone.
    tama_page = client.get("/tama/areas/inokashira/").content.decode()
    assert "/map/?area=tama%2Finokashira" in tama_page


@pytest.mark.parametrize("value", ["tama/no-such", "nowhere/inokashira", "/", "inokashira/"])
def test_an_unknown_area_key_is_a_japanese_form_error_not_a_500(client, value):
    response = client.get("/salons/", {"area": value})
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()


def test_a_city_refuses_a_second_area_of_the_same_slug_in_japanese(client):
    supervisor = make_staff("sv-mitaka-areas", "mitaka", "city")
    staff = sign_in(client, supervisor)
    url = reverse("admin:carenet_area_add")
    data = admin_form_data(staff.get(url))
    data.update(
        municipality=str(Municipality.objects.get(slug="mitaka").pk),
        kind=Area.Kind.DISTRICT,
        name="テスト住区",
        slug="osawa",
    )
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "この市には同じURL名の地域がもうあります。" in response.content.decode()
    assert not Area.objects.filter(name="テスト住区").exists()
