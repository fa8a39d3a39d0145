"""開示・訂正・利用停止: a supervisor finds every record about a person, prints a disclosure,
records corrections and erasures; every request and every read of it is logged."""

import html
import re

import pytest
from django.urls import reverse

from carenet.community.models import StartupGroup
from carenet.community.models.startups import ERASED
from carenet.events.models import Application
from carenet.privacy.erasure import ERASED_SUMMARY
from carenet.privacy.models import PurgeRecord, RightsRequest
from consultations.models import AccessLog, Consultation, ContactLog
from tests.admin_forms import admin_form_data
from tests.community.factories import make_group
from tests.events.factories import make_event
from tests.privacy.helpers import full_case

pytestmark = pytest.mark.django_db

NEW = reverse("privacy:request-new")


def page(rights_request, name="request"):
    return reverse(f"privacy:{name}", args=[rights_request.pk])


@pytest.fixture
def person():
    """One resident with two cases, a sign-up and a start-up group in Mitaka."""
    first = full_case("inokashira", name="開示 花子", phone="0422-55-6677")
    second = full_case("osawa", name="開示 花子", phone="0422-55-6677", name_kana="かいじ はなこ")
    event = make_event("inokashira", "kaiji-kouza")
    application = Application.take(event, name="開示 花子", phone="0422-55-6677")
    group = make_group("inokashira", representative="開示 花子", phone="0422-55-6677")
    other = full_case("inokashira", name="別人 一郎", phone="0422-99-0000")
    return {
        "cases": [first, second],
        "application": application,
        "group": group,
        "other": other,
    }


def receive(client, kind="disclosure", **fields):
    data = {
        "kind": kind,
        "requester": "self",
        "requester_name": "開示 花子",
        "received_on": "2026-01-05",
        **fields,
    }
    response = client.post(NEW, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return RightsRequest.objects.latest("pk")


def link(client, rights_request, person):
    return client.post(
        page(rights_request, "request-link"),
        {
            "consultations": [c.pk for c in person["cases"]],
            "applications": [person["application"].pk],
            "startup_groups": [person["group"].pk],
        },
    )


def test_a_supervisor_receives_a_request_with_who_asked_and_who_handled_it(
    mitaka_client, mitaka_supervisor
):
    rights_request = receive(mitaka_client)
    assert rights_request.municipality.slug == "mitaka"
    assert rights_request.handled_by == mitaka_supervisor
    assert (rights_request.kind, rights_request.status) == ("disclosure", "received")
    assert rights_request.history.get().history_change_reason == "received by sv-mitaka"


def test_who_asked_is_stored_encrypted(mitaka_client):
    from django.db import connection

    rights_request = receive(mitaka_client)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT requester_name FROM privacy_rightsrequest WHERE id = %s", [rights_request.pk]
        )
        (stored,) = cursor.fetchone()
    assert stored and "開示" not in stored


def test_a_request_from_an_agent_needs_the_person_s_name(mitaka_client):
    data = {"kind": "disclosure", "requester": "agent", "requester_name": "代理 人"}
    response = mitaka_client.post(NEW, {**data, "received_on": "2026-01-05"})
    assert response.status_code == 400
    assert "本人の氏名も入れてください" in response.content.decode()
    assert not RightsRequest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("received_on", "2026-13-45", "2026-04-01 のように"),
        ("received_on", "2999-01-01", "先の日付は入れられません"),
        ("kind", "everything", "正しく選択してください"),
        ("requester_name", "", "このフィールドは必須です"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_saves_nothing(mitaka_client, field, value, message):
    data = {"kind": "disclosure", "requester": "self", "requester_name": "開示 花子"}
    data |= {"received_on": "2026-01-05", field: value}
    response = mitaka_client.post(NEW, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_the_search_finds_every_record_about_the_person_in_the_city(mitaka_client, person):
    rights_request = receive(mitaka_client)
    response = mitaka_client.get(page(rights_request), {"q": "開示 花子"})
    found = response.context["found"]
    assert {c.pk for c in found["consultations"]} == {c.pk for c in person["cases"]}
    assert [a.pk for a in found["applications"]] == [person["application"].pk]
    assert [g.pk for g in found["startup_groups"]] == [person["group"].pk]


def test_the_search_finds_the_person_by_phone_too(mitaka_client, person):
    rights_request = receive(mitaka_client)
    response = mitaka_client.get(page(rights_request), {"q": "0422556677"})
    assert {c.pk for c in response.context["found"]["consultations"]} == {
        c.pk for c in person["cases"]
    }


def test_the_search_never_finds_another_city_s_records(mitaka_client, tama_supervisor):
    tama = full_case("atago-kotta-kaitori", name="開示 花子")
    rights_request = receive(mitaka_client)
    response = mitaka_client.get(page(rights_request), {"q": "開示 花子"})
    assert tama.pk not in {c.pk for c in response.context["found"]["consultations"]}


def test_linking_records_keeps_them_with_the_request(mitaka_client, person):
    rights_request = receive(mitaka_client)
    assert link(mitaka_client, rights_request, person).status_code == 302
    assert set(rights_request.consultations.all()) == set(person["cases"])
    assert list(rights_request.applications.all()) == [person["application"]]
    assert list(rights_request.startup_groups.all()) == [person["group"]]


def test_another_city_s_case_cannot_be_linked(mitaka_client, person):
    tama = full_case("atago-kotta-kaitori", name="開示 花子")
    rights_request = receive(mitaka_client)
    response = mitaka_client.post(
        page(rights_request, "request-link"), {"consultations": [tama.pk]}
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == "選べない記録が含まれています。画面を読み直してください。"
    assert not rights_request.consultations.exists()


def test_linking_nothing_is_refused_with_a_message(mitaka_client):
    rights_request = receive(mitaka_client)
    response = mitaka_client.post(page(rights_request, "request-link"), {}, follow=True)
    assert "一つ以上選んでください" in response.content.decode()


def test_the_disclosure_lists_every_record_in_japanese_for_printing(mitaka_client, person):
    rights_request = receive(mitaka_client)
    link(mitaka_client, rights_request, person)
    response = mitaka_client.get(page(rights_request, "request-disclosure"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "css/print.css" in html and "保有個人情報の開示" in html
    for case in person["cases"]:
        assert f"No.{case.pk}" in html
    assert "娘さんに電話した" in html  # a contact log, through its case
    assert "地域包括支援センター" in html  # a referral
    assert person["application"].reference in html and "防災講座" in html
    assert "別人 一郎" not in html


def test_opening_the_disclosure_is_written_to_the_access_log(
    mitaka_client, mitaka_supervisor, person
):
    rights_request = receive(mitaka_client)
    link(mitaka_client, rights_request, person)
    mitaka_client.get(page(rights_request, "request-disclosure"))
    logs = AccessLog.objects.filter(
        user=mitaka_supervisor, purpose=f"開示請求 No.{rights_request.pk}"
    )
    assert {log.consultation_id for log in logs} == {c.pk for c in person["cases"]}


def test_a_correction_is_recorded_in_the_case_s_history_and_shown_on_the_request(
    mitaka_client, mitaka_supervisor, person
):
    rights_request = receive(mitaka_client, kind="correction", received_on="2026-01-05")
    link(mitaka_client, rights_request, person)
    case = Consultation.objects.get(pk=person["cases"][0].pk)
    case.phone = "0422-55-0000"
    case._history_user = mitaka_supervisor
    case._change_reason = f"訂正請求 No.{rights_request.pk}"
    case.save()
    previous = case.history.all()[1]
    assert (previous.phone, case.history.first().phone) == ("0422-55-6677", "0422-55-0000")
    response = mitaka_client.get(page(rights_request))
    assert f"訂正請求 No.{rights_request.pk}" in response.content.decode()


def test_a_correction_made_from_the_request_s_link_names_the_request_in_the_history(
    mitaka_client, person
):
    rights_request = receive(mitaka_client, kind="correction")
    link(mitaka_client, rights_request, person)
    case = person["cases"][0]
    request_page = mitaka_client.get(page(rights_request)).content.decode()
    link_to_admin = re.search(
        rf'href="([^"]*/consultation/{case.pk}/change/\?[^"]*)"', request_page
    )
    url = html.unescape(link_to_admin.group(1))
    form = admin_form_data(mitaka_client.get(url))
    form["phone"] = "0422-55-0000"
    assert mitaka_client.post(url, form).status_code == 302
    latest = Consultation.history.filter(id=case.pk).first()
    assert latest.phone == "0422-55-0000"
    assert latest.history_change_reason == f"訂正請求 No.{rights_request.pk}による訂正"
    assert (
        f"訂正請求 No.{rights_request.pk}による訂正"
        in mitaka_client.get(page(rights_request)).content.decode()
    )


def test_a_change_reason_with_control_characters_is_not_kept(mitaka_client, person):
    case = person["cases"][0]
    url = reverse("admin:consultations_consultation_change", args=[case.pk])
    form = admin_form_data(mitaka_client.get(url))
    form["phone"] = "0422-55-1111"
    mitaka_client.post(f"{url}?change_reason=%E8%A8%82%E6%AD%A3%0A%1B[31m", form)
    assert Consultation.history.filter(id=case.pk).first().history_change_reason is None


def test_closing_a_request_records_what_was_done_and_ends_changes(mitaka_client, person):
    rights_request = receive(mitaka_client)
    response = mitaka_client.post(
        page(rights_request, "request-close"),
        {"status": "done", "response": "窓口で書面を手渡した"},
    )
    assert response.status_code == 302
    rights_request.refresh_from_db()
    assert (rights_request.status, rights_request.response) == ("done", "窓口で書面を手渡した")
    assert rights_request.closed_on is not None
    assert rights_request.history.first().history_change_reason == "closed by sv-mitaka"
    link(mitaka_client, rights_request, person)
    assert not rights_request.consultations.exists()


def test_closing_without_saying_what_was_done_is_refused(mitaka_client):
    rights_request = receive(mitaka_client)
    response = mitaka_client.post(page(rights_request, "request-close"), {"status": "done"})
    assert response.status_code == 400
    assert "このフィールドは必須です" in response.content.decode()
    rights_request.refresh_from_db()
    assert rights_request.status == "received"


def test_a_suspension_request_erases_the_linked_records_with_the_purge_routine(
    mitaka_client, mitaka_supervisor, person
):
    rights_request = receive(mitaka_client, kind="suspension")
    link(mitaka_client, rights_request, person)
    response = mitaka_client.post(page(rights_request, "request-erase"), {"confirm": "on"})
    assert response.status_code == 302
    for case in person["cases"]:
        erased = Consultation.objects.get(pk=case.pk)
        assert (erased.name, erased.phone, erased.summary) == ("", "", ERASED_SUMMARY)
        assert not ContactLog.objects.filter(consultation=case).exists()
        assert not Consultation.history.filter(id=case.pk).exists()
    assert Application.objects.get(pk=person["application"].pk).name == ""
    group = StartupGroup.objects.get(pk=person["group"].pk)
    assert (group.representative, group.phone, group.person_index) == (ERASED, "", "")
    assert {(old.representative, old.phone) for old in group.history.all()} == {(ERASED, "")}
    assert Consultation.objects.get(pk=person["other"].pk).name == "別人 一郎"
    record = PurgeRecord.objects.get()
    assert (record.source, record.user, record.rights_request) == (
        "request",
        mitaka_supervisor,
        rights_request,
    )
    assert (record.consultations, record.applications, record.startup_groups) == (2, 1, 1)


def test_erasing_needs_the_confirmation(mitaka_client, person):
    rights_request = receive(mitaka_client, kind="suspension")
    link(mitaka_client, rights_request, person)
    response = mitaka_client.post(page(rights_request, "request-erase"), {})
    assert response.status_code == 400
    assert "確認のチェックを入れてください" in response.content.decode()
    assert Consultation.objects.get(pk=person["cases"][0].pk).name == "開示 花子"


def test_a_disclosure_request_cannot_erase(mitaka_client, person):
    rights_request = receive(mitaka_client, kind="disclosure")
    link(mitaka_client, rights_request, person)
    mitaka_client.post(page(rights_request, "request-erase"), {"confirm": "on"})
    assert Consultation.objects.get(pk=person["cases"][0].pk).name == "開示 花子"
    assert not PurgeRecord.objects.exists()
