"""The due rules are said once (ConsultationQuerySet), so the staff home and the admin's 対応日
filter always list the same cases for the same person."""

import datetime as dt

import pytest
from django.urls import reverse

from consultations.models import Consultation
from tests.conftest import make_consultation

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:consultations_consultation_changelist")


@pytest.fixture
def follow_ups(fixed_today):
    """Cases around today in 井の頭, plus ones that must never count: closed, or another area's."""
    day = dt.timedelta(days=1)
    cases = {
        "long_overdue": make_consultation("inokashira", follow_up_on=fixed_today - 30 * day),
        "overdue": make_consultation("inokashira", follow_up_on=fixed_today - day),
        "today": make_consultation("inokashira", follow_up_on=fixed_today),
        "tomorrow": make_consultation("inokashira", follow_up_on=fixed_today + day),
        "no_date": make_consultation("inokashira"),
        "closed_overdue": make_consultation(
            "inokashira", follow_up_on=fixed_today - day, status=Consultation.Status.CLOSED
        ),
        "closed_today": make_consultation(
            "inokashira", follow_up_on=fixed_today, status=Consultation.Status.CLOSED
        ),
        "osawa_overdue": make_consultation("osawa", follow_up_on=fixed_today - day),
        "monitoring_overdue": make_consultation(
            "inokashira",
            follow_up_on=fixed_today - 2 * day,
            status=Consultation.Status.MONITORING,
        ),
    }
    return cases


def admin_filtered(client, due):
    response = client.get(CHANGELIST, {"due": due})
    assert response.status_code == 200
    return set(response.context_data["cl"].queryset)


@pytest.mark.parametrize(
    ("home_list", "admin_choice", "expected"),
    [
        ("overdue", "overdue", {"long_overdue", "overdue", "monitoring_overdue"}),
        ("due_today", "today", {"today"}),
    ],
)
def test_staff_home_and_admin_due_filter_list_the_same_cases(
    inokashira_client, follow_ups, home_list, admin_choice, expected
):
    home = set(inokashira_client.get("/staff/").context[home_list])
    assert home == admin_filtered(inokashira_client, admin_choice)
    assert home == {follow_ups[name] for name in expected}


def test_staff_home_shows_the_oldest_overdue_case_first(inokashira_client, follow_ups):
    overdue = list(inokashira_client.get("/staff/").context["overdue"])
    assert overdue == sorted(overdue, key=lambda case: case.follow_up_on)
    assert overdue[0] == follow_ups["long_overdue"]


def test_due_by_today_is_due_today_plus_overdue(
    inokashira_client, inokashira_coordinator, follow_ups
):
    mine = Consultation.objects.visible_to(inokashira_coordinator)
    today = follow_ups["today"].follow_up_on
    assert set(mine.due_by(today)) == set(mine.due_on(today)) | set(mine.overdue())
    assert admin_filtered(inokashira_client, "due") == set(mine.due_by(today))


def test_new_web_requests_are_web_requests_nobody_has_started(
    inokashira_client, inokashira_coordinator
):
    waiting = make_consultation("inokashira", channel="web")
    started = make_consultation("inokashira", channel="web")
    started.start(by=inokashira_coordinator)
    make_consultation("inokashira", channel="phone")
    home = inokashira_client.get("/staff/").context["new_requests"]
    assert list(home) == [waiting]
    assert list(Consultation.objects.new_web_requests()) == [waiting]
