"""The 通いの場MAP in a real browser (issue #12), with every request off the live server refused:
the map tiles never load, and the markers, groups and popups must work all the same.

- markers from /salons.geojson, places on the same spot grouped under a count; clicking a group
  zooms in or lists its places; a place's popup names it and leads to its page;
- without JavaScript the page is the list by area, with addresses, external map links and the
  places that have no point; at 360px nothing scrolls sideways;
- the venue admin's point picker: a click on the map fills latitude and longitude, saved.
"""

import io
import os
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from carenet.directory.models import Venue
from carenet.front.management.commands.setup_demo import DEFAULT_DEMO_PASSWORD
from tests.browser.conftest import block_other_hosts
from tests.browser.public_pages import open_page
from tests.browser.staff_login import sign_in_staff

pytestmark = pytest.mark.usefixtures("fixed_today")

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)

# Seed venues given a point here (井の頭CC, 1, has one in the seed). Each Mitaka community centre
# holds two places (a サロン and a 相談サロン): they stand on the same spot and are grouped.
POINTS = {
    2: ("35.680000", "139.560000"),  # 新川中原CC
    3: ("35.693000", "139.540000"),  # 井口CC
    8: ("35.629000", "139.432000"),  # コミュニティプレイスあたご: one place, 誰でもカフェあたご
}


@pytest.fixture
def points(seeded):
    for pk, (lat, lon) in POINTS.items():
        Venue.objects.filter(pk=pk).update(latitude=Decimal(lat), longitude=Decimal(lon))


@pytest.fixture
def blocked(page):
    """The URLs the browser tried off the live server (the page fixture refuses them)."""
    refused = []
    page.context.unroute("**/*")
    block_other_hosts(page.context, refused)
    return refused


def open_map(page, live_server, path="/map/"):
    open_page(page, live_server, path, 200)
    expect(page.locator("#place-map")).to_have_attribute("data-ready", "true")


def zoom(page):
    # Leaflet keeps the zoom in the tile container's class names only; ask the map's own pane.
    return page.evaluate(
        "() => Number(document.querySelector('#place-map .leaflet-tile-container')"
        "?.style.zIndex ?? -1)"
    )


@pytest.mark.usefixtures("points")
def test_markers_show_with_tiles_blocked_and_a_popup_leads_to_the_place(page, live_server, blocked):
    refused_by_csp = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and refused_by_csp.append(message.text)
        ),
    )
    open_map(page, live_server)
    markers = page.locator("#place-map .leaflet-marker-icon")
    expect(markers.first).to_be_visible()
    assert markers.count() >= 3
    # A place alone: an ordinary marker named after the place.
    cafe = page.locator('#place-map img.leaflet-marker-icon[alt="誰でもカフェあたご"]')
    expect(cafe).to_have_count(1)
    cafe.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("誰でもカフェあたご")
    expect(popup).to_contain_text("次回:")
    expect(page.locator(".leaflet-popup-close-button")).to_have_attribute("aria-label", "閉じる")
    page.wait_for_timeout(500)  # the popup fades in and the map pans to show it
    with page.expect_navigation():
        popup.get_by_role("link", name="誰でもカフェあたご").click()
    assert page.url.endswith("/salons/daredemo-cafe-atago/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("誰でもカフェあたご")
    # The tiles were asked for, and refused: the map worked without them.
    assert any("cyberjapandata.gsi.go.jp" in url for url in blocked), blocked[:5]
    assert refused_by_csp == []  # Leaflet and our script keep to the page's policy


@pytest.mark.usefixtures("points")
def test_a_crowded_spot_shows_a_count_and_clicking_it_lists_its_places(page, live_server):
    open_map(page, live_server, "/map/?city=mitaka")
    groups = page.locator("#place-map .map-group")
    expect(groups.first).to_be_visible()
    texts = groups.all_inner_texts()
    assert all(re.fullmatch(r"\d+", text) and int(text) >= 2 for text in texts), texts
    inokashira = page.get_by_role("button", name=re.compile(r"か所の通いの場")).first
    expect(inokashira).to_have_attribute("aria-label", re.compile(r"^\d+ か所の通いの場"))
    # Zoom in until the group falls apart or turns into a list (same spot): at most a few clicks.
    for _ in range(8):
        popup = page.locator(".leaflet-popup-content")
        if popup.count():
            break
        page.locator("#place-map .map-group").first.click()
        page.wait_for_timeout(400)  # Leaflet's zoom animation
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("か所")
    links = popup.get_by_role("link")
    assert links.count() >= 2
    name = links.first.inner_text()
    page.wait_for_timeout(500)  # the popup fades in and the map pans to show it
    with page.expect_navigation():
        links.first.click()
    assert re.search(r"/salons/[\w-]+/$", page.url), page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


@pytest.mark.usefixtures("points")
def test_clicking_a_group_of_nearby_places_zooms_in(page, live_server):
    # 新川中原CC and 井口CC 30 m apart: grouped at the city's zoom, apart close up.
    Venue.objects.filter(pk=3).update(latitude=Decimal("35.680200"), longitude=Decimal("139.5602"))
    open_map(page, live_server, "/map/?city=mitaka")
    before = page.evaluate("() => document.querySelector('#place-map').dataset.groups")
    four = page.locator("#place-map .map-group", has_text=re.compile(r"^4$"))
    expect(four).to_have_count(1)
    four.click()
    page.wait_for_timeout(600)
    after = page.evaluate("() => document.querySelector('#place-map').dataset.groups")
    assert int(after) >= int(before)  # closer up, the places stand apart
    expect(page.locator("#place-map .map-group", has_text=re.compile(r"^4$"))).to_have_count(0)


@pytest.mark.usefixtures("points")
def test_without_javascript_the_page_is_the_list_by_area(browser, live_server):
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    block_other_hosts(context)
    page = context.new_page()
    try:
        open_page(page, live_server, "/map/?city=mitaka", 200)
        expect(page.locator("#place-map")).to_be_hidden()
        expect(page.get_by_text("この地図はJavaScriptを使います")).to_be_visible()
        on_map = page.locator("section", has=page.locator("h2#on-map"))
        expect(on_map.get_by_role("heading", name="井の頭（三鷹市）")).to_be_visible()
        expect(on_map.get_by_role("link", name="ふれあいサロン・井の頭")).to_be_visible()
        expect(on_map).to_contain_text("東京都三鷹市井の頭2-32-30")
        map_links = on_map.get_by_role("link", name=re.compile(r"^地図で見る"))
        assert map_links.count() >= 4
        assert map_links.first.get_attribute("href").startswith(
            "https://www.google.com/maps/search/?api=1&query="
        )
        off_map = page.locator("section", has=page.locator("h2#off-map"))
        expect(off_map.get_by_role("heading", level=2)).to_have_text("地図に位置が載っていない場所")
        expect(off_map.get_by_role("link", name="駅前 風のサロン")).to_be_visible()
        expect(off_map).to_contain_text("東京都三鷹市下連雀3-13-10")
        expect(
            page.get_by_role("heading", level=2, name=re.compile("うち地図に表示"))
        ).to_be_visible()
    finally:
        context.close()


@pytest.mark.usefixtures("points")
def test_map_page_does_not_scroll_sideways_at_360px(page, live_server):
    page.set_viewport_size({"width": 360, "height": 780})
    open_map(page, live_server)
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], widths
    box = page.locator("#place-map").bounding_box()
    assert box["width"] <= 360 and box["height"] >= 250, box


@pytest.fixture
def demo_accounts(seeded, settings):
    """`setup_demo` (DEBUG only) with DEBUG on for the command alone: the real demo roles."""
    settings.OTP_DEVELOPMENT_BYPASS = False
    cache.clear()
    debug, settings.DEBUG = settings.DEBUG, True
    try:
        call_command("setup_demo", stdout=io.StringIO())
    finally:
        settings.DEBUG = debug
    yield
    cache.clear()


@pytest.mark.usefixtures("demo_accounts")
def test_admin_point_picker_fills_latitude_and_longitude_and_saves(page, live_server):
    venue = Venue.objects.get(pk=2)  # 新川中原コミュニティ・センター, no point in the seed
    assert venue.latitude is None
    path = f"/admin/carenet/venue/{venue.pk}/change/"
    sign_in_staff(page, live_server, "demo-mitaka", DEMO_PASSWORD, next_path=path, admin=True)
    latitude = page.locator("#id_latitude")
    longitude = page.locator("#id_longitude")
    expect(latitude).to_have_value("")
    picker = page.locator(".point-picker-map")
    expect(picker).to_be_visible()
    picker.click(position={"x": 200, "y": 120})
    expect(latitude).to_have_value(re.compile(r"^3[45]\.\d{6}$"))
    expect(longitude).to_have_value(re.compile(r"^139\.\d{6}$"))
    expect(page.locator(".point-picker-map .leaflet-marker-icon")).to_have_count(1)
    picked = (latitude.input_value(), longitude.input_value())
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    venue.refresh_from_db()
    assert (str(venue.latitude), str(venue.longitude)) == picked
