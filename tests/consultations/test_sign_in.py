"""Staff sign-in: a lockout after repeated wrong passwords, lifted after a cool-off."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

pytestmark = pytest.mark.django_db


def sign_in(client, password, username="co-inokashira"):
    return client.post("/staff/login/", {"username": username, "password": password})


def test_staff_sign_in_with_the_right_password(client, inokashira_coordinator):
    response = sign_in(client, "pw-Test-12345")
    assert response.status_code == 302 and response["Location"] == "/staff/"


def test_repeated_wrong_passwords_lock_the_account_even_against_the_right_one(
    client, inokashira_coordinator, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "wrong")
        assert "ユーザー名かパスワードが違います" in response.content.decode()
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "しばらくログインできません" in locked.content.decode()
    assert sign_in(client, "pw-Test-12345").status_code == 429


def test_the_lock_lifts_after_the_cool_off(client, inokashira_coordinator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    assert sign_in(client, "pw-Test-12345").status_code == 429
    long_ago = timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=long_ago)
    assert sign_in(client, "pw-Test-12345").status_code == 302


def test_admin_sign_in_is_locked_out_too(client, inokashira_coordinator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "co-inokashira", "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": "co-inokashira", "password": "pw-Test-12345"}
    )
    assert response.status_code == 429
