"""Consultations in a real browser: a resident's request, the staff who may (and may not) read it,
the phone intake typed from the keyboard alone, and axe-core on every consultation page."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.axe_check import check_axe
from tests.browser.public_pages import open_page
from tests.browser.staff_login import sign_in_staff
from tests.conftest import make_consultation, make_staff

VIEWPORT = {"width": 1280, "height": 900}
RESIDENT_NAME = "三鷹 はな"
RESIDENT_KANA = "みたか はな"
RESIDENT_SUMMARY = "一人暮らしの母の介護について、どこに相談すればよいか知りたいです。"
MITAKA_HELP_LINE = "0422-76-1271"
CONSENT_REQUIRED = "ご相談を受け付けるには、利用目的への同意が必要です。"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_minimum_typing_time(settings):
    # The form refuses a submit faster than CONSULT_MIN_SECONDS; a test types faster than that.
    settings.CONSULT_MIN_SECONDS = 0


@pytest.fixture
def inokashira_staff(seeded):
    return make_staff("co-inokashira", "mitaka", "areas", ["inokashira"])


@pytest.fixture
def osawa_staff(seeded):
    return make_staff("co-osawa", "mitaka", "areas", ["osawa"])


@pytest.fixture
def new_page(browser, live_server, seeded):
    """Opens a page in a fresh browser context: its own cookies, as another person's browser."""
    contexts = []

    def open_fresh():
        context = browser.new_context(locale="ja-JP", viewport=VIEWPORT)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_fresh
    for context in contexts:
        context.close()


def log_in(page, live_server, user):
    """Password, then the second factor (a first sign-in registers the app), then 職員ページ."""
    sign_in_staff(page, live_server, user)
    assert page.url == live_server.url + "/staff/"
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ページ")


def fill_request(page, *, consent):
    page.get_by_label("お住まいの市").select_option(label="三鷹市")
    page.get_by_label("地域（分かれば）").select_option(label="井の頭（三鷹市）")
    page.get_by_label("どなたのご相談ですか").select_option(label="家族")
    page.get_by_label("お名前", exact=True).fill(RESIDENT_NAME)
    page.get_by_label("ふりがな").fill(RESIDENT_KANA)
    page.get_by_label("ご連絡の方法").select_option(label="電話")
    page.get_by_label("電話番号").fill("0422-00-0000")
    page.get_by_role("checkbox", name="介護").check()
    page.get_by_label("ご相談したいこと").fill(RESIDENT_SUMMARY)
    consent_box = page.get_by_role("checkbox", name="上の「個人情報の利用目的」に同意します")
    if consent:
        consent_box.check()
    else:
        expect(consent_box).not_to_be_checked()


def new_requests(page):
    return page.get_by_role("region", name="Webからの新しい相談依頼")


# --- 1. The request reaches the area's coordinator, and nobody outside the area ---


def test_residents_request_reaches_the_areas_coordinator_and_not_another(
    page, new_page, live_server, inokashira_staff, osawa_staff
):
    from consultations.models import Consultation

    # An anonymous resident.
    open_page(page, live_server, "/consult/", 200)
    fill_request(page, consent=True)
    page.get_by_role("button", name="この内容で申し込む").click()
    page.wait_for_url(live_server.url + "/consult/thanks/?city=mitaka")
    expect(page.get_by_role("heading", level=1)).to_have_text("ご相談を受け付けました")
    expect(page.get_by_role("main").get_by_role("link", name=MITAKA_HELP_LINE)).to_be_visible()

    consultation = Consultation.objects.get()
    assert consultation.name == RESIDENT_NAME
    assert consultation.area.slug == "inokashira"
    assert consultation.channel == Consultation.Channel.WEB
    assert consultation.assignee == inokashira_staff
    change_url = f"/admin/consultations/consultation/{consultation.pk}/change/"

    # The 井の頭 coordinator, in their own browser, finds it among the new requests.
    coordinator = new_page()
    log_in(coordinator, live_server, inokashira_staff)
    section = new_requests(coordinator)
    expect(section).to_contain_text(RESIDENT_NAME)
    expect(section.get_by_role("link", name=f"No.{consultation.pk}")).to_be_visible()
    expect(section).to_contain_text("井の頭")
    # The admin link opens the record for them: the check on the other coordinator means something.
    open_page(coordinator, live_server, change_url, 200)
    expect(coordinator.locator("input[name=name]")).to_have_value(RESIDENT_NAME)

    # The 大沢 coordinator, in yet another browser, sees no trace of it.
    other = new_page()
    log_in(other, live_server, osawa_staff)
    expect(new_requests(other)).to_contain_text("新しい依頼はありません。")
    main = other.get_by_role("main")
    for trace in (RESIDENT_NAME, RESIDENT_KANA, RESIDENT_SUMMARY):
        expect(main).not_to_contain_text(trace)
    assert RESIDENT_NAME not in other.content()

    other.goto(live_server.url + change_url)
    assert not other.url.endswith(change_url), f"the change form opened for 大沢: {other.url}"
    html = other.content()
    for trace in (RESIDENT_NAME, RESIDENT_KANA, RESIDENT_SUMMARY, "0422-00-0000"):
        assert trace not in html, f"{trace!r} shows on {other.url} for the 大沢 coordinator"
    expect(other.locator("input[name=name]")).to_have_count(0)

    open_page(other, live_server, "/admin/consultations/consultation/", 200)
    assert RESIDENT_NAME not in other.content()
    assert f"No.{consultation.pk}" not in other.inner_text("body")


# --- 2. No consent, nothing stored ---


def test_request_without_consent_shows_the_consent_message_and_stores_nothing(page, live_server):
    from consultations.models import Consultation

    open_page(page, live_server, "/consult/", 200)
    fill_request(page, consent=False)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="この内容で申し込む").click()
    assert navigation.value.status == 200
    assert page.url == live_server.url + "/consult/"

    expect(page.get_by_role("alert")).to_be_visible()
    message = page.get_by_text(CONSENT_REQUIRED)
    expect(message).to_be_visible()
    expect(
        page.get_by_role("checkbox", name="上の「個人情報の利用目的」に同意します")
    ).not_to_be_checked()
    assert Consultation.objects.count() == 0


# --- 3. The phone intake, from the keyboard alone, on one screen ---

ACTIVE = """() => {
  const el = document.activeElement;
  const text = (el.innerText || "").trim();
  return {id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "", text};
}"""
SUBMIT = "form.intake-form button[type=submit]"


def focused(page):
    return page.evaluate(ACTIVE)


def tab_to(page, element_id, limit=1):
    """Tab forward, at most `limit` times, until the element with `element_id` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    pytest.fail(f"{limit} Tab press(es) did not reach #{element_id}; focus is on {focused(page)}")


def test_phone_intake_can_be_filled_and_sent_from_the_keyboard_alone(
    page, live_server, inokashira_staff
):
    from consultations.models import Consultation

    log_in(page, live_server, inokashira_staff)
    open_page(page, live_server, "/staff/intake/", 200)
    expect(page.get_by_role("heading", level=1)).to_have_text("電話の相談を記録する")

    # The call starts: the cursor already waits in the first field.
    assert focused(page)["id"] == "id_channel", focused(page)
    expect(page.locator("#id_channel")).to_have_value("phone")

    tab_to(page, "id_requester")
    page.keyboard.press("ArrowDown")  # ---- → 本人
    tab_to(page, "id_requester_name")
    tab_to(page, "id_name")
    page.keyboard.type("電話 たろう")
    tab_to(page, "id_name_kana")
    page.keyboard.type("でんわ たろう")
    tab_to(page, "id_phone")
    page.keyboard.type("0422-11-2233")
    tab_to(page, "id_area")
    page.keyboard.press("ArrowDown")  # ---- → 井の頭 (the coordinator's only area)
    tab_to(page, "id_topics_0", limit=4)  # past 町名, 年代, 世帯
    first_topic = page.locator("#id_topics_0")
    topic_name = page.locator("label[for=id_topics_0]").inner_text().strip()
    page.keyboard.press("Space")
    expect(first_topic).to_be_checked()
    tab_to(page, "id_summary", limit=20)  # past the other topics
    summary = "電話で相談。近所の一人暮らしの方の様子が気になる。来週もう一度電話する。"
    page.keyboard.type(summary)
    for _ in range(10):  # past 緊急 and the date's parts, to the button
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({SUBMIT!r})"):
            break
    else:
        pytest.fail(f"Tab did not reach the submit button; focus is on {focused(page)}")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text(re.compile(r"相談 No\.\d+ を受け付けました"))
    number = int(re.search(r"No\.(\d+)", page.get_by_role("status").inner_text()).group(1))
    consultation = Consultation.objects.get(pk=number)
    assert consultation.summary == summary
    assert consultation.name == "電話 たろう"
    assert consultation.name_kana == "でんわ たろう"
    assert consultation.phone == "0422-11-2233"
    assert consultation.requester == Consultation.Requester.SELF
    assert consultation.channel == Consultation.Channel.PHONE
    assert consultation.area.slug == "inokashira"
    assert consultation.municipality.slug == "mitaka"
    assert [t.name for t in consultation.topics.all()] == [topic_name]
    assert consultation.created_by == inokashira_staff
    assert consultation.assignee == inokashira_staff


def test_phone_intake_form_fits_one_screen_at_1280x900(page, live_server, inokashira_staff):
    log_in(page, live_server, inokashira_staff)
    open_page(page, live_server, "/staff/intake/", 200)
    assert page.viewport_size == VIEWPORT
    assert page.evaluate("window.scrollY") == 0
    box = page.locator(SUBMIT).bounding_box()
    assert box is not None, "the submit button is not rendered"
    bottom = box["y"] + box["height"]
    assert bottom <= VIEWPORT["height"], (
        f"the intake form's submit button ends at {bottom:.0f}px, below the "
        f"{VIEWPORT['height']}px screen: the call taker has to scroll"
    )


# --- 4. axe-core on the consultation pages ---

# (path, signed in, a heading and a control the page must show: axe checks the real page)
CONSULTATION_PAGES = [
    pytest.param("/consult/", False, "相談を申し込む", "この内容で申し込む", id="request-form"),
    pytest.param(
        "/consult/thanks/?city=mitaka", False, "ご相談を受け付けました", None, id="request-thanks"
    ),
    pytest.param("/staff/login/", False, "職員のログイン", "ログイン", id="staff-login"),
    pytest.param("/staff/", True, "職員ページ", "ログアウト", id="staff-home"),
    pytest.param("/staff/intake/", True, "電話の相談を記録する", "記録する", id="staff-intake"),
    pytest.param("/staff/stats/", True, re.compile("年度の相談件数"), "表示", id="staff-stats"),
]

PAGES_WITH_TABLES = {"/staff/", "/staff/stats/"}


@pytest.mark.parametrize(("path", "signed_in", "heading", "button"), CONSULTATION_PAGES)
def test_consultation_page_has_no_serious_or_critical_axe_violations(
    page, live_server, axe, inokashira_staff, path, signed_in, heading, button
):
    # Something in every list and table, so that the tables are checked too.
    make_consultation("inokashira", name="井の頭 花子", channel="web", urgent=True)
    make_consultation("inokashira", name="井の頭 次郎", assignee=inokashira_staff)
    if signed_in:
        log_in(page, live_server, inokashira_staff)
    open_page(page, live_server, path, 200)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if button:
        expect(page.get_by_role("main").get_by_role("button", name=button)).to_be_visible()
    if path in PAGES_WITH_TABLES:
        expect(page.get_by_role("main").locator("table", has_text="井の頭").first).to_be_visible()
    check_axe(page, axe, path)


def test_forms_showing_errors_have_no_serious_or_critical_axe_violations(
    page, live_server, axe, inokashira_staff
):
    open_page(page, live_server, "/consult/", 200)
    page.get_by_role("button", name="この内容で申し込む").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_axe(page, axe, "/consult/ (with errors)")

    log_in(page, live_server, inokashira_staff)
    open_page(page, live_server, "/staff/intake/", 200)
    # The browser itself stops an empty form (required fields); show the server's messages.
    page.locator("form.intake-form").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_axe(page, axe, "/staff/intake/ (with errors)")
