"""/calendar/: places from the schedule engine and event sessions, day by day, filtered as the
place list is, in a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carenet.directory.models import Area
from carenet.events.models import Event, Session
from salons.models import Kind, Salon, Schedule, ScheduleException

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

DAY = re.compile(r'<li class="cal-day[^"]*"[^>]*>.*?<time datetime="([\d-]+)">(.*?)\n  </li>', re.S)
ENTRY = re.compile(r'<li class="cal-entry([^"]*)">(.*?)</li>', re.S)
LINK = re.compile(r'<a href="[^"]+">([^<]+)</a>')


def make_place(area_slug, name, slug, weekday=1, kind="salon", start=dt.time(10, 0), **schedule):
    """A test place meeting weekly (default Monday 午前10時〜11時30分), holidays off."""
    area = Area.objects.get(slug=area_slug)
    salon = Salon.objects.create(
        municipality=area.municipality,
        area=area,
        kind=Kind.objects.get(slug=kind),
        name=name,
        slug=slug,
        is_sample=True,
    )
    Schedule.objects.create(
        salon=salon,
        frequency=Schedule.Frequency.WEEKLY,
        weekday=weekday,
        start_time=start,
        end_time=dt.time(start.hour + 1, 30),
        **schedule,
    )
    return salon


def make_event(area_slug, title, slug, dates, kind=Event.Kind.COURSE, **fields):
    area = Area.objects.select_related("municipality").get(slug=area_slug)
    event = Event.objects.create(
        municipality=area.municipality, area=area, title=title, slug=slug, kind=kind, **fields
    )
    for day in dates:
        Session.objects.create(
            event=event, date=day, start_time=dt.time(13, 30), end_time=dt.time(15, 0)
        )
    return event


def calendar_days(client, url):
    """{date: [(title, classes, text), …]} for the days the page lists, from its HTML."""
    response = client.get(url)
    assert response.status_code == 200, url
    days = {}
    for date, body in DAY.findall(response.content.decode()):
        days[dt.date.fromisoformat(date)] = [
            (LINK.search(entry).group(1), classes.strip(), re.sub(r"\s+", " ", entry))
            for classes, entry in ENTRY.findall(body)
        ]
    return days


def dates_of(days, title):
    return sorted(day for day, entries in days.items() if any(t == title for t, *_ in entries))


# --- Places: the engine's dates, nothing else ---


def test_a_place_appears_on_the_engines_dates_only(client):
    # Mondays of November 2026: 2, 9, 16, 23 (勤労感謝の日), 30.
    salon = make_place("inokashira", "月曜テストサロン", "test-monday")
    ScheduleException.objects.create(
        salon=salon, date=dt.date(2026, 11, 16), kind=ScheduleException.Kind.CANCEL
    )
    ScheduleException.objects.create(
        salon=salon,
        date=dt.date(2026, 11, 19),
        kind=ScheduleException.Kind.EXTRA,
        start_time=dt.time(14, 0),
    )
    days = calendar_days(client, "/calendar/2026/11/?q=月曜テストサロン")

    expected = [dt.date(2026, 11, d) for d in (2, 9, 19, 30)]
    assert dates_of(days, "月曜テストサロン") == expected
    engine = Salon.objects.with_details().get(pk=salon.pk)
    assert [
        o.date for o in engine.occurrences_between(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    ] == expected
    [(_, _, text)] = days[dt.date(2026, 11, 19)]
    assert '<time datetime="14:00">午後2時</time>〜' in text  # the extra date's own time
    [(_, _, text)] = days[dt.date(2026, 11, 2)]
    assert '<time datetime="10:00">午前10時</time>〜<time datetime="11:30">11時30分</time>' in text


def test_a_holiday_is_marked_and_named(client):
    html = client.get("/calendar/2026/11/").content.decode()
    [holiday] = [body for date, body in DAY.findall(html) if date == "2026-11-23"]
    assert "日(月・祝)" in holiday and '<p class="cal-holiday">勤労感謝の日</p>' in holiday


def test_suspended_and_unconfirmed_places_stay_off(client):
    for status, slug in [(Salon.Status.SUSPENDED, "test-s"), (Salon.Status.UNCONFIRMED, "test-u")]:
        salon = make_place("inokashira", f"止まっているサロン{slug}", slug)
        Salon.objects.filter(pk=salon.pk).update(status=status)
    days = calendar_days(client, "/calendar/2026/12/?q=止まっているサロン")
    assert not any(days.values())


# --- Events: every session, cancelled ones marked 中止 ---


def test_event_sessions_appear_and_cancelled_ones_are_marked_chushi(client):
    course = make_event(
        "inokashira",
        "防災講座テスト",
        "test-bousai",
        [dt.date(2026, 12, 3), dt.date(2026, 12, 10), dt.date(2026, 12, 17)],
    )
    course.sessions.filter(date=dt.date(2026, 12, 10)).update(status=Session.Status.CANCELLED)
    make_event(
        "osawa",
        "中止の交流会テスト",
        "test-koryu",
        [dt.date(2026, 12, 5)],
        kind=Event.Kind.GATHERING,
        status=Event.Status.CANCELLED,
    )
    make_event(
        "osawa", "非公開の講座テスト", "test-hidden", [dt.date(2026, 12, 5)], is_published=False
    )
    days = calendar_days(client, "/calendar/2026/12/?kind=events")

    assert dates_of(days, "防災講座テスト") == [dt.date(2026, 12, d) for d in (3, 10, 17)]
    by_day = {
        day: {title: (classes, text) for title, classes, text in e} for day, e in days.items()
    }
    classes, text = by_day[dt.date(2026, 12, 3)]["防災講座テスト"]
    assert "中止" not in text and "講座" in text
    assert '<time datetime="13:30">午後1時30分</time>〜<time datetime="15:00">3時</time>' in text
    classes, text = by_day[dt.date(2026, 12, 10)]["防災講座テスト"]
    assert "cal-cancelled" in classes and "中止" in text
    classes, text = by_day[dt.date(2026, 12, 5)]["中止の交流会テスト"]
    assert "cal-cancelled" in classes and "中止" in text  # the whole event is 中止
    assert dates_of(days, "非公開の講座テスト") == []


# --- Filters: the place list's, and one 「種類」 for places and events ---


@pytest.fixture
def mixed():
    """A place and an event in Mitaka (井の頭), in a Tama district (愛宕…, in 北部) and in
    a district of another 圏域 (連光寺…, in 東部), all on Tuesday 2026-12-08."""
    tuesday = dt.date(2026, 12, 8)
    make_place("inokashira", "井の頭たいそう", "t-ino", weekday=2, kind="taiso")
    make_place("atago-kotta-kaitori", "あたごサロン", "t-atago", weekday=2)
    make_place("renkoji-hijirigaoka", "れんこうじサロン", "t-renkoji", weekday=2)
    make_event(
        "inokashira",
        "井の頭の防災講座",
        "e-ino",
        [tuesday],
        title_kana="いのかしらのぼうさいこうざ",
    )
    make_event(
        "atago-kotta-kaitori", "あたご健康測定", "e-atago", [tuesday], kind=Event.Kind.HEALTH
    )
    make_event(
        "renkoji-hijirigaoka", "連光寺の交流会", "e-renkoji", [tuesday], kind=Event.Kind.GATHERING
    )
    return tuesday


ALL_MIXED = {
    "井の頭たいそう",
    "あたごサロン",
    "れんこうじサロン",
    "井の頭の防災講座",
    "あたご健康測定",
    "連光寺の交流会",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("city=mitaka", {"井の頭たいそう", "井の頭の防災講座"}),
        ("city=tama", {"あたごサロン", "れんこうじサロン", "あたご健康測定", "連光寺の交流会"}),
        # A 圏域 gathers its districts: 北部 holds 愛宕・乞田・貝取.
        ("area=tama-hokubu", {"あたごサロン", "あたご健康測定"}),
        ("area=tama-tobu", {"れんこうじサロン", "連光寺の交流会"}),
        ("area=atago-kotta-kaitori", {"あたごサロン", "あたご健康測定"}),
        ("kind=places", {"井の頭たいそう", "あたごサロン", "れんこうじサロン"}),
        ("kind=place-taiso", {"井の頭たいそう"}),
        ("kind=events", {"井の頭の防災講座", "あたご健康測定", "連光寺の交流会"}),
        ("kind=event-health", {"あたご健康測定"}),
        ("kind=event-gathering&city=tama", {"連光寺の交流会"}),
        ("q=ボウサイ", {"井の頭の防災講座"}),  # folded: katakana finds the hiragana reading
        ("q=サロン&city=tama", {"あたごサロン", "れんこうじサロン"}),
        ("q=あたご", {"あたごサロン", "あたご健康測定"}),
    ],
)
def test_filters_narrow_places_and_events_alike(client, mixed, query, expected):
    days = calendar_days(client, f"/calendar/2026/12/?{query}")
    shown = {title for title, *_ in days[mixed]} & ALL_MIXED
    assert shown == expected


def test_a_wrong_filter_value_is_dropped_with_a_warning(client, mixed):
    response = client.get("/calendar/2026/12/?area=no-such-area&city=tama")
    assert response.status_code == 200
    html = response.content.decode()
    assert "条件の指定に誤りがあります" in html
    days = calendar_days(client, "/calendar/2026/12/?area=no-such-area&city=tama")
    assert {t for t, *_ in days[mixed]} & ALL_MIXED == {
        "あたごサロン",
        "れんこうじサロン",
        "あたご健康測定",
        "連光寺の交流会",
    }


def test_month_links_keep_the_filters(client):
    html = client.get("/calendar/2026/12/?city=tama&kind=events").content.decode()
    assert 'href="/calendar/2026/11/?city=tama&amp;kind=events" rel="prev"' in html
    assert 'href="/calendar/2027/1/?city=tama&amp;kind=events" rel="next"' in html
    assert 'href="/calendar/?city=tama&amp;kind=events">今月' in html


# --- Months that are pages, and those that are not ---


@pytest.mark.parametrize(
    "url",
    [
        "/calendar/2026/13/",
        "/calendar/2026/0/",
        "/calendar/2025/10/",  # 13 months back
        "/calendar/2028/12/",  # 25 months ahead
        "/calendar/99999999999/1/",
        "/calendar/2026/2/30/",
        "/calendar/2025/10/31/",
    ],
)
def test_impossible_or_far_months_and_days_answer_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/calendar/", "/calendar/2025/11/", "/calendar/2028/11/", "/calendar/2026/2/28/"]
)
def test_this_month_a_year_back_and_two_years_ahead_are_pages(client, url):
    assert client.get(url).status_code == 200


def test_the_first_and_last_months_link_no_further(client):
    assert 'rel="prev"' not in client.get("/calendar/2025/11/").content.decode()
    assert 'rel="next"' not in client.get("/calendar/2028/11/").content.decode()


def test_today_is_marked_this_month_only(client):
    html = client.get("/calendar/").content.decode()
    assert html.count('aria-current="date"') == 1
    [today] = [body for date, body in DAY.findall(html) if date == "2026-11-22"]
    assert "今日" in today
    assert 'aria-current="date"' not in client.get("/calendar/2026/12/").content.decode()


def test_the_month_starts_on_sunday_in_its_weekday_column(client):
    html = client.get("/calendar/2026/12/").content.decode()  # 2026-12-01 is a Tuesday
    assert 'class="cal-month cal-starts-2"' in html
    assert re.search(
        r'<div class="cal-weekdays" aria-hidden="true"><span>日</span><span>月</span>', html
    )


# --- A crowded day: three lines and 「ほか N件」, which opens the whole day ---


def test_a_crowded_day_shows_three_lines_events_first_and_links_the_whole_day(client):
    for n in range(5):
        make_place("osawa", f"混む日のサロン{n}", f"crowd-{n}", weekday=3, start=dt.time(9 + n, 0))
    make_event("osawa", "混む日の講座", "crowd-event", [dt.date(2026, 12, 2)])
    days = calendar_days(client, "/calendar/2026/12/?area=osawa")
    titles = [title for title, *_ in days[dt.date(2026, 12, 2)]]
    assert titles == ["混む日のサロン0", "混む日のサロン1", "混む日の講座"]  # by time, event kept

    html = client.get("/calendar/2026/12/?area=osawa").content.decode()
    assert 'href="/calendar/2026/12/2/?area=osawa">ほか 3件' in html
    whole = client.get("/calendar/2026/12/2/?area=osawa").content.decode()
    for n in range(5):
        assert f"混む日のサロン{n}" in whole
    assert "混む日の講座" in whole and "12月2日(水)の予定" in whole


# --- The number of queries does not grow with places or events ---


def add_places_and_events(places, events):
    area = Area.objects.select_related("municipality").get(slug="inokashira")
    kind = Kind.objects.get(slug="salon")
    salons = Salon.objects.bulk_create(
        Salon(
            municipality=area.municipality,
            area=area,
            kind=kind,
            name=f"数えるサロン{n:03d}",
            slug=f"count-{places}-{n}",
            is_sample=True,
        )
        for n in range(places)
    )
    Schedule.objects.bulk_create(
        Schedule(salon=s, frequency="weekly", weekday=n % 7 + 1, start_time=dt.time(10))
        for n, s in enumerate(salons)
    )
    ScheduleException.objects.bulk_create(
        ScheduleException(salon=s, date=dt.date(2026, 12, 14 + n % 7), kind="cancel")
        for n, s in enumerate(salons)
    )
    for n in range(events):
        make_event(
            "inokashira", f"数える講座{n}", f"count-e-{events}-{n}", [dt.date(2026, 12, n % 28 + 1)]
        )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?area=inokashira&kind=events&q=講座", "?city=mitaka"])
def test_the_month_takes_the_same_queries_for_10_or_200_places_and_5_or_50_events(client, query):
    url = f"/calendar/2026/12/{query}"
    add_places_and_events(10, 5)
    few = queries_for(client, url)
    add_places_and_events(190, 45)
    many = queries_for(client, url)
    assert few == many, f"{few} queries with 10 places, {many} with 200"
    assert many <= 12, many


def test_the_day_takes_the_same_queries_for_10_or_200_places(client):
    url = "/calendar/2026/12/7/"
    add_places_and_events(10, 5)
    few = queries_for(client, url)
    add_places_and_events(190, 45)
    assert queries_for(client, url) == few


# --- Ways in: the header, the home page's week, an area page ---


def test_the_header_home_and_area_pages_link_the_calendar(client):
    header = re.compile(r'<li><a href="/calendar/"( aria-current="page")?>カレンダー</a></li>')
    assert header.search(client.get("/").content.decode())
    assert header.search(client.get("/calendar/").content.decode()).group(1)
    assert 'href="/calendar/"' in client.get("/").content.decode().split('id="this-week"')[1]
    assert (
        'href="/calendar/?area=inokashira"'
        in client.get("/mitaka/areas/inokashira/").content.decode()
    )


def test_a_day_of_the_next_year_is_named_with_its_year(client):
    response = client.get("/calendar/2027/1/5/")
    assert response.status_code == 200
    assert "<h1>2027年1月5日(火)の予定</h1>" in response.content.decode()
