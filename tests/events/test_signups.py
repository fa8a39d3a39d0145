"""Residents sign up for an event: a seat or the waiting list, a reference number, cancelling with
it and their phone number; the deadline closes the form; bad input and floods store nothing."""

import datetime as dt
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carenet.common.forms import started_token
from carenet.events import notice
from carenet.events.models import Application, Event
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def form(**overrides):
    data = {
        "name": "三鷹 はな",
        "name_kana": "みたか はな",
        "phone": "0422-00-0000",
        "email": "",
        "party_size": "1",
        "note": "",
        "consent": "on",
        "started": started_token(time.time() - 60),
        "website": "",
    }
    data.update(overrides)
    return data


def apply(client, event, **overrides):
    return client.post(f"/events/{event.slug}/apply/", form(**overrides))


def statuses(event):
    return list(event.applications.order_by("created_at", "pk").values_list("status", flat=True))


# --- Signing up ---


def test_a_resident_signs_up_and_gets_a_reference_number_on_the_page_and_by_mail(
    client, fixed_today, django_capture_on_commit_callbacks
):
    event = make_event()
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert "残り10席" in page and f"/events/{event.slug}/apply/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, event, email="hana@example.invalid", party_size="2")
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.status, application.party_size, application.consent_version) == (
        Application.Status.CONFIRMED,
        2,
        notice.VERSION,
    )
    done = client.get(response["Location"]).content.decode()
    assert application.reference in done and "申込を受け付けました" in done
    assert len(mail.outbox) == 1 and application.reference in mail.outbox[0].subject
    assert f"/events/{event.slug}/cancel/" in mail.outbox[0].body
    assert "12月2日(水) 午後1時30分〜3時" in mail.outbox[0].body  # words, as on the page
    assert "残り8席" in client.get(f"/events/{event.slug}/").content.decode()


def test_the_reference_page_is_only_for_the_browser_that_signed_up(client, fixed_today):
    event = make_event()
    apply(client, event)
    client.cookies.clear()
    response = client.get(f"/events/{event.slug}/apply/done/")
    assert response.status_code == 200
    assert Application.objects.get().reference not in response.content.decode()
    assert "申込の直後" in response.content.decode()


def test_when_full_newcomers_wait_in_order_and_a_cancellation_moves_the_first_up(
    client, fixed_today
):
    event = make_event(capacity=3)
    apply(client, event, party_size="2", phone="0422-11-1111")
    apply(client, event, party_size="1", phone="0422-22-2222")
    apply(client, event, party_size="1", phone="0422-33-3333")  # full: waits
    apply(client, event, party_size="1", phone="0422-44-4444")  # waits behind
    assert statuses(event) == ["confirmed", "confirmed", "waiting", "waiting"]
    assert "満席" in client.get(f"/events/{event.slug}/").content.decode()

    first = event.applications.matching_name("0422-11-1111").get()
    response = client.post(
        f"/events/{event.slug}/cancel/",
        {"reference": first.reference.lower(), "phone": "０４２２１１１１１１"},
    )
    assert response.status_code == 302
    # Two seats freed: both who waited move up, in order.
    assert statuses(event) == ["cancelled", "confirmed", "confirmed", "confirmed"]


def test_a_party_that_does_not_fit_keeps_its_place_in_the_queue(fixed_today):
    event = make_event(capacity=3)
    a = Application.take(event, name="A", phone="1", party_size=2)
    Application.take(event, name="B", phone="2", party_size=1)
    big = Application.take(event, name="C", phone="3", party_size=3)
    small = Application.take(event, name="D", phone="4", party_size=1)
    assert (big.status, small.status) == ("waiting", "waiting")
    moved = a.cancel()  # 2 seats free: C (3) does not fit, and D may not jump the queue
    assert moved == []
    big.refresh_from_db()
    small.refresh_from_db()
    assert (big.status, small.status) == ("waiting", "waiting")


def test_cancelling_needs_the_matching_phone_and_never_reaches_another_event(client, fixed_today):
    event = make_event()
    other = make_event(slug="taisou", title="体操")
    apply(client, event, phone="0422-11-1111")
    mine = Application.objects.get()
    for target, phone in ((event, "0422-99-9999"), (other, "0422-11-1111")):
        response = client.post(
            f"/events/{target.slug}/cancel/", {"reference": mine.reference, "phone": phone}
        )
        assert response.status_code == 200
        assert "見つかりません" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Application.Status.CONFIRMED


def test_after_the_deadline_the_form_is_closed_and_says_whom_to_phone(client, fixed_today):
    event = make_event(apply_by=dt.date(2026, 11, 20), contact_phone="0422-29-9235")
    page = client.get(f"/events/{event.slug}/apply/").content.decode()
    assert "締め切りました" in page and "0422-29-9235" in page and 'name="name"' not in page
    assert apply(client, event).status_code == 200
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": Event.Status.CANCELLED}, "中止"),
        ({"takes_online_signups": False}, "受け付けていません"),
    ],
)
def test_cancelled_or_offline_events_take_no_sign_ups(client, fixed_today, fields, reason):
    event = make_event(**fields)
    assert reason in client.get(f"/events/{event.slug}/apply/").content.decode()
    apply(client, event)
    assert not Application.objects.exists()


def test_a_past_event_takes_no_sign_ups(client, fixed_today):
    event = make_event(days_ahead=(-3,))
    assert "終わりました" in client.get(f"/events/{event.slug}/apply/").content.decode()
    apply(client, event)
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "お名前を書いてください"),
        ({"phone": ""}, "電話番号を書いてください"),
        ({"phone": "abc"}, "数字とハイフン"),
        ({"email": "not-an-address"}, "メールアドレスの形"),
        ({"party_size": "99"}, "1〜5人"),
        ({"consent": ""}, "同意が必要"),
        ({"name": "はな\x00"}, "制御文字"),
        ({"note": "あ" * 501}, "500"),
        ({"started": "forged"}, "時間が経ちすぎました"),
    ],
)
def test_bad_input_is_refused_in_japanese_and_nothing_is_saved(
    client, fixed_today, overrides, message
):
    event = make_event()
    response = apply(client, event, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_robots_and_replays_store_nothing_twice(client, fixed_today):
    event = make_event()
    assert apply(client, event, website="http://spam.example").status_code == 302
    assert not Application.objects.exists()
    data = form()
    client.post(f"/events/{event.slug}/apply/", data)
    again = client.post(f"/events/{event.slug}/apply/", data)
    assert "すでに送信されています" in again.content.decode()
    assert Application.objects.count() == 1


def test_a_flood_from_one_address_is_stopped(client, fixed_today, settings):
    settings.CONSULT_RATE = "5/h"
    event = make_event(capacity=None)
    codes = [apply(client, event).status_code for _ in range(7)]
    assert codes[:5] == [302] * 5 and codes[5:] == [429, 429]
    assert Application.objects.count() == 5


def test_guessing_reference_numbers_is_slowed_down(client, fixed_today, settings):
    settings.CONSULT_RATE = "5/h"
    event = make_event()
    codes = [
        client.post(
            f"/events/{event.slug}/cancel/", {"reference": f"GUESS{n:03d}", "phone": "0422000000"}
        ).status_code
        for n in range(7)
    ]
    assert codes[5:] == [429, 429]


# --- The list and the page ---


def test_the_list_shows_upcoming_published_events_with_cancelled_dates_marked(client, fixed_today):
    event = make_event(days_ahead=(3, 10))
    session = event.sessions.first()
    session.status = "cancelled"
    session.save()
    make_event(slug="old", title="終わった講座", days_ahead=(-5,))
    make_event(slug="hidden", title="非公開の講座", is_published=False)
    body = client.get("/events/").content.decode()
    assert "防災講座" in body and "中止" in body
    assert "終わった講座" not in body and "非公開の講座" not in body
    assert client.get("/events/hidden/").status_code == 404


def test_filters_by_city_area_kind_month_and_words(client, fixed_today):
    make_event()
    make_event(
        "atago-kotta-kaitori", slug="tama-taisou", title="体操の会", title_kana="", kind="health"
    )

    def titles(**query):
        return [e.title for e in client.get("/events/", query).context["events"]]

    assert titles(city="tama") == ["体操の会"]
    assert titles(area="tama-hokubu") == ["体操の会"]  # the 圏域 holds the district
    assert titles(kind="course") == ["防災講座"]
    assert sorted(titles(month="2026-12")) == sorted(["防災講座", "体操の会"])
    assert titles(month="2027-05") == []
    assert titles(q="ぼうさい") == ["防災講座"]
    assert client.get("/events/", {"month": "nonsense"}).status_code == 200


def test_the_list_keeps_a_fixed_number_of_queries(client, fixed_today):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/events/").status_code == 200
        return len(captured)

    for n in range(3):
        make_event(slug=f"few-{n}", days_ahead=(5, 12))
    few = count()
    for n in range(30):
        make_event(slug=f"many-{n}", days_ahead=(5, 12, 19))
    assert count() == few


def test_whoever_moves_up_from_the_waiting_list_is_told_by_mail(client, fixed_today):
    event = make_event(capacity=1)
    first = Application.take(event, name="先の人", phone="0422-11-1111")
    waiting = Application.take(
        event, name="待つ人", phone="0422-22-2222", email="matsu@example.invalid"
    )
    response = client.post(
        f"/events/{event.slug}/cancel/", {"reference": first.reference, "phone": "0422-11-1111"}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["matsu@example.invalid"]]
    assert waiting.reference in mail.outbox[0].subject
