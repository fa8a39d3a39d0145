"""A resident opens Tama's 北部 圏域 in a real browser and finds the places of its districts."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.public_pages import open_page

pytestmark = pytest.mark.usefixtures("fixed_today")


def test_resident_sees_a_districts_place_on_hokubu_and_follows_it(page, live_server):
    open_page(page, live_server, "/tama/areas/tama-hokubu/", 200)
    places = page.get_by_role("region", name="この圏域とその地区の通いの場")
    card = places.get_by_role("article").filter(has_text="誰でもカフェあたご")
    expect(card).to_contain_text("愛宕・乞田・貝取")  # marked with its district
    expect(page.get_by_text("要確認").first).to_be_visible()

    card.get_by_role("link", name="誰でもカフェあたご").click()
    page.wait_for_url(re.compile(r"/salons/daredemo-cafe-atago/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("誰でもカフェあたご")


def test_resident_goes_from_a_district_to_its_daily_living_area(page, live_server):
    open_page(page, live_server, "/tama/areas/atago-kotta-kaitori/", 200)
    page.get_by_role("link", name="北部", exact=True).click()
    page.wait_for_url(re.compile(r"/tama/areas/tama-hokubu/$"))
    expect(page.get_by_role("link", name="関戸・一ノ宮")).to_be_visible()
