"""「情報の誤りを知らせる」: a resident's correction reaches the staff of that place's area, and
only them; it never changes the public page by itself; it is closed with a note (issue #9)."""

import time

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carenet.common.forms import started_token
from carenet.front.management.commands.setup_demo import reset_demo_organiser
from salons.models import PlaceReport, Salon

pytestmark = pytest.mark.django_db

INOKASHIRA_PLACE = "fureai-salon-inokashira"
OSAWA_PLACE = "salon-osawa"


@pytest.fixture(autouse=True)
def fresh_cache():
    # The rate limit and the used tokens both live in the cache.
    cache.clear()
    yield
    cache.clear()


def report(**overrides):
    data = {
        "what": "12月から第3木曜日に変わったそうです。",
        "contact": "",
        "started": started_token(time.time() - 60),
        "website": "",
    }
    data.update(overrides)
    if data["started"] == "just now":
        data["started"] = started_token()
    return data


def send(client, slug=INOKASHIRA_PLACE, **overrides):
    return client.post(f"/salons/{slug}/report/", report(**overrides))


def page_state(slug):
    salon = Salon.objects.get(slug=slug)
    return (
        salon.name,
        salon.description,
        salon.updated_at,
        list(salon.schedules.values_list("pk", "weekday", "week_of_month")),
        salon.history.count(),
    )


# --- The resident's side ---


def test_every_place_page_links_to_the_form(client):
    for salon in Salon.objects.published():
        body = client.get(salon.get_absolute_url()).content.decode()
        assert f'href="/salons/{salon.slug}/report/"' in body, salon.slug


def test_a_report_needs_no_personal_data_and_changes_nothing_on_the_page(client):
    before = page_state(INOKASHIRA_PLACE)
    form = client.get(f"/salons/{INOKASHIRA_PLACE}/report/").content.decode()
    assert "お名前や住所は要りません" in form and 'name="name"' not in form
    response = send(client)
    assert response.status_code == 302
    assert response["Location"] == f"/salons/{INOKASHIRA_PLACE}/report/thanks/"
    saved = PlaceReport.objects.get()
    assert (saved.salon.slug, saved.what, saved.contact) == (
        INOKASHIRA_PLACE,
        "12月から第3木曜日に変わったそうです。",
        "",
    )
    assert page_state(INOKASHIRA_PLACE) == before
    assert "第3木曜日に変わった" not in client.get(f"/salons/{INOKASHIRA_PLACE}/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"what": ""}, "まちがっているところを書いてください"),
        ({"what": "あ" * 1001}, "1000文字以内"),
        ({"what": "日付\x00が違う"}, "制御文字"),
        ({"what": "日付\u202eが違う"}, "目に見えない特殊な文字"),
        ({"contact": "0" * 201}, "200文字以内"),
        ({"contact": "0422\n-00"}, "改行"),
        ({"started": "forged"}, "時間が経ちすぎました"),
        ({"started": "just now"}, "送信が早すぎました"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_saves_nothing(client, overrides, message):
    response = send(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PlaceReport.objects.exists()


def test_robots_filling_the_honeypot_are_thanked_and_nothing_is_kept(client):
    response = send(client, website="http://spam.example")
    assert response.status_code == 302
    assert not PlaceReport.objects.exists()


def test_the_same_page_sent_twice_is_kept_once(client):
    data = report()
    assert client.post(f"/salons/{INOKASHIRA_PLACE}/report/", data).status_code == 302
    again = client.post(f"/salons/{INOKASHIRA_PLACE}/report/", data)
    assert "すでに送信されています" in again.content.decode()
    assert PlaceReport.objects.count() == 1


def test_a_flood_from_one_address_is_stopped_like_consult(client, settings):
    settings.CONSULT_RATE = "5/h"
    statuses = [send(client).status_code for _ in range(7)]
    assert statuses[:5] == [302] * 5 and statuses[5:] == [429, 429]
    assert PlaceReport.objects.count() == 5


def test_places_residents_cannot_see_cannot_be_reported(client):
    salon = Salon.objects.get(slug=INOKASHIRA_PLACE)
    salon.status = Salon.Status.UNCONFIRMED
    salon.save()
    assert client.get(f"/salons/{INOKASHIRA_PLACE}/report/").status_code == 404
    assert send(client).status_code == 404
    assert send(client, slug="no-such-place").status_code == 404
    assert not PlaceReport.objects.exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(what=st.text(max_size=1200), contact=st.text(max_size=250))
def test_any_text_is_either_kept_as_sent_or_refused_never_a_server_error(client, what, contact):
    cache.clear()
    before = PlaceReport.objects.count()
    response = send(client, what=what, contact=contact)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert PlaceReport.objects.count() == before + 1
        assert PlaceReport.objects.latest("pk").what == what.strip()
    else:
        assert PlaceReport.objects.count() == before


# --- The staff side: only that place's area staff (and the city's) ---


def reports_on_staff_home(client):
    response = client.get("/staff/")
    assert response.status_code == 200
    return list(response.context["reports"])


def test_a_report_reaches_the_areas_coordinator_and_the_city_only(
    client, inokashira_client, osawa_coordinator, tama_supervisor, mitaka_supervisor
):
    from tests.conftest import sign_in

    send(client)
    saved = PlaceReport.objects.get()
    assert reports_on_staff_home(inokashira_client) == [saved]
    for user in (osawa_coordinator, tama_supervisor):
        assert reports_on_staff_home(sign_in(client, user)) == [], user.username
    assert reports_on_staff_home(sign_in(client, mitaka_supervisor)) == [saved]


def test_the_coordinator_closes_it_with_a_note(inokashira_client, inokashira_coordinator, client):
    send(client)
    saved = PlaceReport.objects.get()
    response = inokashira_client.post(
        f"/staff/reports/{saved.pk}/resolve/", {"resolution": "電話で確かめ、日程を直した"}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.is_resolved and saved.resolved_by == inokashira_coordinator
    assert saved.resolution == "電話で確かめ、日程を直した"
    assert reports_on_staff_home(inokashira_client) == []
    # Closing twice does not overwrite the first note.
    inokashira_client.post(f"/staff/reports/{saved.pk}/resolve/", {"resolution": "上書き"})
    saved.refresh_from_db()
    assert saved.resolution == "電話で確かめ、日程を直した"
    assert saved.history.count() == 2  # received, closed


def test_closing_needs_a_note_in_japanese(inokashira_client, client):
    send(client)
    saved = PlaceReport.objects.get()
    response = inokashira_client.post(f"/staff/reports/{saved.pk}/resolve/", {"resolution": ""})
    assert response.status_code == 400
    assert "どう対応したかを書いてください" in response.content.decode()
    saved.refresh_from_db()
    assert not saved.is_resolved


def test_nobody_else_can_read_or_close_it(client, osawa_client, tama_supervisor, django_user_model):
    from tests.conftest import sign_in

    send(client)
    saved = PlaceReport.objects.get()
    url = f"/staff/reports/{saved.pk}/resolve/"
    assert osawa_client.post(url, {"resolution": "他地域から"}).status_code == 403
    response = osawa_client.get(f"/admin/salons/placereport/{saved.pk}/change/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # "not found"
    tama = sign_in(client, tama_supervisor)
    assert tama.post(url, {"resolution": "他市から"}).status_code == 404
    tama.logout()
    organiser = reset_demo_organiser("pw-Test-12345")  # the place's own 世話人 is not staff
    client.force_login(organiser.user)
    assert client.post(url, {"resolution": "世話人から"}).status_code in (403, 404)
    client.logout()
    response = client.post(url, {"resolution": "匿名"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    saved.refresh_from_db()
    assert not saved.is_resolved and saved.resolution == ""


def test_in_the_admin_staff_see_their_areas_reports_and_cannot_add_or_delete(
    client, inokashira_coordinator, osawa_coordinator
):
    from django.test import Client

    from tests.conftest import sign_in

    send(client)
    send(client, slug=OSAWA_PLACE)
    inokashira, osawa = (
        sign_in(Client(), inokashira_coordinator),
        sign_in(Client(), osawa_coordinator),
    )
    for staff, slug in ((inokashira, INOKASHIRA_PLACE), (osawa, OSAWA_PLACE)):
        listed = staff.get("/admin/salons/placereport/")
        assert listed.status_code == 200
        assert [r.salon.slug for r in listed.context["cl"].result_list] == [slug]
    assert inokashira.get("/admin/salons/placereport/add/").status_code == 403
    mine = PlaceReport.objects.get(salon__slug=INOKASHIRA_PLACE)
    delete = inokashira.post(f"/admin/salons/placereport/{mine.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert PlaceReport.objects.count() == 2
