"""A resident finds a course on the calendar, signs up, gets a reference number, and cancels with
it; the 井の頭 coordinator sees the sign-up on the roster. axe on every new page."""

import os
import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from carenet.events.models import Application
from carenet.front.management.commands.setup_demo import DEFAULT_DEMO_PASSWORD
from tests.browser.axe_check import check_axe
from tests.browser.public_pages import open_page
from tests.browser.staff_login import sign_in_staff
from tests.events.factories import make_event

pytestmark = pytest.mark.usefixtures("fixed_today")  # Sunday 2026-11-22
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.CONSULT_MIN_SECONDS = 1  # the test waits it out, as a person would take longer
    settings.OTP_DEVELOPMENT_BYPASS = False
    cache.clear()


def test_a_resident_finds_a_course_on_the_calendar_signs_up_and_cancels(page, live_server, axe):
    event = make_event(
        slug="bousai-walk",
        title="防災ウォーク",
        title_kana="ぼうさいうぉーく",
        days_ahead=(12,),  # 2026-12-04: next month on the calendar
        capacity=1,
        kind="walk",
    )
    open_page(page, live_server, "/", 200)
    page.get_by_role("link", name="カレンダー", exact=True).click()
    page.wait_for_url(re.compile(r"/calendar/$"))
    page.get_by_role("link", name=re.compile("12月")).first.click()
    page.get_by_role("link", name=re.compile("防災ウォーク")).first.click()
    page.wait_for_url(re.compile(r"/events/bousai-walk/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("防災ウォーク")
    expect(page.locator("main")).to_contain_text("残り1席")
    check_axe(page, axe, "the event page")

    page.get_by_role("link", name="このサイトから申し込む").click()
    check_axe(page, axe, "the sign-up form")
    page.get_by_label("お名前").fill("三鷹 はな")
    page.get_by_label("電話番号").fill("0422-00-0000")
    page.get_by_label("上の「個人情報の取り扱い」に同意します").check()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="申し込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申込を受け付けました")
    check_axe(page, axe, "the reference page")
    application = Application.objects.get()
    expect(page.locator(".reference")).to_contain_text(application.reference)

    # Full now: the next person is told so and would wait.
    open_page(page, live_server, f"/events/{event.slug}/", 200)
    expect(page.locator("main")).to_contain_text("満席")

    page.get_by_role("link", name=re.compile("申込を取り消す")).click()
    check_axe(page, axe, "the cancel form")
    page.get_by_label("受付番号").fill(application.reference.lower())
    page.get_by_label("申込のときの電話番号").fill("０４２２－００－００００")
    page.get_by_role("button", name="取り消す").click()
    expect(page.get_by_role("status").first).to_contain_text("取り消しました")
    application.refresh_from_db()
    assert application.status == Application.Status.CANCELLED
    expect(page.locator("main")).to_contain_text("残り1席")


@pytest.mark.usefixtures("demo_accounts")
def test_the_areas_demo_coordinator_keeps_the_roster(page, live_server, axe):
    event = make_event(slug="ninchisho-kouza", title="認知症サポーター講座", days_ahead=(5,))
    Application.take(event, name="三鷹 はな", phone="0422-00-0000")
    sign_in_staff(page, live_server, "demo-inokashira", DEMO_PASSWORD)
    section = page.locator("section", has=page.locator("#sign-ups"))
    expect(section).to_contain_text("1人 / 定員10人")
    section.get_by_role("link", name="認知症サポーター講座").click()
    expect(page.locator("main")).to_contain_text("三鷹 はな")
    check_axe(page, axe, "the roster")
    page.get_by_label("お名前").fill("電話 たろう")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_role("status").first).to_contain_text("電話 たろうさんを受け付けました")
    assert event.applications.matching_name("電話 たろう").filter(channel="phone").exists()
