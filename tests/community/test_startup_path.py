"""A 近トレ group's path, as its coordinator walks it on /staff/kintore/<pk>/: stages, the three
promises, the five supports, the session log, サロン登録, and the year's figures."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from carenet.community.models import (
    GroupMeeting,
    InvalidStep,
    PromiseCheck,
    StartupGroup,
    Support,
    survey_counts,
)
from carenet.events.models import Event
from salons.models import Salon
from tests.community.factories import log_weeks, make_group
from tests.conftest import make_staff, sign_in
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db
Stage = StartupGroup.Stage


@pytest.fixture
def coordinator(db):
    return make_staff("co-atago", "tama", "areas", ["atago-kotta-kaitori"])


@pytest.fixture
def staff(coordinator):
    return sign_in(Client(), coordinator)


@pytest.fixture
def group(db):
    return make_group(name="愛宕ひまわり近トレ", name_kana="あたごひまわりきんとれ")


def post(staff, group, action, **data):
    return staff.post(f"/staff/kintore/{group.pk}/{action}/", data)


# --- Stages ---

ALL_STEPS = ["prepare", "start_trial", "activate", "pause", "resume", "end"]
ALLOWED = {
    Stage.INQUIRY: {"prepare", "end"},
    Stage.PREPARING: {"start_trial", "end"},
    Stage.TRIAL: {"pause", "end"},
    Stage.REGISTERED: {"activate", "pause", "end"},
    Stage.ACTIVE: {"pause", "end"},
    Stage.PAUSED: {"resume", "end"},
    Stage.ENDED: set(),
}


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("step", ALL_STEPS)
def test_each_step_starts_only_from_its_stages(coordinator, stage, step):
    group = make_group(stage=stage)
    if step == "activate":
        for promise in PromiseCheck._meta.get_field("promise").choices:
            group.promise_checks.create(promise=promise[0], met_on=dt.date(2026, 1, 1), how="t")
    if step in ALLOWED[stage]:
        getattr(group, step)(coordinator)
        assert group.stage != stage
    else:
        with pytest.raises(InvalidStep):
            getattr(group, step)(coordinator)
        group.refresh_from_db()
        assert group.stage == stage


def test_the_path_on_the_staff_page(staff, group):
    for step, stage in [("prepare", Stage.PREPARING), ("start_trial", Stage.TRIAL)]:
        response = post(staff, group, "step", step=step)
        assert response.status_code == 302
        group.refresh_from_db()
        assert group.stage == stage
    page = staff.get(f"/staff/kintore/{group.pk}/").content.decode()
    assert "「試行」にしました。" in page
    assert "サロン登録をする" in page


def test_a_refused_step_says_why_and_changes_nothing(staff, group):
    response = post(staff, group, "step", step="activate")
    group.refresh_from_db()
    assert group.stage == Stage.INQUIRY
    page = staff.get(response["Location"]).content.decode()
    assert "「相談」の段階から「活動中」にはできません。" in page


def test_registration_is_not_a_plain_step(staff, group):
    assert post(staff, group, "step", step="register").status_code == 403


def test_activating_needs_all_three_promises(coordinator):
    group = make_group(stage=Stage.REGISTERED)
    group.promise_checks.create(promise="own_venue", met_on=dt.date(2026, 9, 1), how="会場を見た")
    with pytest.raises(InvalidStep, match="週1回以上開催し、3か月続ける"):
        group.activate(coordinator)


# --- Promises ---


def test_the_weekly_promise_is_recorded_only_once_the_log_shows_twelve_weeks(
    staff, group, fixed_today
):
    log_weeks(group, fixed_today - dt.timedelta(weeks=11), 11)
    response = post(staff, group, "promise", promise="weekly", met_on="2026-11-20", how="記録")
    assert response.status_code == 400
    assert "12週続けて" in response.content.decode()
    assert not PromiseCheck.objects.exists()
    GroupMeeting.objects.create(
        group=group, date=fixed_today - dt.timedelta(weeks=11, days=7), head_count=5
    )
    response = post(staff, group, "promise", promise="weekly", met_on="2026-11-20", how="記録")
    assert response.status_code == 302
    assert PromiseCheck.objects.get().checked_by.username == "co-atago"


def test_the_staff_page_names_the_missing_weeks(staff, group, fixed_today):
    monday = dt.date(2026, 9, 7)
    log_weeks(group, monday, 6, skip={2})
    page = staff.get(f"/staff/kintore/{group.pk}/").content.decode()
    assert "2026年9月21日（月）からの週" in page
    # The weeks since the last session are missing too, up to last week (not this one).
    assert "2026年11月9日（月）からの週" in page
    assert "2026年11月16日（月）からの週" not in page
    assert "いま0週続いています。あと12週です。" in page


def test_a_promise_is_recorded_once(staff, group):
    data = {"promise": "own_venue", "met_on": "2026-11-01", "how": "集会所の予約を確認"}
    assert post(staff, group, "promise", **data).status_code == 302
    response = post(staff, group, "promise", **data)
    assert response.status_code == 400
    assert PromiseCheck.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"met_on": "2999-01-01"}, "まだ来ていない日は選べません"),
        ({"met_on": "昨日"}, "日付は 2026-12-10 のように"),
        ({"how": ""}, "このフィールドは必須です"),
        ({"promise": "fly"}, "正しく選択してください"),
    ],
)
def test_bad_promise_input_is_refused_in_japanese(staff, group, data, message):
    base = {"promise": "own_venue", "met_on": "2026-11-01", "how": "確認"}
    response = post(staff, group, "promise", **{**base, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PromiseCheck.objects.exists()


# --- Supports ---


def test_a_lecture_support_links_to_its_event(staff, group):
    lecture = make_event(
        area_slug="atago-kotta-kaitori", kind=Event.Kind.BRIEFING, title="近トレ スタート応援講座"
    )
    response = post(
        staff,
        group,
        "support",
        kind="lecture",
        given_on="2026-10-01",
        given_by="第2層生活支援コーディネーター",
        event=lecture.pk,
    )
    assert response.status_code == 302
    support = Support.objects.get()
    assert (support.event, support.recorded_by.username) == (lecture, "co-atago")
    page = staff.get(f"/staff/kintore/{group.pk}/").content.decode()
    assert lecture.get_absolute_url() in page


@pytest.mark.parametrize(
    ("kind", "event_kind", "city", "message"),
    [
        ("dvd", Event.Kind.BRIEFING, "atago-kotta-kaitori", "スタート応援講座には説明会を"),
        ("tfpp", Event.Kind.BRIEFING, "atago-kotta-kaitori", "測定会のイベントを選んで"),
        ("lecture", Event.Kind.BRIEFING, "inokashira", "正しく選択してください"),
        ("insurance", None, None, "正しく選択してください"),
    ],
)
def test_a_support_cannot_link_the_wrong_event(staff, group, kind, event_kind, city, message):
    data = {"kind": kind, "given_on": "2026-10-01", "given_by": "職員"}
    if event_kind:
        data["event"] = make_event(area_slug=city, kind=event_kind).pk
    response = post(staff, group, "support", **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Support.objects.exists()


# --- Sessions ---


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2999-01-01"}, "まだ来ていない日の記録はつけられません"),
        ({"head_count": "0"}, "1 以上"),
        ({"head_count": "201"}, "200 以下"),
        ({"head_count": "たくさん"}, "人数は数字で入れてください"),
        ({"date": ""}, "このフィールドは必須です"),
    ],
)
def test_bad_session_input_is_refused_in_japanese(staff, group, data, message):
    response = post(staff, group, "meeting", **{"date": "2026-11-18", "head_count": "8", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not GroupMeeting.objects.exists()


def test_one_record_per_day(staff, group):
    assert post(staff, group, "meeting", date="2026-11-18", head_count="8").status_code == 302
    response = post(staff, group, "meeting", date="2026-11-18", head_count="9")
    assert "この日の記録はもうあります" in response.content.decode()
    assert GroupMeeting.objects.get().head_count == 8


# --- サロン登録 ---

REGISTRATION = {
    "name": "愛宕ひまわり近トレ",
    "name_kana": "あたごひまわりきんとれ",
    "slug": "kintore-atago-himawari",
    "venue_note": "愛宕四丁目自治会集会所",
    "insured_from": "2026-11-01",
    "text": "毎週水曜日 10:00〜11:00",
}


def test_registration_publishes_the_group_as_a_kintore_place_in_one_step(staff, group, client):
    group.stage = Stage.TRIAL
    group.save()
    group.promise_checks.create(promise="five_people", met_on=dt.date(2026, 10, 1), how="名簿")
    response = post(staff, group, "register", **REGISTRATION)
    assert response.status_code == 302
    group.refresh_from_db()
    place = group.salon
    assert group.stage == Stage.REGISTERED
    assert group.insured_from == dt.date(2026, 11, 1)
    assert (place.kind.slug, place.area.slug, place.status) == (
        "kintore",
        "atago-kotta-kaitori",
        "active",
    )
    assert place.venue_note == "愛宕四丁目自治会集会所"
    assert [s.describe() for s in place.schedules.all()] == ["毎週 水曜日 午前10時〜11時"]
    assert place.last_confirmed_on is not None
    assert group.supports.get(kind="insurance").given_on == dt.date(2026, 11, 1)
    # The place works like any other: page, flyer, QR code, the list and the kintore page.
    page = client.get(place.get_absolute_url()).content.decode()
    assert "愛宕ひまわり近トレ" in page and "毎週 水曜日" in page
    assert client.get(f"{place.get_absolute_url()}flyer/").status_code == 200
    assert client.get(f"{place.get_absolute_url()}qr.svg").status_code == 200
    assert "愛宕ひまわり近トレ" in client.get("/salons/?city=tama&kind=kintore").content.decode()
    kintore = client.get("/tama/kintore/").content.decode()
    assert "愛宕ひまわり近トレ" in kintore
    assert "新しい参加者歓迎" in kintore


def test_registration_with_a_mistake_publishes_nothing(staff, group):
    group.stage = Stage.TRIAL
    group.save()
    response = post(staff, group, "register", **{**REGISTRATION, "text": "気が向いたら"})
    assert response.status_code == 400
    assert "開催日" in response.content.decode() or "読み取れ" in response.content.decode()
    group.refresh_from_db()
    assert group.stage == Stage.TRIAL
    assert not Salon.objects.filter(slug=REGISTRATION["slug"]).exists()
    assert not Support.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "fureai-salon-inokashira"}, "ほかの通いの場が使っています"),
        ({"venue_note": ""}, "会場を選ぶか、書いてください"),
        ({"insured_from": ""}, "このフィールドは必須です"),
        ({"slug": "日本語"}, "URL名は半角の英数字とハイフンで"),
    ],
)
def test_registration_refuses_bad_input_in_japanese(staff, group, change, message):
    group.stage = Stage.TRIAL
    group.save()
    response = post(staff, group, "register", **{**REGISTRATION, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    group.refresh_from_db()
    assert group.salon_id is None


def test_registration_only_from_the_trial_stage(staff, group):
    response = post(staff, group, "register", **REGISTRATION)
    assert response.status_code == 400
    assert not Salon.objects.filter(slug=REGISTRATION["slug"]).exists()


def test_pausing_and_ending_show_on_the_place_page(staff, group, client, coordinator):
    group.stage = Stage.TRIAL
    group.save()
    post(staff, group, "register", **REGISTRATION)
    group.refresh_from_db()
    post(staff, group, "step", step="pause")
    group.salon.refresh_from_db()
    assert group.salon.status == Salon.Status.SUSPENDED
    post(staff, group, "step", step="resume")
    group.refresh_from_db()
    group.salon.refresh_from_db()
    assert (group.stage, group.salon.status) == (Stage.REGISTERED, Salon.Status.ACTIVE) or (
        group.stage == Stage.ACTIVE and group.salon.status == Salon.Status.ACTIVE
    )
    post(staff, group, "step", step="end")
    group.salon.refresh_from_db()
    assert group.salon.status == Salon.Status.ENDED
    assert "愛宕ひまわり近トレ" not in client.get("/tama/kintore/").content.decode()


# --- The year's figures ---


def test_survey_counts_add_up_the_years_sessions(group, coordinator):
    other = make_group()
    GroupMeeting.objects.bulk_create(
        [
            GroupMeeting(group=group, date=dt.date(2026, 4, 1), head_count=8),
            GroupMeeting(group=group, date=dt.date(2027, 3, 31), head_count=9),
            GroupMeeting(group=group, date=dt.date(2026, 3, 31), head_count=50),  # 2025年度
            GroupMeeting(group=other, date=dt.date(2026, 10, 1), head_count=6),
        ]
    )
    counts = survey_counts(StartupGroup.objects.all(), 2026)
    assert counts == {"places": 2, "sessions": 3, "participants": 23}
    assert survey_counts(StartupGroup.objects.all(), 2025) == {
        "places": 1,
        "sessions": 1,
        "participants": 50,
    }


def test_the_csv_has_a_row_per_group_and_the_total(staff, group, fixed_today):
    GroupMeeting.objects.bulk_create(
        [
            GroupMeeting(group=group, date=dt.date(2026, 5, 1), head_count=8),
            GroupMeeting(group=group, date=dt.date(2026, 5, 8), head_count=7),
        ]
    )
    make_group(area_slug="sakuragaoka", name="よそのグループ").meetings.create(
        date=dt.date(2026, 5, 1), head_count=30
    )
    response = staff.get("/staff/kintore.csv?year=2026")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2] == "愛宕ひまわり近トレ"
    assert rows[1][6:] == ["2", "15"]
    assert rows[-1][6:] == ["2", "15"]  # the area coordinator counts only what they may see
    assert "よそのグループ" not in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("year", ["abc", "1800", "99999", ""])
def test_a_nonsense_year_falls_back_to_this_year(staff, fixed_today, year):
    response = staff.get("/staff/kintore/", {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == 2026


def test_sample_groups_are_marked_and_cleared(sample_data_allowed):
    from io import StringIO

    from django.core.management import call_command

    call_command("make_sample_data", "--startups", "6", stdout=StringIO())
    groups = StartupGroup.objects.all()
    assert groups.count() == 6
    assert all(g.is_sample and g.name.startswith("【サンプル】") for g in groups)
    assert {g.municipality.slug for g in groups} == {"tama"}
    out = StringIO()
    call_command("make_sample_data", "--clear", stdout=out)
    assert not StartupGroup.objects.exists()
    assert "6 sample start-up groups" in out.getvalue()
