"""A resident looking for a gathering place, in a real browser, without any JavaScript of ours."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.public_pages import open_page

# Today is pinned to Sunday 2026-11-22 (see tests/conftest.py), so the next dates are known.
pytestmark = pytest.mark.usefixtures("fixed_today")

INOKASHIRA_NEXT_DATES = [
    ("2027-01-05", "2027年1月5日(火)"),  # not this year (2026): the year is said
    ("2027-03-02", "2027年3月2日(火)"),
    ("2027-05-04", "2027年5月4日(火・祝)"),  # みどりの日: the label warns that it is a holiday
]


def query(page):
    return parse_qs(urlsplit(page.url).query)


def result_names(page):
    results = page.get_by_role("list", name=re.compile("か所見つかりました"))
    return results.get_by_role("heading", level=3).all_inner_texts()


def test_resident_finds_tuesday_places_in_mitaka_and_opens_one(page, live_server):
    open_page(page, live_server, "/", 200)
    page.get_by_role("link", name="三鷹市の通いの場を見る").click()
    page.wait_for_url(re.compile(r"/salons/\?"))
    assert query(page).get("city") == ["mitaka"]
    expect(page.get_by_label("市")).to_have_value("mitaka")

    page.get_by_label("曜日").select_option(label="火曜日")
    page.get_by_role("button", name="さがす").click()
    page.wait_for_url(re.compile(r"weekday="))
    assert query(page).get("weekday") == ["2"]
    assert query(page).get("city") == ["mitaka"]

    names = result_names(page)
    assert "ふれあいサロン・井の頭" in names, names
    assert "連雀サロン" in names, names
    assert "しんなかサロン" not in names, names  # 第4木曜日
    assert all("多摩" not in name for name in names), names

    page.get_by_role("link", name="ふれあいサロン・井の頭").click()
    page.wait_for_url("**/salons/fureai-salon-inokashira/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ふれあいサロン・井の頭")
    expect(page.locator("main .schedule")).to_have_text(["奇数月 第1火曜日 午後1時30分〜3時"])
    expect(page.get_by_role("heading", name="次の開催日")).to_be_visible()
    dates = page.locator("main ul.dates li > time:first-child")  # the date; the times follow
    expect(dates).to_have_text([label for _, label in INOKASHIRA_NEXT_DATES])
    assert [dates.nth(i).get_attribute("datetime") for i in range(dates.count())] == [
        iso for iso, _ in INOKASHIRA_NEXT_DATES
    ]


def test_suspended_place_says_kyushichu_and_lists_no_next_dates(page, live_server):
    open_page(page, live_server, "/salons/salon-osawa/", 200)
    expect(page.get_by_role("heading", level=1)).to_contain_text("サロンおおさわ")
    expect(page.get_by_role("status")).to_contain_text("休止中")
    expect(page.locator("main .badge-warn", has_text="休止中")).to_be_visible()
    expect(page.get_by_role("heading", name="次の開催日")).to_have_count(0)
    expect(page.locator("main ul.dates")).to_have_count(0)


def test_place_with_unknown_months_says_the_months_need_checking(page, live_server):
    open_page(page, live_server, "/salons/ekimae-kaze-no-salon/", 200)
    expect(page.get_by_role("heading", level=1)).to_contain_text("駅前 風のサロン")
    expect(page.locator("main").get_by_text("開催月は要確認")).to_be_visible()


def test_unknown_filter_value_shows_a_japanese_error_not_a_server_error(page, live_server):
    response = open_page(page, live_server, "/salons/?area=zzz", 200)
    assert response.status < 500
    expect(page.get_by_role("heading", level=1)).to_have_text("通いの場をさがす")
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("条件の指定に誤りがあります。選び直してください。")
    field_error = page.locator("main .errorlist")
    expect(field_error).to_be_visible()
    text = field_error.inner_text()
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    assert japanese.search(text), f"field error is not Japanese: {text!r}"
    assert "valid choice" not in text.lower(), text


def test_a_search_that_finds_too_many_says_so_and_narrowing_it_counts_again(
    page, live_server, monkeypatch
):
    # Nationwide a common word finds tens of thousands of places: the list shows the first
    # `cap` and asks for a city (the cap is made small here so that the seed exceeds it).
    from carenet.common.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 5)
    open_page(page, live_server, "/salons/?q=サロン", 200)
    heading = page.get_by_role("heading", name="5か所より多く見つかりました")
    expect(heading).to_be_visible()
    expect(page.get_by_text("市や地域、曜日をえらんで、しぼってください")).to_be_visible()
    cards = page.get_by_role("list", name="5か所より多く見つかりました")
    expect(cards.get_by_role("heading", level=3)).to_have_count(5)

    page.get_by_label("市").select_option(label="多摩市")
    page.get_by_role("button", name="さがす").click()
    page.wait_for_url(re.compile(r"city=tama"))
    expect(
        page.get_by_role("heading", name=re.compile(r"^[1-5]か所見つかりました$"))
    ).to_be_visible()
    expect(page.get_by_text("しぼってください")).to_have_count(0)
