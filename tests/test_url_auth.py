"""Walks every URL in the URLconf: public pages open to anyone, all others need a staff login."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Pages anyone may open, with an example each. Every other page must send a visitor to log in.
PUBLIC = {
    "carenet:home": "/",
    "carenet:municipality-detail": "/mitaka/",
    "carenet:area-detail": "/areas/inokashira/",
    "salons:salon-list": "/salons/",
    "salons:salon-detail": "/salons/fureai-salon-inokashira/",
    "salons:salon-flyer": "/salons/fureai-salon-inokashira/flyer/",
    "salons:salon-qr-png": "/salons/fureai-salon-inokashira/qr.png",
    "salons:salon-qr-svg": "/salons/fureai-salon-inokashira/qr.svg",
    "carenet:area-flyer": "/areas/inokashira/flyer/",
    "carenet:area-list": "/areas/inokashira/list/",
    "carenet:area-qr-svg": "/areas/inokashira/qr.svg",
    "coordinators:coordinator-list": "/coordinators/",
    "consultations:request-form": "/consult/",
    "consultations:request-thanks": "/consult/thanks/",
    "staff:login": "/staff/login/",
}
# Sign-in and sign-out themselves; logging out is POST only, so a GET answers 405.
SIGN_IN_OUT = {"admin:login", "admin:logout", "staff:logout"}
LOGIN_PAGES = ("/admin/login/", "/staff/login/")

SAMPLE_KWARGS = {
    "slug": "inokashira",
    "app_label": "salons",
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "uidb64": "MQ",
    "token": "x",
}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            child_ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern)


def concrete(route):
    """Turn a route into a URL with sample values for its parameters."""
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE_KWARGS.get(m.group(1), "1"), route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLE_KWARGS.get(m.group(1), "1"), route)
    return "/" + route.lstrip("^").rstrip("$").replace("\\", "")


ROUTES = sorted(set(walk(get_resolver().url_patterns)), key=lambda r: r[1])


def test_every_route_of_ours_has_a_name():
    assert [route for name, route in ROUTES if not name and not route.startswith("admin/")] == []


def test_every_route_of_ours_is_public_by_name_or_a_staff_page():
    ours = {name for name, route in ROUTES if name and not route.startswith("admin/")}
    unlisted = {name for name in ours - set(PUBLIC) - SIGN_IN_OUT if not name.startswith("staff:")}
    assert unlisted == set(), "a new page: add it to PUBLIC, or put it under /staff/ behind a login"


@pytest.mark.parametrize(
    ("name", "route"), [r for r in ROUTES if r[0] not in set(PUBLIC) | SIGN_IN_OUT], ids=str
)
def test_every_staff_page_needs_a_login(client, name, route):
    url = concrete(route)
    response = client.get(url)
    assert response.status_code in {302, 404}, f"{name} {url} answered {response.status_code}"
    if response.status_code == 302:
        assert response["Location"].startswith(LOGIN_PAGES), (
            f"{name} {url} -> {response['Location']}"
        )


@pytest.mark.parametrize(("name", "url"), PUBLIC.items())
def test_public_pages_open_without_a_login(client, name, url):
    assert client.get(url).status_code == 200, f"{name} {url}"
