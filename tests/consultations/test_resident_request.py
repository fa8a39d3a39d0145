"""/consult/: a request reaches the right coordinator; bad input and floods store nothing."""

import time

import pytest
from django.core import mail
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.forms import started_token
from consultations.models import Consultation, PurposeNotice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def started(seconds_ago=60):
    return started_token(time.time() - seconds_ago)


def valid(**overrides):
    data = {
        "city": "mitaka",
        "area": "inokashira",
        "town": "",
        "requester": "family",
        "name": "三鷹 はな",
        "name_kana": "みたか はな",
        "contact_preference": "phone",
        "phone": "0422-00-0000",
        "email": "",
        "topics": ["8"],
        "summary": "母の介護について相談したいです。",
        "consent": "on",
        "notice": PurposeNotice.current().version,
        "started": started(),
        "website": "",
    }
    data.update(overrides)
    return data


def test_form_states_the_purpose_and_asks_for_consent(client):
    body = client.get("/consult/").content.decode()
    assert "個人情報の利用目的" in body
    assert PurposeNotice.current().text.splitlines()[0] in body
    assert 'name="consent"' in body


def test_request_becomes_a_received_consultation_for_the_areas_coordinator(
    client, inokashira_coordinator, osawa_coordinator
):
    response = client.post("/consult/", valid())
    assert response.status_code == 302
    assert response["Location"] == "/consult/thanks/?city=mitaka"
    consultation = Consultation.objects.get()
    assert consultation.status == Consultation.Status.RECEIVED
    assert consultation.channel == Consultation.Channel.WEB
    assert consultation.assignee == inokashira_coordinator
    assert consultation.area.slug == "inokashira"
    assert consultation.consent_notice == PurposeNotice.current()
    assert consultation.consented_at is not None
    assert [t.name for t in consultation.topics.all()] == ["介護"]


def test_the_council_is_told_by_email_without_personal_data(
    client,
    inokashira_coordinator,
    mitaka_supervisor,
    tama_supervisor,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/consult/", valid())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {inokashira_coordinator.email, mitaka_supervisor.email}
    assert "三鷹 はな" not in message.body + message.subject
    assert "介護" not in message.body
    assert "/admin/consultations/consultation/" in message.body


def test_thank_you_page_gives_the_coordinators_phone_number(client):
    body = client.get("/consult/thanks/?city=mitaka").content.decode()
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    assert "受け付けました" in main
    assert "0422-76-1271" in main
    assert "042-373-5616" not in main


def test_an_anonymous_request_is_welcome(client):
    assert client.post("/consult/", valid(name="", name_kana="")).status_code == 302
    assert Consultation.objects.get().name == ""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": ""}, "利用目的への同意が必要です"),
        ({"area": "no-such-area"}, "正しく選択してください"),
        ({"area": "sakuragaoka"}, "選んだ市の中の地域を選んでください"),
        ({"city": "osaka"}, "正しく選択してください"),
        ({"summary": ""}, "このフィールドは必須です"),
        ({"summary": "あ" * 2001}, "2000 文字以下"),
        ({"name": "あ" * 51}, "50 文字以下"),
        ({"summary": "ふつうの文\x1b[31m"}, "制御文字"),
        ({"name": "\x00"}, "制御文字"),
        ({"phone": "call me"}, "電話番号は数字とハイフンで"),
        ({"phone": ""}, "電話番号を入力してください"),
        ({"contact_preference": "email", "email": ""}, "メールアドレスを入力してください"),
        ({"email": "not-an-address", "contact_preference": "email"}, "有効なメールアドレス"),
        ({"notice": "1999-old"}, "利用目的の内容が更新されました"),
        ({"started": "forged"}, "時間が経ちすぎました"),
        ({"started": "JUST_NOW"}, "送信が早すぎました"),
        ({"requester": "stranger"}, "正しく選択してください"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_stores_nothing(client, overrides, message):
    if overrides.get("started") == "JUST_NOW":
        overrides = {"started": started(seconds_ago=1)}
    response = client.post("/consult/", valid(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consultation.objects.exists()
    assert mail.outbox == []


def test_honeypot_filled_in_stores_nothing_and_tells_the_robot_nothing(client):
    response = client.post("/consult/", valid(website="http://spam.example"))
    assert response.status_code == 302
    assert not Consultation.objects.exists()


def test_honeypot_is_hidden_from_people_and_screen_readers(client):
    body = client.get("/consult/").content.decode()
    assert '<div class="hp" aria-hidden="true">' in body
    honeypot = body.split('<div class="hp" aria-hidden="true">', 1)[1].split("</div>", 1)[0]
    assert 'name="website"' in honeypot
    assert 'tabindex="-1"' in honeypot


def test_csrf_is_required(inokashira_coordinator):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/consult/", valid()).status_code == 403
    assert not Consultation.objects.exists()


def test_a_flood_from_one_address_gets_a_polite_429_with_the_phone_number(client, settings):
    settings.CONSULT_RATE = "3/h"
    for _ in range(3):
        assert client.post("/consult/", valid()).status_code == 302
    response = client.post("/consult/", valid())
    assert response.status_code == 429
    body = response.content.decode()
    assert "しばらくしてからお試しください" in body
    assert "0422-76-1271" in body
    assert Consultation.objects.count() == 3
    other = client.post("/consult/", valid(), REMOTE_ADDR="127.0.0.2")
    assert other.status_code == 302


def test_get_and_post_only(client):
    assert client.put("/consult/").status_code == 405


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(city=text, area=text, name=text, phone=text, summary=text, email=text, requester=text)
def test_a_flood_of_arbitrary_input_never_errors_and_never_half_saves(
    client, city, area, name, phone, summary, email, requester
):
    cache.clear()
    before = Consultation.objects.count()
    data = valid(
        city=city,
        area=area,
        name=name,
        phone=phone,
        summary=summary,
        email=email,
        requester=requester,
    )
    response = client.post("/consult/", data)
    assert response.status_code in {200, 302}
    after = Consultation.objects.count()
    if response.status_code == 200:
        assert after == before
    else:
        assert after in {before, before + 1}
