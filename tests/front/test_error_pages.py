from unittest import mock

import pytest
from django.test import RequestFactory

from carenet.directory.models import Contact
from carenet.front.views import server_error

pytestmark = pytest.mark.django_db


def test_500_page_is_japanese_and_gives_the_phone_numbers():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "ただいま表示できません" in body
    for line in Contact.objects.filter(is_help_line=True):
        assert line.phone in body


def test_500_page_still_gives_phone_numbers_when_the_database_is_down():
    server_error(RequestFactory().get("/"))  # a healthy request remembers the numbers
    with mock.patch(
        "carenet.front.views.Contact.objects.help_lines", side_effect=RuntimeError("db down")
    ):
        body = server_error(RequestFactory().get("/")).content.decode()
    assert "042-373-5616" in body and "0422-76-1271" in body


def test_500_page_is_served_when_the_database_and_the_cache_both_fail():
    down = RuntimeError("down")
    with (
        mock.patch("carenet.front.views.Contact.objects.help_lines", side_effect=down),
        mock.patch("carenet.front.views.cache.get", side_effect=down),
    ):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "<h1>ただいま表示できません</h1>" in response.content.decode()


def test_a_crashing_view_gets_the_japanese_500_page(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    with mock.patch(
        "carenet.front.views.HomeView.get_context_data", side_effect=RuntimeError("boom")
    ):
        response = client.get("/")
    assert response.status_code == 500
    assert "ただいま表示できません" in response.content.decode()
