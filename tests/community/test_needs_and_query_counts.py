"""/staff/needs/ (the picture a 第2層 coordinator takes to the 協議体), and the community pages'
fixed number of queries however much data there is."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from carenet.community.models import GroupMeeting, Meeting, PromiseCheck, StartupGroup
from carenet.directory.models import Network
from consultations.models import Topic
from tests.community.factories import make_group
from tests.conftest import make_consultation, make_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def atago_staff(db):
    return sign_in(Client(), make_staff("co-atago-n", "tama", "areas", ["atago-kotta-kaitori"]))


def add_cases(area_slug, n, topic="介護", when="2026-06-01T10:00+09:00"):
    topic = Topic.objects.get(name=topic)
    for i in range(n):
        make_consultation(area_slug, name=f"秘密 {area_slug} {i}", received_at=when).topics.add(
            topic
        )


def area_row(response, slug):
    return next(row for row in response.context["rows"] if row["area"].slug == slug)


def test_needs_counts_each_area_by_topic_and_hides_small_counts(atago_staff, fixed_today):
    add_cases("atago-kotta-kaitori", 6)
    add_cases("sakuragaoka", 2, topic="ひきこもり")
    add_cases("atago-kotta-kaitori", 7, when="2026-03-01T10:00+09:00")  # the year before
    add_cases("inokashira", 8)  # another city
    response = atago_staff.get("/staff/needs/")
    assert response.status_code == 200
    assert [
        (t.name, label) for t, label in area_row(response, "atago-kotta-kaitori")["topics"]
    ] == [("介護", "6件")]
    assert [(t.name, label) for t, label in area_row(response, "sakuragaoka")["topics"]] == [
        ("ひきこもり", "5件未満")
    ]
    assert "inokashira" not in {row["area"].slug for row in response.context["rows"]}
    page = response.content.decode()
    assert "秘密" not in page and "2件" not in page
    last_year = atago_staff.get("/staff/needs/?year=2025")
    assert [label for _t, label in area_row(last_year, "atago-kotta-kaitori")["topics"]] == ["7件"]


def test_needs_shows_what_each_area_already_has(atago_staff, fixed_today):
    response = atago_staff.get("/staff/needs/")
    sakuragaoka = area_row(response, "sakuragaoka")
    assert ("移動支援", 1) in sakuragaoka["initiatives"]  # 桜ヶ丘の移動を考える会


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def many_groups(n, stage=StartupGroup.Stage.TRIAL):
    for i in range(n):
        group = make_group(name=f"グループ{i}", stage=stage)
        GroupMeeting.objects.create(group=group, date=dt.date(2026, 10, 1), head_count=5)
        PromiseCheck.objects.create(
            group=group, promise="own_venue", met_on=dt.date(2026, 10, 1), how="t"
        )
        group.supports.create(kind="dvd", given_on=dt.date(2026, 10, 1), given_by="職員")


def test_the_staff_kintore_pages_run_the_same_queries_for_few_or_many_groups(atago_staff):
    many_groups(2)
    few = {
        url: count_queries(atago_staff, url)
        for url in ["/staff/kintore/", "/staff/", "/staff/needs/"]
    }
    many_groups(30)
    add_cases("atago-kotta-kaitori", 10)
    assert {url: count_queries(atago_staff, url) for url in few} == few


def kintore_places(numbers):
    from salons.models import Kind, Salon, Schedule

    kind = Kind.objects.get(slug=Kind.KINTORE)
    group = None
    for n in numbers:
        place = Salon.objects.create(
            municipality=kind.municipality, kind=kind, name=f"近トレ{n}", slug=f"kintore-q-{n}"
        )
        Schedule.objects.create(salon=place, frequency="weekly", weekday=3)
        group = make_group(name=f"近トレ{n}", salon=place, stage=StartupGroup.Stage.ACTIVE)
        PromiseCheck.objects.create(
            group=group, promise="five_people", met_on=dt.date(2026, 1, 1), how="t"
        )


def meetings(network, numbers):
    for n in numbers:
        Meeting.objects.create(
            network=network, date=dt.date(2026, 1, 1) + dt.timedelta(days=n), agenda=f"議題{n}"
        )


def test_the_public_community_pages_run_the_same_queries_for_few_or_many_rows(client):
    network = Network.objects.get(slug="marutto")
    kintore_places([0])
    meetings(network, [0])
    urls = ["/tama/kintore/", "/issues/", "/networks/marutto/"]
    few = {url: count_queries(client, url) for url in urls}
    kintore_places(range(1, 25))
    meetings(network, range(1, 25))
    assert {url: count_queries(client, url) for url in urls} == few
    assert "近トレ24" in client.get("/tama/kintore/").content.decode()
