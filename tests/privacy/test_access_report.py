"""The breach-ready access report: who opened which of the city's consultations, for a person
or a period, as a page and as CSV, for supervisors only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import AccessLog
from tests.conftest import make_consultation

pytestmark = pytest.mark.django_db

REPORT = reverse("privacy:access-report")
CSV = reverse("privacy:access-report-csv")


@pytest.fixture
def trail(mitaka_supervisor, inokashira_coordinator, tama_supervisor):
    """Today's reads of three cases: two in Mitaka, one in Tama. (The log is append-only, on
    PostgreSQL even for a test: a read cannot be moved into the past.)"""
    hanako = make_consultation("inokashira", name="閲覧 花子", phone="0422-12-3456")
    taro = make_consultation("osawa", name="閲覧 太郎")
    tama = make_consultation("atago-kotta-kaitori", name="閲覧 花子")
    AccessLog.record(inokashira_coordinator, [hanako], AccessLog.Via.ADMIN)
    AccessLog.record(mitaka_supervisor, [hanako, taro], AccessLog.Via.EXPORT, "年度の報告")
    AccessLog.record(tama_supervisor, [tama], AccessLog.Via.ADMIN)
    return {"hanako": hanako, "taro": taro, "tama": tama}


def shown(response):
    return [(log.user.get_username(), log.consultation_id) for log in response.context["rows"]]


def test_a_person_by_name_shows_who_opened_their_records(mitaka_client, trail):
    response = mitaka_client.get(REPORT, {"person": "閲覧 花子"})
    assert response.status_code == 200
    assert sorted(shown(response)) == [
        ("co-inokashira", trail["hanako"].pk),
        ("sv-mitaka", trail["hanako"].pk),
    ]
    assert "閲覧 花子" not in response.content.decode().split("</form>")[1]  # numbers, not names


def test_a_person_by_phone_or_case_number(mitaka_client, trail):
    by_phone = mitaka_client.get(REPORT, {"person": "0422-12-3456"})
    by_number = mitaka_client.get(REPORT, {"person": f"No.{trail['taro'].pk}"})
    assert {c for _u, c in shown(by_phone)} == {trail["hanako"].pk}
    assert shown(by_number) == [("sv-mitaka", trail["taro"].pk)]


def test_a_period_shows_every_read_in_it_and_none_outside(mitaka_client, trail):
    today = timezone.localdate()
    week = {"start": f"{today - dt.timedelta(days=7)}", "end": f"{today}"}
    before = {"start": f"{today - dt.timedelta(days=7)}", "end": f"{today - dt.timedelta(1)}"}
    assert sorted(shown(mitaka_client.get(REPORT, week))) == sorted(
        [
            ("co-inokashira", trail["hanako"].pk),
            ("sv-mitaka", trail["hanako"].pk),
            ("sv-mitaka", trail["taro"].pk),
        ]
    )
    assert shown(mitaka_client.get(REPORT, before)) == []
    after = {"start": f"{today + dt.timedelta(days=1)}"}
    assert shown(mitaka_client.get(REPORT, after)) == []


def test_a_person_and_a_period_together(mitaka_client, trail):
    today = timezone.localdate()
    response = mitaka_client.get(REPORT, {"person": "閲覧 太郎", "start": f"{today}"})
    assert shown(response) == [("sv-mitaka", trail["taro"].pk)]


def test_the_report_never_shows_another_city_s_reads(mitaka_client, trail):
    tama = trail["tama"].pk
    assert tama not in {c for _u, c in shown(mitaka_client.get(REPORT, {"person": "閲覧 花子"}))}
    assert shown(mitaka_client.get(REPORT, {"person": str(tama)})) == []


def test_the_csv_has_every_row_for_excel(mitaka_client, trail):
    response = mitaka_client.get(CSV, {"person": "閲覧 花子"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "日時,職員,職員の氏名,相談,経路,目的"
    assert len(lines) == 3
    assert f"No.{trail['hanako'].pk}" in text and "年度の報告" in text and "閲覧 花子" not in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, None),
        ({"person": "", "start": "", "end": ""}, "本人か期間のどちらかを入れてください"),
        ({"start": "2026-02-30"}, "2026-04-01 のように"),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "終わりより前の日"),
        ({"start": "0001-01-01"}, "2000年から2100年までの日付"),
        ({"start": "2000-01-01", "end": "2099-01-01"}, "5年以内"),
        ({"person": "x" * 101}, "100 文字以下"),
    ],
)
def test_bad_input_gets_a_japanese_message_never_a_500(mitaka_client, trail, query, message):
    response = mitaka_client.get(REPORT, query)
    if message is None:  # the empty page: a form, no rows yet
        assert response.status_code == 200 and response.context["form"].is_bound is False
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert mitaka_client.get(CSV, query).status_code == 400
