"""A place's flyer, its QR codes that lead back to the portal, and the visits they bring."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from carenet.common import qr
from salons.models import Salon, SalonVisit
from tests.conftest import sign_in
from tests.print_helpers import (
    error_correction_level,
    expected_matrix,
    matrix_image,
    modules,
    png_image,
    svg_matrix,
)

pytestmark = pytest.mark.django_db
SITE = "https://carenet.example.jp"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    cache.clear()
    yield
    cache.clear()


def test_flyer_has_the_name_schedule_next_dates_venue_phone_qr_and_stamp(client, fixed_today):
    response = client.get("/salons/fureai-salon-inokashira/flyer/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>ふれあいサロン・井の頭</h1>" in body
    assert (
        '奇数月 第1火曜日 <time datetime="13:30">午後1時30分</time>〜'
        '<time datetime="15:00">3時</time>'
    ) in body
    # Up to three months ahead; a date in the next year says its year.
    assert [o.label for o in response.context["dates"]] == ["2027年1月5日(火)"]
    assert '<time datetime="2027-01-05">2027年1月5日(火)</time>' in body
    assert "東京都三鷹市井の頭2-32-30" in body and "0422-29-9235" in body
    assert 'src="/salons/fureai-salon-inokashira/qr.svg?src=flyer"' in body
    assert "2026年11月時点" in body
    assert "site-nav" not in body and "site-footer" not in body


def test_flyer_of_a_weekly_place_lists_three_months_of_dates(client, fixed_today):
    salon = Salon.objects.get(slug="shinnaka-salon")
    salon.schedules.update(frequency="weekly", week_of_month=None)
    dates = client.get(f"/salons/{salon.slug}/flyer/").context["dates"]
    assert 12 <= len(dates) <= 14
    assert (dates[-1].date - fixed_today).days <= 92


def test_suspended_flyer_says_so_and_shows_no_dates(client):
    response = client.get("/salons/salon-osawa/flyer/")
    body = response.content.decode()
    assert "休止中" in body
    assert response.context["dates"] == []
    assert "これからの開催日" not in body


def test_qr_png_is_big_enough_for_a_print_shop_and_leads_to_the_place(client):
    response = client.get("/salons/fureai-salon-inokashira/qr.png")
    image = png_image(response.content)
    assert response["Content-Type"] == "image/png"
    assert image.width >= 1000 and image.height == image.width
    # The same bytes as a fresh code for the permanent URL (the browser suite decodes it for real).
    assert response.content == qr._png(f"{SITE}/salons/fureai-salon-inokashira/?src=flyer")


def test_qr_uses_error_correction_m_and_a_four_module_quiet_zone(client):
    image = png_image(client.get("/salons/fureai-salon-inokashira/qr.png").content)
    assert error_correction_level(image) in {"M", "Q", "H"}
    _, _, start, size = modules(image)
    assert round(start / size) == 4
    border = int(start) - 1
    for i in range(0, image.width, 7):
        for x, y in ((i, 0), (i, border), (0, i), (border, i)):
            assert image.getpixel((x, y)) > 200, (x, y)


def test_qr_url_comes_from_site_url_never_from_the_host_header(client):
    response = client.get("/salons/fureai-salon-inokashira/qr.png", HTTP_HOST="evil.example")
    if response.status_code == 400:  # ALLOWED_HOSTS refuses the host outright: also fine
        return
    assert response.content == qr._png(f"{SITE}/salons/fureai-salon-inokashira/?src=flyer")


def test_qr_svg_carries_the_same_code(client):
    response = client.get("/salons/fureai-salon-inokashira/qr.svg?src=list")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml")
    # Module for module the code of the place's permanent URL, tagged with where it was printed.
    grid = svg_matrix(response.content)
    assert grid == expected_matrix(f"{SITE}/salons/fureai-salon-inokashira/?src=list")
    assert error_correction_level(matrix_image(grid)) == "M"


def test_qr_images_are_cached_not_recomputed(client):
    with mock.patch.object(qr, "_png", wraps=qr._png) as build:
        client.get("/salons/renjaku-salon/qr.png")
        client.get("/salons/renjaku-salon/qr.png")
    assert build.call_count == 1


def test_an_unknown_source_tag_falls_back_to_flyer(client):
    response = client.get("/salons/renjaku-salon/qr.png?src=<script>")
    assert response.content == qr._png(f"{SITE}/salons/renjaku-salon/?src=flyer")


def test_visits_from_a_qr_code_are_counted_per_place_and_month_without_a_cookie(
    client, fixed_today
):
    for _ in range(3):
        response = client.get("/salons/renjaku-salon/?src=flyer")
        assert not response.cookies
    client.get("/salons/renjaku-salon/?src=list")
    client.get("/salons/renjaku-salon/")
    client.get("/salons/renjaku-salon/?src=tracking-id-123")
    counts = {(v.month.isoformat(), v.source): v.count for v in SalonVisit.objects.all()}
    assert counts == {("2026-11-01", "flyer"): 3, ("2026-11-01", "list"): 1}


def test_an_old_flyer_of_a_renamed_place_still_counts(client):
    salon = Salon.objects.get(slug="renjaku-salon")
    salon.slug = "renjaku-salon-new"
    salon.save()
    response = client.get("/salons/renjaku-salon/?src=flyer")
    assert response["Location"] == "/salons/renjaku-salon-new/?src=flyer"
    client.get(response["Location"])
    assert SalonVisit.objects.get(salon=salon).count == 1


@pytest.fixture
def supervisor_client(client, mitaka_supervisor):
    """The admin as Mitaka's supervisor keeps it: a role, not a superuser."""
    return sign_in(client, mitaka_supervisor)


def test_admin_lists_flyer_links_and_this_months_qr_visits(supervisor_client, fixed_today):
    for _ in range(2):
        supervisor_client.get("/salons/renjaku-salon/?src=flyer")
    response = supervisor_client.get(reverse("admin:salons_salon_changelist"), {"q": "連雀サロン"})
    body = response.content.decode()
    assert '<a href="/salons/renjaku-salon/flyer/"' in body
    (row,) = response.context["cl"].result_list
    assert row.qr_visits_this_month == 2


def test_admin_action_opens_the_flyers_of_the_selected_places_as_one_document(supervisor_client):
    ids = list(Salon.objects.filter(area__slug="inokashira").values_list("pk", flat=True))
    response = supervisor_client.post(
        reverse("admin:salons_salon_changelist"),
        {"action": "print_flyers", "_selected_action": ids},
    )
    assert response.status_code == 302
    document = supervisor_client.get(response["Location"])
    assert document.content.decode().count('class="sheet"') == len(ids) == 2


def test_admin_network_list_links_to_the_area_flyer(supervisor_client):
    body = supervisor_client.get(reverse("admin:carenet_network_changelist")).content.decode()
    assert '<a href="/mitaka/areas/inokashira/flyer/"' in body
