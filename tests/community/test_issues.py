"""The issue register (地域課題): dated public steps, evidence counted from consultations and
never shown below five, public pages without personal data, and who may keep an issue."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from carenet.community.models import Evidence, Issue, Meeting, count_words
from carenet.directory.models import Network, Organisation
from consultations.models import Topic
from tests.admin_forms import admin_form_data
from tests.community.factories import make_issue
from tests.conftest import make_consultation, make_staff, sign_in

pytestmark = pytest.mark.django_db
Status = Issue.Status


@pytest.mark.parametrize(
    ("count", "words"), [(0, "5件未満"), (1, "5件未満"), (4, "5件未満"), (5, "5件"), (12, "12件")]
)
def test_counts_under_five_are_never_shown(count, words):
    assert count_words(count) == words


MOVES = {
    Status.RAISED: {Status.CONSIDERING, Status.WORKING, Status.SET_ASIDE},
    Status.CONSIDERING: {Status.WORKING, Status.SET_ASIDE},
    Status.WORKING: {Status.RESOLVED, Status.SET_ASIDE},
    Status.RESOLVED: set(),
    Status.SET_ASIDE: set(),
}


@pytest.mark.parametrize("start", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_an_issue_moves_only_forward_by_dated_steps(start, target):
    issue = make_issue()
    Issue.objects.filter(pk=issue.pk).update(status=start)
    issue.refresh_from_db()
    if target in MOVES[start]:
        step = issue.move_to(target, None, note="理由", on=dt.date(2026, 11, 1))
        assert (issue.status, step.status, step.on) == (target, target, dt.date(2026, 11, 1))
    else:
        with pytest.raises(ValueError):
            issue.move_to(target, None)
        issue.refresh_from_db()
        assert issue.status == start and not issue.steps.exists()


def evidence_for(issue, area=None, topic_name="介護"):
    return Evidence.objects.create(
        issue=issue,
        topic=Topic.objects.get(name=topic_name),
        area=area,
        start=dt.date(2026, 4, 1),
        end=dt.date(2027, 3, 31),
    )


def consultations(area_slug, n, topic_name="介護", when="2026-06-01T10:00+09:00"):
    topic = Topic.objects.get(name=topic_name)
    for i in range(n):
        make_consultation(area_slug, name=f"秘密 {i}", received_at=when).topics.add(topic)


def test_evidence_counts_an_area_with_its_districts_the_topic_and_the_period(client):
    from carenet.directory.models import Area

    hokubu = Area.objects.get(slug="tama-hokubu")  # holds 愛宕・乞田・貝取
    issue = make_issue(area_slug="tama-hokubu", slug="hokubu-care")
    evidence_for(issue, area=hokubu)
    evidence_for(issue, area=None, topic_name="介護")
    consultations("atago-kotta-kaitori", 4)
    consultations("tama-hokubu", 2)
    consultations("sakuragaoka", 3)  # same city, another area
    consultations("atago-kotta-kaitori", 5, topic_name="ひきこもり")  # another topic
    consultations("atago-kotta-kaitori", 5, when="2026-03-31T10:00+09:00")  # before the period
    consultations("inokashira", 9)  # another city
    rows = list(Evidence.objects.with_counts().order_by("pk"))
    assert [row.count for row in rows] == [6, 9]
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "6件" in page and "9件" in page
    assert "秘密" not in page


def test_a_small_count_shows_as_under_five_on_the_public_page(client):
    issue = make_issue()
    evidence_for(issue)
    consultations("atago-kotta-kaitori", 3)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "5件未満" in page
    assert "3件" not in page


def test_the_issue_page_fetches_a_fixed_number_of_queries(client):
    issue = make_issue()
    issue.initiatives.set(Issue.objects.get(slug="sakuragaoka-mobility").initiatives.all())

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(issue.get_absolute_url()).status_code == 200
        return len(queries)

    few = count()
    for n in range(20):
        evidence_for(issue, topic_name="介護")
        issue.steps.create(status=Status.RAISED, on=dt.date(2026, 1, 1 + n), note=f"経過{n}")
    assert count() == few


def test_the_seeded_issues_say_only_what_the_seed_says(client):
    page = client.get("/issues/sakuragaoka-mobility/").content.decode()
    assert "検討中" in page and "桜ヶ丘の移動を考える会" in page
    assert "（時期の記載なし）" in page  # the seed gives no dates; none are invented
    shopping = client.get("/issues/hijirigaoka-shopping/").content.decode()
    assert "さくら運送" in shopping and "解決" in shopping
    listing = client.get("/issues/").content.decode()
    assert "桜ヶ丘の移動" in listing and "聖ヶ丘の買い物支援" in listing


def test_an_unpublished_issue_has_no_public_page(client):
    issue = make_issue(is_published=False)
    assert client.get(issue.get_absolute_url()).status_code == 404
    assert issue.title not in client.get("/issues/").content.decode()


def test_a_networks_page_lists_its_published_meetings_and_issues(client):
    council = Network.objects.get(slug="iinkai-sakuragaoka")
    member = Organisation.objects.filter(municipality=council.municipality).first()
    meeting = Meeting.objects.create(
        network=council,
        date=dt.date(2026, 10, 15),
        agenda="移動の課題について",
        summary="坂道の多い地区の移動を話し合いました。",
        decisions="試乗会を開く。",
    )
    meeting.attendees.add(member)
    Meeting.objects.create(
        network=council, date=dt.date(2026, 11, 1), agenda="下書きの議題", is_published=False
    )
    page = client.get("/networks/iinkai-sakuragaoka/").content.decode()
    for words in ["2026年10月15日", "坂道の多い地区", "試乗会を開く", member.name, "桜ヶ丘の移動"]:
        assert words in page
    assert "下書きの議題" not in page


def test_every_network_card_links_to_its_page(client):
    page = client.get("/tama/").content.decode()
    assert "/networks/marutto/" in page and "/networks/marutto-ido/" in page


# --- Keeping issues in the admin ---


@pytest.fixture
def tama_staff():
    return sign_in(Client(), make_staff("sv-tama-i", "tama", "city"))


def test_the_city_moves_an_issue_with_a_public_step_in_the_admin(tama_staff, client):
    issue = make_issue()
    url = reverse("admin:community_issue_change", args=[issue.pk])
    data = admin_form_data(tama_staff.get(url))
    data.update(
        next_status="working", step_note="市と住民で試行を始めました。", step_on="2026-11-10"
    )
    response = tama_staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    issue.refresh_from_db()
    assert issue.status == Status.WORKING
    step = issue.steps.get()
    assert (step.on, step.recorded_by.username) == (dt.date(2026, 11, 10), "sv-tama-i")
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "市と住民で試行を始めました。" in page and "2026年11月10日" in page


def test_moving_without_saying_why_is_refused_in_japanese(tama_staff):
    issue = make_issue()
    url = reverse("admin:community_issue_change", args=[issue.pk])
    data = admin_form_data(tama_staff.get(url))
    data.update(next_status="working", step_note="")
    response = tama_staff.post(url, data)
    assert "経過の内容を書いてください" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == Status.RAISED


def test_the_status_cannot_be_typed_in(tama_staff):
    issue = make_issue()
    url = reverse("admin:community_issue_change", args=[issue.pk])
    data = admin_form_data(tama_staff.get(url))
    data.update(status="resolved", next_status="resolved", step_note="飛ばす")
    tama_staff.post(url, data)
    issue.refresh_from_db()
    assert issue.status == Status.RAISED


def test_another_areas_coordinator_cannot_change_an_issue(db):
    issue = make_issue()  # 愛宕・乞田・貝取
    sakura = sign_in(Client(), make_staff("co-sakura-i", "tama", "areas", ["sakuragaoka"]))
    url = reverse("admin:community_issue_change", args=[issue.pk])
    response = sakura.post(
        url, {"title": "書き換え", "next_status": "set_aside", "step_note": "見送り"}
    )
    assert response.status_code in {302, 403}
    issue.refresh_from_db()
    assert (issue.title, issue.status) == ("テストの課題", Status.RAISED)


def test_another_citys_staff_do_not_see_its_issues_in_the_admin(db):
    mitaka = sign_in(Client(), make_staff("sv-mitaka-i", "mitaka", "city"))
    response = mitaka.get(reverse("admin:community_issue_changelist"))
    assert list(response.context["cl"].result_list) == []
    issue = Issue.objects.get(slug="sakuragaoka-mobility")
    response = mitaka.get(reverse("admin:community_issue_change", args=[issue.pk]))
    assert response.status_code in {302, 404}
