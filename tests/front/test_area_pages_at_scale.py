"""An area with hundreds of places: its page and its printed list come in parts, each in the same
number of queries however many places there are."""

import re

import pytest

from carenet.directory.models import Area
from salons.models import Kind, Salon, Schedule
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

PAGE = "/mitaka/areas/inokashira/"
LIST = "/mitaka/areas/inokashira/list/"
CARD = re.compile(r'<a href="/salons/(test-many-\d+)/"')
QR = re.compile(r"/salons/(test-many-\d+)/qr\.svg")


def add_places(count):
    area = Area.objects.get(slug="inokashira")
    kind = Kind.objects.get(slug="salon")
    places = Salon.objects.bulk_create(
        Salon(
            municipality=area.municipality,
            area=area,
            kind=kind,
            name=f"テスト用の多い通いの場 {number:03d}",
            slug=f"test-many-{number:03d}",
        )
        for number in range(count)
    )
    Schedule.objects.bulk_create(
        Schedule(salon=place, frequency=Schedule.Frequency.WEEKLY, weekday=number % 7 + 1)
        for number, place in enumerate(places)
    )
    return {place.slug for place in places}


def test_an_area_page_shows_its_places_fifty_at_a_time_and_all_of_them_across_pages(client):
    made = add_places(120)
    seen = []
    for number in (1, 2, 3):
        body = client.get(PAGE, {"page": number}).content.decode()
        seen += CARD.findall(body)
        assert f"{number} / 3 ページ" in body
    assert len(seen) == len(set(seen)) == 120 and set(seen) == made


@pytest.mark.parametrize("page", ["abc", "999", "-1", "0"])
def test_a_wrong_page_number_gives_a_page_not_an_error(client, page):
    add_places(60)
    assert client.get(PAGE, {"page": page}).status_code == 200


@pytest.mark.parametrize("url", [PAGE, LIST])
def test_an_area_page_and_its_list_take_the_same_queries_for_ten_or_two_hundred_places(client, url):
    add_places(10)
    few = count_queries(client, url)
    Salon.objects.filter(slug__startswith="test-many-").delete()
    add_places(200)
    assert count_queries(client, url) == few


def test_a_printed_list_comes_in_parts_with_every_place_once(client):
    made = add_places(130)
    printed = []
    bodies = []
    for number in (1, 2, 3):
        body = client.get(LIST, {"page": number}).content.decode()
        bodies.append(body)
        printed += QR.findall(body)
        assert f"（全3部のうち{number}部目）" in body
    assert len(printed) == len(set(printed)) and set(printed) == made
    # The initiatives come once, after the last place.
    assert ["ちょこっとサービス" in body for body in bodies] == [False, False, True]


def test_the_large_print_link_keeps_the_part(client):
    add_places(130)
    body = client.get(LIST, {"page": 2}).content.decode()
    assert 'href="?page=2&amp;size=large"' in body
    assert 'href="?page=3"' in body  # the next part, one question mark


@pytest.mark.parametrize("url", [PAGE, "/salons/"])
def test_following_the_next_page_link_shows_the_next_places(client, url):
    add_places(120)
    first = client.get(url).content.decode()
    next_href = re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
    second = client.get(url + next_href).content.decode()
    shown, then = set(CARD.findall(first)), set(CARD.findall(second))
    assert "2 / " in second and shown and then and not shown & then
