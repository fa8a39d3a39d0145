"""Every opening is recorded, every change kept; supervisors read the trail, nobody edits it."""

import pytest
from django.urls import reverse

from consultations.models import AccessLog
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def change_url(case):
    return reverse("admin:consultations_consultation_change", args=[case.pk])


def test_opening_a_consultation_records_who_when_and_which(
    client, inokashira_coordinator, inokashira_case
):
    sign_in(client, inokashira_coordinator)
    assert client.get(change_url(inokashira_case)).status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.consultation, log.via) == (
        inokashira_coordinator,
        inokashira_case,
        "admin",
    )
    assert log.at is not None


def test_exporting_records_each_exported_consultation(
    client, mitaka_supervisor, inokashira_case, osawa_case
):
    sign_in(client, mitaka_supervisor)
    client.post(
        reverse("admin:consultations_consultation_changelist"),
        {
            "action": "export_csv",
            "_selected_action": [inokashira_case.pk, osawa_case.pk],
            "purpose": "地域ケア会議の資料",
        },
    )
    logged = set(AccessLog.objects.filter(via="export").values_list("consultation", flat=True))
    assert logged == {inokashira_case.pk, osawa_case.pk}


def test_supervisor_reads_the_change_history(
    client, mitaka_supervisor, inokashira_case, inokashira_coordinator
):
    inokashira_case.start(by=inokashira_coordinator)
    sign_in(client, mitaka_supervisor)
    url = reverse("admin:consultations_consultation_history", args=[inokashira_case.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "start by co-inokashira" in response.content.decode()
    assert inokashira_case.history.count() == 2


def test_supervisor_reads_the_access_log(
    client, mitaka_supervisor, inokashira_coordinator, inokashira_case
):
    AccessLog.record(inokashira_coordinator, [inokashira_case], AccessLog.Via.ADMIN)
    sign_in(client, mitaka_supervisor)
    response = client.get(reverse("admin:consultations_accesslog_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(AccessLog.objects.all())


def test_another_citys_supervisor_does_not_see_this_citys_access_log(
    client, tama_supervisor, inokashira_coordinator, inokashira_case
):
    AccessLog.record(inokashira_coordinator, [inokashira_case], AccessLog.Via.ADMIN)
    sign_in(client, tama_supervisor)
    response = client.get(reverse("admin:consultations_accesslog_changelist"))
    assert list(response.context["cl"].result_list) == []


def test_a_coordinator_cannot_read_the_change_history(
    client, inokashira_coordinator, inokashira_case
):
    sign_in(client, inokashira_coordinator)
    url = reverse("admin:consultations_consultation_history", args=[inokashira_case.pk])
    assert client.get(url).status_code == 403


def test_nobody_can_edit_or_delete_the_access_log(client, mitaka_supervisor, inokashira_case):
    AccessLog.record(mitaka_supervisor, [inokashira_case], AccessLog.Via.ADMIN)
    log = AccessLog.objects.get()
    sign_in(client, mitaka_supervisor)
    change = reverse("admin:consultations_accesslog_change", args=[log.pk])
    delete = reverse("admin:consultations_accesslog_delete", args=[log.pk])
    assert client.post(change, {"via": "staff"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:consultations_accesslog_add")).status_code == 403
    assert AccessLog.objects.get().via == "admin"


def test_nobody_can_delete_a_consultation_or_revert_its_history(
    client, mitaka_supervisor, inokashira_case
):
    sign_in(client, mitaka_supervisor)
    delete = reverse("admin:consultations_consultation_delete", args=[inokashira_case.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    history_id = inokashira_case.history.first().history_id
    revert = f"/admin/consultations/consultation/{inokashira_case.pk}/history/{history_id}/"
    assert client.post(revert, {"summary": "巻き戻し"}).status_code == 403
    inokashira_case.refresh_from_db()
    assert inokashira_case.summary == "テスト用の相談です。"


def test_the_history_models_are_not_editable_in_the_admin():
    from django.contrib import admin

    registered = {model.__name__ for model in admin.site._registry}
    assert not {name for name in registered if name.startswith("Historical")}
