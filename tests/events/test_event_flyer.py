"""/events/<slug>/flyer/: an A4 flyer with the dates (中止 marked), the place, how to join, a phone
number that is always there, and a QR code for the event's printed URL."""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from carenet.directory.models import Area, Contact, Venue
from carenet.events.models import Event, Session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # QR images are cached by content
    yield
    cache.clear()


def make_event(slug="flyer-bousai", area_slug="inokashira", **fields):
    area = Area.objects.select_related("municipality").get(slug=area_slug)
    values = {
        "municipality": area.municipality,
        "area": area,
        "kind": Event.Kind.COURSE,
        "title": "防災講座",
        "title_kana": "ぼうさいこうざ",
        "summary": "地震に備えて、家の中でできることを学びます。",
        "target": "市内在住の方",
        "capacity": 20,
        "fee": "無料",
        "how_to_apply": "電話で地域福祉課へ",
        "apply_by": dt.date(2026, 12, 1),
        "contact_name": "三鷹市 地域福祉課",
        "contact_phone": "0422-29-9235",
    }
    event = Event.objects.create(slug=slug, **(values | fields))
    for day, status in [(3, "planned"), (10, "cancelled"), (17, "planned")]:
        Session.objects.create(
            event=event,
            date=dt.date(2026, 12, day),
            start_time=dt.time(13, 30),
            end_time=dt.time(15, 0),
            status=status,
        )
    return event


def flat(html):
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_the_flyer_prints_what_when_where_how_and_whom_to_call(client):
    venue = Venue.objects.filter(municipality__slug="mitaka").exclude(address="").first()
    event = make_event(venue=venue)
    response = client.get("/events/flyer-bousai/flyer/")
    assert response.status_code == 200
    html = response.content.decode()
    text = flat(html)

    assert "<rt>ぼうさいこうざ</rt>" in html and "防災講座" in text
    assert "地震に備えて" in text
    assert "12月3日(木)午後1時30分〜3時" in text
    assert "12月10日(木)午後1時30分〜3時【中止】" in text
    assert "12月17日(木)午後1時30分〜3時" in text
    assert "12月17日(木)午後1時30分〜3時【中止】" not in text
    assert (
        '<time datetime="2026-12-03">12月3日(木)</time> '
        '<time datetime="13:30">午後1時30分</time>〜<time datetime="15:00">3時</time>'
    ) in html
    assert flat(venue.name) in text and flat(venue.full_address) in text
    for fact in (
        "対象市内在住の方",
        "定員20人",
        "参加費無料",
        "申込期限12月1日(火)",
        "電話で地域福祉課へ",
    ):
        assert fact in text, fact
    assert "☎0422-29-9235" in text
    assert event.printed_url("flyer") in html
    assert 'src="/events/flyer-bousai/qr.svg"' in html
    assert "2026年11月時点の情報です" in text


def test_a_flyer_says_the_year_of_a_date_in_the_next_year_and_noon_as_noon(client):
    event = make_event()
    Session.objects.create(
        event=event, date=dt.date(2027, 1, 5), start_time=dt.time(10), end_time=dt.time(12)
    )
    event.apply_by, event.apply_by_time = dt.date(2027, 1, 4), dt.time(17)
    event.save()
    html = client.get("/events/flyer-bousai/flyer/").content.decode()
    assert (
        '<time datetime="2027-01-05">2027年1月5日(火)</time> '
        '<time datetime="10:00">午前10時</time>〜<time datetime="12:00">正午</time>'
    ) in html
    assert "申込期限2027年1月4日(月)午後5時" in flat(html)
    assert '<time datetime="17:00">午後5時</time>' in html


def test_a_cancelled_event_says_so_in_large_type(client):
    make_event(status=Event.Status.CANCELLED)
    html = client.get("/events/flyer-bousai/flyer/").content.decode()
    assert '<p class="suspended">この催しは中止になりました</p>' in html


def test_an_event_without_a_phone_prints_its_citys_help_lines_named_as_such(client):
    make_event(contact_name="", contact_phone="")
    text = flat(client.get("/events/flyer-bousai/flyer/").content.decode())
    lines = Contact.objects.help_lines().filter(municipality__slug="mitaka")
    assert lines
    assert "この催しの電話番号は分かっていません" in text
    for line in lines:
        assert flat(f"{line.name_with_city}☎{line.phone}") in text


def test_a_contact_without_a_number_falls_back_to_the_help_lines_too(client):
    contact = Contact.objects.filter(municipality__slug="mitaka").first()
    Contact.objects.filter(pk=contact.pk).update(phone="")
    make_event(contact_name="", contact_phone="", contact=contact)
    text = flat(client.get("/events/flyer-bousai/flyer/").content.decode())
    assert "この催しの電話番号は分かっていません" in text


def test_a_long_course_prints_its_first_twelve_dates_and_how_many_more(client):
    event = make_event()
    for week in range(3, 15):
        Session.objects.create(event=event, date=dt.date(2026, 12, 17) + dt.timedelta(weeks=week))
    text = flat(client.get("/events/flyer-bousai/flyer/").content.decode())
    assert "ほか3回" in text


def test_an_online_event_and_a_hall_outside_the_directory_print_where(client):
    make_event(slug="online", is_online=True)
    make_event(slug="elsewhere", place_name="府中市民会館", place_address="府中市府中町1-1")
    assert "オンライン" in flat(client.get("/events/online/flyer/").content.decode())
    text = flat(client.get("/events/elsewhere/flyer/").content.decode())
    assert "府中市民会館" in text and "住所府中市府中町1-1" in text


def test_an_unpublished_event_has_no_flyer_and_no_qr_code(client):
    make_event(is_published=False)
    assert client.get("/events/flyer-bousai/flyer/").status_code == 404
    assert client.get("/events/flyer-bousai/qr.svg").status_code == 404


def test_the_qr_code_is_an_svg_of_the_printed_url(client, settings):
    settings.SITE_URL = "https://carenet.example.jp"
    make_event()
    response = client.get("/events/flyer-bousai/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_the_flyer_answers_get_only(client):
    make_event()
    assert client.post("/events/flyer-bousai/flyer/").status_code == 405
