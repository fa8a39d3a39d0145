"""Rosters are personal data: the staff of the event's area and city keep them; nobody else reads
or writes them (attacker tests as for consultations). Applicants are erased after the event."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from carenet.events.models import Application
from carenet.front.management.commands.setup_demo import reset_demo_organiser
from tests.conftest import make_account, make_staff, sign_in
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    event = make_event(capacity=2)  # 井の頭
    Application.take(event, name="三鷹 はな", phone="0422-11-1111", party_size=1)
    return event


def roster_urls(event):
    first = event.applications.first()
    return {
        "get": [
            f"/staff/events/{event.slug}/roster/",
            f"/staff/events/{event.slug}/roster/print/",
            f"/staff/events/{event.slug}/roster.csv",
        ],
        "post": [
            (f"/staff/events/{event.slug}/roster/add/", {"channel": "phone", "name": "侵入"}),
            (f"/staff/events/{event.slug}/roster/{first.pk}/attended/", {"attended": "yes"}),
            (f"/staff/events/{event.slug}/roster/{first.pk}/cancel/", {}),
        ],
    }


def state(event):
    return list(event.applications.values_list("name", "status", "attended").order_by("pk"))


def test_the_areas_coordinator_keeps_the_roster(inokashira_client, event):
    page = inokashira_client.get(f"/staff/events/{event.slug}/roster/").content.decode()
    assert "三鷹 はな" in page and "0422-11-1111" in page
    response = inokashira_client.post(
        f"/staff/events/{event.slug}/roster/add/",
        {"channel": "phone", "name": "電話 たろう", "phone": "0422-22-2222", "party_size": "1"},
    )
    assert response.status_code == 302
    added = event.applications.matching_name("電話 たろう").get()
    assert (added.channel, added.status, added.created_by.username) == (
        "phone",
        "confirmed",
        "co-inokashira",
    )
    first = event.applications.matching_name("三鷹 はな").get()
    inokashira_client.post(
        f"/staff/events/{event.slug}/roster/{first.pk}/attended/", {"attended": "yes"}
    )
    first.refresh_from_db()
    assert first.attended is True
    csv = inokashira_client.get(f"/staff/events/{event.slug}/roster.csv")
    assert "電話 たろう" in csv.content.decode("utf-8-sig")
    printed = inokashira_client.get(f"/staff/events/{event.slug}/roster/print/")
    assert printed.status_code == 200 and "シュレッダー" in printed.content.decode()


def test_the_citys_supervisor_keeps_it_too(mitaka_client, event):
    assert mitaka_client.get(f"/staff/events/{event.slug}/roster/").status_code == 200


def test_a_staff_cancellation_moves_the_waiting_list_up(inokashira_client, event):
    Application.take(event, name="二人目", phone="2", party_size=1)
    waiting = Application.take(event, name="待つ人", phone="3", party_size=1)
    assert waiting.status == "waiting"
    first = event.applications.matching_name("三鷹 はな").get()
    response = inokashira_client.post(f"/staff/events/{event.slug}/roster/{first.pk}/cancel/")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


@pytest.mark.parametrize(
    "who",
    ["other_area", "other_city", "central_directory", "access_admin", "organiser", "resident"],
)
def test_nobody_else_reads_or_writes_the_roster(event, who):
    client = Client()
    if who == "other_area":
        sign_in(client, make_staff("co-osawa-x", "mitaka", "areas", ["osawa"]))
    elif who == "other_city":
        sign_in(client, make_staff("sv-tama-x", "tama", "city"))
    elif who == "central_directory":
        sign_in(client, make_account("dir-x", "directory_admin"))
    elif who == "access_admin":
        sign_in(client, make_account("acc-x", "access_admin"))
    elif who == "organiser":
        client.force_login(reset_demo_organiser("pw-Test-12345").user)
    else:  # a signed-in account with no role at all
        client.force_login(get_user_model().objects.create_user("resident-x"))
    before = state(event)
    urls = roster_urls(event)
    for url in urls["get"]:
        response = client.get(url)
        assert response.status_code in (403, 404), (who, url)
        assert "三鷹 はな" not in response.content.decode()
    for url, data in urls["post"]:
        assert client.post(url, data).status_code in (403, 404), (who, url)
    assert state(event) == before
    admin = client.get("/admin/events/application/")
    assert "三鷹 はな" not in admin.content.decode() and admin.status_code in (200, 302, 403)


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    before = state(event)
    urls = roster_urls(event)
    for url in urls["get"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    for url, data in urls["post"]:
        assert client.post(url, data).status_code == 302
    assert state(event) == before


def test_bad_phone_application_input_is_refused_in_japanese(inokashira_client, event):
    before = state(event)
    response = inokashira_client.post(
        f"/staff/events/{event.slug}/roster/add/",
        {"channel": "web", "name": "", "phone": "abc", "party_size": "0"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "数字とハイフン" in body
    assert state(event) == before


def test_applicants_are_erased_a_set_time_after_the_event_and_counts_stay(settings, fixed_today):
    settings.EVENT_APPLICANT_RETENTION_DAYS = 90
    past = make_event(slug="past", days_ahead=(-91,))
    recent = make_event(slug="recent", days_ahead=(-89,))
    for event in (past, recent):
        Application.take(event, name="消える人", phone="0422-11-1111", email="a@example.invalid")
    out = io.StringIO()
    call_command("erase_event_applicants", stdout=out)
    assert "erased the personal data of 1 applications" in out.getvalue()
    gone = past.applications.get()
    assert (gone.name, gone.phone, gone.email, gone.erased_at is not None) == ("", "", "", True)
    assert (gone.status, gone.party_size) == ("confirmed", 1)
    assert recent.applications.get().name == "消える人"
    # The history never held a copy of the personal data.
    kept = {field.name for field in gone.history.model._meta.fields}
    assert not kept & {"name", "name_kana", "phone", "email", "note"}
    call_command("erase_event_applicants", stdout=out)
    assert past.applications.get().erased_at == gone.erased_at


def test_an_erased_application_cannot_be_found_to_cancel(fixed_today):
    event = make_event(slug="soon", days_ahead=(5,))
    application = Application.take(event, name="人", phone="0422-11-1111")
    Application.objects.filter(pk=application.pk).erase_personal_data()
    assert Application.find(application.reference, "0422-11-1111") is None


def test_sample_events_take_sign_ups_on_a_fresh_clone(sample_data_allowed, fixed_today):
    out = io.StringIO()
    call_command("make_sample_data", "--events", "3", stdout=out)
    assert "added 3 sample events" in out.getvalue()
    from carenet.events.models import Event

    samples = Event.objects.filter(is_sample=True)
    assert samples.count() == 3
    assert all(e.title.startswith("【サンプル】") and e.takes_online_signups for e in samples)
    assert all(e.signup_closed_reason() == "" for e in samples)
    call_command("make_sample_data", "--clear", stdout=out)
    assert not Event.objects.filter(is_sample=True).exists()


def test_staff_home_lists_my_areas_events_with_seats_taken(inokashira_client, event):
    from django.test import Client

    page = inokashira_client.get("/staff/")
    assert [e.slug for e in page.context["sign_up_events"]] == [event.slug]
    assert "1人 / 定員2人" in page.content.decode()
    assert f"/staff/events/{event.slug}/roster/" in page.content.decode()
    other = sign_in(Client(), make_staff("co-osawa-y", "mitaka", "areas", ["osawa"]))
    assert list(other.get("/staff/").context["sign_up_events"]) == []
