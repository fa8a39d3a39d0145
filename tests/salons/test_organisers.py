"""世話人 (organisers) keep their own places' dates on /staff/places/, and nothing else (issue #9).

Each write is tried from the attacker's side too: the organiser of another place, another area's
coordinator, another city's staff, an anonymous visitor.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carenet.directory.models import Municipality
from carenet.front.management.commands.setup_demo import DEMO_ORGANISER, reset_demo_organiser
from salons.models import Organiser, Salon, Schedule, ScheduleException

pytestmark = pytest.mark.django_db

MINE = "fureai-salon-inokashira"  # the demo organiser's place (井の頭)
OTHER = "shinnaka-salon"  # another Mitaka place (新川中原)
OSAWA = "salon-osawa"


@pytest.fixture
def organiser(db):
    """The demo 世話人 exactly as `make run` creates it."""
    return reset_demo_organiser("pw-Test-12345")


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser.user)  # not staff: no second factor is asked
    return client


@pytest.fixture
def other_organiser(db):
    """The 世話人 of another place in the same city."""
    other = Organiser.objects.create_with_account(
        "sewanin-shinnaka", "pw-Test-12345", Municipality.objects.get(slug="mitaka"), "別の世話人"
    )
    Salon.objects.get(slug=OTHER).organisers.add(other)
    return other


def next_date(slug, today):
    return Salon.objects.get(slug=slug).upcoming(count=1, today=today)[0].date


def write_requests(slug, day):
    """Every write of the organiser's page, aimed at one place."""
    return [
        (f"/staff/places/{slug}/cancel/", {"date": day.isoformat()}),
        (f"/staff/places/{slug}/extra/", {"date": (day + dt.timedelta(days=1)).isoformat()}),
        (f"/staff/places/{slug}/schedule/", {"text": "毎週月曜日 10:00〜11:00"}),
    ]


def snapshot(slug):
    salon = Salon.objects.get(slug=slug)
    return (
        list(salon.schedules.values_list("frequency", "weekday", "week_of_month", "start_time")),
        list(salon.exceptions.values_list("date", "kind")),
    )


# --- What the organiser can do ---


def test_the_demo_organiser_signs_in_and_lands_on_their_places(client, organiser):
    response = client.post(
        "/staff/login/", {"username": DEMO_ORGANISER[0], "password": "pw-Test-12345"}
    )
    assert response.status_code == 302
    response = client.get("/staff/", follow=True)
    assert response.redirect_chain[-1][0] == "/staff/places/"
    body = response.content.decode()
    assert "ふれあいサロン・井の頭" in body
    assert "しんなかサロン" not in body


def test_organiser_cancels_a_meeting_and_residents_see_it_gone(organiser_client, fixed_today):
    day = next_date(MINE, fixed_today)
    page = organiser_client.get(f"/staff/places/{MINE}/").content.decode()
    assert f'value="{day.isoformat()}"' in page  # a button per coming date
    response = organiser_client.post(f"/staff/places/{MINE}/cancel/", {"date": day.isoformat()})
    assert response.status_code == 302
    assert ScheduleException.objects.filter(
        salon__slug=MINE, date=day, kind=ScheduleException.Kind.CANCEL
    ).exists()
    assert next_date(MINE, fixed_today) != day
    # The change carries the organiser's name in the history.
    latest = ScheduleException.history.filter(salon_id=Salon.objects.get(slug=MINE).pk).first()
    assert latest.history_user.username == DEMO_ORGANISER[0]


def test_organiser_adds_an_extra_date_and_takes_it_back(organiser_client, fixed_today):
    day = fixed_today + dt.timedelta(days=10)
    response = organiser_client.post(
        f"/staff/places/{MINE}/extra/",
        {
            "date": day.isoformat(),
            "start_time": "13:00",
            "end_time": "15:00",
            "note": "クリスマス会",
        },
    )
    assert response.status_code == 302
    salon = Salon.objects.get(slug=MINE)
    assert day in [occ.date for occ in salon.occurrences_between(day, day)]
    extra = salon.exceptions.get(date=day)
    response = organiser_client.post(f"/staff/places/{MINE}/dates/{extra.pk}/remove/")
    assert response.status_code == 302
    assert not salon.exceptions.filter(date=day).exists()


def test_organiser_rewrites_the_schedule_in_plain_japanese(organiser_client):
    response = organiser_client.post(
        f"/staff/places/{MINE}/schedule/", {"text": "第２・第４水曜日　午前10時〜11時半"}
    )
    assert response.status_code == 302
    schedules = Salon.objects.get(slug=MINE).schedules.order_by("week_of_month")
    assert [(s.frequency, s.week_of_month, s.weekday) for s in schedules] == [
        (Schedule.Frequency.MONTHLY, 2, 3),
        (Schedule.Frequency.MONTHLY, 4, 3),
    ]
    assert [(str(s.start_time), str(s.end_time)) for s in schedules] == [
        ("10:00:00", "11:30:00")
    ] * 2


@pytest.mark.parametrize(
    ("text", "first_date", "message"),
    [
        ("毎月第9水曜日", "", "第9週という週はありません"),
        ("そのうち", "", "読めません"),
        ("隔週金曜日", "", "初回の日付"),
        ("毎週月曜日 15:00〜14:00", "", "終了時刻"),
        ("", "", "開催日を書いてください"),
        ("毎週月曜日\x00", "", "制御文字"),
    ],
)
def test_an_unreadable_schedule_is_refused_in_japanese_and_nothing_changes(
    organiser_client, text, first_date, message
):
    before = snapshot(MINE)
    response = organiser_client.post(
        f"/staff/places/{MINE}/schedule/", {"text": text, "first_date": first_date}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(MINE) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-02-30"}, "日付は"),
        ({"date": ""}, "日付を選んで"),
        ({"date": "2020-01-01"}, "過ぎた日"),
    ],
)
def test_bad_cancellations_are_refused_in_japanese(organiser_client, fixed_today, data, message):
    before = snapshot(MINE)
    response = organiser_client.post(f"/staff/places/{MINE}/cancel/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(MINE) == before


def test_a_day_the_place_does_not_meet_cannot_be_cancelled(organiser_client, fixed_today):
    salon = Salon.objects.get(slug=MINE)
    horizon = fixed_today + dt.timedelta(days=60)
    meetings = {occ.date for occ in salon.occurrences_between(fixed_today, horizon)}
    day = next(
        fixed_today + dt.timedelta(days=n)
        for n in range(1, 60)
        if fixed_today + dt.timedelta(days=n) not in meetings
    )
    response = organiser_client.post(f"/staff/places/{MINE}/cancel/", {"date": day.isoformat()})
    assert response.status_code == 400
    assert "開催日ではありません" in response.content.decode()


# --- From the attacker's side ---


def test_organiser_of_another_place_can_neither_open_nor_change_mine(
    client, other_organiser, fixed_today
):
    client.force_login(other_organiser.user)
    before = snapshot(MINE)
    assert client.get(f"/staff/places/{MINE}/").status_code == 404
    for url, data in write_requests(MINE, next_date(MINE, fixed_today)):
        assert client.post(url, data).status_code == 404, url
    assert snapshot(MINE) == before
    assert "ふれあいサロン" not in client.get("/staff/places/").content.decode()


def test_organiser_cannot_remove_another_places_cancellation_through_their_own_page(
    organiser_client, other_organiser, fixed_today
):
    theirs = ScheduleException.objects.create(
        salon=Salon.objects.get(slug=OTHER),
        date=fixed_today + dt.timedelta(days=3),
        kind=ScheduleException.Kind.CANCEL,
    )
    response = organiser_client.post(f"/staff/places/{MINE}/dates/{theirs.pk}/remove/")
    assert response.status_code == 404
    assert ScheduleException.objects.filter(pk=theirs.pk).exists()


def test_organiser_sees_nothing_of_the_staff_side(organiser_client, inokashira_case):
    for url in ("/admin/", "/admin/consultations/consultation/", "/staff/intake/", "/staff/stats/"):
        response = organiser_client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "login" in response["Location"], url
    assert organiser_client.post(
        f"/staff/places/{MINE}/confirm/", {"method": "phone"}
    ).status_code in (403, 404)


def test_an_organiser_of_a_place_moved_to_another_city_keeps_nothing(organiser_client):
    """The organiser's city bounds what they keep, even if staff attach a foreign place."""
    tama_place = Salon.objects.filter(municipality__slug="tama").first()
    tama_place.organisers.add(Organiser.objects.get(user__username=DEMO_ORGANISER[0]))
    assert organiser_client.get(f"/staff/places/{tama_place.slug}/").status_code == 404


def test_another_areas_coordinator_cannot_change_my_place(osawa_client, fixed_today):
    before = snapshot(MINE)
    assert osawa_client.get(f"/staff/places/{MINE}/").status_code == 404
    for url, data in write_requests(MINE, next_date(MINE, fixed_today)):
        assert osawa_client.post(url, data).status_code == 404, url
    assert snapshot(MINE) == before


def test_the_places_own_coordinator_uses_the_same_page(inokashira_client, fixed_today):
    places = inokashira_client.get("/staff/places/").context["rows"]
    slugs = {salon.slug for salon, _next in places}
    assert MINE in slugs and OSAWA not in slugs and OTHER not in slugs
    day = next_date(MINE, fixed_today)
    response = inokashira_client.post(f"/staff/places/{MINE}/cancel/", {"date": day.isoformat()})
    assert response.status_code == 302


def test_another_citys_staff_cannot_change_my_place(tama_client, fixed_today):
    before = snapshot(MINE)
    for url, data in write_requests(MINE, next_date(MINE, fixed_today)):
        assert tama_client.post(url, data).status_code == 404, url
    assert snapshot(MINE) == before


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(client, fixed_today):
    before = snapshot(MINE)
    assert client.get("/staff/places/")["Location"].startswith("/staff/login/")
    for url, data in write_requests(MINE, next_date(MINE, fixed_today)):
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    assert snapshot(MINE) == before


def test_a_signed_in_resident_without_a_role_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("resident", password="pw-Test-12345"))
    assert client.get("/staff/places/").status_code == 403
    assert client.get(f"/staff/places/{MINE}/").status_code == 404


def test_a_deactivated_organiser_keeps_nothing(organiser_client, organiser):
    organiser.user.is_active = False
    organiser.user.save()
    response = organiser_client.get(f"/staff/places/{MINE}/")
    assert response.status_code in (302, 404)


# --- Staff attach organisers; who may create their accounts ---


def test_city_staff_create_an_organiser_account_in_the_admin(mitaka_client):
    response = mitaka_client.post(
        "/admin/salons/organiser/add/",
        {
            "municipality": Municipality.objects.get(slug="mitaka").pk,
            "name": "山田（新しい世話人）",
            "username": "yamada-salon",
            "password1": "Kotoba-no-Mori-2026",
            "password2": "Kotoba-no-Mori-2026",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organiser = Organiser.objects.get(user__username="yamada-salon")
    assert not organiser.user.is_staff and not organiser.user.is_superuser
    assert organiser.user.check_password("Kotoba-no-Mori-2026")


def test_a_weak_or_taken_organiser_login_is_refused_in_japanese(mitaka_client, organiser):
    before = Organiser.objects.count()
    response = mitaka_client.post(
        "/admin/salons/organiser/add/",
        {
            "municipality": Municipality.objects.get(slug="mitaka").pk,
            "name": "重複",
            "username": DEMO_ORGANISER[0],
            "password1": "123",
            "password2": "123",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "このログイン名はすでに使われています" in body
    assert Organiser.objects.count() == before


def test_city_staff_cannot_create_an_organiser_in_another_city(tama_client):
    response = tama_client.post(
        "/admin/salons/organiser/add/",
        {
            "municipality": Municipality.objects.get(slug="mitaka").pk,
            "name": "越境",
            "username": "cross-city",
            "password1": "Kotoba-no-Mori-2026",
            "password2": "Kotoba-no-Mori-2026",
        },
    )
    assert response.status_code in (200, 403)
    assert not Organiser.objects.filter(user__username="cross-city").exists()


def test_area_coordinators_attach_an_organiser_to_their_place_but_create_no_accounts(
    inokashira_client, other_organiser
):
    assert inokashira_client.get("/admin/salons/organiser/add/").status_code == 403
    # The place's own coordinator picks the organiser from the place's page in the admin.
    search = inokashira_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "salons",
            "model_name": "salon",
            "field_name": "organisers",
            "term": "別の",
        },
    )
    assert search.status_code == 200
    assert [r["text"] for r in search.json()["results"]] == [str(other_organiser)]


def test_another_citys_staff_cannot_pick_mitakas_organisers(tama_client, other_organiser):
    search = tama_client.get(
        "/admin/autocomplete/",
        {"app_label": "salons", "model_name": "salon", "field_name": "organisers", "term": ""},
    )
    assert search.status_code == 200
    assert search.json()["results"] == []


def test_the_organiser_pages_keep_a_fixed_number_of_queries(organiser_client, fixed_today):
    def queries():
        counts = []
        for url in ("/staff/places/", f"/staff/places/{MINE}/"):
            with CaptureQueriesContext(connection) as captured:
                assert organiser_client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    few = queries()
    salon = Salon.objects.get(slug=MINE)
    for n in range(1, 30):
        day = fixed_today + dt.timedelta(days=n)
        ScheduleException.objects.create(salon=salon, date=day, kind="extra")
        Schedule.objects.create(salon=salon, frequency="weekly", weekday=n % 7 + 1)
    assert queries() == few
