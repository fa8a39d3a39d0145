"""Every municipality of Japan can be reached: home → prefecture → municipality, in plain links."""

import re

import pytest
from django.core.management import call_command

from carenet.directory.models import Municipality
from carenet.directory.prefectures import PREFECTURES
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

PREFECTURE_LINK = re.compile(r'<a href="/prefectures/([a-z]+)/">([^<]+)</a>')


@pytest.fixture
def national(db):
    call_command("load_municipalities", verbosity=0)


def listed(body):
    return re.search(r'<ul class="municipalities">(.*?)</ul>', body, re.S).group(1)


def city_names(body):
    return re.findall(r'<a href="/[a-z0-9-]+/">([^<]+)</a>', listed(body))


@pytest.mark.parametrize("url", ["/", "/prefectures/"])
def test_every_prefecture_is_linked_once_by_region(client, url):
    body = client.get(url).content.decode()
    links = PREFECTURE_LINK.findall(body)
    assert [name for _, name in links] == [p.name for p in PREFECTURES]
    for region in ("北海道・東北", "関東", "中部", "近畿", "中国・四国", "九州・沖縄"):
        assert f">{region}</h3>" in body


def test_a_prefecture_lists_its_municipalities_in_code_order_with_open_places(client, national):
    body = listed(client.get("/prefectures/tokyo/").content.decode())
    names = re.findall(r'<a href="/[a-z0-9-]+/">([^<]+)</a>', body)
    assert len(names) == 62 and names[0] == "千代田区" and names[-1] == "小笠原村"
    assert names.index("三鷹市") < names.index("多摩市")
    mitaka = re.search(r'<a href="/mitaka/">三鷹市</a>(.*?)</li>', body, re.S).group(1)
    open_places = int(re.search(r"いま開かれている通いの場 (\d+)か所", mitaka).group(1))
    assert "地域の相談も受付" in mitaka
    # The same count as the city's card on the home page; a loaded city has none yet.
    home = client.get("/").content.decode()
    assert open_places > 0 and f"いま開かれている通いの場は {open_places}か所です" in home
    chofu = re.search(r'<a href="/chofu/">調布市</a>(.*?)</li>', body, re.S).group(1)
    assert "通いの場はまだ載っていません" in chofu and "地域の相談も受付" not in chofu


def test_a_prefecture_page_takes_the_same_queries_for_two_or_sixty_two_cities(client):
    few = count_queries(client, "/prefectures/tokyo/")
    call_command("load_municipalities", verbosity=0)
    assert Municipality.objects.filter(prefecture="東京都").count() == 62
    assert count_queries(client, "/prefectures/tokyo/") == few


def test_another_prefecture_lists_none_of_tokyos(client, national):
    names = city_names(client.get("/prefectures/osaka/").content.decode())
    assert "大阪市" in names and "三鷹市" not in names


def test_a_prefecture_not_loaded_yet_says_so(client):
    body = client.get("/prefectures/okinawa/").content.decode()
    assert "まだ読み込まれていません" in body


def test_an_unknown_prefecture_is_a_japanese_404(client):
    response = client.get("/prefectures/atlantis/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_a_city_page_leads_back_to_its_prefecture(client):
    body = client.get("/mitaka/").content.decode()
    assert '<a href="/prefectures/tokyo/">東京都</a>' in body


def test_a_municipality_that_does_not_take_part_has_a_page_but_no_home_card(client, national):
    assert client.get("/sapporo/").status_code == 200
    home = client.get("/").content.decode()
    assert '<a href="/sapporo/">' not in home
    assert '<a href="/mitaka/">三鷹市</a>' in home


def test_the_home_weeks_places_are_those_of_the_cities_that_take_part(client, national):
    from salons.models import Kind, Salon, Schedule

    sapporo = Municipality.objects.get(slug="sapporo")
    for city, name in (
        (sapporo, "テスト用の札幌の体操"),
        (Municipality.objects.get(slug="mitaka"), "テスト用の三鷹の体操"),
    ):
        place = Salon.objects.create(
            municipality=city, kind=Kind.objects.first(), name=name, slug=f"test-{city.slug}"
        )
        Schedule.objects.create(salon=place, frequency=Schedule.Frequency.WEEKLY, weekday=1)
    week = client.get("/").content.decode().split('id="this-week"')[1]
    assert "テスト用の三鷹の体操" in week and "テスト用の札幌の体操" not in week
