"""The consultation list filtered by a topic: each case once, only the cases the user may see,
and a bad value in the address is the admin's own message, never a server error."""

import pytest
from django.urls import reverse

from consultations.models import Topic
from tests.conftest import make_consultation

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:consultations_consultation_changelist")


@pytest.fixture
def topics():
    first, second = Topic.objects.filter(is_active=True).order_by("pk")[:2]
    retired = Topic.objects.create(name="テスト用の廃止した種類", is_active=False)
    return first, second, retired


@pytest.fixture
def cases(topics):
    first, second, retired = topics
    made = {
        "inokashira both": make_consultation("inokashira", name="井の頭 一", name_kana="いち"),
        "osawa first": make_consultation("osawa", name="大沢 二", name_kana="に"),
        "inokashira second": make_consultation("inokashira", name="井の頭 三", name_kana="さん"),
        "tama first": make_consultation("atago-kotta-kaitori", name="多摩 四", name_kana="よん"),
        "osawa retired": make_consultation("osawa", name="大沢 五", name_kana="ご"),
    }
    made["inokashira both"].topics.set([first, second])
    made["osawa first"].topics.set([first])
    made["inokashira second"].topics.set([second])
    made["tama first"].topics.set([first])
    made["osawa retired"].topics.set([retired])
    return made


def listed(client, topic):
    response = client.get(CHANGELIST, {"topics__id__exact": topic.pk})
    assert response.status_code == 200
    changelist = response.context["cl"]
    rows = [case.pk for case in changelist.result_list]
    assert len(rows) == len(set(rows)), "a case is listed twice"
    assert changelist.result_count == len(rows)
    return set(rows)


def pks(cases, *names):
    return {cases[name].pk for name in names}


def test_a_city_supervisor_sees_each_of_the_citys_cases_with_the_topic_once(
    mitaka_client, topics, cases
):
    first, second, retired = topics
    assert listed(mitaka_client, first) == pks(cases, "inokashira both", "osawa first")
    assert listed(mitaka_client, second) == pks(cases, "inokashira both", "inokashira second")
    assert listed(mitaka_client, retired) == pks(cases, "osawa retired")


def test_an_area_coordinator_sees_only_their_areas_cases_with_the_topic(
    inokashira_client, topics, cases
):
    first, _second, retired = topics
    assert listed(inokashira_client, first) == pks(cases, "inokashira both")
    assert listed(inokashira_client, retired) == set()


def test_another_citys_supervisor_sees_only_their_own_city(tama_client, topics, cases):
    first, second, _retired = topics
    assert listed(tama_client, first) == pks(cases, "tama first")
    assert listed(tama_client, second) == set()


def test_retired_topics_are_offered_for_old_cases(mitaka_client, topics):
    _first, _second, retired = topics
    response = mitaka_client.get(CHANGELIST)
    assert response.status_code == 200
    assert retired.name in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "1' OR '1'='1", "１", "-1", "9" * 30])
def test_a_bad_topic_in_the_address_is_the_admins_message_not_a_server_error(
    mitaka_client, cases, value
):
    response = mitaka_client.get(CHANGELIST, {"topics__id__exact": value})
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


def test_anonymous_visitors_cannot_filter_cases_by_topic(client, topics, cases):
    first, _second, _retired = topics
    response = client.get(CHANGELIST, {"topics__id__exact": first.pk})
    assert response.status_code == 302 and "/login/" in response["Location"]
