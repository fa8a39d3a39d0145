"""Tama's 圏域 hold committee districts (#9).

A 圏域's page and prints gather its districts' places and initiatives; a district leads to its
圏域; the districts nobody has placed yet are named as 要確認.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carenet.directory.models import Area, Initiative, Network
from salons.models import Kind, Salon, Schedule, ScheduleException

pytestmark = pytest.mark.django_db


def make_place(area_slug, name, slug, kind="salon"):
    """A test-only place (is_sample) in an area, meeting on the 2nd Tuesday."""
    area = Area.objects.get(slug=area_slug)
    salon = Salon.objects.create(
        municipality=area.municipality,
        area=area,
        kind=Kind.objects.get(slug=kind),
        name=name,
        slug=slug,
        is_sample=True,
    )
    Schedule.objects.create(
        salon=salon, frequency=Schedule.Frequency.MONTHLY, weekday=2, week_of_month=2
    )
    return salon


@pytest.fixture
def sekido_place():
    return make_place("sekido-ichinomiya", "テスト用サロン関戸", "test-salon-sekido")


@pytest.fixture
def sakuragaoka_place():
    return make_place("sakuragaoka", "テスト用サロン桜ヶ丘", "test-salon-sakuragaoka")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_hokubu_list_prints_the_places_of_sekido_ichinomiya_and_atago(client, sekido_place):
    body = page(client, "/tama/areas/tama-hokubu/list/")
    assert "この地域で登録されている活動はまだありません" not in body
    assert "テスト用サロン関戸" in body
    assert "（関戸・一ノ宮）" in body  # each entry says which district it is in
    assert "誰でもカフェあたご" in body
    assert "福祉なんでも相談" in body
    assert "/salons/test-salon-sekido/qr.svg?src=list" in body


def test_hokubu_list_prints_the_initiatives_of_its_districts(client):
    atago = Area.objects.get(slug="atago-kotta-kaitori")
    initiative = Initiative.objects.create(
        municipality=atago.municipality,
        area=atago,
        kind=Initiative.Kind.TRANSPORT,
        name="テスト用の取り組み愛宕",
    )
    carried = Initiative.objects.create(
        municipality=atago.municipality, kind=Initiative.Kind.TRAINING, name="テスト用の委員会活動"
    )
    carried.networks.add(Network.objects.get(area__slug="sekido-ichinomiya"))
    body = page(client, "/tama/areas/tama-hokubu/list/")
    assert initiative.name in body
    assert carried.name in body


def test_tobu_list_prints_sakura_unso_with_its_places(client):
    body = page(client, "/tama/areas/tama-tobu/list/")
    assert "この地域で登録されている活動はまだありません" not in body
    assert "さくら運送" in body
    assert "（連光寺・聖ヶ丘）" in body


def test_an_unlinked_districts_place_is_not_on_hokubus_list_or_page(client, sakuragaoka_place):
    for url in (
        "/tama/areas/tama-hokubu/list/",
        "/tama/areas/tama-hokubu/",
        "/tama/areas/tama-hokubu/flyer/",
    ):
        assert "テスト用サロン桜ヶ丘" not in page(client, url), url
    assert "テスト用サロン桜ヶ丘" in page(client, "/tama/areas/sakuragaoka/list/")


def test_an_unlinked_districts_initiative_is_not_on_hokubus_list(client):
    assert "桜ヶ丘の移動を考える会" not in page(client, "/tama/areas/tama-hokubu/list/")
    assert "桜ヶ丘の移動を考える会" in page(client, "/tama/areas/sakuragaoka/list/")


def test_hokubu_page_shows_its_districts_places_and_links_its_districts(client, sekido_place):
    body = page(client, "/tama/areas/tama-hokubu/")
    assert "テスト用サロン関戸" in body
    assert "誰でもカフェあたご" in body
    assert '<a href="/tama/areas/sekido-ichinomiya/">関戸・一ノ宮</a>' in body
    assert '<a href="/tama/areas/atago-kotta-kaitori/">愛宕・乞田・貝取</a>' in body


def test_hokubu_flyer_lists_its_districts_salons_marked_by_district(client, sekido_place):
    body = page(client, "/tama/areas/tama-hokubu/flyer/")
    assert "<strong>テスト用サロン関戸</strong>（関戸・一ノ宮）" in body


def test_tobu_page_shows_sakura_unso_marked_with_its_district(client):
    body = page(client, "/tama/areas/tama-tobu/")
    assert "さくら運送" in body
    assert "・連光寺・聖ヶ丘" in body


def test_a_district_page_links_to_its_daily_living_area(client):
    body = page(client, "/tama/areas/atago-kotta-kaitori/")
    assert "この地区を含む日常生活圏域" in body
    assert '<a href="/tama/areas/tama-hokubu/">北部</a>' in body


def test_an_unlinked_district_page_says_its_area_is_not_known(client):
    body = page(client, "/tama/areas/sakuragaoka/")
    assert "どの日常生活圏域に入るかは、まだ確かめられていません（要確認）" in body


@pytest.mark.parametrize("url", ["/tama/areas/tama-hokubu/", "/tama/areas/tama-hokubu/list/"])
def test_a_daily_living_area_names_the_districts_whose_area_is_not_known(client, url):
    body = page(client, url)
    assert "要確認" in body
    unassigned = body.split('class="unassigned-districts"')[1].split("</p>")[0]
    for name in ("桜ヶ丘", "和田・東寺方・落川・百草", "永山", "貝取・豊ヶ丘"):
        assert name in unassigned
    for name in ("関戸・一ノ宮", "連光寺・聖ヶ丘", "愛宕・乞田・貝取", "諏訪・馬引沢"):
        assert name not in unassigned


def test_a_mitaka_area_page_says_nothing_about_districts(client):
    body = page(client, "/mitaka/areas/inokashira/")
    assert "unassigned-districts" not in body
    assert "日常生活圏域" not in body
    assert "この圏域に入る地区" not in body


def counted_queries(client, url):
    client.get(url)  # caches (the header's cities, …) warmed up: only the page's own queries
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow_hokubu(first, last):
    """More districts in 北部, each with places, a cancellation, an initiative and a network."""
    hokubu = Area.objects.get(slug="tama-hokubu")
    for n in range(first, last):
        district = Area.objects.create(
            municipality=hokubu.municipality,
            kind=Area.Kind.COMMUNITY,
            name=f"テスト地区{n}",
            slug=f"test-district-{n}",
            parent=hokubu,
        )
        for m in range(2):
            salon = make_place(district.slug, f"テスト場{n}-{m}", f"test-place-{n}-{m}")
            ScheduleException.objects.create(
                salon=salon, date=dt.date(2026, 12, 8), kind=ScheduleException.Kind.CANCEL
            )
        network = Network.objects.create(
            municipality=hokubu.municipality,
            area=district,
            kind=Network.Kind.COMMITTEE,
            name=f"テスト委員会{n}",
            slug=f"test-committee-{n}",
        )
        initiative = Initiative.objects.create(
            municipality=hokubu.municipality,
            area=district,
            kind=Initiative.Kind.TRAINING,
            name=f"テスト取り組み{n}",
        )
        initiative.networks.add(network)


@pytest.mark.parametrize(
    "url",
    ["/tama/areas/tama-hokubu/", "/tama/areas/tama-hokubu/list/", "/tama/areas/tama-hokubu/flyer/"],
)
def test_a_daily_living_areas_pages_keep_their_query_count_however_many_districts(client, url):
    grow_hokubu(0, 1)  # one of everything, so that every prefetch already runs
    before = counted_queries(client, url)
    grow_hokubu(1, 4)
    body = page(client, url)
    assert "テスト場3-1" in body
    assert counted_queries(client, url) == before


def test_tama_city_page_counts_a_daily_living_areas_districts_places(client, sekido_place):
    counts = {a.slug: a.salon_count for a in client.get("/tama/").context["areas"]}
    assert counts["tama-hokubu"] == 3  # 関戸・一ノ宮 1 + 愛宕・乞田・貝取 2
    assert counts["atago-kotta-kaitori"] == 2
    assert counts["tama-chubu"] == 0


def test_search_by_a_daily_living_area_finds_its_districts_places(client, sekido_place):
    body = page(client, "/salons/?area=tama-hokubu")
    for name in ("テスト用サロン関戸", "誰でもカフェあたご", "福祉なんでも相談"):
        assert name in body
