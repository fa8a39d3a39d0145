"""The site header: its city links come from Municipality rows, its current-page marker from the
resolved view, and a page without the header never asks for the cities."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carenet.directory.models import Municipality

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.S)
LINK = re.compile(r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>')


def nav_links(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    nav = NAV.search(response.content.decode()).group(0)
    return [(href, text, bool(current)) for href, current, text in LINK.findall(nav)]


def city_links(client, url, **extra):
    cities = {city.get_absolute_url() for city in Municipality.objects.all()}
    return [link for link in nav_links(client, url, **extra) if link[0] in cities]


@pytest.fixture
def chofu(db):
    # order 0: before Mitaka (1) and Tama (2), so only the model's ordering puts it first.
    return Municipality.objects.create(
        name="調布市", slug="chofu", code="132080", prefecture="東京都", order=0, takes_part=True
    )


def test_the_header_links_the_seeded_cities_as_before(client):
    assert city_links(client, "/") == [
        ("/mitaka/", "三鷹市", False),
        ("/tama/", "多摩市", False),
    ]


def test_a_new_city_row_gets_a_header_link_in_the_models_order(client, chofu):
    assert city_links(client, "/") == [
        ("/chofu/", "調布市", False),
        ("/mitaka/", "三鷹市", False),
        ("/tama/", "多摩市", False),
    ]


def test_a_city_that_does_not_take_part_gets_no_header_link(client, chofu):
    # The national list holds every municipality; only those that run their network here show.
    Municipality.objects.create(
        name="府中市", slug="fuchu-tokyo", code="132063", prefecture="東京都"
    )
    assert [text for _, text, _ in city_links(client, "/")] == ["調布市", "三鷹市", "多摩市"]
    assert client.get("/fuchu-tokyo/").status_code == 200


@pytest.mark.parametrize("slug", ["chofu", "mitaka", "tama"])
def test_the_header_marks_the_city_being_shown_and_no_other(client, chofu, slug):
    current = [href for href, _, is_current in city_links(client, f"/{slug}/") if is_current]
    assert current == [f"/{slug}/"]


def test_an_area_page_marks_no_city(client):
    assert not any(current for _, _, current in city_links(client, "/mitaka/areas/inokashira/"))


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("/", "ホーム"),
        ("/salons/?q=サロン", "通いの場をさがす"),
        ("/coordinators/", "相談できる人"),
        ("/consult/", "相談を申し込む"),
        ("/mitaka/", "三鷹市"),
    ],
)
def test_the_marker_follows_the_view_even_under_a_url_prefix(client, url, label):
    # Served under /portal/, request.path no longer equals "/mitaka/": the view name still does.
    for extra in ({}, {"SCRIPT_NAME": "/portal"}):
        current = [text for _, text, is_current in nav_links(client, url, **extra) if is_current]
        assert current == [label], extra


def city_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if 'FROM "carenet_municipality"' in q["sql"]]


def test_a_page_with_the_header_asks_for_the_cities_once(client):
    assert len(city_queries(client, "/coordinators/")) == 1


def test_a_printed_page_without_the_header_never_asks_for_the_cities(client):
    assert city_queries(client, "/mitaka/areas/inokashira/flyer/") == []
