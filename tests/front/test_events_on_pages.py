"""Events reach residents where they already look: this week's on the home page, an area's on
its page (a 圏域 with its districts'), the event's own page with its calendar and flyer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def test_home_shows_this_weeks_events_only(client, fixed_today):
    make_event(slug="soon", title="今週の防災講座", days_ahead=(3,))
    make_event(slug="later", title="来月の防災講座", days_ahead=(30,))
    make_event(slug="hidden", title="非公開の講座", days_ahead=(2,), is_published=False)
    body = client.get("/").content.decode()
    assert "今週の防災講座" in body
    assert "来月の防災講座" not in body and "非公開の講座" not in body


def test_an_area_page_lists_its_events_and_a_kenikis_its_districts(client, fixed_today):
    make_event(slug="inokashira-event", title="井の頭の講座")
    make_event("atago-kotta-kaitori", slug="atago-event", title="愛宕の体操", title_kana="")
    assert "井の頭の講座" in client.get("/mitaka/areas/inokashira/").content.decode()
    hokubu = client.get("/tama/areas/tama-hokubu/").content.decode()
    assert "愛宕の体操" in hokubu and "井の頭の講座" not in hokubu


def test_the_event_page_has_its_calendar_flyer_and_json_ld(client, fixed_today):
    event = make_event()
    body = client.get(f"/events/{event.slug}/").content.decode()
    assert f"/events/{event.slug}/calendar.ics" in body
    assert f"/events/{event.slug}/flyer/" in body
    assert 'type="application/ld+json"' in body


def test_home_and_area_pages_keep_a_fixed_number_of_queries_with_more_events(client, fixed_today):
    def counts():
        result = []
        for url in ("/", "/mitaka/areas/inokashira/"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            result.append(len(captured))
        return result

    make_event(slug="one", days_ahead=(2,))
    few = counts()
    for n in range(20):
        make_event(slug=f"more-{n}", days_ahead=(2, 9))
    assert counts() == few


def test_a_place_page_shows_the_places_own_coming_events(client, fixed_today):
    from salons.models import Salon

    place = Salon.objects.get(slug="fureai-salon-inokashira")
    make_event(slug="at-the-salon", title="サロンの体力測定会", salon=place, kind="measurement")
    make_event(slug="elsewhere", title="よその講座")
    body = client.get(place.get_absolute_url()).content.decode()
    assert "この場所の催し・講座" in body and "サロンの体力測定会" in body
    assert "よその講座" not in body


def test_an_initiative_card_names_its_coming_events(client, fixed_today):
    from carenet.directory.models import Initiative

    initiative = Initiative.objects.filter(area__slug="inokashira").first()
    make_event(slug="init-event", title="見守り講座", initiative=initiative)
    body = client.get("/mitaka/areas/inokashira/").content.decode()
    assert "次の催し" in body and "見守り講座" in body


def test_the_event_page_says_times_in_words_and_the_year_of_next_years_dates(client, fixed_today):
    event = make_event(days_ahead=(10, 44))  # 2026-12-02 and 2027-01-05
    body = client.get(f"/events/{event.slug}/").content.decode()
    times = '<time datetime="13:30">午後1時30分</time>〜<time datetime="15:00">3時</time>'
    assert f'<time datetime="2026-12-02">12月2日(水)</time> {times}' in body
    assert f'<time datetime="2027-01-05">2027年1月5日(火)</time> {times}' in body
    assert "13:30〜" not in body


def test_an_event_card_says_its_times_in_words(client, fixed_today):
    make_event(slug="card-event", title="カードの講座")
    body = client.get("/mitaka/areas/inokashira/").content.decode()
    assert (
        '<time datetime="2026-12-02">12月2日(水)</time> '
        '<time datetime="13:30">午後1時30分</time>〜<time datetime="15:00">3時</time>'
    ) in body


def test_the_homes_week_says_the_meeting_times_in_words(client, fixed_today):
    body = client.get("/").content.decode()
    # しんなかサロン: 第4木曜日 13:30〜15:30, so 2026-11-26 in the seed.
    assert '<h3><time datetime="2026-11-26">11月26日(木)</time></h3>' in body
    assert (
        '<time datetime="13:30">午後1時30分</time>〜<time datetime="15:30">3時30分</time>'
    ) in body
