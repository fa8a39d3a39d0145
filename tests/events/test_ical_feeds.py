"""The calendar feeds (RFC 5545): parsed back with icalendar, their dates are the engine's."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carenet.directory.models import Area, Venue
from carenet.events.models import Event, Session
from salons.ical import FEED_DAYS
from salons.models import Kind, Salon, Schedule, ScheduleException
from tests.events.feed_factories import make_event, venue

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
PLACE = "fureai-salon-inokashira"


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


def start_of(vevent):
    return vevent.decoded("dtstart")


def day_of(vevent):
    start = start_of(vevent)
    return start.date() if isinstance(start, dt.datetime) else start


def test_place_feed_dates_and_times_equal_the_schedule_engines(client, fixed_today):
    salon = Salon.objects.get(slug=PLACE)
    engine = salon.occurrences_between(fixed_today, fixed_today + dt.timedelta(days=FEED_DAYS))
    assert len(engine) >= 3

    events = vevents(feed(client, f"/salons/{PLACE}/calendar.ics"))

    assert [day_of(e) for e in events] == [o.date for o in engine]
    for vevent, occurrence in zip(events, engine, strict=True):
        start = start_of(vevent)
        if occurrence.start_time:
            assert start == dt.datetime.combine(occurrence.date, occurrence.start_time, TOKYO)
            assert str(start.tzinfo) == "Asia/Tokyo"
        else:
            assert start == occurrence.date
        assert str(vevent["summary"]) == salon.name
        assert str(vevent["url"]) == f"http://127.0.0.1:8000/salons/{PLACE}/"
        assert "井の頭コミュニティ・センター" in str(vevent["location"])
        assert "東京都三鷹市井の頭2-32-30" in str(vevent["location"])


def test_place_feed_leaves_out_a_cancelled_date_and_adds_an_extra_one(client, fixed_today):
    salon = Salon.objects.get(slug=PLACE)
    first, second = salon.upcoming(count=2, today=fixed_today)
    ScheduleException.objects.create(salon=salon, date=first.date, kind="cancel")
    extra = dt.date(2026, 12, 30)
    assert extra not in [o.date for o in salon.upcoming(count=50, today=fixed_today)]
    ScheduleException.objects.create(
        salon=salon, date=extra, kind="extra", start_time=dt.time(10), end_time=dt.time(11)
    )

    days = [day_of(e) for e in vevents(feed(client, f"/salons/{PLACE}/calendar.ics"))]

    assert first.date not in days
    assert second.date in days
    assert extra in days
    engine = salon.occurrences_between(fixed_today, fixed_today + dt.timedelta(days=FEED_DAYS))
    assert days == [o.date for o in engine]


def test_feed_carries_a_tokyo_vtimezone(client, fixed_today):
    calendar = feed(client, f"/salons/{PLACE}/calendar.ics")
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    assert b"DTSTART;TZID=Asia/Tokyo:" in calendar.to_ical()


def test_feed_uids_are_stable_across_two_requests(client, fixed_today):
    make_event(area="inokashira", venue=venue())
    urls = [
        f"/salons/{PLACE}/calendar.ics",
        "/mitaka/areas/inokashira/calendar.ics",
        "/mitaka/calendar.ics",
    ]
    for url in urls:
        first, second = client.get(url).content, client.get(url).content
        uids = [str(e["uid"]) for e in vevents(icalendar.Calendar.from_ical(first))]
        assert uids
        assert len(set(uids)) == len(uids), url
        assert all(uid.endswith("@127.0.0.1") for uid in uids)
        assert first == second, url  # DTSTAMP is the row's last change, not the request's time


def test_place_uid_names_the_place_and_the_date(client, fixed_today):
    salon = Salon.objects.get(slug=PLACE)
    first = vevents(feed(client, f"/salons/{PLACE}/calendar.ics"))[0]
    assert str(first["uid"]) == f"salon-{salon.pk}-{day_of(first):%Y%m%d}@127.0.0.1"


def test_unconfirmed_place_has_no_feed(client):
    salon = Salon.objects.get(slug=PLACE)
    salon.status = Salon.Status.UNCONFIRMED
    salon.save()
    assert client.get(f"/salons/{PLACE}/calendar.ics").status_code == 404


def test_renamed_place_feed_forwards_to_the_new_address(client):
    salon = Salon.objects.get(slug=PLACE)
    salon.slug = "fureai-salon-inokashira-new"
    salon.save()
    response = client.get(f"/salons/{PLACE}/calendar.ics")
    assert response.status_code == 301
    assert response["Location"] == "/salons/fureai-salon-inokashira-new/calendar.ics"


def test_feeds_answer_only_get(client):
    make_event(slug="post-me")
    for url in (
        f"/salons/{PLACE}/calendar.ics",
        "/events/post-me/calendar.ics",
        "/mitaka/areas/inokashira/calendar.ics",
        "/mitaka/calendar.ics",
    ):
        assert client.post(url).status_code == 405, url


def test_event_feed_marks_a_cancelled_session_and_keeps_the_others(client):
    event = make_event(
        sessions=[
            (dt.date(2026, 12, 3), "13:30", "15:00"),
            (dt.date(2026, 12, 10), "13:30", "15:00", Session.Status.CANCELLED),
        ],
        venue=venue(),
    )

    first, second = vevents(feed(client, f"/events/{event.slug}/calendar.ics"))

    assert str(first["status"]) == "CONFIRMED"
    assert str(second["status"]) == "CANCELLED"
    assert str(second["summary"]).startswith("【中止】")
    assert start_of(second) == dt.datetime(2026, 12, 10, 13, 30, tzinfo=TOKYO)
    assert second.decoded("dtend") == dt.datetime(2026, 12, 10, 15, 0, tzinfo=TOKYO)
    sessions = list(event.sessions.order_by("date"))
    assert [str(e["uid"]) for e in (first, second)] == [
        f"event-session-{s.pk}@127.0.0.1" for s in sessions
    ]


def test_cancelled_event_marks_every_session_cancelled(client):
    event = make_event(
        status=Event.Status.CANCELLED,
        sessions=[(dt.date(2026, 12, 3), "10:00", None), (dt.date(2026, 12, 4), "10:00", None)],
    )
    statuses = [
        str(e["status"]) for e in vevents(feed(client, f"/events/{event.slug}/calendar.ics"))
    ]
    assert statuses == ["CANCELLED", "CANCELLED"]


def test_session_without_a_start_time_is_an_all_day_entry(client):
    event = make_event(sessions=[(dt.date(2026, 12, 6), None, None)])
    Session.objects.filter(event=event).update(time_note="午後1時30分から")

    (entry,) = vevents(feed(client, f"/events/{event.slug}/calendar.ics"))

    assert start_of(entry) == dt.date(2026, 12, 6)
    assert not isinstance(start_of(entry), dt.datetime)
    assert entry.decoded("dtend") == dt.date(2026, 12, 7)
    assert "午後1時30分から" in str(entry["description"])


def test_online_event_and_imported_hall_give_a_location(client):
    online = make_event(is_online=True)
    hall = make_event(place_name="武蔵野市民文化会館", place_address="東京都武蔵野市中町3-9-11")
    (entry,) = vevents(feed(client, f"/events/{online.slug}/calendar.ics"))
    assert str(entry["location"]) == "オンライン"
    (entry,) = vevents(feed(client, f"/events/{hall.slug}/calendar.ics"))
    assert str(entry["location"]) == "武蔵野市民文化会館 東京都武蔵野市中町3-9-11"


def test_unpublished_event_has_no_feed(client):
    event = make_event(is_published=False)
    assert client.get(f"/events/{event.slug}/calendar.ics").status_code == 404


def test_area_feed_holds_its_places_and_published_events_only(client, fixed_today):
    shown = make_event(area="inokashira", title="井の頭の講座")
    make_event(area="inokashira", title="非公開の講座", is_published=False)
    make_event(area="inokashira", title="サンプルの講座", is_sample=True)
    make_event(area="osawa", title="大沢の講座")
    make_event(
        area="inokashira", title="終わった講座", sessions=[(dt.date(2026, 11, 1), "10:00", None)]
    )
    hidden = Salon.objects.get(slug="sodan-salon-inokashira")
    hidden.status = Salon.Status.UNCONFIRMED
    hidden.save()

    events = vevents(feed(client, "/mitaka/areas/inokashira/calendar.ics"))

    summaries = {str(e["summary"]) for e in events}
    assert {shown.title, "ふれあいサロン・井の頭"} <= summaries
    assert not summaries & {
        "非公開の講座",
        "サンプルの講座",
        "大沢の講座",
        "終わった講座",
        hidden.name,
    }
    place = Salon.objects.get(slug=PLACE)
    place_days = [day_of(e) for e in events if str(e["summary"]) == place.name]
    engine = place.occurrences_between(fixed_today, fixed_today + dt.timedelta(days=FEED_DAYS))
    assert place_days == [o.date for o in engine]
    assert [day_of(e) for e in events] == sorted(day_of(e) for e in events)


def test_city_feed_holds_the_citys_places_and_events_not_another_citys(client, fixed_today):
    make_event(city="mitaka", title="三鷹の講座")
    make_event(city="tama", title="多摩の講座")

    summaries = {str(e["summary"]) for e in vevents(feed(client, "/mitaka/calendar.ics"))}

    assert "三鷹の講座" in summaries
    assert "多摩の講座" not in summaries
    assert "ふれあいサロン・井の頭" in summaries
    assert not {s.name for s in Salon.objects.filter(municipality__slug="tama")} & summaries
    assert client.get("/nowhere/calendar.ics").status_code == 404


def add_places_and_events(count, first=0):
    """count more active places (each with a schedule and a venue) and events in 井の頭."""
    area = Area.objects.get(slug="inokashira")
    kind = Kind.objects.first()
    hall = Venue.objects.get(name="井の頭コミュニティ・センター")
    for number in range(first, first + count):
        salon = Salon.objects.create(
            municipality=area.municipality,
            area=area,
            kind=kind,
            name=f"数える場所 {number}",
            slug=f"count-place-{number}",
            venue=hall,
        )
        Schedule.objects.create(
            salon=salon, frequency="monthly", weekday=2, week_of_month=1, start_time=dt.time(10)
        )
        ScheduleException.objects.create(salon=salon, date=dt.date(2026, 12, 1), kind="cancel")
        make_event(area="inokashira", venue=hall)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/mitaka/areas/inokashira/calendar.ics", "/mitaka/calendar.ics"])
def test_area_and_city_feeds_take_the_same_queries_for_1_or_20_places_and_events(
    client, fixed_today, url
):
    add_places_and_events(1)
    few = count_queries(client, url)
    add_places_and_events(19, first=1)
    assert count_queries(client, url) == few


def test_place_and_event_feeds_take_a_fixed_number_of_queries(client, fixed_today):
    event = make_event(
        venue=venue(), sessions=[(dt.date(2026, 12, d), "10:00", None) for d in (1, 8, 15)]
    )
    assert count_queries(client, f"/salons/{PLACE}/calendar.ics") <= 3
    assert count_queries(client, f"/events/{event.slug}/calendar.ics") <= 2


def test_pages_link_to_their_calendar_feed(client, fixed_today):
    assert f'href="/salons/{PLACE}/calendar.ics"' in client.get(f"/salons/{PLACE}/").text
    assert (
        'href="/mitaka/areas/inokashira/calendar.ics"'
        in client.get("/mitaka/areas/inokashira/").text
    )
    assert 'href="/mitaka/calendar.ics"' in client.get("/mitaka/").text
    assert "カレンダーに追加" in client.get("/mitaka/").text
