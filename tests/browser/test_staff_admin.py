"""The admin as the demo staff use it: their role groups only (no superuser, nothing granted here),
the second factor through its real pages, and the one access rule seen from the browser.

- 井の頭's coordinator registers her authenticator on her first sign-in, then writes a 対応記録 and
  a つなぎ先 (picked with the autocomplete) on one of her cases;
- a new consultation's area autocomplete offers her own area and no other;
- 大沢's coordinator, signed in just as fully, neither opens nor picks nor writes to that case;
- a password alone opens nothing;
- axe-core on the second factor's pages; the browser console of every admin page is collected
  (CSP reports such as "Refused to apply inline style" are listed, and fail the test).
"""

import datetime as dt
import os
import re
from base64 import b32decode
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carenet.front.management.commands.setup_demo import DEFAULT_DEMO_PASSWORD
from tests.browser.axe_check import check_axe
from tests.browser.public_pages import open_page
from tests.browser.staff_login import (
    OTP_SETUP,
    OTP_VERIFY,
    RECOVERY_HEADING,
    SETUP_HEADING,
    VERIFY_HEADING,
    code_from_secret,
    confirmed_device,
    continue_after_recovery_codes,
    enter_password,
    give_code,
    register_authenticator,
    sign_in_staff,
)
from tests.conftest import make_consultation

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
INOKASHIRA = "demo-inokashira"
OSAWA = "demo-osawa"
RESIDENT = "井の頭 花子"
RESIDENT_KANA = "いのかしら はなこ"
RESIDENT_SUMMARY = "井の頭の一人暮らしの方。近所の集まりを探している。"
PLACE = "ふれあいサロン・井の頭"
PLACE_SLUG = "fureai-salon-inokashira"
CONSULTATIONS = "/admin/consultations/consultation/"
NOT_FOUND = re.compile(r"ID “\d+” の相談は見つかりませんでした。")
CSP_REPORT = re.compile(
    r"Content Security Policy|Refused to (apply|load|execute|connect|frame)", re.IGNORECASE
)


def change_url(consultation):
    return f"{CONSULTATIONS}{consultation.pk}/change/"


# --- Set-up: the demo accounts exactly as `setup_demo` makes them ---


@pytest.fixture(autouse=True)
def no_development_bypass(settings):
    # The second factor is what these tests are about: never let the development bypass in.
    settings.OTP_DEVELOPMENT_BYPASS = False


@pytest.fixture
def inokashira_case(demo_accounts):
    return make_consultation(
        "inokashira", name=RESIDENT, name_kana=RESIDENT_KANA, summary=RESIDENT_SUMMARY
    )


@pytest.fixture
def osawa_case(demo_accounts):
    return make_consultation("osawa", name="大沢 太郎", name_kana="おおさわ たろう")


class Console(list):
    """Every console message and uncaught error of a page, as (type, text, url); and the
    Content-Security-Policy each page (document) was served with, by path."""

    def __init__(self):
        super().__init__()
        self.policies = {}


@pytest.fixture
def console(page):
    messages = Console()
    page.on(
        "console",
        lambda message: messages.append(
            (message.type, message.text, (message.location or {}).get("url", ""))
        ),
    )
    page.on("pageerror", lambda error: messages.append(("pageerror", str(error), page.url)))

    def on_response(response):
        if response.request.resource_type == "document":
            policy = response.headers.get("content-security-policy", "(none)")
            messages.policies[urlsplit(response.url).path] = policy

    page.on("response", on_response)
    return messages


def assert_no_csp_reports(console, where):
    # Shown with -rP / -s: every console line of the pages, CSP or not, and the policies served.
    lines = [f"  [{kind}] {text} ({url})" for kind, text, url in console]
    lines += [f"  policy of {path}: {policy}" for path, policy in console.policies.items()]
    print(f"console on {where}:\n" + "\n".join(lines))
    # Chromium words it "Refused to apply inline style ..." or "Applying inline style violates
    # the following Content Security Policy directive ...", depending on its version.
    reports = [(text, url) for _type, text, url in console if CSP_REPORT.search(text)]
    assert not reports, f"the browser refused something on {where} (CSP):\n" + "\n".join(
        f"  {text} ({url})" for text, url in reports
    )


# --- select2 (the admin's autocomplete) ---


def _asks_for(term):
    def predicate(response):
        if "/admin/autocomplete/" not in response.url:
            return False
        query = parse_qs(urlsplit(response.url).query, keep_blank_values=True)
        return query.get("term", [""])[0] == term

    return predicate


def open_autocomplete(page, scope, select_name):
    """Opens the select2 box that stands for `<select name=select_name>` inside `scope`."""
    select = scope.locator(f"select[name='{select_name}']")
    expect(select).to_have_class(re.compile(r"\badmin-autocomplete\b"))
    box = select.locator("xpath=following-sibling::span[contains(@class, 'select2')][1]")
    with page.expect_response(_asks_for("")):
        box.locator(".select2-selection").click()
    return page.locator(".select2-container--open")


def offered(page, term=""):
    """The choices the open select2 box offers for `term` (typed as a person types it)."""
    dropdown = page.locator(".select2-container--open")
    search = dropdown.locator(".select2-search__field")
    if term:
        with page.expect_response(_asks_for(term)) as answer:
            search.press_sequentially(term)
        assert answer.value.status == 200, answer.value.status
    results = dropdown.locator(".select2-results__options")
    expect(results.locator(".loading-results")).to_have_count(0)
    options = results.locator(
        "li.select2-results__option:not(.select2-results__message):not(.loading-results)"
    )
    return [text.strip() for text in options.all_inner_texts()]


def pick(page, scope, select_name, term, choice):
    """Types `term` into the autocomplete and picks `choice` from what it offers."""
    open_autocomplete(page, scope, select_name)
    choices = offered(page, term)
    assert choice in choices, f"{choice!r} is not offered for {term!r}: {choices}"
    page.locator(".select2-container--open li.select2-results__option", has_text=choice).click()
    expect(page.locator(".select2-container--open")).to_have_count(0)


def save(page):
    """Presses 保存 and fails with the form's own messages if the admin did not take it."""
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    errors = page.locator(".errornote, .errorlist").evaluate_all(
        """nodes => nodes.map(node => {
            const row = node.closest('.form-row, tr');
            return (row ? row.className + ': ' : '') + node.innerText.trim();
        })"""
    )
    assert not errors, f"the admin refused the form on {page.url}: {errors}"


def close_autocomplete(page):
    page.keyboard.press("Escape")
    expect(page.locator(".select2-container--open")).to_have_count(0)


# --- a. A coordinator's first sign-in, then a contact log and a referral on her case ---


def test_coordinator_registers_her_app_then_logs_a_call_and_a_referral_on_her_case(
    page, live_server, console, inokashira_case
):
    from consultations.models import ContactLog, Referral
    from salons.models import Salon

    case = inokashira_case
    # First sign-in, straight to the case: password, then the set-up page of the second factor.
    enter_password(page, live_server, INOKASHIRA, DEMO_PASSWORD, next_path=change_url(case))
    assert urlsplit(page.url).path == OTP_SETUP, page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(SETUP_HEADING)
    qr = page.locator(".otp-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 100 and box["height"] >= 100, f"the QR code is too small to scan: {box}"
    expect(page.locator("code.otp-secret")).to_be_visible()
    assert RESIDENT not in page.content()

    secret, codes = register_authenticator(page)
    assert len(codes) == 10 and len(set(codes)) == 10, codes
    assert all(re.fullmatch(r"[a-z0-9]{6,}", code) for code in codes), codes
    # The key the page showed is the one her account now trusts.
    assert confirmed_device(INOKASHIRA).bin_key == b32decode(secret)
    expect(page.locator("ul.recovery-codes li code").first).to_be_visible()
    continue_after_recovery_codes(page)
    page.wait_for_url(live_server.url + change_url(case))
    expect(page.locator("input[name=name]")).to_have_value(RESIDENT)

    # 対応記録: a phone call today, with the next step a week from now.
    next_date = timezone.localdate() + dt.timedelta(days=7)
    called_at = dt.datetime.combine(timezone.localdate(), dt.time(10, 30))
    contacts = page.locator("#contacts-group")
    contacts.locator(".add-row a").click()
    row = contacts.locator("#contacts-0")
    expect(row).to_be_visible()
    row.locator("input[name='contacts-0-at_0']").fill(f"{called_at:%Y-%m-%d}")
    row.locator("input[name='contacts-0-at_1']").fill(f"{called_at:%H:%M:%S}")
    row.locator("select[name='contacts-0-method']").select_option(label="電話")
    row.locator("textarea[name='contacts-0-what_happened']").fill(
        "本人に電話。近くのサロンに関心がある。"
    )
    row.locator("input[name='contacts-0-next_step']").fill("サロンの見学に同行する")
    row.locator("input[name='contacts-0-next_step_on']").fill(f"{next_date:%Y-%m-%d}")

    # つなぎ先: the place, picked by typing part of its name.
    referrals = page.locator("#referrals-group")
    referrals.locator(".add-row a").click()
    referral = referrals.locator("#referrals-0")
    expect(referral).to_be_visible()
    pick(page, referral, "referrals-0-salon", "ふれあい", PLACE)
    salon = Salon.objects.get(slug=PLACE_SLUG)
    expect(referral.locator("select[name='referrals-0-salon']")).to_have_value(str(salon.pk))

    save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("を変更しました")
    assert urlsplit(page.url).path == CONSULTATIONS, page.url

    [log] = ContactLog.objects.filter(consultation=case)
    assert log.staff.username == INOKASHIRA
    assert log.method == ContactLog.Method.PHONE
    assert timezone.localtime(log.at).replace(tzinfo=None) == called_at
    assert log.what_happened == "本人に電話。近くのサロンに関心がある。"
    assert log.next_step == "サロンの見学に同行する"
    assert log.next_step_on == next_date
    [made] = Referral.objects.filter(consultation=case)
    assert made.salon == salon
    assert made.organisation is None and made.service == ""
    case.refresh_from_db()
    assert case.follow_up_on == next_date
    assert_no_csp_reports(console, "the consultation's change page")


# --- b. A new consultation offers her own area only ---


def test_new_consultations_area_autocomplete_offers_only_the_coordinators_own_area(
    page, live_server, console, demo_accounts
):
    from carenet.directory.models import Area
    from consultations.models import Consultation

    own_area = Area.objects.get(slug="inokashira")
    sign_in_staff(page, live_server, INOKASHIRA, DEMO_PASSWORD, next_path=f"{CONSULTATIONS}add/")
    expect(page.locator("input[name=name]")).to_be_visible()

    form = page.locator("#consultation_form")
    open_autocomplete(page, form, "area")
    assert offered(page) == [str(own_area)]
    close_autocomplete(page)
    for other in ("大沢", "おおさわ", "愛宕", "多摩"):
        open_autocomplete(page, form, "area")
        assert offered(page, other) == [], f"{other} is offered to the 井の頭 coordinator"
        expect(page.locator(".select2-results__message")).to_have_text("対象が見つかりません")
        close_autocomplete(page)

    # And the case can be written in her area.
    pick(page, form, "area", "井の頭", str(own_area))
    form.locator("select[name=requester]").select_option(index=1)
    form.locator("input[name=name]").fill("井の頭 三郎")
    form.locator("select[name=channel]").select_option(label="電話")
    form.locator("textarea[name=summary]").fill("管理画面から登録した相談。")
    save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("を追加しました")
    consultation = Consultation.objects.matching_name("井の頭 三郎").get()
    assert consultation.area == own_area
    assert consultation.municipality.slug == "mitaka"
    assert consultation.created_by.username == INOKASHIRA
    assert_no_csp_reports(console, "the consultation's add page")


# --- c. Another area's coordinator, second factor and all, can do none of it ---


def test_other_areas_coordinator_cannot_open_pick_or_write_to_the_case(
    page, live_server, console, inokashira_case, osawa_case
):
    from consultations.models import AccessLog, Consultation, ContactLog, Referral

    before = Consultation.objects.filter(pk=inokashira_case.pk).values().get()
    signed_in = sign_in_staff(page, live_server, OSAWA, DEMO_PASSWORD)
    assert signed_in.registered

    # The case's own address: the admin says there is no such consultation.
    page.goto(live_server.url + change_url(inokashira_case))
    assert not page.url.endswith(change_url(inokashira_case)), page.url
    expect(page.locator(".messagelist")).to_contain_text(NOT_FOUND)
    html = page.content()
    for trace in (RESIDENT, RESIDENT_KANA, RESIDENT_SUMMARY):
        assert trace not in html, f"{trace!r} shows on {page.url} for the 大沢 coordinator"
    expect(page.locator("input[name=name]")).to_have_count(0)

    # A referral of her own: the case is not among those the autocomplete offers.
    open_page(page, live_server, "/admin/consultations/referral/add/", 200)
    form = page.locator("#referral_form")
    open_autocomplete(page, form, "consultation")
    everything = offered(page)
    assert str(osawa_case) in everything, everything  # the autocomplete works: her own case
    assert str(inokashira_case) not in everything, everything
    close_autocomplete(page)
    for term in ("井の頭", "いのかしら", str(inokashira_case.pk)):
        open_autocomplete(page, form, "consultation")
        assert offered(page, term) == [], f"{term!r} finds the 井の頭 case for 大沢"
        close_autocomplete(page)

    # Nor does the form take it when the browser is made to send it.
    form.locator("select[name=consultation]").evaluate(
        "(select, pk) => select.append(new Option('相談', pk, true, true))", inokashira_case.pk
    )
    form.locator("input[name=service]").fill("地域包括支援センター")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(form.locator(".errorlist")).to_contain_text("正しく選択してください")

    assert not Referral.objects.exists()
    assert not ContactLog.objects.exists()
    assert Consultation.objects.filter(pk=inokashira_case.pk).values().get() == before
    assert not AccessLog.objects.filter(consultation=inokashira_case).exists()
    assert_no_csp_reports(console, "the admin pages of the 大沢 coordinator")


# --- d. A password alone opens nothing ---


@pytest.mark.parametrize(
    ("registered", "otp_path", "heading"),
    [
        pytest.param(False, OTP_SETUP, SETUP_HEADING, id="no-app-yet"),
        pytest.param(True, OTP_VERIFY, VERIFY_HEADING, id="app-registered"),
    ],
)
def test_password_alone_lands_on_the_second_factor_page_not_the_consultations(
    page, live_server, inokashira_case, registered, otp_path, heading
):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if registered:
        TOTPDevice.objects.create(
            user=get_user_model().objects.get(username=INOKASHIRA), name="app", confirmed=True
        )
    enter_password(page, live_server, INOKASHIRA, DEMO_PASSWORD)
    assert urlsplit(page.url).path == otp_path, page.url

    for path in (CONSULTATIONS, change_url(inokashira_case), "/staff/"):
        response = page.goto(live_server.url + path)
        assert response.status == 200
        url = urlsplit(page.url)
        assert url.path == otp_path, f"{path} opened on a password alone: {page.url}"
        assert parse_qs(url.query).get("next") == [path], page.url
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        html = page.content()
        for trace in (RESIDENT, RESIDENT_KANA, RESIDENT_SUMMARY):
            assert trace not in html, f"{trace!r} shows before the second factor ({path})"


def test_second_sign_in_asks_for_the_apps_code_and_a_wrong_code_opens_nothing(
    page, live_server, console, inokashira_case
):
    sign_in_staff(page, live_server, INOKASHIRA, DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="ログアウト").click()
    assert urlsplit(page.url).path == "/", page.url

    enter_password(page, live_server, INOKASHIRA, DEMO_PASSWORD, next_path=CONSULTATIONS)
    assert urlsplit(page.url).path == OTP_VERIFY, page.url
    page.locator("input[name=token]").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="確認する").click()
    assert urlsplit(page.url).path == OTP_VERIFY, page.url
    expect(page.get_by_text("コードが違うか、時間が過ぎています。")).to_be_visible()
    assert RESIDENT not in page.content()

    # django-otp makes a try after a wrong one wait a little (throttling).
    page.wait_for_timeout(1_100)
    give_code(page, INOKASHIRA)
    page.wait_for_url(live_server.url + CONSULTATIONS)
    expect(page.locator("#result_list")).to_contain_text(RESIDENT)
    assert_no_csp_reports(console, "the consultations list")


# --- e. axe-core on the second factor's pages ---


def test_otp_setup_page_has_no_serious_or_critical_axe_violations(
    page, live_server, axe, demo_accounts
):
    enter_password(page, live_server, INOKASHIRA, DEMO_PASSWORD)
    assert urlsplit(page.url).path == OTP_SETUP, page.url
    expect(page.locator(".otp-qr svg")).to_be_visible()
    check_axe(page, axe, OTP_SETUP)

    # With the error of a wrong code.
    page.locator("input[name=token]").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("コードが違うか、時間が過ぎています。")).to_be_visible()
    check_axe(page, axe, f"{OTP_SETUP} (wrong code)")


def test_otp_code_page_has_no_serious_or_critical_axe_violations(
    page, live_server, axe, demo_accounts
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=demo_accounts[INOKASHIRA], name="app", confirmed=True)
    enter_password(page, live_server, INOKASHIRA, DEMO_PASSWORD)
    assert urlsplit(page.url).path == OTP_VERIFY, page.url
    expect(page.get_by_role("button", name="確認する")).to_be_visible()
    check_axe(page, axe, OTP_VERIFY)

    page.locator("input[name=token]").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="確認する").click()
    expect(page.get_by_text("コードが違うか、時間が過ぎています。")).to_be_visible()
    check_axe(page, axe, f"{OTP_VERIFY} (wrong code)")


def test_recovery_codes_page_has_no_serious_or_critical_axe_violations(
    page, live_server, axe, demo_accounts
):
    enter_password(page, live_server, INOKASHIRA, DEMO_PASSWORD)
    secret = page.locator("code.otp-secret").get_attribute("data-secret")
    page.locator("input[name=token]").fill(code_from_secret(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RECOVERY_HEADING)
    expect(page.locator("ul.recovery-codes li code")).to_have_count(10)
    expect(page.get_by_role("link", name="保管しました。続ける")).to_be_visible()
    check_axe(page, axe, "the recovery codes page")
