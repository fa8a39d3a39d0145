"""/consult/ from an attacker's side: replayed tokens, invisible characters, malformed input, and a
mail server that fails. None of it gives a 500, and nothing is stored twice or half."""

import logging
import re
import smtplib
import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.core.mail import BadHeaderError
from django.core.mail.backends.base import BaseEmailBackend

from carenet.common.text import search_key
from carenet.directory.models import Area
from consultations.forms import (
    TIMESTAMP_SALT,
    ConsultationAdminForm,
    IntakeForm,
    started_token,
)
from consultations.models import Consultation
from tests.conftest import sign_in
from tests.consultations.test_resident_request import valid

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    # The rate limit and the used tokens both live in the cache.
    cache.clear()
    yield
    cache.clear()


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message, in the way the test asks for."""

    error = smtplib.SMTPException("550 relay refused")

    def send_messages(self, messages):
        raise self.error


# --- F15: a mail failure after the request is stored ---


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPException("550 relay refused"),
        BadHeaderError("Header values can't contain newlines"),
        ConnectionRefusedError(111, "Connection refused"),
    ],
)
def test_a_failing_mail_server_still_thanks_the_resident_and_keeps_the_request_once(
    client,
    settings,
    caplog,
    monkeypatch,
    inokashira_coordinator,
    django_capture_on_commit_callbacks,
    error,
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    monkeypatch.setattr(FailingBackend, "error", error)
    with caplog.at_level(logging.ERROR, logger="carenet.notifications"):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post("/consult/", valid())
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response["Location"] == "/consult/thanks/?city=mitaka"
    assert Consultation.objects.count() == 1
    [record] = [r for r in caplog.records if r.name == "carenet.notifications"]
    assert record.exc_info[1] is error
    assert str(Consultation.objects.get().pk) in record.getMessage()


def test_staff_are_shown_a_request_whose_mail_failed(
    client,
    settings,
    inokashira_coordinator,
    osawa_coordinator,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/consult/", valid()).status_code == 302
    case = Consultation.objects.get()
    assert case.notice_failed and case.version == 1
    home = sign_in(client, inokashira_coordinator).get("/staff/")
    assert list(home.context["unannounced"]) == [case]
    assert "メールでお知らせできなかった" in home.content.decode()
    other = sign_in(client, osawa_coordinator).get("/staff/")
    assert list(other.context["unannounced"]) == []
    case.start(by=inokashira_coordinator)  # someone has picked it up: no longer a warning
    assert list(sign_in(client, inokashira_coordinator).get("/staff/").context["unannounced"]) == []


def test_a_sent_mail_leaves_no_warning(
    client, inokashira_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/consult/", valid()).status_code == 302
    assert not Consultation.objects.get().notice_failed
    assert list(sign_in(client, inokashira_coordinator).get("/staff/").context["unannounced"]) == []


def test_a_line_break_in_an_area_name_does_not_break_the_mail(
    client, inokashira_coordinator, django_capture_on_commit_callbacks
):
    Area.objects.filter(slug="inokashira").update(name="井の頭\r\nBcc: evil@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/consult/", valid()).status_code == 302
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "井の頭 Bcc: evil@example.invalid" in message.subject
    assert message.recipients() == [inokashira_coordinator.email]


# --- F16: malformed input from anyone ---


@pytest.mark.parametrize("city", ["%00", "mitaka%00"])
def test_a_null_character_in_the_address_gets_a_japanese_400(client, city):
    response = client.get(f"/consult/thanks/?city={city}")
    assert response.status_code == 400
    assert "使えない文字" in response.content.decode()


@pytest.mark.parametrize("city", ["%0Amitaka", "%E3%81%82", "mi%20taka", "-" * 300])
def test_thanks_page_ignores_a_malformed_city(client, city):
    response = client.get(f"/consult/thanks/?city={city}")
    assert response.status_code == 200
    assert response.context["city"] is None
    assert "受け付けました" in response.content.decode()


@pytest.mark.parametrize(
    "field",
    [
        "city",
        "area",
        "town",
        "requester",
        "name",
        "name_kana",
        "contact_preference",
        "phone",
        "email",
        "topics",
        "summary",
        "notice",
        "started",
    ],
)
def test_a_nul_character_in_any_field_gets_a_japanese_message(client, field):
    response = client.post("/consult/", valid(**{field: "ab\x00c"}))
    assert response.status_code == 200
    assert "入力内容に確認が必要なところがあります" in response.content.decode()
    assert response.context["form"].errors[field]
    assert not Consultation.objects.exists()


# --- F18: the form's token is good for one request ---


def token_from(response):
    return re.search(r'name="started" value="([^"]+)"', response.content.decode())[1]


@pytest.fixture
def no_wait(settings):
    settings.CONSULT_MIN_SECONDS = 0


def test_the_same_page_cannot_be_sent_twice(client, no_wait):
    token = token_from(client.get("/consult/"))
    assert client.post("/consult/", valid(started=token)).status_code == 302
    replay = client.post("/consult/", valid(started=token))
    assert replay.status_code == 200
    assert "この画面からはすでに送信されています" in replay.content.decode()
    assert Consultation.objects.count() == 1
    # The page shown again carries a new token, so a real second request can still be sent.
    fresh = token_from(replay)
    assert fresh != token
    assert client.post("/consult/", valid(started=fresh)).status_code == 302
    assert Consultation.objects.count() == 2


def test_a_correction_does_not_use_up_the_token(client, no_wait):
    token = token_from(client.get("/consult/"))
    mistake = client.post("/consult/", valid(started=token, consent=""))
    assert mistake.status_code == 200
    assert token_from(mistake) == token
    assert client.post("/consult/", valid(started=token)).status_code == 302
    assert Consultation.objects.count() == 1


def tampered(token):
    payload, rest = token.split(":", 1)
    return ("A" if payload[0] != "A" else "B") + payload[1:] + ":" + rest


@pytest.mark.parametrize(
    "make",
    [
        tampered,
        lambda token: signing.dumps({"t": 0, "n": "mine"}, salt=TIMESTAMP_SALT, key="guess"),
        # The old form of token (a bare timestamp) carries no nonce: it could be replayed.
        lambda token: signing.dumps(0.0, salt=TIMESTAMP_SALT),
        lambda token: signing.dumps({"t": 0}, salt=TIMESTAMP_SALT),
        lambda token: "",
    ],
    ids=["edited", "wrong-key", "old-format", "no-nonce", "empty"],
)
def test_a_tampered_or_old_token_is_refused(client, no_wait, make):
    token = make(token_from(client.get("/consult/")))
    response = client.post("/consult/", valid(started=token))
    assert response.status_code == 200
    assert response.context["form"].has_error("started")
    assert not Consultation.objects.exists()


def test_an_expired_page_can_be_sent_again_without_retyping(client, no_wait, monkeypatch):
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 3 * 60 * 60)
    old = started_token()
    monkeypatch.setattr(time, "time", real_time)
    expired = client.post("/consult/", valid(started=old))
    assert "時間が経ちすぎました" in expired.content.decode()
    assert not Consultation.objects.exists()
    assert client.post("/consult/", valid(started=token_from(expired))).status_code == 302


# --- F19: invisible characters and line breaks ---


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "山田\u202eはな", "目に見えない特殊な文字"),
        ("name_kana", "やま\u200bだ", "目に見えない特殊な文字"),
        ("town", "井の頭\u20662丁目\u2069", "目に見えない特殊な文字"),
        ("town", "井の頭\u200d2丁目", "目に見えない特殊な文字"),
        ("name", "\ufeff山田", "目に見えない特殊な文字"),
        ("summary", "母の\u202e介護について", "目に見えない特殊な文字"),
        ("name", "山田\r\nはな", "改行を入れられません"),
        ("name", "山田\nはな", "改行を入れられません"),
        ("town", "井の頭\u20282丁目", "改行を入れられません"),
        ("summary", "母の\x85介護", "制御文字"),
    ],
)
def test_invisible_characters_and_line_breaks_are_refused(client, field, value, message):
    response = client.post("/consult/", valid(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_summary_keeps_its_line_breaks(client):
    assert client.post("/consult/", valid(summary="1行目\r\n2行目")).status_code == 302
    assert Consultation.objects.get().summary.splitlines() == ["1行目", "2行目"]


def test_a_zero_width_space_does_not_hide_a_name_from_search():
    assert search_key("や\u200bまだ") == search_key("やまだ")
    assert search_key("ヤ\u202eマダ") == "やまだ"


def test_staff_forms_refuse_the_same_characters(mitaka_supervisor):
    data = {"name": "山田\u202eはな", "name_kana": "やま\nだ", "summary": "1行目\n2行目"}
    for form in (
        IntakeForm(data=data, profile=mitaka_supervisor.staff_profile),
        ConsultationAdminForm(data=data),
    ):
        assert "目に見えない特殊な文字" in str(form.errors["name"])
        assert "改行を入れられません" in str(form.errors["name_kana"])
        assert "summary" not in form.errors
