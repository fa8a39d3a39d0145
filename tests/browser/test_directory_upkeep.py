"""Keeping the directory true, in a real browser (issue #9): a resident's correction reaches the
place's own coordinator and nobody else; the demo 世話人 cancels a date on their plain page; the
city's supervisor loads a council's list through the admin upload with its preview. Staff sign in
as the demo roles, through the real sign-in and second-factor pages."""

import os

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from carenet.front.management.commands.setup_demo import DEFAULT_DEMO_PASSWORD, DEMO_ORGANISER
from salons.models import PlaceReport, Salon, ScheduleException
from tests.browser.axe_check import check_axe
from tests.browser.public_pages import open_page
from tests.browser.staff_login import sign_in_staff

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
PLACE = "ふれあいサロン・井の頭"
PLACE_SLUG = "fureai-salon-inokashira"


@pytest.fixture(autouse=True)
def real_limits(settings):
    settings.OTP_DEVELOPMENT_BYPASS = False
    settings.CONSULT_MIN_SECONDS = 1  # a person takes longer; the test waits it out
    cache.clear()


@pytest.fixture
def second_page(browser, live_server, seeded):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def reports_section(page):
    return page.locator("section", has=page.locator("#reports"))


@pytest.mark.usefixtures("demo_accounts")
def test_a_residents_correction_reaches_the_places_coordinator_only(
    page, second_page, live_server, axe
):
    open_page(page, live_server, f"/salons/{PLACE_SLUG}/", 200)
    before = page.locator("main").inner_text()
    page.get_by_role("link", name="情報の誤りを知らせる").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PLACE)
    check_axe(page, axe, "the correction form")
    page.get_by_label("まちがっているところ").fill("1月から会場が2階の和室に変わりました。")
    page.wait_for_timeout(1200)  # CONSULT_MIN_SECONDS
    page.get_by_role("button", name="知らせる").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("お知らせありがとうございました")
    # The page is as it was: only staff can change it.
    open_page(page, live_server, f"/salons/{PLACE_SLUG}/", 200)
    assert page.locator("main").inner_text() == before

    # Another area's coordinator (大沢) does not see it.
    sign_in_staff(second_page, live_server, "demo-osawa", DEMO_PASSWORD)
    expect(reports_section(second_page)).to_contain_text("未対応の知らせはありません")
    expect(second_page.locator("main")).not_to_contain_text("和室に変わりました")

    # The place's own coordinator (井の頭) sees it and closes it with a note.
    sign_in_staff(page, live_server, "demo-inokashira", DEMO_PASSWORD)
    section = reports_section(page)
    expect(section).to_contain_text("1月から会場が2階の和室に変わりました。")
    expect(section).to_contain_text(PLACE)
    check_axe(page, axe, "/staff/ with a correction")
    section.get_by_text("対応済みにする", exact=True).click()
    section.get_by_label("対応のメモ").fill("電話で確かめ、会場を直した")
    with page.expect_navigation():
        section.get_by_role("button", name=f"対応済みにする（{PLACE}）").click()
    expect(page.get_by_role("status").first).to_contain_text("対応済みにしました")
    expect(reports_section(page)).to_contain_text("未対応の知らせはありません")
    report = PlaceReport.objects.get()
    assert (report.resolved_by.username, report.resolution) == (
        "demo-inokashira",
        "電話で確かめ、会場を直した",
    )


@pytest.mark.usefixtures("demo_accounts")
def test_the_demo_organiser_cancels_a_date_on_a_large_plain_page(page, live_server, axe):
    username = DEMO_ORGANISER[0]
    open_page(page, live_server, "/staff/login/", 200)
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="ログイン").click()
    # Not staff: no second factor, and straight to the places they keep.
    page.wait_for_url(live_server.url + "/staff/places/")
    expect(page.get_by_role("heading", level=1)).to_have_text("担当している通いの場")
    check_axe(page, axe, "/staff/places/")
    page.get_by_role("link", name=PLACE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLACE)
    check_axe(page, axe, "an organiser's place")

    first = page.locator(".keep-dates li").first
    button = first.get_by_role("button")
    box = button.bounding_box()
    assert box["height"] >= 44, "buttons big enough for an older volunteer's finger"
    font = page.evaluate("getComputedStyle(document.querySelector('.keep-page')).fontSize")
    assert float(font.removesuffix("px")) >= 19
    day = first.locator("input[name=date]").get_attribute("value")
    with page.expect_navigation():
        button.click()
    expect(page.get_by_role("status").first).to_contain_text("お休みにしました")
    assert ScheduleException.objects.filter(
        salon__slug=PLACE_SLUG, date=day, kind=ScheduleException.Kind.CANCEL
    ).exists()
    expect(page.locator("#changed-dates")).to_be_visible()

    # Plain Japanese for the schedule; a mistake is said in Japanese and nothing changes.
    schedule = page.locator("section", has=page.locator("#schedule"))
    schedule.get_by_label("いつ開いていますか").fill("毎月第9水曜日")
    with page.expect_navigation():
        schedule.get_by_role("button", name="開催日を直す").click()
    expect(page.locator("main")).to_contain_text("第9週という週はありません")
    salon = Salon.objects.get(slug=PLACE_SLUG)
    assert salon.schedules.exists()


@pytest.mark.usefixtures("demo_accounts")
def test_the_city_supervisor_imports_a_list_through_the_admin_preview(page, live_server, tmp_path):
    bad = "名称,地域,種類,日程\r\n駅前ほっとサロン,ekishuhen,salon,毎月第2木曜日 14:00〜16:00\r\n"
    bad += "井の頭おしゃべり会,inokashira,salon,そのうち\r\n"
    good = bad.replace("そのうち", "第２・第４水曜日 午前10時〜")
    bad_file, good_file = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad_file.write_bytes(bad.encode("cp932"))
    good_file.write_bytes(good.encode("utf-8-sig"))

    sign_in_staff(page, live_server, "demo-mitaka", DEMO_PASSWORD, next_path="/admin/salons/salon/")
    page.get_by_role("link", name="CSVから取り込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("通いの場をCSVから取り込む")

    page.locator("input[type=file]").set_input_files(str(bad_file))
    with page.expect_navigation():
        page.get_by_role("button", name="確認する").click()
    expect(page.locator("#content")).to_contain_text("3行目")
    expect(page.locator("#content")).to_contain_text("「そのうち」の部分が読めません")
    expect(page.get_by_role("button", name="取り込む")).to_have_count(0)
    assert not Salon.objects.filter(name="駅前ほっとサロン").exists()

    page.locator("input[type=file]").set_input_files(str(good_file))
    with page.expect_navigation():
        page.get_by_role("button", name="確認する").click()
    expect(page.locator("#content")).to_contain_text("新規")
    with page.expect_navigation():
        page.get_by_role("button", name="取り込む").click()
    expect(page.locator(".messagelist")).to_contain_text("新規 2")
    imported = Salon.objects.get(name="井の頭おしゃべり会")
    assert [s.week_of_month for s in imported.schedules.order_by("week_of_month")] == [2, 4]
