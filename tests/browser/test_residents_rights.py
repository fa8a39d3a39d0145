"""A resident asks to see what the city holds on her: Mitaka's demo supervisor receives the request,
finds her records in two areas (and nobody else's), links them, opens the disclosure, and then
sees that very opening in the access report; an area coordinator is kept out of all of it."""

import re

import pytest
from playwright.sync_api import expect

from carenet.front.management.commands.setup_demo import DEFAULT_DEMO_PASSWORD
from consultations.models import AccessLog
from tests.browser.axe_check import check_axe
from tests.browser.staff_login import sign_in_staff
from tests.conftest import make_consultation

pytestmark = pytest.mark.browser

RESIDENT = "開示 はなこ"


@pytest.fixture
def her_records(demo_accounts):
    return [
        make_consultation(
            "inokashira", name=RESIDENT, name_kana="かいじ はなこ", phone="0422-12-3434"
        ),
        make_consultation("osawa", name=RESIDENT, phone="0422-12-3434"),
        make_consultation("atago-kotta-kaitori", name=RESIDENT),  # Tama's: never shown to Mitaka
    ]


def test_the_supervisor_receives_a_request_finds_links_and_discloses_the_records(
    page, live_server, axe, her_records
):
    mine, other_area, tama = her_records
    sign_in_staff(page, live_server, "demo-mitaka", DEFAULT_DEMO_PASSWORD)
    page.get_by_role("link", name="開示・訂正・利用停止の請求").first.click()
    check_axe(page, axe, "/staff/privacy/")
    page.get_by_role("link", name="請求を受け付ける").click()
    page.get_by_label("請求の種類").select_option(label="開示")
    page.get_by_label("請求した人の氏名").fill(RESIDENT)
    page.get_by_role("button", name="受け付ける").click()
    expect(page).to_have_url(re.compile(r"/staff/privacy/\d+/$"))

    page.get_by_label(re.compile("氏名・よみがな・電話番号")).fill("ｶｲｼﾞ")
    page.get_by_role("button", name="さがす").click()
    found = page.get_by_role("group", name=re.compile("見つかった記録"))
    expect(found.get_by_label(re.compile(f"No.{mine.pk} "))).to_be_visible()
    page.get_by_label(re.compile("氏名・よみがな・電話番号")).fill("0422-12-3434")
    page.get_by_role("button", name="さがす").click()
    for case in (mine, other_area):
        found.get_by_label(re.compile(f"No.{case.pk} ")).check()
    expect(found).not_to_contain_text(f"No.{tama.pk} ")
    check_axe(page, axe, "a request with its search")
    page.get_by_role("button", name="選んだ記録を該当する記録に加える").click()

    page.get_by_role("link", name=re.compile("開示する書面")).click()
    main = page.locator("main")
    expect(main).to_contain_text("保有個人情報の開示")
    for case in (mine, other_area):
        expect(main).to_contain_text(f"No.{case.pk}")
    expect(main).to_contain_text("テスト用の相談です。")
    opened = AccessLog.objects.filter(via=AccessLog.Via.RIGHTS, user__username="demo-mitaka")
    assert sorted(opened.values_list("consultation_id", flat=True)) == [mine.pk, other_area.pk]

    page.goto(f"{live_server.url}/staff/access-report/")
    check_axe(page, axe, "/staff/access-report/")
    page.get_by_label(re.compile("本人（相談番号")).fill(str(mine.pk))
    page.get_by_role("button", name="表示").click()
    report = page.locator("main table")
    expect(report).to_contain_text("demo-mitaka")
    expect(report).to_contain_text("開示等の請求")
    expect(report).not_to_contain_text(RESIDENT)  # numbers, never names
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("CSV")).click()
    assert "demo-mitaka" in open(download.value.path(), encoding="utf-8-sig").read()


def test_an_area_coordinator_cannot_open_the_requests_or_the_access_report(
    page, live_server, her_records
):
    sign_in_staff(page, live_server, "demo-inokashira", DEFAULT_DEMO_PASSWORD)
    expect(page.get_by_role("link", name="開示・訂正・利用停止の請求")).to_have_count(0)
    for path in ("/staff/privacy/", "/staff/privacy/new/", "/staff/access-report/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
        expect(page.locator("body")).not_to_contain_text(RESIDENT)
