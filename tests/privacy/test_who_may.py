"""Who may open the requests and the access report: a city's supervisors, for their own city.

From the attacker's side: an area coordinator, an account administrator (demo-access), the
directory administrator, another city's supervisor and an anonymous visitor, for reads and
for writes; the wrong method too.
"""

import pytest
from django.urls import reverse

from carenet.privacy.models import RightsRequest
from consultations.models import AccessLog
from tests.conftest import make_account, sign_in
from tests.privacy.helpers import full_case

pytestmark = pytest.mark.django_db

LISTS = [reverse("privacy:requests"), reverse("privacy:request-new")]
REPORTS = [
    reverse("privacy:access-report") + "?person=1",
    reverse("privacy:access-report-csv") + "?person=1",
]


@pytest.fixture
def mitaka_request(mitaka_supervisor):
    rights_request = RightsRequest.objects.create(
        municipality=mitaka_supervisor.staff_profile.municipality,
        kind=RightsRequest.Kind.SUSPENSION,
        requester_name="請求 花子",
        handled_by=mitaka_supervisor,
    )
    case = full_case("inokashira", name="請求 花子")
    rights_request.consultations.add(case)
    return rights_request


def pages_of(rights_request):
    return [
        reverse("privacy:request", args=[rights_request.pk]),
        reverse("privacy:request", args=[rights_request.pk]) + "?q=請求+花子",
        reverse("privacy:request-disclosure", args=[rights_request.pk]),
    ]


def writes_of(rights_request):
    pk = rights_request.pk
    case = rights_request.consultations.get()
    return [
        (reverse("privacy:request-new"), {"kind": "disclosure", "requester": "self"}),
        (reverse("privacy:request-link", args=[pk]), {"consultations": [case.pk]}),
        (reverse("privacy:request-close", args=[pk]), {"status": "done", "response": "x"}),
        (reverse("privacy:request-erase", args=[pk]), {"confirm": "on"}),
    ]


def assert_untouched(rights_request):
    fresh = RightsRequest.objects.get(pk=rights_request.pk)
    assert fresh.status == RightsRequest.Status.RECEIVED
    assert RightsRequest.objects.count() == 1
    assert fresh.consultations.get().name == "請求 花子"


def test_a_supervisor_opens_every_page_of_their_city(mitaka_client, mitaka_request):
    for url in LISTS + REPORTS + pages_of(mitaka_request):
        assert mitaka_client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["area", "access", "directory"])
def test_other_staff_are_refused_reads_and_writes(client, mitaka_request, who):
    from tests.conftest import make_staff

    users = {
        "area": lambda: make_staff("co-attacker", "mitaka", "areas", ["inokashira"]),
        "access": lambda: make_account("acc-attacker", "access_admin"),
        "directory": lambda: make_account("dir-attacker", "directory_admin"),
    }
    sign_in(client, users[who]())
    for url in LISTS + REPORTS + pages_of(mitaka_request):
        assert client.get(url).status_code == 403, url
    for url, data in writes_of(mitaka_request):
        assert client.post(url, data).status_code == 403, url
    assert_untouched(mitaka_request)
    assert not AccessLog.objects.exists()  # the disclosure was never opened


def test_another_city_s_supervisor_finds_no_such_request(tama_client, mitaka_request):
    for url in pages_of(mitaka_request):
        assert tama_client.get(url).status_code == 404, url
    for url, data in writes_of(mitaka_request)[1:]:
        assert tama_client.post(url, data).status_code == 404, url
    assert_untouched(mitaka_request)
    assert not AccessLog.objects.exists()


def test_another_city_s_supervisor_does_not_see_the_request_in_their_list(
    tama_client, mitaka_request
):
    response = tama_client.get(reverse("privacy:requests"))
    assert list(response.context["requests"]) == []


def test_a_visitor_is_sent_to_sign_in_and_changes_nothing(client, mitaka_request):
    for url in LISTS + REPORTS + pages_of(mitaka_request):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    for url, data in writes_of(mitaka_request):
        response = client.post(url, data)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    assert_untouched(mitaka_request)


def test_a_supervisor_without_the_role_s_permission_is_refused(client, mitaka_request):
    from tests.conftest import make_staff

    user = make_staff("sv-no-role", "mitaka", "city")
    user.groups.clear()
    sign_in(client, user)
    assert client.get(reverse("privacy:requests")).status_code == 403
    assert client.get(REPORTS[0]).status_code == 403


def test_writes_are_post_only(mitaka_client, mitaka_request):
    for url, _data in writes_of(mitaka_request)[1:]:
        assert mitaka_client.get(url).status_code == 405, url
    assert_untouched(mitaka_request)


def test_the_staff_home_links_the_pages_for_supervisors_only(client, mitaka_supervisor):
    from tests.conftest import make_staff

    home = reverse("staff:home")
    sign_in(client, mitaka_supervisor)
    assert reverse("privacy:access-report") in client.get(home).content.decode()
    client.logout()
    sign_in(client, make_staff("co-home", "mitaka", "areas", ["osawa"]))
    assert reverse("privacy:access-report") not in client.get(home).content.decode()
