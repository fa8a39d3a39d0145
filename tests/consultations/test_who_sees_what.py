"""Deny by default: the one access rule, from the attacker's side as much as the owner's."""

import pytest
from django.contrib.auth import get_user_model

from consultations.models import Consultation
from tests.conftest import make_consultation

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Consultation.objects.visible_to(user))


def test_area_coordinator_sees_only_their_areas(
    inokashira_coordinator, inokashira_case, osawa_case, tama_case
):
    assert visible(inokashira_coordinator) == {inokashira_case}


def test_supervisor_sees_their_whole_city_and_nothing_of_the_other(
    mitaka_supervisor, tama_supervisor, inokashira_case, osawa_case, tama_case
):
    assert visible(mitaka_supervisor) == {inokashira_case, osawa_case}
    assert visible(tama_supervisor) == {tama_case}


def test_layer2_coordinator_sees_their_area_only(
    tama_layer2_coordinator, tama_case, inokashira_case
):
    other_tama = make_consultation("sakuragaoka", name="桜ヶ丘 次郎")
    assert visible(tama_layer2_coordinator) == {tama_case}
    assert other_tama not in visible(tama_layer2_coordinator)


def test_a_consultation_assigned_to_me_outside_my_area_is_mine_to_see(
    osawa_coordinator, inokashira_case
):
    inokashira_case.assignee = osawa_coordinator
    inokashira_case.save()
    assert inokashira_case in visible(osawa_coordinator)


def test_consultation_with_no_area_is_seen_by_city_staff_only(
    inokashira_coordinator, mitaka_supervisor
):
    townless = make_consultation("inokashira", area=None, town="井の頭2丁目")
    assert townless not in visible(inokashira_coordinator)
    assert townless in visible(mitaka_supervisor)


def test_nobody_without_a_staff_profile_sees_anything_not_even_a_superuser(inokashira_case):
    User = get_user_model()
    root = User.objects.create_superuser("root", "r@example.invalid", "pw-Test-12345")
    staff = User.objects.create_user("plain", "p@example.invalid", "pw-Test-12345", is_staff=True)
    assert visible(root) == set()
    assert visible(staff) == set()


def test_an_inactive_or_non_staff_account_sees_nothing(inokashira_coordinator, inokashira_case):
    inokashira_coordinator.is_active = False
    inokashira_coordinator.save()
    assert visible(inokashira_coordinator) == set()
    inokashira_coordinator.is_active, inokashira_coordinator.is_staff = True, False
    inokashira_coordinator.save()
    assert visible(inokashira_coordinator) == set()


def test_anonymous_visitor_sees_nothing(inokashira_case):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()
