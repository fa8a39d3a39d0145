"""「文字を大きく」 without a browser: the switch's cookie and redirect, and the pages it marks."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from carenet.common.text_size import COOKIE_MAX_AGE, COOKIE_NAME
from tests.browser.public_pages import PUBLIC_PAGES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

SWITCH_URL = "/display/text-size/"
SWITCH = re.compile(r'<a class="text-size-switch" rel="nofollow" href="([^"]+)">([^<]+)</a>')
HTML_TAG = re.compile(r"<html[^>]*>")


def switch(client, **params):
    return client.get(SWITCH_URL, params)


def switch_link(response):
    """The switch's (href, text) on a page, and where it sits in the page."""
    body = response.content.decode()
    found = SWITCH.findall(body)
    assert len(found) == 1, f"expected one text-size switch, found {found}"
    href, text = found[0]
    return html.unescape(href), text, body.index('class="text-size-switch"'), body


# --- The switch: cookie and redirect ---


def test_large_sets_a_long_lived_lax_cookie_and_goes_back(client):
    response = switch(client, size="large", next="/salons/")
    assert response.status_code == 302
    assert response["Location"] == "/salons/"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "large"
    assert cookie["max-age"] == COOKIE_MAX_AGE >= 365 * 24 * 60 * 60
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    # The answer carries one visitor's Set-Cookie: no cache may keep it for the next one.
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_next_keeps_its_query_string(client):
    response = switch(client, size="large", next="/salons/?city=tama&kind=kintore")
    assert response["Location"] == "/salons/?city=tama&kind=kintore"


def test_normal_removes_the_cookie(client):
    client.cookies[COOKIE_NAME] = "large"
    response = switch(client, size="normal", next="/events/")
    assert response["Location"] == "/events/"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "" and cookie["max-age"] == 0 and cookie["path"] == "/"
    assert 'class="text-large"' not in client.get("/events/").content.decode()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "//evil.example/salons/",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        " //evil.example",
        "http://testserver.evil.example/",
        "",
    ],
)
def test_a_next_outside_the_site_goes_to_the_home_page(client, target):
    response = switch(client, size="large", next=target)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[COOKIE_NAME].value == "large"


def test_no_next_goes_to_the_home_page(client):
    assert switch(client, size="large")["Location"] == "/"


def test_a_next_on_this_host_spelled_out_is_allowed(client):
    response = switch(client, size="large", next="http://testserver/coordinators/")
    assert response["Location"] == "http://testserver/coordinators/"


@pytest.mark.parametrize(
    "params",
    [
        {"size": "huge"},
        {"size": ""},
        {"size": "LARGE"},
        {"size": "large "},
        {"size": "ラージ"},
        {"size": "x" * 5000},
        {},
    ],
)
def test_an_unknown_size_changes_nothing_and_never_fails(client, params):
    client.cookies[COOKIE_NAME] = "large"
    response = switch(client, next="/salons/", **params)
    assert response.status_code == 302
    assert response["Location"] == "/salons/"
    assert COOKIE_NAME not in response.cookies
    assert 'class="text-large"' in client.get("/salons/").content.decode()


@pytest.mark.parametrize("target", ["/salons/\n/x", "/salons/\r\nSet-Cookie: a=b", "/%0d%0a"])
def test_a_next_with_line_breaks_never_splits_the_header(client, target):
    response = switch(client, size="large", next=target)
    assert response.status_code == 302
    assert "\n" not in response["Location"] and "\r" not in response["Location"]
    assert "a" not in response.cookies


def test_the_switch_takes_no_posts(client):
    assert client.post(SWITCH_URL, {"size": "large"}).status_code == 405


# --- The pages: the class on <html>, and the switch in the header ---


def html_tag(client, url="/salons/"):
    return HTML_TAG.search(client.get(url).content.decode()).group(0)


def test_the_html_class_follows_the_cookie(client):
    assert html_tag(client) == '<html lang="ja">'
    client.cookies[COOKIE_NAME] = "large"
    assert html_tag(client) == '<html lang="ja" class="text-large">'
    client.cookies[COOKIE_NAME] = "enormous"
    assert html_tag(client) == '<html lang="ja">'


def test_switch_then_page_round_trip(client):
    response = client.get("/salons/?city=tama&kind=kintore")
    href, text, _, _ = switch_link(response)
    assert text == "文字を大きく"
    page = client.get(href, follow=True)
    assert page.redirect_chain == [("/salons/?city=tama&kind=kintore", 302)]
    assert 'class="text-large"' in HTML_TAG.search(page.content.decode()).group(0)
    href, text, _, _ = switch_link(page)
    assert text == "文字を元の大きさに"
    back = client.get(href, follow=True)
    assert back.redirect_chain == [("/salons/?city=tama&kind=kintore", 302)]
    assert html_tag(client) == '<html lang="ja">'


@pytest.mark.parametrize(
    ("path", "status"), [pytest.param(p, s, id=name) for name, p, s in PUBLIC_PAGES]
)
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_every_public_page_has_the_switch_before_the_menu(client, path, status, large):
    if large:
        client.cookies[COOKIE_NAME] = "large"
    response = client.get(path)
    assert response.status_code == status
    href, text, at, body = switch_link(response)
    assert text == ("文字を元の大きさに" if large else "文字を大きく")
    url = urlsplit(href)
    assert url.path == SWITCH_URL
    assert parse_qs(url.query) == {"size": ["normal" if large else "large"], "next": [path]}
    # In the header, before the menu: a keyboard user reaches it early.
    assert body.index('<header class="site-header">') < at < body.index('<nav class="site-nav"')
    # The same page for everyone with the same choice: no per-visitor token in the link.
    assert "csrf" not in href.lower()
