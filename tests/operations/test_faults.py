"""Faults that lose nothing: the database down, Redis down, the mail server down, and a request
killed in the middle of a save. Each on SQLite and PostgreSQL (the dead-port test: PostgreSQL)."""

import contextlib
import os
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.db.models.signals import m2m_changed
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from carenet.community.models import StartupGroup
from carenet.front.unavailable import remember_help_lines
from consultations.models import Consultation
from tests.conftest import sign_in
from tests.consultations.test_resident_request import started, valid

pytestmark = pytest.mark.django_db

HELP_LINE = "0422-29-9235"  # 三鷹市 地域福祉課, a help line of the seed (fixtures/carenet.json)
NOT_SAVED = "お送りいただいた内容は、保存されていません。"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@contextlib.contextmanager
def database_down():
    """Every query fails as it does when the server is gone: connecting raises OperationalError."""
    real = connection.ensure_connection

    def refuse():
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: refused')

    connection.ensure_connection = refuse
    try:
        yield
    finally:
        connection.ensure_connection = real


def assert_polite_503(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert "ただいまご利用いただけません" in body
    assert "お急ぎの方はお電話ください" in body
    assert "Traceback" not in body and "OperationalError" not in body
    return body


# --- PostgreSQL (or SQLite) unavailable ---


@pytest.mark.parametrize("path", ["/", "/salons/", "/events/", "/consult/", "/mitaka/"])
def test_public_pages_answer_503_with_the_help_lines_while_the_database_is_down(client, path):
    remember_help_lines()  # as the scheduled `manage.py remember_help_lines` does
    with database_down():
        body = assert_polite_503(client.get(path))
    assert HELP_LINE in body and 'href="tel:' in body
    assert NOT_SAVED not in body  # nothing was sent


def test_the_503_page_gives_the_numbers_the_last_page_showed_when_the_cache_has_none(client):
    assert HELP_LINE in client.get("/salons/").content.decode()  # the footer's numbers
    cache.clear()
    with database_down():
        body = assert_polite_503(client.get("/"))
    assert HELP_LINE in body and 'href="tel:' in body


def test_the_503_page_without_remembered_numbers_still_says_whom_to_call(client, monkeypatch):
    monkeypatch.setattr(
        "carenet.directory.context_processors._last_shown_help_lines", [], raising=True
    )
    with database_down():
        body = assert_polite_503(client.get("/"))
    assert "地域包括支援センターにお電話ください" in body


def test_remember_help_lines_command_keeps_the_numbers_for_the_503_page(client):
    call_command("remember_help_lines", stdout=StringIO())
    with database_down():
        assert HELP_LINE in assert_polite_503(client.get("/"))


def test_a_signed_in_page_whose_session_cannot_be_read_answers_503(client, inokashira_coordinator):
    # The session is read from the database in a middleware, before any view: handler500's path.
    sign_in(client, inokashira_coordinator)
    remember_help_lines()
    client.raise_request_exception = False
    with database_down():
        body = assert_polite_503(client.get("/staff/"))
    assert HELP_LINE in body


def test_other_errors_still_answer_the_500_page(client, monkeypatch):
    from carenet.front import views

    def broken(*args, **kwargs):
        raise ValueError("a bug, not the database")

    monkeypatch.setattr(views.HomeView, "get", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "ただいま表示できません" in response.content.decode()


def test_consult_sent_while_the_database_is_down_says_to_phone_and_stores_nothing(client):
    remember_help_lines()
    data = valid()
    with database_down():
        body = assert_polite_503(client.post("/consult/", data))
    assert NOT_SAVED in body and "お電話でご相談ください" in body and HELP_LINE in body
    assert Consultation.objects.count() == 0
    assert Consultation.history.count() == 0
    assert mail.outbox == []


@pytest.fixture
def fail_after_the_first_insert():
    """Raises the given exception when the topics are added: after the consultation's INSERT and
    its history row, before the end of the save."""
    failures = []

    def fail(sender, action, **kwargs):
        if action == "post_add" and failures:
            raise failures[0]

    m2m_changed.connect(fail, sender=Consultation.topics.through, dispatch_uid="ops-fail")
    yield failures.append
    m2m_changed.disconnect(sender=Consultation.topics.through, dispatch_uid="ops-fail")


def assert_nothing_half_saved():
    assert Consultation.objects.count() == 0
    assert Consultation.history.count() == 0
    assert Consultation.topics.through.objects.count() == 0
    assert mail.outbox == []


def test_the_database_failing_in_the_middle_of_the_save_leaves_no_half_saved_case(
    client, fail_after_the_first_insert, inokashira_coordinator, django_capture_on_commit_callbacks
):
    fail_after_the_first_insert(OperationalError("server closed the connection unexpectedly"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/consult/", valid())
    assert NOT_SAVED in assert_polite_503(response)
    assert callbacks == []  # the council is not told of a request that is not there
    assert_nothing_half_saved()


@pytest.mark.parametrize(
    "kill", [SystemExit(1), KeyboardInterrupt()], ids=["worker-timeout", "sigint"]
)
def test_a_request_killed_in_the_middle_of_the_save_leaves_no_half_saved_case(
    client,
    fail_after_the_first_insert,
    inokashira_coordinator,
    django_capture_on_commit_callbacks,
    kill,
):
    # A gunicorn worker past its timeout gets SIGABRT and exits with SystemExit where it stands.
    fail_after_the_first_insert(kill)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(type(kill)):
            client.post("/consult/", valid())
    assert callbacks == []
    assert_nothing_half_saved()


# --- Redis unavailable ---

DEAD_REDIS = {
    "default": {
        "BACKEND": "carenet.cache.FailSafeRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DEAD_REDIS
    yield
    cache.close()


def test_a_redis_cache_url_gets_the_fail_safe_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**os.environ, "DEBUG": "1", "CACHE_URL": "redis://127.0.0.1:1/0"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "carenet.settings"},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "carenet.cache.FailSafeRedisCache"


def test_the_cache_acts_empty_while_redis_is_down(redis_down):
    assert cache.get("anything", "default") == "default"
    assert cache.add("new-key", 1) is True  # "first time?" is answered yes
    with pytest.raises(ValueError):
        cache.incr("counter")
    cache.set("dropped", 1)
    assert cache.get("dropped") is None


# The QR images are kept in the cache; the other pages ask it nothing on a GET.
@pytest.mark.parametrize(
    "path", ["/", "/salons/", "/events/", "/consult/", "/map/", "/mitaka/areas/inokashira/qr.svg"]
)
def test_public_pages_answer_while_redis_is_down(client, redis_down, path):
    assert client.get(path).status_code == 200


def test_the_residents_rate_limit_fails_open_while_redis_is_down(client, settings, redis_down):
    settings.CONSULT_RATE = "1/h"
    for number in range(3):  # more than the limit: counted nowhere while Redis is down
        response = client.post("/consult/", valid(name=f"三鷹 はな{number}", started=started()))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("consultations:request-thanks"))
    assert Consultation.objects.count() == 3


def test_the_robot_checks_still_hold_while_redis_is_down(client, redis_down):
    assert client.post("/consult/", valid(website="http://spam.example")).status_code == 302
    too_fast = client.post("/consult/", valid(started=started(seconds_ago=0)))
    assert too_fast.status_code == 200 and "送信が早すぎました" in too_fast.content.decode()
    assert Consultation.objects.count() == 0


def test_staff_sign_in_works_while_redis_is_down(client, redis_down, inokashira_coordinator):
    device = TOTPDevice.objects.create(user=inokashira_coordinator, name="app", confirmed=True)
    device.t0 = int(time.time()) - 30 * 100
    device.save()
    password = client.post(
        reverse("staff:login"), {"username": "co-inokashira", "password": "pw-Test-12345"}
    )
    assert password.status_code == 302
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    verified = client.post(reverse("staff:otp-verify"), {"token": code, "next": "/staff/"})
    assert verified.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_the_sign_in_lockout_still_holds_while_redis_is_down(
    client, settings, redis_down, inokashira_coordinator
):
    # The lockout is counted in the database (django-axes), not in the cache.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("staff:login"), {"username": "co-inokashira", "password": "wrong"})
    right = client.post(
        reverse("staff:login"), {"username": "co-inokashira", "password": "pw-Test-12345"}
    )
    assert right.status_code == 429


# --- The mail server unavailable ---


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2


def test_mail_server_down_the_request_is_saved_thanked_shown_to_staff_and_sent_later(
    client, settings, mail_server_down, inokashira_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/consult/", valid(), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("consultations:request-thanks"))
    case = Consultation.objects.get()
    assert case.notice_failed and case.name == "三鷹 はな"
    staff = Client()
    home = sign_in(staff, inokashira_coordinator).get("/staff/")
    assert list(home.context["unannounced"]) == [case]

    with pytest.raises(CommandError, match="could not be sent"):
        call_command("retry_notices", stdout=StringIO())  # still down: kept
    assert Consultation.objects.get().notice_failed

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    call_command("retry_notices", stdout=StringIO())
    [message] = mail.outbox
    assert str(case.pk) in message.body and "三鷹 はな" not in message.body
    case.refresh_from_db()
    assert not case.notice_failed and case.version == 1  # not an edit: no new version
    assert list(staff.get("/staff/").context["unannounced"]) == []
    call_command("retry_notices", stdout=StringIO())
    assert len(mail.outbox) == 1  # sent once


def test_mail_server_down_a_kintore_inquiry_is_sent_later_too(
    client, settings, mail_server_down, tama_layer2_coordinator, django_capture_on_commit_callbacks
):
    from tests.community.test_start_request import URL
    from tests.community.test_start_request import valid as valid_inquiry

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, valid_inquiry()).status_code == 302
    assert StartupGroup.objects.get().notice_failed
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("retry_notices", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert not StartupGroup.objects.get().notice_failed


def test_a_request_picked_up_by_staff_is_not_announced_again(
    client, settings, mail_server_down, inokashira_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/consult/", valid())
    Consultation.objects.get().start(by=inokashira_coordinator)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("retry_notices", stdout=StringIO())
    assert mail.outbox == []


# --- PostgreSQL really unreachable: the connection pointed at a dead port ---


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server to stop: PostgreSQL only")
def test_postgresql_at_a_dead_port_gives_the_503_page_and_stores_nothing(client):
    from carenet.directory.models import Municipality
    from tests.conftest import load_seed

    if not Municipality.objects.exists():
        load_seed()
    remember_help_lines()
    data = valid()
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        assert HELP_LINE in assert_polite_503(client.get("/"))
        assert NOT_SAVED in assert_polite_503(client.post("/consult/", data))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert Consultation.objects.count() == 0
    assert client.get("/").status_code == 200  # back when the server is
