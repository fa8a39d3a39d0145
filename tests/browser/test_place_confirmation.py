"""A coordinator confirms a listing from her worklist on /staff/ in two clicks, and residents see
the date on the place's page. Signed in as the demo 井の頭 coordinator (her role group only), with
the second factor through its real pages."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carenet.common.text import long_date
from carenet.front.management.commands.setup_demo import DEFAULT_DEMO_PASSWORD
from salons.models import PlaceCheck
from tests.browser.axe_check import check_axe
from tests.browser.public_pages import open_page
from tests.browser.staff_login import sign_in_staff

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
INOKASHIRA = "demo-inokashira"
PLACE = "ふれあいサロン・井の頭"
PLACE_SLUG = "fureai-salon-inokashira"


@pytest.fixture(autouse=True)
def no_development_bypass(settings):
    settings.OTP_DEVELOPMENT_BYPASS = False


@pytest.mark.usefixtures("demo_accounts")
def test_coordinator_confirms_a_place_from_her_worklist_in_two_clicks(page, live_server, axe):
    sign_in_staff(page, live_server, INOKASHIRA, DEMO_PASSWORD)
    check_axe(page, axe, "/staff/")
    worklist = page.locator("section", has=page.locator("#worklist"))
    row = worklist.get_by_role("row").filter(has=page.get_by_role("link", name=PLACE, exact=True))
    expect(row).to_contain_text("未確認")

    row.get_by_text("確認した", exact=True).click()  # 1: opens the row's form, 電話 chosen
    expect(row.get_by_label("確認の方法")).to_have_value("phone")
    with page.expect_navigation():
        row.get_by_role("button", name="保存").click()  # 2: saves

    today = timezone.localdate()
    expect(page.get_by_role("status").first).to_contain_text(
        f"「{PLACE}」を{long_date(today)}に確認済み"
    )
    check = PlaceCheck.objects.get(salon__slug=PLACE_SLUG)
    assert (check.method, check.by.username, check.confirmed_on) == ("phone", INOKASHIRA, today)

    open_page(page, live_server, f"/salons/{PLACE_SLUG}/", 200)
    expect(page.locator("main")).to_contain_text(f"{long_date(today)}に確認")
