"""/staff/: a coordinator's home, the phone intake form and the yearly statistics."""

import datetime as dt

import pytest
from django.utils import timezone

from consultations.models import Consultation
from tests.conftest import make_consultation, sign_in

pytestmark = pytest.mark.django_db


def test_home_shows_new_web_requests_for_my_area_only(inokashira_client):
    mine = make_consultation("inokashira", name="ウェブ 依頼", channel="web")
    other = make_consultation("osawa", name="大沢 ウェブ", channel="web")
    response = inokashira_client.get("/staff/")
    assert list(response.context["new_requests"]) == [mine]
    body = response.content.decode()
    assert "ウェブ 依頼" in body and "大沢 ウェブ" not in body
    assert other not in response.context["mine"]


def test_home_shows_follow_ups_due_today_and_overdue(inokashira_client, inokashira_coordinator):
    today = timezone.localdate()
    due = make_consultation("inokashira", name="今日 対応", follow_up_on=today)
    late = make_consultation(
        "inokashira", name="期限 切れ", follow_up_on=today - dt.timedelta(days=3)
    )
    later = make_consultation(
        "inokashira", name="来週 対応", follow_up_on=today + dt.timedelta(days=7)
    )
    closed = make_consultation("inokashira", name="終結 済み", follow_up_on=today, status="closed")
    response = inokashira_client.get("/staff/")
    assert list(response.context["due_today"]) == [due]
    assert list(response.context["overdue"]) == [late]
    shown = set(response.context["due_today"]) | set(response.context["overdue"])
    assert later not in shown and closed not in shown


def test_home_shows_my_open_consultations(inokashira_client, inokashira_coordinator):
    mine = make_consultation("inokashira", assignee=inokashira_coordinator)
    make_consultation("inokashira", assignee=inokashira_coordinator, status="closed")
    assert list(inokashira_client.get("/staff/").context["mine"]) == [mine]


def test_a_signed_in_user_without_a_staff_profile_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="pw-Test-12345", is_staff=True)
    sign_in(client, user)
    home = client.get("/staff/")  # where sign-in lands: the admin, which shows them no case
    assert home.status_code == 302 and home["Location"] == "/admin/"
    assert client.get("/staff/intake/").status_code == 403
    assert client.get("/staff/stats.csv").status_code == 403


def intake(**overrides):
    data = {
        "channel": "phone",
        "requester": "neighbour",
        "requester_name": "",
        "name": "近所 の方",
        "name_kana": "",
        "phone": "",
        "area": "",
        "town": "",
        "age_band": "75_plus",
        "household": "alone",
        "summary": "最近見かけないので心配とのこと。",
        "urgent": "on",
        "follow_up_on": "",
    }
    data.update(overrides)
    return data


def test_intake_records_a_phone_call_in_my_city_assigned_to_me(
    inokashira_client, inokashira_coordinator
):
    from carenet.directory.models import Area

    area = Area.objects.get(slug="inokashira")
    response = inokashira_client.post(
        "/staff/intake/", intake(area=area.pk, topics=["9"]), follow=True
    )
    consultation = Consultation.objects.get()
    assert "を受け付けました" in response.content.decode()
    assert consultation.municipality.slug == "mitaka"
    assert consultation.assignee == inokashira_coordinator == consultation.created_by
    assert consultation.urgent and consultation.channel == "phone"
    assert [t.name for t in consultation.topics.all()] == ["近所の安否"]
    assert consultation.consent_notice is None


def test_intake_records_oral_consent_with_the_notice_version(inokashira_client):
    from carenet.directory.models import Area
    from consultations.models import PurposeNotice

    area = Area.objects.get(slug="inokashira")
    inokashira_client.post("/staff/intake/", intake(area=area.pk, consent="on"))
    consultation = Consultation.objects.get()
    assert consultation.consent_notice == PurposeNotice.current()
    assert consultation.consented_at is not None


def test_intake_refuses_another_areas_area(inokashira_client):
    from carenet.directory.models import Area

    osawa = Area.objects.get(slug="osawa")
    response = inokashira_client.post("/staff/intake/", intake(area=osawa.pk))
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert not Consultation.objects.exists()


def test_intake_refuses_control_characters_with_a_japanese_message(inokashira_client):
    from carenet.directory.models import Area

    area = Area.objects.get(slug="inokashira")
    response = inokashira_client.post("/staff/intake/", intake(area=area.pk, summary="\x07ベル"))
    assert "制御文字" in response.content.decode()
    assert not Consultation.objects.exists()


def test_staff_pages_are_never_cached(inokashira_client):
    for url in ("/staff/", "/staff/intake/", "/staff/stats/", "/admin/consultations/consultation/"):
        response = inokashira_client.get(url)
        assert "no-store" in response["Cache-Control"], url


def test_public_pages_stay_cacheable_for_anonymous_visitors(client):
    assert "no-store" not in client.get("/salons/").get("Cache-Control", "")


def test_an_idle_staff_session_ends_after_thirty_minutes(inokashira_client):
    from django.contrib.sessions.models import Session

    inokashira_client.get("/staff/")
    session = Session.objects.get(session_key=inokashira_client.session.session_key)
    left = session.expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = inokashira_client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_activity_moves_the_idle_deadline_on(inokashira_client):
    from django.contrib.sessions.models import Session

    inokashira_client.get("/staff/")
    key = inokashira_client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    inokashira_client.get("/staff/")
    left = Session.objects.get(pk=key).expire_date - timezone.now()
    assert left > dt.timedelta(minutes=29)
