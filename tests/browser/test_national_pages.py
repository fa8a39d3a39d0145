"""A resident finds their city among every municipality of Japan, and old printed addresses and
long lists still work, in a real browser."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from carenet.directory.models import Area
from salons.models import Kind, Salon, Schedule
from tests.browser.public_pages import open_page

pytestmark = pytest.mark.usefixtures("fixed_today")


def test_resident_goes_from_home_through_the_prefecture_to_their_city(page, live_server):
    call_command("load_municipalities", verbosity=0)
    open_page(page, live_server, "/", 200)
    page.get_by_role("region", name="関東").get_by_role("link", name="東京都").click()
    page.wait_for_url(re.compile(r"/prefectures/tokyo/$"))
    cities = page.locator("ul.municipalities")
    expect(cities.get_by_role("link", name="千代田区")).to_be_visible()
    expect(cities.locator("li", has_text="三鷹市")).to_contain_text("地域の相談も受付")
    cities.get_by_role("link", name="三鷹市").click()
    page.wait_for_url(re.compile(r"/mitaka/$"))
    expect(page.get_by_role("navigation", name="現在の位置")).to_contain_text("東京都")
    page.get_by_role("link", name="井の頭", exact=True).first.click()
    page.wait_for_url(re.compile(r"/mitaka/areas/inokashira/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("井の頭")


def test_a_qr_code_printed_with_the_old_address_opens_the_area(page, live_server):
    open_page(page, live_server, "/areas/osawa/?src=flyer", 200)
    assert page.url.endswith("/mitaka/areas/osawa/?src=flyer")
    expect(page.get_by_role("heading", level=1)).to_contain_text("大沢")


def test_resident_pages_through_an_area_with_many_places(page, live_server):
    area = Area.objects.get(slug="inokashira")
    places = Salon.objects.bulk_create(
        Salon(
            municipality=area.municipality,
            area=area,
            kind=Kind.objects.get(slug="salon"),
            name=f"テスト用の通いの場 {number:03d}",
            slug=f"test-page-{number:03d}",
        )
        for number in range(70)
    )
    Schedule.objects.bulk_create(
        Schedule(salon=place, frequency=Schedule.Frequency.WEEKLY, weekday=2) for place in places
    )
    open_page(page, live_server, area.get_absolute_url(), 200)
    pager = page.get_by_role("navigation", name="ページ送り")
    expect(pager).to_contain_text("1 / 2 ページ")
    pager.get_by_role("link", name="次のページ").click()
    page.wait_for_url(re.compile(r"\?page=2$"))
    expect(page.get_by_role("navigation", name="ページ送り")).to_contain_text("2 / 2 ページ")
    expect(page.get_by_role("link", name="テスト用の通いの場 069")).to_be_visible()
