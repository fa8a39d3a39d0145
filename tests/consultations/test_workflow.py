"""受付 → 対応中 → つなぎ済み → 見守り → 終結, and reopen; each change is kept."""

import pytest

from consultations.models import Consultation, InvalidTransition
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
S = Consultation.Status


def test_the_whole_path_from_received_to_closed(inokashira_case, inokashira_coordinator):
    by = inokashira_coordinator
    inokashira_case.start(by=by)
    assert inokashira_case.status == S.IN_PROGRESS
    inokashira_case.refer(by=by)
    assert inokashira_case.status == S.REFERRED
    inokashira_case.monitor(by=by)
    assert inokashira_case.status == S.MONITORING
    inokashira_case.close(by=by, outcome="地域のサロンにつながった")
    inokashira_case.refresh_from_db()
    assert inokashira_case.status == S.CLOSED
    assert inokashira_case.outcome == "地域のサロンにつながった"
    inokashira_case.reopen(by=by)
    assert Consultation.objects.get(pk=inokashira_case.pk).status == S.IN_PROGRESS


@pytest.mark.parametrize(
    ("start", "method"),
    [
        (S.RECEIVED, "monitor"),
        (S.RECEIVED, "reopen"),
        (S.IN_PROGRESS, "start"),
        (S.CLOSED, "close"),
        (S.CLOSED, "refer"),
        (S.MONITORING, "start"),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused_in_japanese(
    inokashira_case, inokashira_coordinator, start, method
):
    Consultation.objects.filter(pk=inokashira_case.pk).update(status=start)
    inokashira_case.refresh_from_db()
    with pytest.raises(InvalidTransition) as error:
        getattr(inokashira_case, method)(by=inokashira_coordinator)
    assert "できません" in str(error.value)
    assert Consultation.objects.get(pk=inokashira_case.pk).status == start


def test_closing_clears_the_follow_up_date(inokashira_case, inokashira_coordinator):
    import datetime as dt

    inokashira_case.follow_up_on = dt.date(2026, 12, 1)
    inokashira_case.save()
    inokashira_case.close(by=inokashira_coordinator)
    assert Consultation.objects.get(pk=inokashira_case.pk).follow_up_on is None


def test_every_change_is_kept_in_the_history(inokashira_case, inokashira_coordinator):
    inokashira_case.start(by=inokashira_coordinator)
    inokashira_case.summary = "内容を書き足した"
    inokashira_case.save()
    history = list(inokashira_case.history.order_by("history_date"))
    assert [h.status for h in history] == [S.RECEIVED, S.IN_PROGRESS, S.IN_PROGRESS]
    assert history[-1].summary == "内容を書き足した"
    assert history[0].summary == "テスト用の相談です。"


def test_assigning_across_cities_is_refused(inokashira_case, tama_supervisor, mitaka_supervisor):
    with pytest.raises(InvalidTransition):
        inokashira_case.assign(tama_supervisor, by=mitaka_supervisor)
    inokashira_case.assign(mitaka_supervisor, by=mitaka_supervisor)
    assert Consultation.objects.get(pk=inokashira_case.pk).assignee == mitaka_supervisor


def test_admin_actions_move_and_assign(
    client, mitaka_supervisor, inokashira_case, osawa_case, inokashira_coordinator
):
    sign_in(client, mitaka_supervisor)
    url = "/admin/consultations/consultation/"
    client.post(url, {"action": "start", "_selected_action": [inokashira_case.pk, osawa_case.pk]})
    assert set(Consultation.objects.values_list("status", flat=True)) == {S.IN_PROGRESS}
    client.post(
        url,
        {
            "action": "assign",
            "assignee": inokashira_coordinator.pk,
            "_selected_action": [osawa_case.pk],
        },
    )
    assert Consultation.objects.get(pk=osawa_case.pk).assignee == inokashira_coordinator
    response = client.post(
        url, {"action": "reopen", "_selected_action": [osawa_case.pk]}, follow=True
    )
    assert "できません" in response.content.decode()
