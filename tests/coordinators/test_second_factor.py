"""A password alone opens nothing under /admin/ or /staff/ (#5, finding 4)."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations.models import Consultation
from tests.project.test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def unthrottle(device):
    """A wrong code makes the next try wait a second or more; the test does not wait."""
    device.refresh_from_db()
    device.throttle_reset()


@pytest.fixture
def password_only(client, inokashira_coordinator):
    client.force_login(inokashira_coordinator)  # the password step, nothing more
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/staff/",
        "/staff/intake/",
        "/staff/stats.csv",
        "/admin/",
        "/admin/consultations/consultation/",
        "/admin/salons/salon/",
    ],
)
def test_a_password_alone_is_sent_to_register_a_second_factor(password_only, path):
    response = password_only.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:otp-setup"))


def test_a_password_alone_cannot_write_either(password_only, inokashira_case):
    response = password_only.post(
        reverse("admin:consultations_consultation_change", args=[inokashira_case.pk]),
        {"summary": "書き換え"},
    )
    assert response.status_code == 302
    assert Consultation.objects.get(pk=inokashira_case.pk).summary != "書き換え"


def test_first_sign_in_registers_an_app_and_shows_recovery_codes_once(
    password_only, inokashira_coordinator
):
    page = password_only.get(reverse("staff:otp-setup"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "設定キー" in body
    device = TOTPDevice.objects.get(user=inokashira_coordinator, confirmed=False)

    wrong = password_only.post(reverse("staff:otp-setup"), {"token": "000000"})
    assert wrong.status_code == 200 and "コードが違う" in wrong.content.decode()
    unthrottle(device)

    done = password_only.post(reverse("staff:otp-setup"), {"token": current_code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=inokashira_coordinator).count() == 10
    assert password_only.get("/staff/").status_code == 200
    # Registered once: the set-up page now sends to the code page, never shows the key again.
    assert password_only.get(reverse("staff:otp-setup"))["Location"] == reverse("staff:otp-verify")


@pytest.fixture
def registered(inokashira_coordinator):
    device = TOTPDevice.objects.create(user=inokashira_coordinator, name="app", confirmed=True)
    device.t0 = int(time.time()) - 30 * 100  # a code never used before on this device
    device.save()
    return device


def test_a_registered_user_gives_the_code_and_goes_where_she_was_going(password_only, registered):
    asked = password_only.get("/admin/consultations/consultation/")
    assert asked["Location"].startswith(reverse("staff:otp-verify"))
    wrong = password_only.post(reverse("staff:otp-verify"), {"token": "123456", "next": "/admin/"})
    assert wrong.status_code == 200 and "コードが違う" in wrong.content.decode()
    unthrottle(registered)
    right = password_only.post(
        reverse("staff:otp-verify"),
        {"token": current_code(registered), "next": "/admin/consultations/consultation/"},
    )
    assert right.status_code == 302
    assert right["Location"] == "/admin/consultations/consultation/"
    assert password_only.get("/admin/consultations/consultation/").status_code == 200


def test_guessing_codes_is_throttled(password_only, registered):
    for _ in range(3):
        password_only.post(reverse("staff:otp-verify"), {"token": "000000"})
    # Even the right code is refused while the throttle holds.
    response = password_only.post(reverse("staff:otp-verify"), {"token": current_code(registered)})
    assert response.status_code == 200
    assert password_only.get("/staff/").status_code == 302


def test_a_recovery_code_works_once(password_only, registered, inokashira_coordinator):
    from coordinators.second_factor import make_recovery_codes

    code = make_recovery_codes(inokashira_coordinator)[0]
    first = password_only.post(reverse("staff:otp-verify"), {"token": code})
    assert first.status_code == 302
    password_only.logout()
    password_only.force_login(inokashira_coordinator)
    again = password_only.post(reverse("staff:otp-verify"), {"token": code})
    assert again.status_code == 200


def test_the_code_page_never_redirects_off_site(password_only, registered):
    response = password_only.post(
        reverse("staff:otp-verify"),
        {"token": current_code(registered), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("staff:home")


def test_public_pages_need_no_second_factor(password_only):
    assert password_only.get("/").status_code == 200
    assert password_only.get("/salons/").status_code == 200


def test_the_development_bypass_lets_demo_accounts_in(password_only, settings):
    settings.OTP_DEVELOPMENT_BYPASS = True
    assert password_only.get("/staff/").status_code == 200


def test_the_development_bypass_refuses_to_start_in_production():
    result = manage("check", env={**PRODUCTION_ENV, "OTP_DEVELOPMENT_BYPASS": "1"})
    assert result.returncode != 0
    assert "OTP_DEVELOPMENT_BYPASS" in result.stderr


def test_the_code_fields_help_is_read_out_with_it(password_only):
    page = password_only.get(reverse("staff:otp-setup")).content.decode()
    described_by = re.search(r'aria-describedby="([^"]+)"', page).group(1).split()
    assert described_by and all(f'id="{target}"' in page for target in described_by)
