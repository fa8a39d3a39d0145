"""Two members of staff edit the same consultation: the second save is refused, nothing is lost."""

import pytest
from django.test import Client

from consultations.models import Consultation, ContactLog, StaleEdit
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def change_form_data(client, case):
    response = client.get(f"/admin/consultations/consultation/{case.pk}/change/")
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for prefix in ("contacts", "referrals"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    # The split date/time widget of received_at
    received = form["received_at"].value()
    data["received_at_0"], data["received_at_1"] = (
        str(received.date()),
        received.strftime("%H:%M:%S"),
    )
    return data


def test_second_save_over_an_old_copy_is_refused_and_the_first_is_kept(
    inokashira_case, inokashira_coordinator, mitaka_supervisor
):
    first, second = Client(), Client()
    sign_in(first, inokashira_coordinator)
    sign_in(second, mitaka_supervisor)
    url = f"/admin/consultations/consultation/{inokashira_case.pk}/change/"
    first_copy = change_form_data(first, inokashira_case)
    second_copy = change_form_data(second, inokashira_case)

    first_copy["summary"] = "最初の職員が書いた内容"
    assert first.post(url, first_copy).status_code == 302

    second_copy["summary"] = "二人目の職員が書いた内容"
    response = second.post(url, second_copy)
    assert response.status_code == 200
    assert "ほかの職員が更新しました" in response.content.decode()
    assert Consultation.objects.get(pk=inokashira_case.pk).summary == "最初の職員が書いた内容"


def test_reloading_after_a_refusal_lets_the_second_editor_save(inokashira_case, mitaka_supervisor):
    client = Client()
    sign_in(client, mitaka_supervisor)
    url = f"/admin/consultations/consultation/{inokashira_case.pk}/change/"
    Consultation.objects.get(pk=inokashira_case.pk).save()  # somebody else saved meanwhile
    fresh = change_form_data(client, inokashira_case)
    fresh["summary"] = "読み直してから書いた"
    assert client.post(url, fresh).status_code == 302
    assert Consultation.objects.get(pk=inokashira_case.pk).summary == "読み直してから書いた"


def test_the_model_refuses_a_stale_copy_even_without_the_form(inokashira_case):
    old = Consultation.objects.get(pk=inokashira_case.pk)
    newer = Consultation.objects.get(pk=inokashira_case.pk)
    newer.summary = "新しい"
    newer.save()
    old.summary = "古い"
    with pytest.raises(StaleEdit):
        old.save()
    assert Consultation.objects.get(pk=inokashira_case.pk).summary == "新しい"


def test_a_new_contact_log_makes_open_copies_stale(inokashira_case):
    import datetime as dt

    open_copy = Consultation.objects.get(pk=inokashira_case.pk)
    ContactLog.objects.create(
        consultation=inokashira_case,
        method="phone",
        what_happened="電話した",
        next_step_on=dt.date(2026, 12, 3),
    )
    assert Consultation.objects.get(pk=inokashira_case.pk).follow_up_on == dt.date(2026, 12, 3)
    open_copy.summary = "古い画面から"
    with pytest.raises(StaleEdit):
        open_copy.save()
