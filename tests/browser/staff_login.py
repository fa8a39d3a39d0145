"""Staff sign in as they really do: the password form, then the second factor on its own pages.

A first sign-in registers an authenticator app (/staff/otp/setup/: the QR code and the key, the
six-digit code, then the ten recovery codes); a later one gives the app's code (/staff/otp/).
The test plays the phone: it computes the code from the key the set-up page shows, or from the
registered device. Nothing here skips a page or touches the session: the development bypass
(OTP_DEVELOPMENT_BYPASS) stays off.
"""

import re
import time
from base64 import b32decode
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.public_pages import open_page

# tests.conftest.make_staff and make_account give every account this password.
STAFF_PASSWORD = "pw-Test-12345"

OTP_SETUP = "/staff/otp/setup/"
OTP_VERIFY = "/staff/otp/"
OTP_PAGE = re.compile(r"/staff/otp/(setup/)?(\?.*)?$")
SETUP_HEADING = "2段階認証の設定"
VERIFY_HEADING = "確認コードの入力"
RECOVERY_HEADING = "回復コード"


@dataclass
class SignIn:
    """What one sign-in went through."""

    registered: bool = False  # True: this sign-in registered the authenticator app
    secret: str = ""  # the key the set-up page showed (spaces removed)
    recovery_codes: list = field(default_factory=list)


def code_for(key, step=30, t0=0, digits=6):
    """The code an authenticator app shows now for `key` (bytes)."""
    return f"{totp(key, step, t0, digits):06d}"


def code_from_secret(secret):
    """The app's current code for the base32 key shown on the set-up page ('XXXX XXXX ...')."""
    return code_for(b32decode(secret.replace(" ", "")))


def _username(user):
    return user if isinstance(user, str) else user.get_username()


def enter_password(
    page, live_server, user, password=STAFF_PASSWORD, *, next_path=None, admin=False
):
    """The first step only: the sign-in form, answered with the password. Returns the response
    of the page the browser lands on (the second factor's page, for every staff member)."""
    login = "/admin/login/" if admin else "/staff/login/"
    if next_path:
        login += "?" + urlencode({"next": next_path})
    open_page(page, live_server, login, 200)
    if admin:
        page.locator("input[name=username]").fill(_username(user))
        page.locator("input[name=password]").fill(password)
        submit = page.locator("input[type=submit]")
    else:
        page.get_by_label("ユーザー名").fill(_username(user))
        page.get_by_label("パスワード").fill(password)
        submit = page.get_by_role("button", name="ログイン")
    with page.expect_navigation() as navigation:
        submit.click()
    return navigation.value


def register_authenticator(page):
    """On /staff/otp/setup/: read the key, type the app's code, keep the recovery codes, go on.

    Returns (secret, recovery codes)."""
    expect(page.get_by_role("heading", level=1)).to_have_text(SETUP_HEADING)
    secret = page.locator("code.otp-secret").get_attribute("data-secret")
    assert secret and re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})*", secret), secret
    page.locator("input[name=token]").fill(code_from_secret(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RECOVERY_HEADING)
    codes = [code.strip() for code in page.locator("ul.recovery-codes li code").all_inner_texts()]
    return secret.replace(" ", ""), codes


def continue_after_recovery_codes(page):
    with page.expect_navigation():
        page.get_by_role("link", name="保管しました。続ける").click()


def confirmed_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.get(user__username=_username(user), confirmed=True)


def give_code(page, user):
    """On /staff/otp/: type the code the user's registered app shows now.

    django-otp accepts each time step once: right after another sign-in of the same account,
    wait for the app's next code, as a person would."""
    expect(page.get_by_role("heading", level=1)).to_have_text(VERIFY_HEADING)
    device = confirmed_device(user)
    # last_t is the time step of the last code accepted: the app's code must be a later one.
    while int((time.time() - device.t0) // device.step) <= device.last_t:
        time.sleep(0.5)
    page.locator("input[name=token]").fill(
        code_for(device.bin_key, device.step, device.t0, device.digits)
    )
    with page.expect_navigation():
        page.get_by_role("button", name="確認する").click()


def second_factor(page, user):
    """Whichever second-factor page the browser is on, get past it as the user would."""
    assert OTP_PAGE.search(page.url), f"expected a second-factor page, the browser is on {page.url}"
    if page.url.split("?")[0].endswith(OTP_SETUP):
        secret, codes = register_authenticator(page)
        continue_after_recovery_codes(page)
        return SignIn(registered=True, secret=secret, recovery_codes=codes)
    give_code(page, user)
    return SignIn()


def sign_in_staff(page, live_server, user, password=STAFF_PASSWORD, *, next_path=None, admin=False):
    """Sign in through the real pages: password, then the second factor (registering the app on
    a first sign-in). Lands on `next_path`, or where the sign-in form sends by default (/staff/
    from /staff/login/, /admin/ from /admin/login/). Returns a SignIn."""
    enter_password(page, live_server, user, password, next_path=next_path, admin=admin)
    signed_in = second_factor(page, user)
    landing = next_path or ("/admin/" if admin else "/staff/")
    page.wait_for_url(live_server.url + landing)
    return signed_in
