"""Who may see and work on a 近トレ start-up case: the area's coordinator (and the 圏域's), the
city's supervisors, whoever it is assigned to. Everyone else is tried from the attacker's side,
for reads and for every write."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from carenet.community.models import GroupMeeting, PromiseCheck, StartupGroup, Support
from tests.community.factories import make_group
from tests.conftest import make_account, make_staff, sign_in

pytestmark = pytest.mark.django_db

NAME = "愛宕 みどり"


@pytest.fixture
def group(db):
    return make_group(representative=NAME, stage=StartupGroup.Stage.PREPARING)


def staff_client(user):
    return sign_in(Client(), user)


@pytest.fixture
def sakuragaoka_client(db):
    return staff_client(make_staff("co-sakura", "tama", "areas", ["sakuragaoka"]))


@pytest.fixture
def outsiders(db, sakuragaoka_client):
    """Signed-in people who must get nothing of an 愛宕・乞田・貝取 group."""
    from carenet.front.management.commands.setup_demo import reset_demo_organiser

    organiser = Client()
    organiser.force_login(reset_demo_organiser("pw-Test-12345").user)
    return {
        "another Tama area's coordinator": sakuragaoka_client,
        "Mitaka's supervisor": staff_client(make_staff("sv-m", "mitaka", "city")),
        "a Mitaka area coordinator": staff_client(
            make_staff("co-i", "mitaka", "areas", ["inokashira"])
        ),
        "the directory administrator": staff_client(make_account("dir", "directory_admin")),
        "the account administrator": staff_client(make_account("acc", "access_admin")),
        "a 世話人": organiser,
    }


def insiders():
    return {
        "the area's coordinator": staff_client(
            make_staff("co-atago", "tama", "areas", ["atago-kotta-kaitori"])
        ),
        "the 圏域's coordinator": staff_client(
            make_staff("co-hokubu", "tama", "areas", ["tama-hokubu"])
        ),
        "the city's supervisor": staff_client(make_staff("sv-t", "tama", "city")),
    }


def test_the_area_the_district_holder_and_the_city_see_the_case(group):
    for who, client in insiders().items():
        response = client.get(f"/staff/kintore/{group.pk}/")
        assert response.status_code == 200, who
        assert NAME in response.content.decode(), who
        assert NAME in client.get("/admin/community/startupgroup/").content.decode(), who


def test_the_assignee_sees_it_even_outside_their_areas(group, sakuragaoka_client):
    user = sakuragaoka_client.session["_auth_user_id"]
    group.assignee_id = user
    group.save()
    assert sakuragaoka_client.get(f"/staff/kintore/{group.pk}/").status_code == 200


def test_outsiders_cannot_open_the_case_anywhere(group, outsiders):
    pages = [
        f"/staff/kintore/{group.pk}/",
        reverse("admin:community_startupgroup_change", args=[group.pk]),
        reverse("admin:community_startupgroup_history", args=[group.pk]),
    ]
    for who, client in outsiders.items():
        for url in pages:
            response = client.get(url)
            assert response.status_code in {302, 403, 404}, (who, url)
            assert NAME not in response.content.decode(), (who, url)
            if response.status_code == 302:
                assert "/login/" in response["Location"] or "/admin/" in response["Location"]


def test_outsiders_do_not_find_it_in_lists_or_exports(group, outsiders):
    for who, client in outsiders.items():
        for url in [
            "/staff/",
            "/staff/kintore/",
            "/staff/kintore.csv",
            "/admin/community/startupgroup/",
        ]:
            response = client.get(url, follow=True)
            assert NAME not in response.content.decode(), (who, url)
        # The admin echoes the words searched for: what it found is what counts.
        response = client.get("/admin/community/startupgroup/", {"q": "愛宕"})
        if response.status_code == 200:
            assert list(response.context["cl"].result_list) == [], who


WRITES = [
    ("step", {"step": "start_trial"}),
    ("step", {"step": "end"}),
    ("meeting", {"date": "2026-11-01", "head_count": "7"}),
    ("promise", {"promise": "own_venue", "met_on": "2026-11-01", "how": "会場を見た"}),
    ("support", {"kind": "dvd", "given_on": "2026-11-01", "given_by": "職員"}),
    (
        "register",
        {
            "name": "乗っ取り",
            "slug": "hijack",
            "venue_note": "どこか",
            "insured_from": "2026-11-01",
            "text": "毎週水曜日",
        },
    ),
]


def assert_untouched(group):
    group.refresh_from_db()
    assert group.stage == StartupGroup.Stage.PREPARING
    assert not GroupMeeting.objects.exists()
    assert not PromiseCheck.objects.exists()
    assert not Support.objects.exists()
    assert group.salon_id is None


@pytest.mark.parametrize(("action", "data"), WRITES)
def test_outsiders_cannot_write_to_the_case(group, outsiders, action, data):
    for who, client in outsiders.items():
        response = client.post(f"/staff/kintore/{group.pk}/{action}/", data)
        assert response.status_code in {403, 404}, (who, action, response.status_code)
    assert_untouched(group)


@pytest.mark.parametrize(("action", "data"), WRITES)
def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(client, group, action, data):
    response = client.post(f"/staff/kintore/{group.pk}/{action}/", data)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
    assert_untouched(group)


def test_anonymous_visitors_get_no_staff_page(client, group):
    for url in [
        f"/staff/kintore/{group.pk}/",
        "/staff/kintore/",
        "/staff/kintore.csv",
        "/staff/needs/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"], url


def test_an_unknown_action_is_not_a_route(group):
    client = insiders()["the city's supervisor"]
    assert client.post(f"/staff/kintore/{group.pk}/delete/").status_code == 404


def test_outsiders_cannot_change_it_in_the_admin(group, outsiders):
    url = reverse("admin:community_startupgroup_change", args=[group.pk])
    for client in outsiders.values():
        client.post(url, {"representative": "書き換え", "people": "9", "channel": "web"})
    group.refresh_from_db()
    assert group.representative == NAME


def test_area_staff_cannot_file_a_case_into_another_area_in_the_admin(sakuragaoka_client):
    from carenet.directory.models import Area

    atago = Area.objects.get(slug="atago-kotta-kaitori")
    response = sakuragaoka_client.post(
        reverse("admin:community_startupgroup_add"),
        {
            "area": atago.pk,
            "representative": "だれか",
            "people": "5",
            "channel": "phone",
            "received_at_0": "2026-11-20",
            "received_at_1": "10:00",
            **inline_management(),
        },
    )
    assert response.status_code == 200  # the form shows the error: not a choice
    assert not StartupGroup.objects.exists()


def inline_management():
    data = {}
    for prefix in ["promise_checks", "supports", "meetings"]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_a_coordinator_files_a_phone_inquiry_in_the_admin_for_their_own_area():
    from carenet.directory.models import Area

    user = make_staff("co-atago2", "tama", "areas", ["atago-kotta-kaitori"])
    client = staff_client(user)
    atago = Area.objects.get(slug="atago-kotta-kaitori")
    response = client.post(
        reverse("admin:community_startupgroup_add"),
        {
            "area": atago.pk,
            "representative": "電話の人",
            "people": "4",
            "channel": "phone",
            "received_at_0": "2026-11-20",
            "received_at_1": "10:00",
            **inline_management(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = StartupGroup.objects.get()
    assert (group.municipality.slug, group.assignee, group.stage) == ("tama", user, "inquiry")


def test_nobody_deletes_a_case(group):
    client = insiders()["the city's supervisor"]
    url = reverse("admin:community_startupgroup_delete", args=[group.pk])
    client.post(url, {"post": "yes"})
    assert StartupGroup.objects.filter(pk=group.pk).exists()


def test_the_record_keeps_its_history(group):
    client = insiders()["the area's coordinator"]
    client.post(f"/staff/kintore/{group.pk}/step/", {"step": "start_trial"})
    history = list(
        group.history.order_by("history_date").values_list("stage", "history_change_reason")
    )
    assert history[-1][0] == "trial"
    assert history[-1][1].startswith("start_trial by co-atago")


def test_dates_are_not_needed_to_be_today(group):
    # A session a coordinator types in late is still recorded on its own date.
    client = insiders()["the area's coordinator"]
    day = dt.date.today() - dt.timedelta(days=30)
    client.post(f"/staff/kintore/{group.pk}/meeting/", {"date": day.isoformat(), "head_count": "6"})
    assert GroupMeeting.objects.get().date == day
