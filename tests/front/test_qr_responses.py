"""Every QR code (an area's, a place's) is served by carenet.common.qr.qr_response."""

import pytest

from carenet.common import qr

pytestmark = pytest.mark.django_db

QR_URLS = [
    ("/mitaka/areas/inokashira/qr.svg", "image/svg+xml"),
    ("/salons/fureai-salon-inokashira/qr.svg", "image/svg+xml"),
    ("/salons/fureai-salon-inokashira/qr.png", "image/png"),
]


@pytest.mark.parametrize(("url", "content_type"), QR_URLS)
def test_a_qr_code_is_served_with_its_type_and_a_day_of_browser_cache(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize(("url", "content_type"), QR_URLS)
def test_every_qr_view_goes_through_the_one_helper(client, monkeypatch, url, content_type):
    monkeypatch.setattr(qr, "BROWSER_CACHE", "public, max-age=60")
    assert client.get(url)["Cache-Control"] == "public, max-age=60"
