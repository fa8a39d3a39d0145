"""The client's address behind TRUSTED_PROXY_COUNT proxies: forged X-Forwarded-For gains nothing."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from carenet.client_ip import client_ip
from consultations.models import Consultation
from tests.consultations.test_resident_request import valid

PROXY = "10.0.0.5"  # the reverse proxy, as gunicorn sees it


def ip(forwarded=None, remote_addr=PROXY):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_without_a_proxy_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert ip("203.0.113.9", remote_addr="198.51.100.1") == "198.51.100.1"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("1.1.1.1, 203.0.113.9", "203.0.113.9"),  # the left entry is the client's own word
        (" 203.0.113.9 ", "203.0.113.9"),
        ("203.0.113.9:51234", "203.0.113.9"),
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:DB8:0::1", "2001:db8::1"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("", PROXY),
        ("unknown", PROXY),
        ("203.0.113.9, not-an-ip", PROXY),  # the proxy's own entry is broken: don't look further
        ("999.1.1.1", PROXY),
        ("[2001:db8::1", PROXY),
    ],
)
def test_one_proxy_takes_the_right_most_entry(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert ip(forwarded) == expected


def test_one_proxy_without_the_header_falls_back_to_remote_addr(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert ip(None) == PROXY


def test_two_proxies_take_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert ip("6.6.6.6, 203.0.113.9, 10.0.0.9") == "203.0.113.9"
    assert ip("203.0.113.9, 10.0.0.9") == "203.0.113.9"
    assert ip("10.0.0.9") == PROXY  # fewer entries than proxies: not through both


# --- The rate limit of /consult/ and the address it counts ---


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def consult(client, forwarded, remote_addr=PROXY):
    return client.post(
        "/consult/", valid(), REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded
    )


@pytest.mark.django_db
def test_behind_a_proxy_residents_are_limited_each_on_their_own(client, settings, fresh_cache):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONSULT_RATE = "5/h"
    for n in range(6):
        assert consult(client, f"203.0.113.{n + 1}").status_code == 302
    assert Consultation.objects.count() == 6


@pytest.mark.django_db
def test_behind_a_proxy_one_resident_is_limited_after_five(client, settings, fresh_cache):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONSULT_RATE = "5/h"
    for _ in range(5):
        assert consult(client, "203.0.113.9").status_code == 302
    assert consult(client, "203.0.113.9").status_code == 429


@pytest.mark.django_db
def test_behind_a_proxy_a_forged_left_entry_does_not_escape_the_limit(
    client, settings, fresh_cache
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONSULT_RATE = "5/h"
    for n in range(5):
        assert consult(client, f"198.51.100.{n}, 203.0.113.9").status_code == 302
    assert consult(client, "198.51.100.77, 203.0.113.9").status_code == 429


@pytest.mark.django_db
def test_without_a_proxy_a_forged_header_does_not_escape_the_limit(client, settings, fresh_cache):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.CONSULT_RATE = "5/h"
    attacker = "198.51.100.1"
    for n in range(5):
        assert consult(client, f"203.0.113.{n}", remote_addr=attacker).status_code == 302
    assert consult(client, "203.0.113.99", remote_addr=attacker).status_code == 429
