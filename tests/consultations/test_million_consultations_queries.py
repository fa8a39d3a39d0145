"""A city's cases lists, filtered and searched, its staff home and its statistics cost the same
queries for 10 cases as for 1,000; and what made them cheap keeps every rule and stays fresh."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from carenet.directory.models import Area
from consultations.models import Consultation, Topic
from tests.admin_queries import FEW, MANY, MARK, count_queries
from tests.conftest import make_consultation
from tests.consultations.test_admin_queries import add_consultations, mitaka_staff

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:consultations_consultation_changelist")


def queries_for_few_and_many(client, url, slugs):
    """Both counted with the statistics not yet cached (a cached year skips one query)."""
    areas = list(Area.objects.filter(slug__in=slugs))
    add_consultations(range(FEW), areas, mitaka_staff())
    client.get(url)  # the first request of a session warms caches that are not about rows
    cache.clear()
    few, _ = count_queries(client, url)
    add_consultations(range(FEW, MANY), areas, mitaka_staff())
    cache.clear()
    many, response = count_queries(client, url)
    return few, many, response


def first_of(model, **lookups):
    return model.objects.filter(**lookups).order_by("pk").first().pk


FILTERS = {
    "status": lambda: "status__exact=received",
    "area": lambda: f"area__id__exact={first_of(Area, slug='inokashira')}",
    "topic": lambda: f"topics__id__exact={first_of(Topic)}",
    "due": lambda: "due=due",
    "year": lambda: f"received_at__year={timezone.localdate().year}",
    "month": lambda: (
        f"received_at__year={timezone.localdate().year}"
        f"&received_at__month={timezone.localdate().month}"
    ),
    "status, area and topic": lambda: (
        "status__exact=received"
        f"&area__id__exact={first_of(Area, slug='inokashira')}&topics__id__exact={first_of(Topic)}"
    ),
    "person search": lambda: f"q={MARK}",
    "number search": lambda: "q=No.12",
    "sorted by follow-up": lambda: "o=9",
}


@pytest.mark.parametrize("client_fixture", ["mitaka_client", "inokashira_client"])
@pytest.mark.parametrize("name", FILTERS)
def test_filtered_and_searched_consultation_list_runs_the_same_queries_for_10_or_1000_cases(
    request, client_fixture, name
):
    client = request.getfixturevalue(client_fixture)
    url = f"{CHANGELIST}?{FILTERS[name]()}"
    few, many, response = queries_for_few_and_many(client, url, ["inokashira"])
    assert response.status_code == 200 and "?e=1" not in response.get("Location", "")
    assert few == many, f"{url}: {few} queries with {FEW} cases, {many} with {MANY}"


def test_person_search_finds_by_whole_words_through_the_index(mitaka_client):
    wanted = make_consultation("inokashira", name="索引 花子", name_kana="さくいん はなこ")
    make_consultation("osawa", name="別人 太郎")
    response = mitaka_client.get(CHANGELIST, {"q": "サクイン ハナコ"})
    assert [case.pk for case in response.context_data["cl"].result_list] == [wanted.pk]
    response = mitaka_client.get(CHANGELIST, {"q": "さくい"})  # not a whole word
    assert not response.context_data["cl"].result_list


def test_area_coordinator_list_keeps_the_access_rule_under_every_filter(inokashira_client):
    osawa = make_consultation("osawa", name="大沢 秘密")
    mine = make_consultation("inokashira", name="井の頭 自分")
    today = timezone.localdate()
    for query in [
        "",
        f"area__id__exact={osawa.area_id}",
        f"received_at__year={today.year}&received_at__month={today.month}",
        "q=大沢 秘密",
        f"q={osawa.pk}",
    ]:
        response = inokashira_client.get(f"{CHANGELIST}?{query}")
        shown = {case.pk for case in response.context_data["cl"].result_list}
        assert osawa.pk not in shown, query
    assert mine.pk in {
        case.pk for case in inokashira_client.get(CHANGELIST).context_data["cl"].result_list
    }


def test_filters_offer_only_the_users_city(mitaka_client):
    response = mitaka_client.get(CHANGELIST)
    specs = {spec.title: spec for spec in response.context_data["cl"].filter_specs}
    areas = {pk for pk, _ in specs["地域"].lookup_choices}
    assert areas == set(
        Area.objects.filter(municipality__slug="mitaka").values_list("pk", flat=True)
    )
    staff = {pk for pk, _ in specs["担当者"].lookup_choices}
    assert staff and all(
        user.staff_profile.municipality.slug == "mitaka"
        for user in Consultation.assignee.field.related_model.objects.filter(pk__in=staff)
    )


def test_date_drill_down_offers_the_years_from_the_first_case_to_the_last(mitaka_client):
    make_consultation("inokashira", received_at=timezone.now() - dt.timedelta(days=3 * 366))
    make_consultation("inokashira")
    response = mitaka_client.get(CHANGELIST)
    html = response.content.decode()
    this_year = timezone.localdate().year
    for year in range(this_year - 3, this_year + 1):
        assert f"received_at__year={year}" in html


@pytest.mark.parametrize("client_fixture", ["mitaka_client", "inokashira_client"])
@pytest.mark.parametrize("page", ["staff:home", "staff:stats"])
def test_staff_pages_run_the_same_queries_for_10_or_1000_cases(request, client_fixture, page):
    client = request.getfixturevalue(client_fixture)
    few, many, _ = queries_for_few_and_many(client, reverse(page), ["inokashira"])
    assert few == many, f"{page}: {few} queries with {FEW} cases, {many} with {MANY}"


def inokashira_this_month(client):
    stats = client.get(reverse("staff:stats")).context_data
    month = stats["months"].index(timezone.localdate().month)
    return stats["totals"][month], stats["by_area"].get("井の頭", [0] * 12)[month], stats


def test_a_new_consultation_changes_the_statistics_at_once(mitaka_client):
    make_consultation("inokashira")
    total, inokashira, _ = inokashira_this_month(mitaka_client)  # now kept in the cache
    make_consultation("inokashira")
    assert inokashira_this_month(mitaka_client)[:2] == (total + 1, inokashira + 1)


def test_an_edited_consultation_changes_the_statistics_at_once(mitaka_client):
    case = make_consultation("inokashira")
    topic = Topic.objects.order_by("pk").first()
    _, inokashira, stats = inokashira_this_month(mitaka_client)
    assert topic.name not in stats["by_topic"]
    case.area = Area.objects.get(slug="osawa")
    case.save()
    case.topics.add(topic)
    _, moved, stats = inokashira_this_month(mitaka_client)
    assert moved == inokashira - 1
    assert topic.name in stats["by_topic"]
