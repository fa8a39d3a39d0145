"""The 通いの場MAP (/map/) and its data (/salons.geojson), issue #12.

The map and the GeoJSON take the filters of /salons/ and narrow the same way; the GeoJSON is
valid ([lon, lat]) and holds only listed places with a point; the page without its script is the
list of the same places by area, with those without a point below; the query counts do not grow
with the number of places; the page's CSP lets the tiles in and nothing inline.
"""

from decimal import Decimal

import geojson
import pytest
from django.core.management import call_command

from carenet.directory.models import Venue
from salons.models import Salon
from tests.queries import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

# Seed venues: 1 井の頭CC (has a point in the seed), 2 新川中原CC, 5 連雀CC,
# 8 コミュニティプレイスあたご.
POINTS = {
    2: ("35.680000", "139.560000"),
    5: ("35.695000", "139.560500"),
    8: ("35.629000", "139.432000"),
}


@pytest.fixture
def points(db):
    for pk, (lat, lon) in POINTS.items():
        Venue.objects.filter(pk=pk).update(latitude=Decimal(lat), longitude=Decimal(lon))


def collection(client, params=None):
    response = client.get("/salons.geojson", params or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    text = response.content.decode()
    data = geojson.loads(text)
    assert data.is_valid, data.errors()
    assert data["type"] == "FeatureCollection"
    return data


def feature_names(data):
    return {feature["properties"]["name"] for feature in data["features"]}


def map_names(client, params=None):
    """Every place the map page lists, on the map or below it."""
    response = client.get("/map/", params or {})
    assert response.status_code == 200
    context = response.context
    groups = context["on_map_groups"] + context["off_map_groups"]
    return {salon.name for group in groups for salon in group.places}


def list_names(client, params=None):
    return {salon.name for salon in client.get("/salons/", params or {}).context["salons"]}


def with_point(names):
    venues = {pk for pk in POINTS} | {1}
    return {name for name in names if Salon.objects.filter(name=name, venue__in=venues).exists()}


def test_geojson_is_a_valid_feature_collection_in_lon_lat_order(client, points):
    data = collection(client)
    shinnaka = next(f for f in data["features"] if f["properties"]["name"] == "しんなかサロン")
    assert shinnaka["geometry"] == {"type": "Point", "coordinates": [139.56, 35.68]}
    props = shinnaka["properties"]
    assert props["url"] == "/salons/shinnaka-salon/"
    assert props["address"].endswith("新川1-11-1")
    assert props["area"] == "新川中原"
    assert props["kind"]
    assert props["schedule"] and all(isinstance(line, str) for line in props["schedule"])
    assert props["schedule"][0].startswith("毎月 第4木曜日")
    # today is Sunday 2026-11-22: the 4th Thursday is the 26th
    assert props["next"].startswith("11月26日(木)")


def test_geojson_holds_only_listed_places_with_a_point(client, points):
    names = feature_names(collection(client))
    listed = set(Salon.objects.listed().values_list("name", flat=True))
    assert names == with_point(listed)
    assert "連雀サロン" in names and "誰でもカフェあたご" in names
    assert "しんなかサロン" in names
    assert "駅前 風のサロン" not in names  # its venue has no point
    assert "からきだ匠カフェ" not in names  # no venue at all


def test_unconfirmed_and_ended_places_never_appear(client, points):
    Salon.objects.filter(slug="shinnaka-salon").update(status=Salon.Status.UNCONFIRMED)
    Salon.objects.filter(slug="renjaku-salon").update(status=Salon.Status.ENDED)
    names = feature_names(collection(client))
    page = map_names(client)
    for gone in ("しんなかサロン", "連雀サロン"):
        assert gone not in names
        assert gone not in page


@pytest.mark.parametrize(
    "params",
    [
        {"city": "tama"},
        {"city": "mitaka"},
        {"area": "inokashira"},
        {"area": "tama-hokubu"},  # a 圏域: its 地区 (愛宕・乞田・貝取) are in it
        {"kind": "dementia-cafe"},
        {"weekday": "2"},
        {"weekday": "4", "city": "mitaka"},
        {"q": "サロン"},
        {"q": "愛宕かえで館"},
    ],
    ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()),
)
def test_each_filter_narrows_map_and_geojson_like_the_list(client, points, params):
    listed = list_names(client, params)
    assert listed, "the example should find something"
    assert map_names(client, params) == listed
    assert feature_names(collection(client, params)) == with_point(listed)


def test_parent_area_takes_its_districts_places(client, points):
    assert "誰でもカフェあたご" in feature_names(collection(client, {"area": "tama-hokubu"}))


@pytest.mark.parametrize(
    "params",
    [
        {"area": "zzz"},
        {"city": "nowhere"},
        {"kind": "nothing"},
        {"weekday": "9"},
        {"weekday": "abc"},
        {"q": "x" * 500},
        {"area": ["inokashira", "osawa"]},
    ],
)
def test_bad_filter_values_never_give_a_server_error(client, points, params):
    assert client.get("/map/", params).status_code == 200
    data = collection(client, params)
    assert feature_names(data) <= feature_names(collection(client))


def test_map_page_lists_places_by_area_and_those_without_a_point_below(client, points):
    response = client.get("/map/", {"city": "mitaka"})
    html = response.content.decode()
    assert "か所（うち地図に表示" in html
    count = len(list_names(client, {"city": "mitaka"}))
    on_map = len(with_point(list_names(client, {"city": "mitaka"})))
    assert f"{count} か所（うち地図に表示 {on_map} か所）" in html
    off_heading = html.index("地図に位置が載っていない場所")
    # 駅前 風のサロン: its venue has no point; listed under the heading, with its address
    assert html.index("駅前 風のサロン") > off_heading
    assert html.index("しんなかサロン") < off_heading
    assert "東京都三鷹市下連雀3-13-10" in html
    assert "井の頭（三鷹市）" in html  # an area's heading
    # every place with a venue has a link to an external map
    assert "https://www.google.com/maps/search/?api=1&amp;query=35.680000%2C139.560000" in html
    # the map itself: data for the script, Leaflet from our own static files
    assert 'data-geojson-url="/salons.geojson?city=mitaka"' in html
    assert "/static/leaflet/leaflet.js" in html
    assert "/static/leaflet/leaflet.css" in html
    assert 'id="map-note"' in html  # what a browser without JavaScript says instead of a map
    assert "cdn" not in html.lower() and "unpkg" not in html


def test_map_page_says_the_tiles_and_attribution_from_settings(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.jp/{z}/{x}/{y}.png"
    html = client.get("/map/").content.decode()
    assert 'data-tile-url="https://tiles.example.jp/{z}/{x}/{y}.png"' in html
    assert "地理院タイル" in html  # the default attribution, escaped in its attribute


def test_csp_of_the_map_lets_the_tiles_in_and_nothing_inline(client):
    csp = client.get("/map/")["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in csp.split(";") if part.strip()
    )
    assert "https://cyberjapandata.gsi.go.jp" in directives["img-src"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert "unsafe-inline" not in csp


def test_map_page_has_no_inline_script_or_style(client, points):
    html = client.get("/map/").content.decode()
    assert "<script>" not in html and " style=" not in html and "<style" not in html
    for tag in html.split("<script")[1:]:
        assert "src=" in tag.split(">")[0]


def test_area_page_links_to_its_map(client):
    html = client.get("/mitaka/areas/inokashira/").content.decode()
    assert 'href="/map/?area=inokashira"' in html
    assert "この地域の地図" in html


def test_salon_list_links_to_the_map_with_its_query(client):
    html = client.get("/salons/", {"city": "tama", "kind": "kintore"}).content.decode()
    assert "/map/?city=tama&amp;kind=kintore" in html


@pytest.mark.parametrize(
    "url",
    [
        "/map/",
        "/map/?city=mitaka&weekday=2&q=サロン",
        "/salons.geojson",
        "/salons.geojson?area=tama-hokubu",
    ],
)
@pytest.mark.usefixtures("sample_data_allowed")
def test_map_and_geojson_run_the_same_number_of_queries_for_3_or_30_places(client, url):
    call_command("make_sample_data", places=3, seed=1, stdout=open("/dev/null", "w"))
    assert Venue.objects.filter(salons__is_sample=True, latitude__isnull=False).exists()
    few = count_queries(client, url)
    call_command("make_sample_data", places=27, seed=2, stdout=open("/dev/null", "w"))
    many = count_queries(client, url)
    assert few == many, f"{url}: {few} queries with 3 sample places, {many} with 30"


def test_an_imported_row_with_a_point_puts_its_place_on_the_map(client):
    from carenet.directory.models import Municipality
    from salons.importing import PlaceImport
    from tests.salons.place_csv import place_row, to_csv

    row = place_row(1) | {"会場": "地図テスト会館", "住所": "下連雀9-9-9"}
    row |= {"緯度": "35.702345", "経度": "139.561234"}
    plan = PlaceImport(to_csv([row]), Municipality.objects.get(slug="mitaka")).check()
    assert plan.errors == []
    plan.apply()
    venue = Venue.objects.get(name="地図テスト会館")
    assert (venue.latitude, venue.longitude) == (Decimal("35.702345"), Decimal("139.561234"))
    place = next(
        f for f in collection(client)["features"] if f["properties"]["name"] == row["名称"]
    )
    assert place["geometry"]["coordinates"] == [139.561234, 35.702345]
