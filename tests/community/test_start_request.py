"""/tama/kintore/start/: a resident's inquiry reaches the area's coordinator; bad input and
floods store nothing. The same limits as /consult/."""

import time

import pytest
from django.core import mail
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carenet.common.forms import started_token
from carenet.community.models import StartupGroup
from consultations.models import PurposeNotice

pytestmark = pytest.mark.django_db

URL = "/tama/kintore/start/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def valid(**overrides):
    data = {
        "area": "atago-kotta-kaitori",
        "town": "愛宕4丁目",
        "representative": "多摩 みどり",
        "phone": "042-000-0000",
        "email": "",
        "people": "6",
        "venue_idea": "自治会の集会所",
        "preferred_time": "毎週水曜日の午前",
        "message": "",
        "consent": "on",
        "notice": PurposeNotice.current().version,
        "started": started_token(time.time() - 60),
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_kintore_page_explains_the_promises_and_offers_to_start(client):
    body = client.get("/tama/kintore/").content.decode()
    for words in ["週1回以上開催し、3か月続ける", "5人以上で始め", "スタート応援講座", URL]:
        assert words in body


def test_a_city_without_kintore_has_no_kintore_pages(client):
    assert client.get("/mitaka/kintore/").status_code == 404
    assert client.get("/mitaka/kintore/start/").status_code == 404
    assert client.post("/mitaka/kintore/start/", valid()).status_code == 404
    assert client.get("/nowhere/kintore/").status_code == 404


def test_the_form_states_the_purpose_and_asks_for_consent(client):
    body = client.get(URL).content.decode()
    assert PurposeNotice.current().text.splitlines()[0] in body
    assert 'name="consent"' in body


def test_an_inquiry_becomes_a_start_up_case_for_the_areas_coordinator(
    client, tama_layer2_coordinator
):
    response = client.post(URL, valid())
    assert response.status_code == 302
    assert response["Location"] == "/tama/kintore/start/thanks/"
    group = StartupGroup.objects.get()
    assert group.stage == StartupGroup.Stage.INQUIRY
    assert group.channel == StartupGroup.Channel.WEB
    assert group.assignee == tama_layer2_coordinator
    assert group.municipality.slug == "tama"
    assert (group.area.slug, group.people, group.representative) == (
        "atago-kotta-kaitori",
        6,
        "多摩 みどり",
    )
    assert group.consent_notice == PurposeNotice.current()
    assert group.consented_at is not None


def test_the_staff_are_told_by_email_without_personal_data(
    client,
    tama_layer2_coordinator,
    tama_supervisor,
    mitaka_supervisor,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {tama_layer2_coordinator.email, tama_supervisor.email}
    text = message.subject + message.body
    assert "多摩 みどり" not in text and "042-000-0000" not in text
    assert f"/staff/kintore/{StartupGroup.objects.get().pk}/" in message.body


def test_a_failed_mail_is_shown_on_the_staff_page_instead(
    client, tama_layer2_coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    from carenet.community import services

    def broken(group):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "notify", broken)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, valid()).status_code == 302
    assert StartupGroup.objects.get().notice_failed


def test_a_town_is_enough_when_the_area_is_not_known(client, tama_supervisor):
    assert client.post(URL, valid(area="", town="乞田")).status_code == 302
    group = StartupGroup.objects.get()
    assert group.area is None and group.assignee is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": ""}, "利用目的への同意が必要です"),
        ({"area": "inokashira"}, "正しく選択してください"),  # another city's area
        ({"area": "", "town": ""}, "地域を選ぶか、町名を書いてください"),
        ({"representative": ""}, "このフィールドは必須です"),
        ({"phone": "", "email": ""}, "電話番号かメールアドレスを入れてください"),
        ({"phone": "call me"}, "電話番号は数字とハイフンで"),
        ({"email": "not-an-address"}, "有効なメールアドレス"),
        ({"people": ""}, "人数を数字で入れてください"),
        ({"people": "たくさん"}, "人数は数字で入れてください"),
        ({"people": "0"}, "人数は1以上"),
        ({"people": "100000"}, "500までの数字"),
        ({"representative": "あ" * 51}, "50 文字以下"),
        ({"message": "あ" * 2001}, "2000 文字以下"),
        ({"venue_idea": "集会所\x1b[31m"}, "制御文字"),
        ({"town": "愛宕\u202e"}, "目に見えない特殊な文字"),
        ({"town": "愛宕\n乞田"}, "改行を入れられません"),
        ({"notice": "1999-old"}, "利用目的の内容が更新されました"),
        ({"started": "forged"}, "時間が経ちすぎました"),
        ({"started": "JUST_NOW"}, "送信が早すぎました"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_stores_nothing(client, overrides, message):
    if overrides.get("started") == "JUST_NOW":
        overrides = {"started": started_token(time.time() - 1)}
    response = client.post(URL, valid(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StartupGroup.objects.exists()
    assert mail.outbox == []


def test_the_same_page_sent_twice_is_stored_once(client):
    data = valid()
    assert client.post(URL, data).status_code == 302
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "すでに送信されています" in response.content.decode()
    assert StartupGroup.objects.count() == 1


def test_honeypot_filled_in_stores_nothing(client):
    response = client.post(URL, valid(website="http://spam.example"))
    assert response.status_code == 302
    assert not StartupGroup.objects.exists()


def test_csrf_is_required():
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(URL, valid()).status_code == 403
    assert not StartupGroup.objects.exists()


def test_a_flood_from_one_address_gets_a_polite_429_counted_apart_from_consult(client, settings):
    settings.CONSULT_RATE = "2/h"
    for _ in range(2):
        assert client.post(URL, valid()).status_code == 302
    response = client.post(URL, valid())
    assert response.status_code == 429
    assert "しばらくしてからお試しください" in response.content.decode()
    assert StartupGroup.objects.count() == 2
    # /consult/ keeps its own count: a resident can still ask for help.
    assert client.post("/consult/", {}).status_code == 200


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(area=text, town=text, representative=text, phone=text, people=text, venue=text)
def test_a_flood_of_arbitrary_input_never_errors_and_never_half_saves(
    client, area, town, representative, phone, people, venue
):
    cache.clear()
    before = StartupGroup.objects.count()
    data = valid(
        area=area,
        town=town,
        representative=representative,
        phone=phone,
        people=people,
        venue_idea=venue,
    )
    response = client.post(URL, data)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert StartupGroup.objects.count() == before
