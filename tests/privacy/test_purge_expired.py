"""`manage.py purge_expired`: closed cases past the retention period lose their personal data,
with their history, contact logs and referrals; the counts stay; nothing else moves."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from carenet.community.models import StartupGroup
from carenet.community.models.startups import ERASED
from carenet.events.models import Application
from carenet.privacy.erasure import ERASED_SUMMARY
from carenet.privacy.models import ErasedConsultation, PurgeRecord
from consultations import stats
from consultations.models import AccessLog, Consultation, ContactLog, Referral
from tests.community.factories import make_group
from tests.events.factories import make_event
from tests.privacy.helpers import close_at, full_case, years_ago

pytestmark = pytest.mark.django_db


def purge(*args):
    out = StringIO()
    call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.fixture
def old_case(mitaka_supervisor):
    return close_at(full_case(), years_ago(5, days=1), mitaka_supervisor)


def test_a_case_closed_five_years_and_a_day_ago_is_anonymised(old_case):
    purge()
    case = Consultation.objects.get(pk=old_case.pk)
    assert (case.name, case.name_kana, case.phone, case.email, case.town) == ("",) * 5
    assert (case.summary, case.outcome, case.person_index) == (ERASED_SUMMARY, "", "")
    assert not ContactLog.objects.filter(consultation=case).exists()
    assert not Referral.objects.filter(consultation=case).exists()
    assert not Consultation.history.filter(id=case.pk).exists()
    assert not Consultation.objects.matching_name("保存 太郎").filter(pk=case.pk).exists()


def test_what_the_statistics_need_stays(old_case):
    purge()
    case = Consultation.objects.get(pk=old_case.pk)
    assert (case.municipality_id, case.area_id, case.channel, case.status) == (
        old_case.municipality_id,
        old_case.area_id,
        old_case.channel,
        Consultation.Status.CLOSED,
    )
    assert case.received_at == old_case.received_at
    assert list(case.topics.all()) == list(old_case.topics.all())


def test_the_statistics_are_the_same_before_and_after(old_case):
    year = old_case.received_at.year
    cases = Consultation.objects.filter(municipality=old_case.municipality)
    before = [stats.yearly_rows(cases, y) for y in (year - 1, year)]
    before_months = [stats.consultations_per_month(cases, y) for y in (year - 1, year)]
    purge()
    assert [stats.yearly_rows(cases, y) for y in (year - 1, year)] == before
    assert [stats.consultations_per_month(cases, y) for y in (year - 1, year)] == before_months
    assert any(row for rows in before for row in rows)  # the case was counted at all


def test_a_case_closed_a_day_short_of_five_years_stays(mitaka_supervisor):
    case = close_at(full_case(), years_ago(5, days=-1), mitaka_supervisor)
    purge()
    kept = Consultation.objects.get(pk=case.pk)
    assert (kept.name, kept.phone, kept.summary) == ("保存 太郎", "0422-11-2233", case.summary)
    assert ContactLog.objects.filter(consultation=case).exists()
    assert Consultation.history.filter(id=case.pk).exists()


def test_an_open_case_never_goes_however_old():
    case = full_case()
    long_ago = years_ago(20)
    Consultation.history.filter(id=case.pk).update(history_date=long_ago)
    Consultation.objects.filter(pk=case.pk).update(received_at=long_ago, updated_at=long_ago)
    purge()
    assert Consultation.objects.get(pk=case.pk).name == "保存 太郎"


def test_the_clock_starts_at_the_last_close_not_at_a_later_edit(old_case):
    # A correction after closing is a new version, not a new closing: the case still goes.
    old_case.town = "下連雀"
    old_case.save()
    purge()
    assert Consultation.objects.get(pk=old_case.pk).town == ""


def test_a_case_reopened_and_closed_again_recently_stays(old_case, mitaka_supervisor):
    case = Consultation.objects.get(pk=old_case.pk)
    case.reopen(by=mitaka_supervisor)
    case.close(by=mitaka_supervisor)
    purge()
    assert Consultation.objects.get(pk=case.pk).name == "保存 太郎"


def test_a_closed_case_without_history_goes_by_its_last_update(mitaka_supervisor):
    case = close_at(full_case(), years_ago(6), mitaka_supervisor)
    Consultation.history.filter(id=case.pk).delete()  # as loaded from a fixture
    purge()
    assert Consultation.objects.get(pk=case.pk).name == ""


def test_the_raw_tables_no_longer_hold_the_case_s_personal_data(old_case):
    history = Consultation.history.model._meta.db_table
    log_history = ContactLog.history.model._meta.db_table
    referral_history = Referral.history.model._meta.db_table
    assert raw(f"SELECT COUNT(*) FROM {history} WHERE id = %s", [old_case.pk])[0][0] > 0
    purge()
    live = raw(
        "SELECT name, name_kana, phone, email, requester_name, town, outcome, person_index "
        "FROM consultations_consultation WHERE id = %s",
        [old_case.pk],
    )
    assert live == [("",) * 8]
    (summary,) = raw("SELECT summary FROM consultations_consultation WHERE id = %s", [old_case.pk])[
        0
    ]
    assert "介護" not in summary
    for table in (log_history, referral_history):
        assert raw(f"SELECT COUNT(*) FROM {table} WHERE consultation_id = %s", [old_case.pk]) == [
            (0,)
        ]
    assert raw(f"SELECT COUNT(*) FROM {history} WHERE id = %s", [old_case.pk]) == [(0,)]
    assert raw(
        "SELECT COUNT(*) FROM consultations_historicalconsultation_topics "
        "WHERE consultation_id = %s",
        [old_case.pk],
    ) == [(0,)]
    for table in ("consultations_contactlog", "consultations_referral"):
        assert raw(f"SELECT COUNT(*) FROM {table} WHERE consultation_id = %s", [old_case.pk]) == [
            (0,)
        ]


def test_the_access_log_stays_and_still_points_at_the_case(old_case, mitaka_supervisor):
    AccessLog.record(mitaka_supervisor, [old_case], AccessLog.Via.ADMIN)
    purge()
    assert AccessLog.objects.filter(consultation_id=old_case.pk).count() == 1


def test_the_purge_record_has_counts_per_city_and_no_names(old_case, tama_supervisor):
    tama = close_at(
        full_case("atago-kotta-kaitori", name="多摩 次郎"), years_ago(7), tama_supervisor
    )
    purge()
    records = {r.municipality.slug: r for r in PurgeRecord.objects.all()}
    assert set(records) == {"mitaka", "tama"}
    mitaka = records["mitaka"]
    assert (mitaka.consultations, mitaka.contact_logs, mitaka.referrals) == (1, 1, 1)
    assert mitaka.history_rows >= 4  # the case's versions, the log's and the referral's
    assert (mitaka.source, mitaka.command, mitaka.retention_years) == (
        "retention",
        "purge_expired",
        5,
    )
    stored = " ".join(str(v) for r in PurgeRecord.objects.values() for v in r.values())
    for personal in ("保存", "多摩 次郎", "0422-11-2233", "介護"):
        assert personal not in stored
    assert set(ErasedConsultation.objects.values_list("consultation_id", flat=True)) == {
        old_case.pk,
        tama.pk,
    }


def test_running_twice_changes_nothing(old_case):
    purge()
    records = PurgeRecord.objects.count()
    case = Consultation.objects.get(pk=old_case.pk)
    output = purge()
    assert PurgeRecord.objects.count() == records
    assert Consultation.objects.get(pk=old_case.pk).version == case.version
    assert "0 consultations and 0 applications and 0 start-up groups were purged" in output


def test_dry_run_says_what_would_go_and_changes_nothing(old_case):
    history_before = Consultation.history.filter(id=old_case.pk).count()
    output = purge("--dry-run")
    assert "[dry run]" in output and "1 consultations" in output and "would be" in output
    assert "相談 1件を匿名化" in output
    assert Consultation.objects.get(pk=old_case.pk).name == "保存 太郎"
    assert Consultation.history.filter(id=old_case.pk).count() == history_before
    assert ContactLog.objects.filter(consultation=old_case).count() == 1
    assert not PurgeRecord.objects.exists()
    assert not ErasedConsultation.objects.exists()


def test_event_applicants_past_their_retention_are_erased_in_the_same_run():
    old = make_event("inokashira", "old-kouza", days_ahead=(-400,))
    recent = make_event("inokashira", "new-kouza", days_ahead=(5,))
    gone = Application.take(old, name="申込 花子", phone="0422000001")
    kept = Application.take(recent, name="申込 次郎", phone="0422000002")
    purge()
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.name, gone.phone, gone.person_index) == ("", "", "")
    assert gone.erased_at is not None and gone.status == Application.Status.CONFIRMED
    assert kept.name == "申込 次郎"
    assert PurgeRecord.objects.get().applications == 1


def test_a_start_up_group_ended_past_the_retention_period_loses_its_representative(
    tama_supervisor,
):
    ended = make_group(representative="終了 みどり", phone="042-111-2222", message="膝が痛い")
    ended.end(by=tama_supervisor)
    still_going = make_group(representative="継続 はな", phone="042-333-4444")
    recently_ended = make_group(representative="最近 まつ", phone="042-555-6666")
    recently_ended.end(by=tama_supervisor)
    StartupGroup.objects.filter(pk__in=[ended.pk, still_going.pk]).update(
        updated_at=years_ago(5, days=1)
    )
    purge()
    gone = StartupGroup.objects.get(pk=ended.pk)
    assert (gone.representative, gone.phone, gone.message) == (ERASED, "", "")
    assert gone.erased_at is not None and gone.stage == StartupGroup.Stage.ENDED
    assert {(old.representative, old.phone) for old in gone.history.all()} == {(ERASED, "")}
    assert not StartupGroup.objects.matching_name("終了 みどり").exists()
    assert StartupGroup.objects.get(pk=still_going.pk).representative == "継続 はな"
    assert StartupGroup.objects.get(pk=recently_ended.pk).representative == "最近 まつ"
    assert PurgeRecord.objects.get().startup_groups == 1
    assert "0 start-up groups were purged" in purge()  # nothing more the second time
    assert PurgeRecord.objects.count() == 1


def test_the_purge_is_one_transaction(old_case, monkeypatch):
    # A failure after the cases were erased (here: writing the record) leaves everything as it was.
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PurgeRecord.objects, "create", broken)
    with pytest.raises(RuntimeError):
        purge()
    assert Consultation.objects.get(pk=old_case.pk).name == "保存 太郎"
    assert ContactLog.objects.filter(consultation=old_case).exists()
    assert Consultation.history.filter(id=old_case.pk).exists()


def test_the_retention_period_is_a_setting(old_case, settings):
    settings.CONSULTATION_RETENTION_YEARS = 10
    purge()
    assert Consultation.objects.get(pk=old_case.pk).name == "保存 太郎"
    settings.CONSULTATION_RETENTION_YEARS = 5
    purge()
    assert Consultation.objects.get(pk=old_case.pk).name == ""


def test_an_erased_case_saved_from_an_old_copy_is_refused(old_case):
    from consultations.models import StaleEdit

    stale = Consultation.objects.get(pk=old_case.pk)
    purge()
    with pytest.raises(StaleEdit):
        stale.save()  # would write the name, phone and summary back
    assert Consultation.objects.get(pk=old_case.pk).name == ""


def test_supervisors_see_their_city_s_purge_records_on_the_requests_page(
    old_case, mitaka_client, tama_supervisor
):
    close_at(full_case("atago-kotta-kaitori", name="多摩 次郎"), years_ago(7), tama_supervisor)
    purge()
    response = mitaka_client.get("/staff/privacy/")
    shown = list(response.context["purges"])
    assert [(p.municipality.slug, p.consultations) for p in shown] == [("mitaka", 1)]
    assert "保存期間の経過" in response.content.decode()
