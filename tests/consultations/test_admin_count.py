"""The consultation list's count: an area coordinator's cases are counted as two parts (their
areas', and those assigned to them elsewhere) so that each part comes from an index alone. The
parts must add up to exactly what the coordinator may see: no case twice, none missing, none of
another area's or city's."""

import pytest
from django.urls import reverse

from consultations.models import Consultation
from tests.conftest import make_consultation, make_staff, sign_in

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:consultations_consultation_changelist")


@pytest.fixture
def cases(inokashira_coordinator):
    """Cases around one area coordinator: name → case."""
    me = inokashira_coordinator
    return {
        "mine": make_consultation("inokashira", name="井の頭 一"),
        "mine and assigned": make_consultation("inokashira", name="井の頭 二", assignee=me),
        "assigned elsewhere": make_consultation("osawa", name="大沢 三", assignee=me),
        "assigned, no area": make_consultation("osawa", name="大沢 四", assignee=me, area=None),
        "not mine": make_consultation("osawa", name="大沢 五"),
        "other city": make_consultation("atago-kotta-kaitori", name="愛宕 六"),
    }


def listed(client, **query):
    response = client.get(CHANGELIST, query)
    assert response.status_code == 200
    cl = response.context["cl"]
    return cl.result_count, sorted(case.pk for case in cl.result_list)


def ids(cases, *names):
    return sorted(cases[name].pk for name in names)


VISIBLE = ("mine", "mine and assigned", "assigned elsewhere", "assigned, no area")


def test_an_area_coordinators_count_is_each_case_they_may_see_once(
    client, inokashira_coordinator, cases
):
    sign_in(client, inokashira_coordinator)
    assert listed(client) == (len(VISIBLE), ids(cases, *VISIBLE))


def test_the_count_follows_the_filters_and_the_search(client, inokashira_coordinator, cases):
    sign_in(client, inokashira_coordinator)
    cases["assigned elsewhere"].status = Consultation.Status.IN_PROGRESS
    cases["assigned elsewhere"].save()
    in_progress = listed(client, status__exact="in_progress")
    assert in_progress == (1, ids(cases, "assigned elsewhere"))
    assert listed(client, q="井の頭") == (2, ids(cases, "mine", "mine and assigned"))
    assert listed(client, q="大沢") == (2, ids(cases, "assigned elsewhere", "assigned, no area"))


@pytest.mark.parametrize(
    ("username", "city", "scope", "areas"),
    [
        ("count-inokashira", "mitaka", "areas", ["inokashira"]),
        ("count-two-areas", "mitaka", "areas", ["inokashira", "osawa"]),
        ("count-mitaka", "mitaka", "city", []),
        ("count-tama", "tama", "city", []),
    ],
)
def test_the_count_is_what_the_access_rule_lets_the_user_see(
    client, cases, username, city, scope, areas
):
    user = make_staff(username, city, scope, areas)
    cases["not mine"].assignee = user
    cases["not mine"].save()
    sign_in(client, user)
    visible = Consultation.objects.visible_to(user)
    assert Consultation.objects.count_visible(user) == visible.count()
    assert listed(client) == (visible.count(), sorted(visible.values_list("pk", flat=True)))
