"""Sign-in lockout per account from anywhere, and per address across accounts; supervisors told."""

import logging

import pytest
from django.core import mail
from django.core.cache import cache

from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Test-12345"
A, B = "198.51.100.1", "203.0.113.2"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the lockout mail is sent once per cool-off, remembered in the cache
    yield
    cache.clear()


def sign_in(client, username, password, address, url="/staff/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def assert_locked_out(response):
    assert response.status_code == 429
    assert "しばらくログインできません" in response.content.decode()


def test_wrong_passwords_from_one_address_lock_the_account_from_every_address(
    client, inokashira_coordinator, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "co-inokashira", "wrong", A)
    assert_locked_out(sign_in(client, "co-inokashira", PASSWORD, B))
    assert_locked_out(sign_in(client, "co-inokashira", PASSWORD, B, url="/admin/login/"))


def test_wrong_passwords_over_many_accounts_lock_the_address(
    client, inokashira_coordinator, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, f"guess-{n}", "wrong", A).status_code == 200
    assert_locked_out(sign_in(client, "guess-last", "wrong", A))
    assert_locked_out(sign_in(client, "co-inokashira", PASSWORD, A))
    assert sign_in(client, "co-inokashira", PASSWORD, B).status_code == 302


def test_behind_a_proxy_the_lockout_counts_the_client_not_the_proxy(
    client, inokashira_coordinator, osawa_coordinator, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.5"
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/staff/login/",
            {"username": f"guess-{n}", "password": "wrong"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {A}",  # forged left entries change nothing
        )
    locked = client.post(
        "/staff/login/",
        {"username": "co-osawa", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=A,
    )
    assert_locked_out(locked)
    other_resident = client.post(
        "/staff/login/",
        {"username": "co-inokashira", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=B,
    )
    assert other_resident.status_code == 302


def test_the_citys_supervisors_are_told_once_without_the_password(
    client, inokashira_coordinator, mitaka_supervisor, tama_supervisor, settings
):
    inactive = make_staff("sv-mitaka-retired", "mitaka", "city", is_active=False)
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        sign_in(client, "co-inokashira", "secret-Guess-1", A)
    assert len(mail.outbox) == 1, "one mail per lockout, not one per further attempt"
    message = mail.outbox[0]
    assert message.to == [mitaka_supervisor.email]
    assert inactive.email not in message.to
    text = message.subject + message.body
    assert "co-inokashira" in text
    assert A in message.body
    assert "日時" in message.body
    assert "secret-Guess-1" not in text


def test_an_unknown_username_is_only_logged(client, mitaka_supervisor, settings, caplog):
    with caplog.at_level(logging.WARNING, logger="coordinators.lockout"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            response = sign_in(client, "nobody-here", "wrong", A)
    assert_locked_out(response)
    assert mail.outbox == []
    assert "nobody-here" in caplog.text


def test_a_broken_mail_server_still_gives_the_lockout_page(
    client, inokashira_coordinator, mitaka_supervisor, settings, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr("coordinators.lockout.send_mail", refuse)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "co-inokashira", "wrong", A)
    assert_locked_out(sign_in(client, "co-inokashira", "wrong", A))
    assert "Could not tell supervisors" in caplog.text
