"""Staff find an applicant or a 近トレ representative by name or phone in the admin, although
both are encrypted; and only within what their role already lets them see."""

import pytest
from django.urls import reverse

from carenet.events.models import Application
from tests.community.factories import make_group
from tests.conftest import make_staff, sign_in
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def found(client, url_name, term):
    response = client.get(reverse(url_name), {"q": term})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.fixture
def applicants(db):
    event = make_event()  # 井の頭
    wanted = Application.take(
        event, name="検索 はなこ", name_kana="けんさく はなこ", phone="0422-31-3131"
    )
    Application.take(event, name="別人 たろう", phone="0422-00-0000")
    return wanted


@pytest.mark.parametrize(
    "term", ["検索", "ケンサク　ハナコ", "ｹﾝｻｸ", "0422-31-3131", "０４２２３１３１３１"]
)
def test_the_areas_coordinator_finds_an_applicant_however_typed(client, applicants, term):
    sign_in(client, make_staff("co-ino", "mitaka", "areas", ["inokashira"]))
    assert found(client, "admin:events_application_changelist", term) == [applicants]


def test_the_reference_and_event_title_are_still_searched(client, applicants):
    sign_in(client, make_staff("co-ino", "mitaka", "areas", ["inokashira"]))
    assert applicants in found(client, "admin:events_application_changelist", applicants.reference)
    assert len(found(client, "admin:events_application_changelist", "防災")) == 2


@pytest.mark.parametrize(
    "who",
    [("co-osawa", "mitaka", "areas", ["osawa"]), ("sv-tama", "tama", "city", [])],
)
def test_another_areas_or_citys_staff_find_no_applicant_by_name(client, applicants, who):
    username, city, scope, areas = who
    sign_in(client, make_staff(username, city, scope, areas))
    response = client.get(reverse("admin:events_application_changelist"), {"q": "検索 はなこ"})
    if response.status_code == 200:
        assert list(response.context["cl"].result_list) == []
    else:
        assert response.status_code in (302, 403)
    assert applicants.reference not in response.content.decode()


@pytest.fixture
def groups(db):
    wanted = make_group(representative="代表 さがす", phone="042-375-0001")
    make_group(representative="別の 代表者", phone="042-375-0002")
    return wanted


@pytest.mark.parametrize("term", ["さがす", "ダイヒョウ サガス", "042-375-0001"])
def test_tama_staff_find_a_representative_by_name_or_phone(client, groups, term):
    sign_in(client, make_staff("co-atago", "tama", "areas", ["atago-kotta-kaitori"]))
    assert found(client, "admin:community_startupgroup_changelist", term) == [groups]


def test_mitakas_supervisor_does_not_find_tamas_representative(client, groups):
    sign_in(client, make_staff("sv-mitaka", "mitaka", "city"))
    response = client.get(reverse("admin:community_startupgroup_changelist"), {"q": "さがす"})
    if response.status_code == 200:
        assert list(response.context["cl"].result_list) == []
    else:
        assert response.status_code in (302, 403)
    assert "042-375-0001" not in response.content.decode()
