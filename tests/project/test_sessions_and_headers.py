"""A staff session ends SESSION_MAX_HOURS after sign-in; pages and static files carry the CSP."""

import re
import time

import pytest
from django.conf import settings as django_settings

from carenet.middleware import SIGNED_IN_AT
from tests.conftest import make_staff, sign_in

pytestmark = pytest.mark.django_db


def set_signed_in_at(client, value):
    session = client.session
    if value is None:
        session.pop(SIGNED_IN_AT, None)
    else:
        session[SIGNED_IN_AT] = value
    session.save()


def test_signing_in_stamps_the_session(client, inokashira_coordinator):
    client.post("/staff/login/", {"username": "co-inokashira", "password": "pw-Test-12345"})
    assert time.time() - client.session[SIGNED_IN_AT] < 60


def test_an_active_session_within_the_limit_stays(client, inokashira_coordinator, settings):
    sign_in(client, inokashira_coordinator)
    set_signed_in_at(client, time.time() - (settings.SESSION_MAX_HOURS - 1) * 3600)
    assert client.get("/staff/").status_code == 200


def test_a_session_is_ended_after_the_maximum_however_active(
    client, inokashira_coordinator, settings
):
    sign_in(client, inokashira_coordinator)
    assert client.get("/staff/").status_code == 200  # active: the idle deadline keeps moving
    set_signed_in_at(client, time.time() - settings.SESSION_MAX_HOURS * 3600 - 60)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # and stays signed out


@pytest.mark.parametrize("stamp", [None, "yesterday"])
def test_a_session_without_a_valid_stamp_is_ended(client, inokashira_coordinator, stamp):
    sign_in(client, inokashira_coordinator)
    set_signed_in_at(client, stamp)
    assert client.get("/staff/").status_code == 302


def test_the_admin_session_is_ended_too(client, mitaka_supervisor, settings):
    sign_in(client, mitaka_supervisor)
    set_signed_in_at(client, time.time() - settings.SESSION_MAX_HOURS * 3600 - 60)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- Content-Security-Policy without 'unsafe-inline', on pages and on static files ---


def test_pages_forbid_inline_styles_and_scripts(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("path", ["/static/css/site.css", "/static/admin/css/base.css"])
def test_static_files_carry_the_security_headers(client, settings, path):
    settings.WHITENOISE_USE_FINDERS = True  # serve from the app directories, no collectstatic
    response = client.get(path)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


INLINE_STYLE = re.compile(r"style\s*=|<style", re.IGNORECASE)


def test_no_template_has_inline_styles():
    templates = django_settings.BASE_DIR / "templates"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if INLINE_STYLE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "the CSP blocks inline styles: use static/css instead"


def test_the_500_page_is_styled_from_the_stylesheet():
    from django.test import RequestFactory

    from carenet.front.views import server_error

    body = server_error(RequestFactory().get("/")).content.decode()
    assert "css/site.css" in body


def test_admin_history_page_renders_without_inline_styles(
    client, mitaka_supervisor, inokashira_case
):
    sign_in(client, mitaka_supervisor)
    url = f"/admin/consultations/consultation/{inokashira_case.pk}/history/"
    body = client.get(url).content.decode()
    assert "css/admin.css" in body  # restores what simple_history's blocked style="" did


PUBLIC_PAGES = [
    "/",
    "/mitaka/",
    "/mitaka/areas/inokashira/",
    "/mitaka/areas/inokashira/flyer/",
    "/mitaka/areas/inokashira/list/",
    "/salons/",
    "/salons/fureai-salon-inokashira/",
    "/salons/fureai-salon-inokashira/flyer/",
    "/coordinators/",
    "/consult/",
    "/staff/login/",
    "/admin/login/",
]
STAFF_PAGES = [
    "/staff/",
    "/staff/intake/",
    "/staff/stats/",
    "/admin/",
    "/admin/consultations/consultation/",
    "/admin/consultations/consultation/{pk}/change/",
    "/admin/salons/salon/",
    "/admin/salons/salon/add/",
]


def test_rendered_pages_have_no_inline_styles(client, inokashira_case):
    # Widgets and third-party templates render too: look at what the browser gets.
    for path in PUBLIC_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not INLINE_STYLE.search(response.content.decode()), path
    sign_in(client, make_staff("sv-root", "mitaka", "city", is_superuser=True))
    for path in STAFF_PAGES:
        response = client.get(path.format(pk=inokashira_case.pk))
        assert response.status_code == 200, path
        assert not INLINE_STYLE.search(response.content.decode()), path
