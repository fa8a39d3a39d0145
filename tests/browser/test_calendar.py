"""The calendar in a real browser: a list of days on a small phone, a 日曜始まり grid on a wide
screen, one A4 sheet on paper; and the event flyer printed with a QR code that leads back."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from carenet.directory.models import Area
from carenet.events.models import Event, Session
from salons.models import Kind, Salon, Schedule
from tests.browser.axe_check import check_axe
from tests.browser.public_pages import open_page
from tests.browser.test_print import (
    assert_a4_pages,
    flat,
    follow,
    page_qr_codes,
    pdf_text,
    print_pdf,
)

pytestmark = pytest.mark.usefixtures("fixed_today")  # today is Sunday 2026-11-22

PHONE = {"width": 360, "height": 780}


def make_event(title, slug, dates, area_slug="inokashira", **fields):
    area = Area.objects.select_related("municipality").get(slug=area_slug)
    event = Event.objects.create(
        municipality=area.municipality,
        area=area,
        title=title,
        slug=slug,
        kind=fields.pop("kind", Event.Kind.COURSE),
        **fields,
    )
    for day in dates:
        Session.objects.create(
            event=event, date=day, start_time=dt.time(13, 30), end_time=dt.time(15, 0)
        )
    return event


def scrolls_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_a_resident_on_a_phone_finds_next_months_event_and_opens_it(page, live_server):
    make_event("昔遊びの交流会", "mukashi-asobi", [dt.date(2026, 12, 12)], kind="gathering")
    page.set_viewport_size(PHONE)
    open_page(page, live_server, "/", 200)
    page.get_by_role("link", name="カレンダー", exact=True).click()
    page.wait_for_url(re.compile(r"/calendar/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("2026年11月の予定")
    assert not scrolls_sideways(page)

    # A list, not a grid: days with nothing are not shown, today is marked in words.
    expect(page.locator(".cal-weekdays")).to_be_hidden()
    expect(page.locator(".cal-day.cal-empty").first).to_be_hidden()
    today = page.locator('.cal-day[aria-current="date"]')
    expect(today).to_have_count(1)
    expect(today.get_by_role("heading")).to_contain_text("11月22日(日)")
    expect(today).to_contain_text("今日")

    # The filters are folded away on the phone until asked for.
    expect(page.get_by_label("種類")).to_be_hidden()
    page.get_by_text("条件で絞り込む").click()
    page.get_by_label("種類").select_option(label="イベント・講座（すべて）")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"/calendar/2026/11/\?.*kind=events"))

    page.get_by_role("link", name=re.compile(r"次の月（2026年12月）")).first.click()
    page.wait_for_url(re.compile(r"/calendar/2026/12/\?.*kind=events"))
    day = page.locator(".cal-day").filter(has=page.locator('time[datetime="2026-12-12"]'))
    expect(day.get_by_role("heading")).to_have_text("12月12日(土)")
    expect(day).to_contain_text("午後1時30分〜3時")
    assert not scrolls_sideways(page)
    day.get_by_role("link", name="昔遊びの交流会").click()
    page.wait_for_url(re.compile(r"/events/mukashi-asobi/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("昔遊びの交流会")


def test_a_cancelled_session_stays_on_the_list_marked_chushi(page, live_server):
    event = make_event("健康体操の会", "kenko-taiso", [dt.date(2026, 12, 9)], kind="health")
    Session.objects.filter(event=event).update(status=Session.Status.CANCELLED)
    page.set_viewport_size(PHONE)
    open_page(page, live_server, "/calendar/2026/12/?kind=events", 200)
    entry = page.locator(".cal-entry").filter(has_text="健康体操の会")
    expect(entry).to_be_visible()
    expect(entry.locator(".cal-stop")).to_have_text("中止")


def test_on_a_wide_screen_the_month_is_a_grid_starting_on_sunday(page, live_server):
    open_page(page, live_server, "/calendar/2026/12/", 200)
    headers = page.locator(".cal-weekdays span")
    expect(headers).to_have_count(7)
    expect(headers.first).to_have_text("日")

    def box(datetime):
        cell = page.locator(".cal-day").filter(has=page.locator(f'time[datetime="{datetime}"]'))
        return cell.bounding_box()

    sunday, first, tuesday = box("2026-12-06"), box("2026-12-01"), box("2026-12-08")
    column = headers.nth(0).bounding_box()
    assert abs(sunday["x"] - column["x"]) < 2, (sunday, column)  # Sundays in the 日 column
    assert abs(first["x"] - tuesday["x"]) < 2  # the 1st (a Tuesday) above the 8th
    assert tuesday["y"] > first["y"]
    expect(page.locator(".cal-day.cal-empty").first).to_be_visible()  # every day has its cell
    assert not scrolls_sideways(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_calendar_and_a_day_pass_axe(page, live_server, axe, width):
    make_event("防災講座", "bousai", [dt.date(2026, 11, 24)])
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/calendar/", "/calendar/2026/11/24/?kind=events"):
        open_page(page, live_server, path, 200)
        check_axe(page, axe, f"{path} at {width}px")


# --- Paper ---


@pytest.fixture
def site_url(settings, live_server):
    settings.SITE_URL = live_server.url  # QR codes carry SITE_URL: follow them to this server
    cache.clear()
    yield
    cache.clear()


def busy_month():
    """January 2027 (six rows, 日曜始まり) with every day crowded: 60 places and 40 events."""
    area = Area.objects.select_related("municipality").get(slug="osawa")
    kind = Kind.objects.get(slug="salon")
    for n in range(60):
        salon = Salon.objects.create(
            municipality=area.municipality,
            area=area,
            kind=kind,
            name=f"印刷テストのとても長い名前のふれあいサロン{n:02d}",
            slug=f"print-{n}",
            is_sample=True,
        )
        Schedule.objects.create(
            salon=salon,
            frequency="weekly",
            weekday=n % 7 + 1,
            start_time=dt.time(9 + n % 8, 0),
            end_time=dt.time(10 + n % 8, 30),
        )
    for n in range(40):
        make_event(
            f"印刷テストの講座・とても長い題名の説明会 その{n:02d}",
            f"print-event-{n}",
            [dt.date(2027, 1, n % 31 + 1)],
            area_slug="osawa",
        )


def test_a_crowded_month_prints_on_one_a4_sheet(page, live_server, tmp_path):
    busy_month()
    pdf = print_pdf(page, f"{live_server.url}/calendar/2027/1/?area=osawa", tmp_path / "cal.pdf")
    assert_a4_pages(pdf, count=1)
    text = flat(pdf_text(pdf))
    assert "2027年1月の予定" in text and "絞り込み:大沢" in text
    assert "成人の日" in text and "ほか" in text
    assert "/calendar/2027/1/?area=osawa" in text  # the page's address, to find it again


def test_the_event_flyer_prints_on_one_a4_page_and_its_qr_code_leads_to_the_event(
    page, live_server, tmp_path, site_url
):
    event = make_event(
        "はじめての防災講座",
        "hajimete-bousai",
        [dt.date(2026, 12, d) for d in (3, 10, 17, 24)],
        title_kana="はじめてのぼうさいこうざ",
        summary="地震に備えて、家の中でできることを学びます。",
        target="市内在住の方",
        capacity=20,
        fee="無料",
        how_to_apply="電話で地域福祉課へ",
        apply_by=dt.date(2026, 12, 1),
        place_name="井の頭コミュニティ・センター",
        place_address="三鷹市井の頭1-1-1",
    )
    event.sessions.filter(date=dt.date(2026, 12, 10)).update(status=Session.Status.CANCELLED)
    pdf = print_pdf(page, f"{live_server.url}/events/hajimete-bousai/flyer/", tmp_path / "e.pdf")

    assert_a4_pages(pdf, count=1)
    text = flat(pdf_text(pdf))
    cancelled = "12月10日(木)午後1時30分〜3時【中止】"
    for words in ("はじめての防災講座", cancelled, "三鷹市井の頭1-1-1"):
        assert words in text, (words, text)
    assert "0422-76-1271" in text  # no phone of its own: Mitaka's help line, named as such

    [codes] = page_qr_codes(pdf, tmp_path)
    assert codes == [f"{live_server.url}/events/hajimete-bousai/?src=flyer"]
    assert follow(page, codes[0]) == "はじめての防災講座"
