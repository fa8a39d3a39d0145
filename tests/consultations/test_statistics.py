"""Yearly counts by 年度 (April to March), as a page and as a CSV that Excel opens correctly."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from carenet.common.dates import fiscal_year_of
from consultations.models import Topic
from tests.conftest import make_consultation, sign_in

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def at(y, m, d, hour=10):
    return dt.datetime(y, m, d, hour, tzinfo=TOKYO)


@pytest.fixture
def year_of_cases():
    care, neighbour = Topic.objects.get(name="介護"), Topic.objects.get(name="近所の安否")
    a = make_consultation("inokashira", name="秘密 一", received_at=at(2025, 4, 1), channel="phone")
    a.topics.set([care, neighbour])
    b = make_consultation("osawa", name="秘密 二", received_at=at(2026, 3, 31, 23), channel="web")
    b.topics.set([care])
    make_consultation(
        "osawa", name="秘密 三", received_at=at(2026, 4, 1, 0), channel="web"
    )  # next 年度
    make_consultation(
        "osawa", name="秘密 四", received_at=at(2025, 3, 31, 23), channel="web"
    )  # last 年度
    make_consultation("atago-kotta-kaitori", name="多摩 秘密", received_at=at(2025, 6, 1))


def test_fiscal_year_runs_from_april_to_march():
    assert fiscal_year_of(dt.date(2026, 3, 31)) == 2025
    assert fiscal_year_of(dt.date(2026, 4, 1)) == 2026


def test_csv_counts_by_month_topic_channel_and_area_with_a_bom(
    client, mitaka_supervisor, year_of_cases
):
    sign_in(client, mitaka_supervisor)
    response = client.get("/staff/stats.csv", {"year": "2025"})
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "年度,月,地域,受付方法,相談の種類,件数"
    assert sorted(lines[1:]) == sorted(
        [
            "2025,4,井の頭,電話,介護,1",
            "2025,4,井の頭,電話,近所の安否,1",
            "2025,3,大沢,Web,介護,1",
        ]
    )
    assert "秘密" not in raw.decode("utf-8-sig")


def test_page_shows_monthly_totals_without_personal_data(client, mitaka_supervisor, year_of_cases):
    sign_in(client, mitaka_supervisor)
    response = client.get("/staff/stats/", {"year": "2025"})
    assert response.context["totals"] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert response.context["by_topic"]["介護"] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert "秘密" not in response.content.decode()


def test_a_coordinator_counts_only_their_own_area(client, inokashira_coordinator, year_of_cases):
    sign_in(client, inokashira_coordinator)
    lines = (
        client.get("/staff/stats.csv", {"year": "2025"}).content.decode("utf-8-sig").splitlines()
    )
    assert all(",井の頭," in line for line in lines[1:])
    assert len(lines) == 3


# February: 年度 2026 while the calendar says 2027, so a calendar-year fallback cannot pass.
@pytest.mark.parametrize("today", [dt.date(2027, 2, 10)])
@pytest.mark.parametrize("year", ["abc", "99999", "-1", "1999", "2028", ""])
def test_a_nonsense_year_falls_back_to_this_year(client, mitaka_supervisor, fixed_today, year):
    this_year = fiscal_year_of(fixed_today)
    assert this_year == 2026
    make_consultation("inokashira", received_at=at(2026, 5, 1))
    make_consultation("inokashira", received_at=at(2025, 5, 1))  # last 年度: not counted
    sign_in(client, mitaka_supervisor)
    response = client.get("/staff/stats/", {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == this_year
    body = response.content.decode()
    assert "<h1>2026年度の相談件数</h1>" in body
    assert '<option value="2026" selected>' in body
    # The figures are that 年度's too: May 2026 counts, May 2025 does not.
    assert response.context["totals"] == [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    csv = client.get("/staff/stats.csv", {"year": year})
    assert csv["Content-Disposition"].endswith('filename="consultations-2026.csv"')


@pytest.mark.parametrize("today", [dt.date(2027, 2, 10)])
def test_a_year_from_2000_to_next_year_is_shown_as_asked(client, mitaka_supervisor, fixed_today):
    # The edges of the accepted range; one step outside falls back (test above).
    sign_in(client, mitaka_supervisor)
    assert client.get("/staff/stats/", {"year": "2027"}).context["year"] == 2027
    assert client.get("/staff/stats/", {"year": "2000"}).context["year"] == 2000
    assert client.get("/staff/stats/", {"year": "2028"}).context["year"] == 2026
