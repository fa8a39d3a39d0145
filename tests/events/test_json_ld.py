"""schema.org Event JSON-LD on event and place pages: parsed back with json, safe in a page."""

import datetime as dt
import json
import re

import pytest
from django.template import Context, Template

from carenet.events.json_ld import event_json_ld
from carenet.events.models import Event, Session
from salons.models import Salon
from tests.events.feed_factories import make_event, venue

pytestmark = pytest.mark.django_db
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TODAY = dt.date(2026, 11, 22)


def render_tag(event):
    return Template("{% load events_tags %}{% event_json_ld event %}").render(
        Context({"event": event})
    )


def parsed(html):
    (text,) = SCRIPT.findall(html)
    return json.loads(text)


def test_event_json_ld_has_one_event_per_coming_session_with_status(fixed_today):
    event = make_event(
        venue=venue(),
        fee="無料",
        capacity=20,
        organiser="三鷹市 地域福祉課",
        sessions=[
            (dt.date(2026, 11, 1), "13:30", "15:00"),  # past: left out
            (dt.date(2026, 12, 3), "13:30", "15:00"),
            (dt.date(2026, 12, 10), "13:30", "15:00", Session.Status.CANCELLED),
            (dt.date(2026, 12, 17), None, None),
        ],
    )

    data = parsed(render_tag(Event.objects.with_details().get(pk=event.pk)))

    assert data["@context"] == "https://schema.org"
    graph = data["@graph"]
    assert [item["@type"] for item in graph] == ["Event"] * 3
    assert [item["startDate"] for item in graph] == [
        "2026-12-03T13:30:00+09:00",
        "2026-12-10T13:30:00+09:00",
        "2026-12-17",
    ]
    assert graph[0]["endDate"] == "2026-12-03T15:00:00+09:00"
    assert "endDate" not in graph[2]
    assert [item["eventStatus"] for item in graph] == [
        "https://schema.org/EventScheduled",
        "https://schema.org/EventCancelled",
        "https://schema.org/EventScheduled",
    ]
    first = graph[0]
    assert first["name"] == event.title
    assert first["url"] == f"http://127.0.0.1:8000/events/{event.slug}/"
    assert first["location"]["@type"] == "Place"
    assert first["location"]["name"] == "井の頭コミュニティ・センター"
    assert first["location"]["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "JP",
        "addressRegion": "東京都",
        "addressLocality": "三鷹市",
        "streetAddress": "井の頭2-32-30",
    }
    assert first["organizer"] == {"@type": "Organization", "name": "三鷹市 地域福祉課"}
    assert first["offers"]["price"] == "0"
    assert first["offers"]["priceCurrency"] == "JPY"
    assert first["maximumAttendeeCapacity"] == 20
    assert first["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


def test_postponed_event_is_event_postponed():
    event = make_event(status=Event.Status.POSTPONED)
    (item,) = event_json_ld(event, TODAY)["@graph"]
    assert item["eventStatus"] == "https://schema.org/EventPostponed"


def test_online_event_has_a_virtual_location():
    event = make_event(is_online=True, url="https://example.jp/zoom-info")
    (item,) = event_json_ld(event, TODAY)["@graph"]
    assert item["location"] == {"@type": "VirtualLocation", "url": "https://example.jp/zoom-info"}
    assert item["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


@pytest.mark.parametrize(
    ("fee", "price"), [("無料", "0"), ("300円", "300"), ("３００円", "300"), ("1,000円", "1000")]
)
def test_a_plain_fee_becomes_an_offer(fee, price):
    (item,) = event_json_ld(make_event(fee=fee), TODAY)["@graph"]
    assert item["offers"]["price"] == price


@pytest.mark.parametrize("fee", ["", "実費", "材料費300円程度"])
def test_a_fee_in_words_gives_no_offer(fee):
    (item,) = event_json_ld(make_event(fee=fee), TODAY)["@graph"]
    assert "offers" not in item


def test_event_with_nothing_coming_gives_no_script():
    event = make_event(sessions=[(dt.date(2026, 1, 5), "10:00", None)])
    assert event_json_ld(event, TODAY) is None
    assert render_tag(event) == ""


def test_a_title_that_closes_the_script_cannot_escape_it(fixed_today):
    title = '</script><script>alert("x")</script><!--'
    event = make_event(title=title, description="a & b <b>")

    html = render_tag(event)

    assert html.count("</script>") == 1
    assert "<script>" not in html
    assert "<!--" not in html
    data = parsed(html)
    assert data["@graph"][0]["name"] == title
    assert data["@graph"][0]["description"] == "a & b <b>"


def test_place_page_has_its_next_meetings_as_events(client, fixed_today):
    salon = Salon.objects.get(slug="fureai-salon-inokashira")

    data = parsed(client.get("/salons/fureai-salon-inokashira/").text)

    graph = data["@graph"]
    expected = salon.upcoming(today=fixed_today)
    assert len(graph) == len(expected) > 0
    assert [item["startDate"][:10] for item in graph] == [o.date.isoformat() for o in expected]
    for item, occurrence in zip(graph, expected, strict=True):
        assert item["startDate"] == f"{occurrence.date}T{occurrence.start_time}+09:00"
        assert item["name"] == salon.name
        assert item["eventStatus"] == "https://schema.org/EventScheduled"
        assert item["location"]["name"] == salon.venue.name
        assert item["location"]["address"]["addressLocality"] == "三鷹市"


def test_place_name_that_closes_the_script_cannot_escape_it(client, fixed_today):
    salon = Salon.objects.get(slug="fureai-salon-inokashira")
    salon.name = "</script><script>alert(1)</script>"
    salon.save()

    html = client.get("/salons/fureai-salon-inokashira/").text

    (text,) = SCRIPT.findall(html)
    assert "<" not in text
    assert json.loads(text)["@graph"][0]["name"] == salon.name
    assert "<script>alert(1)" not in html


def test_suspended_place_has_no_json_ld(client):
    salon = Salon.objects.get(slug="salon-osawa")
    assert salon.is_suspended
    assert SCRIPT.findall(client.get(f"/salons/{salon.slug}/").text) == []
