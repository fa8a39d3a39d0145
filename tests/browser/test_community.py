"""The community work in a real browser (issue #11).

- a resident asks to start a 近トレ group; the area's 第2層 coordinator finds it on /staff/ and
  reads it; a coordinator of another city gets a 404 and sees no trace of it;
- the coordinator takes a group through 準備 and 試行 to サロン登録, and residents then find it
  as a 近トレ place, with its schedule;
- the city's supervisor adds an issue in the admin and moves it to 取組中; the public page shows
  both steps;
- axe-core on the staff pages of the work.

Staff sign in as setup_demo's accounts (their role groups only), through the real sign-in and
second-factor pages.
"""

import datetime as dt
import os
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from carenet.front.management.commands.setup_demo import DEFAULT_DEMO_PASSWORD
from tests.browser.axe_check import check_axe
from tests.browser.public_pages import open_page
from tests.browser.staff_login import sign_in_staff

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
ATAGO = "demo-tama-atago"  # Tama's 第2層 coordinator for 愛宕・乞田・貝取
TAMA = "demo-tama"  # Tama's city supervisor
MITAKA = "demo-mitaka"  # Mitaka's city supervisor: another city
AREA_NAME = "愛宕・乞田・貝取"
AREA_SLUG = "atago-kotta-kaitori"
REPRESENTATIVE = "愛宕 たけし"
PHONE = "042-111-2233"
TOWN = "愛宕4丁目"
START_BUTTON = "近トレを始めたい（相談を申し込む）"


@pytest.fixture(autouse=True)
def real_limits(settings):
    settings.OTP_DEVELOPMENT_BYPASS = False
    settings.CONSULT_MIN_SECONDS = 1  # a person takes longer; the test waits it out
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def new_page(browser, live_server, seeded):
    """Opens a page in a fresh browser context: its own cookies, as another person's browser."""
    contexts = []

    def open_fresh():
        context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        fresh = context.new_page()
        fresh.set_default_timeout(15_000)
        return fresh

    yield open_fresh
    for context in contexts:
        context.close()


def region(page, name):
    """A <section aria-labelledby=…> by its heading."""
    return page.get_by_role("region", name=name, exact=True)


def ask_to_start_a_group(page, live_server, *, representative=REPRESENTATIVE):
    """An anonymous resident: from /tama/kintore/ to the thanks page. Returns the group."""
    from carenet.community.models import StartupGroup

    before = set(StartupGroup.objects.values_list("pk", flat=True))
    open_page(page, live_server, "/tama/kintore/", 200)
    page.get_by_role("link", name=START_BUTTON).click()
    page.wait_for_url(live_server.url + "/tama/kintore/start/")
    expect(page.get_by_role("heading", level=1)).to_have_text("近トレを始めたい（相談の申し込み）")
    form = page.locator("form.stack-form")
    form.get_by_label("地域").select_option(label=f"{AREA_NAME}（多摩市）")
    form.get_by_label("町名・団地やマンションの名前").fill(TOWN)
    form.get_by_label("代表の方のお名前").fill(representative)
    form.get_by_label("電話番号").fill(PHONE)
    form.get_by_label("いま集まっている人数").fill("6")
    form.get_by_label("会場の候補").fill("愛宕4丁目自治会の集会所")
    form.get_by_label("やりたい曜日・時間").fill("毎週水曜日の午前")
    form.get_by_label("ひとこと").fill("団地の体操仲間で始めたいです。")
    form.get_by_role("checkbox", name="上の「個人情報の利用目的」に同意します").check()
    page.wait_for_timeout(1200)  # CONSULT_MIN_SECONDS: a person takes longer to fill it in
    with page.expect_navigation():
        page.get_by_role("button", name="この内容で申し込む").click()
    page.wait_for_url(live_server.url + "/tama/kintore/start/thanks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("近トレの相談を受け付けました")
    (group,) = StartupGroup.objects.exclude(pk__in=before)
    return group


# --- 1. The inquiry reaches the area's coordinator, and nobody in another city ---


@pytest.mark.usefixtures("demo_accounts")
def test_a_residents_inquiry_reaches_the_areas_coordinator_and_not_another_city(
    page, new_page, live_server, axe
):
    group = ask_to_start_a_group(page, live_server)
    check_axe(page, axe, "/tama/kintore/start/thanks/")
    assert group.area.slug == AREA_SLUG
    assert group.representative == REPRESENTATIVE
    group_path = f"/staff/kintore/{group.pk}/"

    # The 愛宕・乞田・貝取 coordinator, in her own browser, finds it on /staff/ and opens it.
    coordinator = new_page()
    sign_in_staff(coordinator, live_server, ATAGO, DEMO_PASSWORD)
    inquiries = region(coordinator, "近トレを始めたいという相談")
    expect(inquiries).to_contain_text(AREA_NAME)
    expect(inquiries).to_contain_text(TOWN)
    expect(inquiries).to_contain_text("6人")
    check_axe(coordinator, axe, "/staff/ with a 近トレ inquiry")
    inquiries.get_by_role("link", name=f"立ち上げ No.{group.pk}").click()
    coordinator.wait_for_url(live_server.url + group_path)
    who = region(coordinator, "相談の内容")
    expect(who).to_contain_text(REPRESENTATIVE)
    expect(who).to_contain_text(PHONE)
    expect(who).to_contain_text("団地の体操仲間で始めたいです。")
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("相談")
    check_axe(coordinator, axe, f"{group_path} (a new inquiry)")

    # Mitaka's supervisor, signed in just as fully, gets a 404 and sees no trace of it.
    other = new_page()
    sign_in_staff(other, live_server, MITAKA, DEMO_PASSWORD)
    expect(other.get_by_role("heading", level=1)).to_have_text("職員ページ")
    expect(region(other, "近トレを始めたいという相談")).to_contain_text("新しい相談はありません。")
    expect(other.get_by_role("link", name=f"立ち上げ No.{group.pk}")).to_have_count(0)
    assert REPRESENTATIVE not in other.content()
    open_page(other, live_server, group_path, 404)
    html = other.content()
    for trace in (REPRESENTATIVE, PHONE, TOWN):
        assert trace not in html, f"{trace!r} shows on {group_path} for {MITAKA}"
    open_page(other, live_server, "/staff/kintore/", 200)
    assert REPRESENTATIVE not in other.content()
    expect(other.get_by_role("link", name=f"立ち上げ No.{group.pk}")).to_have_count(0)


# --- 2. From an inquiry to サロン登録, and residents find the place ---


@pytest.mark.usefixtures("demo_accounts")
def test_a_group_reaches_registration_and_residents_find_the_place(page, new_page, live_server):
    from carenet.community.models import StartupGroup

    resident = new_page()
    group = ask_to_start_a_group(resident, live_server)
    group_path = f"/staff/kintore/{group.pk}/"
    name = "愛宕4丁目 水曜近トレ"
    slug = f"kintore-atago-test-{group.pk}"
    today = timezone.localdate()
    last_week = today - dt.timedelta(days=7)

    sign_in_staff(page, live_server, ATAGO, DEMO_PASSWORD, next_path=group_path)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("相談")
    stage = region(page, "段階を進める")

    with page.expect_navigation():
        stage.get_by_role("button", name="準備に進む").click()
    expect(page.get_by_role("status").first).to_contain_text("「準備」にしました。")
    expect(heading).to_contain_text("準備")
    expect(stage.get_by_role("button", name="準備に進む")).to_have_count(0)

    with page.expect_navigation():
        stage.get_by_role("button", name="試行を始める").click()
    expect(page.get_by_role("status").first).to_contain_text("「試行」にしました。")
    expect(heading).to_contain_text("試行")

    # A session: the date and how many came.
    meetings = region(page, "活動の記録（開催日と人数）")
    expect(meetings).to_contain_text("まだ記録はありません。")
    meetings.get_by_label("開催日").fill(last_week.isoformat())
    meetings.get_by_label("参加人数").fill("7")
    with page.expect_navigation():
        meetings.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("status").first).to_contain_text("活動の記録を追加しました。")
    expect(meetings.get_by_role("table")).to_contain_text("7人")

    # The third promise (five people, newcomers welcome): the place is marked 新しい参加者歓迎.
    promises = region(page, "3つの約束")
    promises.get_by_label("約束").select_option(label="5人以上で始め、新しい参加者も受け入れる")
    promises.get_by_label("確認した日").fill(last_week.isoformat())
    promises.get_by_label("確認の方法").fill("初回に訪問して確認")
    with page.expect_navigation():
        promises.get_by_role("button", name="約束の確認を記録する").click()
    expect(page.get_by_role("status").first).to_contain_text("約束の確認を記録しました。")

    # サロン登録.
    register = region(page, "サロン登録（通いの場として公開し、保険に入る）")
    register.get_by_label("グループの名前").fill(name)
    register.get_by_label("よみがな").fill("あたご4ちょうめ すいようきんとれ")
    register.get_by_label("URL名（ローマ字）").fill(slug)
    register.get_by_label("会場（名簿にないとき）").fill("愛宕4丁目自治会集会所")
    register.get_by_label("保険の開始日").fill(today.isoformat())
    register.get_by_label("いつ開いていますか").fill("毎週水曜日 10:00〜11:30")
    with page.expect_navigation():
        register.get_by_role("button", name="サロン登録をする").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"サロン登録をしました。「{name}」が通いの場として公開されました。"
    )
    expect(heading).to_contain_text(name)
    expect(heading).to_contain_text("登録")
    expect(
        page.get_by_role("region", name="サロン登録（通いの場として公開し、保険に入る）")
    ).to_have_count(0)
    expect(region(page, "相談の内容").get_by_role("link", name=name)).to_be_visible()
    group.refresh_from_db()
    assert group.stage == StartupGroup.Stage.REGISTERED
    assert group.salon.slug == slug

    # Residents, in another browser: the place's own page, with the schedule.
    open_page(resident, live_server, f"/salons/{slug}/", 200)
    expect(resident.get_by_role("heading", level=1)).to_contain_text(name)
    main = resident.get_by_role("main")
    expect(main).to_contain_text(re.compile(r"毎週\s*水曜日\s*午前10時〜11時30分"))
    expect(main).to_contain_text("愛宕4丁目自治会集会所")

    # …and /tama/kintore/ lists it, welcoming newcomers.
    open_page(resident, live_server, "/tama/kintore/", 200)
    places = region(resident, "多摩市でいま活動している近トレ")
    card = places.get_by_role("listitem").filter(has_text=name)
    expect(card).to_have_count(1)
    expect(card.get_by_role("link", name=re.compile(re.escape(name)))).to_be_visible()
    expect(card).to_contain_text("新しい参加者歓迎")
    assert REPRESENTATIVE not in resident.content(), "the representative's name is never public"


# --- 3. An issue from 提起 to 取組中 ---


@pytest.mark.usefixtures("demo_accounts")
def test_the_supervisor_moves_an_issue_to_working_and_residents_see_both_steps(
    page, new_page, live_server
):
    from carenet.community.models import Issue

    title = "貝取の坂道と買い物"
    slug = "kaitori-hill-shopping"
    observed = "坂の上の団地から、買い物に出られないという声が続いています。"
    note = "地域ケア会議で取り上げ、移動販売の試行を始めました。"

    sign_in_staff(
        page, live_server, TAMA, DEMO_PASSWORD, admin=True, next_path="/admin/community/issue/add/"
    )
    form = page.locator("#issue_form")
    form.locator("select[name=municipality]").select_option(label="多摩市")
    form.locator("input[name=title]").fill(title)
    form.locator("input[name=slug]").fill(slug)
    form.locator("textarea[name=observed]").fill(observed)
    with page.expect_navigation():
        form.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text(title)
    issue = Issue.objects.get(slug=slug)
    assert page.url.endswith(f"/admin/community/issue/{issue.pk}/change/")
    assert issue.status == Issue.Status.RAISED
    assert list(issue.steps.values_list("status", flat=True)) == [Issue.Status.RAISED]

    # The change page: 状況を進める → 取組中, with the public note.
    form = page.locator("#issue_form")
    form.get_by_label("状況を進める").select_option("working")
    form.get_by_label("経過の内容（公開）").fill(note)
    with page.expect_navigation():
        form.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text(title)
    expect(page.locator(".errornote")).to_have_count(0)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.WORKING

    # A resident, in another browser.
    resident = new_page()
    open_page(resident, live_server, f"/issues/{slug}/", 200)
    expect(resident.get_by_role("heading", level=1)).to_have_text(title)
    expect(resident.get_by_role("main")).to_contain_text(observed)
    expect(resident.get_by_role("main").locator(".badge")).to_have_text("取組中")
    steps = region(resident, "これまでの経過").get_by_role("listitem")
    expect(steps).to_have_count(2)
    expect(steps.nth(0).locator("strong")).to_have_text("提起")
    expect(steps.nth(1).locator("strong")).to_have_text("取組中")
    expect(steps.nth(1)).to_contain_text(note)
    # And the list of issues has it.
    open_page(resident, live_server, "/issues/", 200)
    expect(resident.get_by_role("main").get_by_role("link", name=re.compile(title))).to_be_visible()


# --- 4. axe-core on the staff pages ---


@pytest.fixture
def group_with_records(demo_accounts):
    """A group at 試行 in 愛宕・乞田・貝取 with a session, a promise check and a support."""
    from carenet.community.models import Promise, StartupGroup, SupportKind
    from carenet.directory.models import Area, Municipality

    today = timezone.localdate()
    group = StartupGroup.objects.create(
        municipality=Municipality.objects.get(slug="tama"),
        area=Area.objects.get(slug=AREA_SLUG),
        town=TOWN,
        name="貝取けやき近トレ",
        representative="貝取 はる",
        phone=PHONE,
        people=5,
        venue_idea="貝取団地の集会所",
        preferred_time="毎週金曜日の午前",
        message="はじめての相談です。\n会場はあります。",
        channel=StartupGroup.Channel.PHONE,
        stage=StartupGroup.Stage.TRIAL,
    )
    for weeks in (1, 2, 3):
        group.meetings.create(date=today - dt.timedelta(weeks=weeks), head_count=5 + weeks)
    group.promise_checks.create(
        promise=Promise.OWN_VENUE, met_on=today - dt.timedelta(days=10), how="会場を見に行った"
    )
    group.supports.create(
        kind=SupportKind.DVD, given_on=today - dt.timedelta(days=20), given_by="第2層SC"
    )
    return group


def test_the_staff_pages_of_the_work_pass_axe(page, live_server, axe, group_with_records):
    group = group_with_records
    sign_in_staff(page, live_server, ATAGO, DEMO_PASSWORD, next_path="/staff/kintore/")
    expect(page.get_by_role("main").get_by_role("link", name=group.name)).to_be_visible()
    check_axe(page, axe, "/staff/kintore/")

    open_page(page, live_server, f"/staff/kintore/{group.pk}/", 200)
    expect(page.get_by_role("heading", level=1)).to_contain_text(group.name)
    expect(region(page, "活動の記録（開催日と人数）").get_by_role("row")).to_have_count(4)
    expect(region(page, "サロン登録（通いの場として公開し、保険に入る）")).to_be_visible()
    check_axe(page, axe, f"/staff/kintore/{group.pk}/")

    open_page(page, live_server, "/staff/needs/", 200)
    expect(page.get_by_role("main")).to_contain_text(AREA_NAME)
    check_axe(page, axe, "/staff/needs/")
