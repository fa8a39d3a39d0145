"""An area's flyer, its list of places (支えあいリスト) and the QR code that leads back."""

import re

import pytest
from django.core.cache import cache

from carenet.directory.models import Area
from tests.print_helpers import error_correction_level, expected_matrix, matrix_image, svg_matrix

pytestmark = pytest.mark.django_db
SITE = "https://carenet.example.jp"


@pytest.fixture(autouse=True)
def site_url(settings):
    # QR images are cached by content: a code built for another SITE_URL must not leak in.
    settings.SITE_URL = SITE
    cache.clear()
    yield
    cache.clear()


def test_area_flyer_has_network_salon_coordinator_contact_and_qr(client):
    body = client.get("/mitaka/areas/inokashira/flyer/").content.decode()
    assert "<h1>ケアネット・井の頭</h1>" in body
    assert "ふれあいサロン・井の頭" in body
    assert "<rt>はまだ</rt>" in body
    assert "0422-76-1271" in body
    assert 'src="/mitaka/areas/inokashira/qr.svg"' in body
    assert f"{SITE}/mitaka/areas/inokashira/?src=flyer" in body


def test_area_qr_encodes_the_printed_url_of_the_area_page(client):
    response = client.get("/mitaka/areas/inokashira/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    printed = Area.objects.get(slug="inokashira").printed_url("flyer")
    # Spelt out too: a change in printed_url must not silently change every printed flyer.
    assert printed == f"{SITE}/mitaka/areas/inokashira/?src=flyer"
    # Module for module the code of exactly that URL (another URL differs in its modules).
    grid = svg_matrix(response.content)
    assert grid == expected_matrix(printed)
    assert grid != expected_matrix(f"{SITE}/mitaka/areas/osawa/?src=flyer")
    assert error_correction_level(matrix_image(grid)) == "M"


def test_area_list_groups_active_places_by_kind_with_small_qr_codes(client):
    body = client.get("/tama/areas/atago-kotta-kaitori/list/").content.decode()
    headings = re.findall(r"<h2>(.*?)</h2>", body)
    assert headings == ["地域のカフェ", "相談サロン"]
    assert body.count('class="entry"') == 2
    assert "/salons/daredemo-cafe-atago/qr.svg?src=list" in body


def test_area_list_leaves_out_suspended_places(client):
    assert "サロンおおさわ" not in client.get("/mitaka/areas/osawa/list/").content.decode()


def test_area_list_has_a_large_print_version(client):
    normal = client.get("/mitaka/areas/inokashira/list/").content.decode()
    large = client.get("/mitaka/areas/inokashira/list/?size=large").content.decode()
    assert '<body class="large">' in large and '<body class="large">' not in normal


RANGE_1330_1500 = '<time datetime="13:30">午後1時30分</time>〜<time datetime="15:00">3時</time>'


def test_area_list_says_the_times_in_words_with_machine_times_alongside(client):
    body = client.get("/mitaka/areas/inokashira/list/").content.decode()
    assert f"奇数月 第1火曜日 {RANGE_1330_1500}" in body
    assert "13:30〜" not in body


def test_area_flyer_says_the_times_in_words(client):
    body = client.get("/mitaka/areas/inokashira/flyer/").content.decode()
    assert f"奇数月 第1火曜日 {RANGE_1330_1500}" in body
