"""Another area's coordinator, another city's supervisor and an anonymous visitor get nothing."""

import pytest
from django.urls import reverse

from consultations.models import AccessLog, ContactLog, Referral

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:consultations_{name}", args=args)


def test_other_areas_consultation_is_not_in_the_list(osawa_client, inokashira_case, osawa_case):
    response = osawa_client.get(admin_url("consultation_changelist"))
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [osawa_case]
    assert inokashira_case.name not in response.content.decode()


@pytest.mark.parametrize("search", ["井の頭 花子", "いのかしら", "イノカシラ", "ｲﾉｶｼﾗ"])
def test_searching_by_name_does_not_find_other_areas_consultation(
    osawa_client, inokashira_case, search
):
    response = osawa_client.get(admin_url("consultation_changelist"), {"q": search})
    assert list(response.context["cl"].result_list) == []


def test_searching_by_number_does_not_find_other_areas_consultation(osawa_client, inokashira_case):
    response = osawa_client.get(
        admin_url("consultation_changelist"), {"q": str(inokashira_case.pk)}
    )
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_other_areas_consultation_cannot_be_opened_by_id(osawa_client, inokashira_case, view):
    response = osawa_client.get(admin_url(f"consultation_{view}", inokashira_case.pk), follow=True)
    assert response.status_code in {200, 403, 404}
    body = response.content.decode()
    assert inokashira_case.name not in body
    assert "いのかしら" not in body
    assert not AccessLog.objects.filter(consultation=inokashira_case).exists()


def test_other_areas_consultation_cannot_be_changed_by_post(osawa_client, inokashira_case):
    response = osawa_client.post(
        admin_url("consultation_change", inokashira_case.pk),
        {"name": "書き換え", "summary": "書き換え", "requester": "self", "channel": "phone"},
    )
    assert response.status_code in {302, 403, 404}
    inokashira_case.refresh_from_db()
    assert inokashira_case.name == "井の頭 花子"


def test_other_citys_supervisor_cannot_open_a_mitaka_consultation(tama_client, inokashira_case):
    response = tama_client.get(admin_url("consultation_change", inokashira_case.pk), follow=True)
    assert inokashira_case.name not in response.content.decode()
    listed = tama_client.get(admin_url("consultation_changelist")).context["cl"].result_list
    assert inokashira_case not in list(listed)


def test_autocomplete_does_not_offer_other_areas_consultation(
    osawa_client, inokashira_case, osawa_case
):
    response = osawa_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "consultations",
            "model_name": "referral",
            "field_name": "consultation",
            "term": "",
        },
    )
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["results"]}
    assert ids == {str(osawa_case.pk)}


def test_export_action_does_not_export_other_areas_consultation(
    osawa_client, inokashira_case, osawa_case
):
    # Exports are for supervisors (#5): an area coordinator gets no file at all.
    response = osawa_client.post(
        admin_url("consultation_changelist"),
        {
            "action": "export_csv",
            "_selected_action": [inokashira_case.pk, osawa_case.pk],
            "purpose": "確認",
        },
    )
    body = response.content.decode("utf-8-sig")
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert "井の頭 花子" not in body


def test_export_of_only_other_areas_consultation_gives_nothing(osawa_client, inokashira_case):
    response = osawa_client.post(
        admin_url("consultation_changelist"),
        {"action": "export_csv", "_selected_action": [inokashira_case.pk]},
        follow=True,
    )
    assert "井の頭 花子" not in response.content.decode("utf-8-sig")


def test_contact_logs_and_referrals_of_other_areas_stay_hidden(osawa_client, inokashira_case):
    referral = Referral.objects.create(consultation=inokashira_case, service="ひみつ支援サービス")
    ContactLog.objects.create(
        consultation=inokashira_case, method="phone", what_happened="秘密の記録"
    )
    listed = osawa_client.get(admin_url("referral_changelist"))
    assert list(listed.context["cl"].result_list) == []
    opened = osawa_client.get(admin_url("referral_change", referral.pk), follow=True)
    assert "ひみつ支援サービス" not in opened.content.decode()
    own_list = osawa_client.get(admin_url("consultation_changelist")).content.decode()
    assert "秘密の記録" not in own_list


def test_assignee_choices_are_only_staff_of_my_own_city(
    osawa_client, osawa_case, inokashira_coordinator, tama_supervisor
):
    response = osawa_client.get(admin_url("consultation_change", osawa_case.pk))
    choices = set(response.context["adminform"].form.fields["assignee"].queryset)
    assert inokashira_coordinator in choices
    assert tama_supervisor not in choices


def test_coordinator_cannot_read_the_access_log(osawa_client, inokashira_case):
    assert osawa_client.get(admin_url("accesslog_changelist")).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/consultations/consultation/",
        "/admin/consultations/consultation/1/change/",
        "/admin/consultations/consultation/1/history/",
        "/admin/consultations/accesslog/",
        "/staff/",
        "/staff/intake/",
        "/staff/stats.csv",
    ],
)
def test_anonymous_visitor_is_sent_to_log_in(client, inokashira_case, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
