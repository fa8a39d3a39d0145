"""Home, city and area pages: what a resident finds on each."""

import pytest
from django.core.management import call_command

from carenet.directory.models import Area, Contact
from salons.models import Salon

pytestmark = pytest.mark.django_db


def test_home_shows_both_cities_and_their_help_lines(client):
    body = client.get("/").content.decode()
    assert 'href="/mitaka/"' in body and 'href="/tama/"' in body
    for phone in ("0422-76-1271", "0422-29-9235", "042-373-5616"):
        assert f'href="tel:{phone.replace("-", "")}"' in body


def test_home_lists_what_meets_this_week_in_date_order(client, fixed_today):
    # Week from Sunday 2026-11-22: 第4月曜 11/23 (勤労感謝の日), 第4水曜 11/25, 第4木曜 11/26.
    response = client.get("/")
    meetings = [(o.date.isoformat(), s.name) for _, day in response.context["week"] for o, s in day]
    assert meetings == [
        ("2026-11-23", "よってらっしゃい・にしみたか"),
        ("2026-11-25", "からきだ匠カフェ"),
        ("2026-11-26", "しんなかサロン"),
    ]
    assert "11月23日(月・祝)" in response.content.decode()
    assert response.context["week"][0][0] == fixed_today


@pytest.mark.usefixtures("sample_data_allowed")
def test_home_caps_each_day_and_links_to_the_rest(client, fixed_today):
    call_command("make_sample_data", places=300, seed=5, stdout=open("/dev/null", "w"))
    response = client.get("/")
    assert all(len(meetings) <= 10 for _, meetings in response.context["week"])
    assert "この曜日の通いの場をもっと見る" in response.content.decode()


@pytest.mark.usefixtures("sample_data_allowed")
def test_meeting_on_finds_exactly_the_places_whose_calendar_says_so(fixed_today):
    import datetime as dt

    call_command("make_sample_data", places=200, seed=9, stdout=open("/dev/null", "w"))
    for offset in range(40):
        day = fixed_today + dt.timedelta(days=offset)
        expected = {s.pk for s in Salon.objects.active() if s.occurrences_between(day, day)}
        found = {
            s.pk for s in Salon.objects.active().meeting_on(day) if s.occurrences_between(day, day)
        }
        assert found == expected, day


def test_home_leaves_out_suspended_places_from_this_week(client, fixed_today):
    Salon.objects.filter(slug="shinnaka-salon").update(status=Salon.Status.SUSPENDED)
    week = client.get("/").context["week"]
    names = [s.name for _, day in week for _, s in day]
    assert "しんなかサロン" not in names


@pytest.mark.parametrize("slug", ["mitaka", "tama"])
def test_city_page_links_to_every_area_of_the_city(client, slug):
    body = client.get(f"/{slug}/").content.decode()
    areas = Area.objects.filter(municipality__slug=slug)
    assert areas.exists()
    for area in areas:
        assert f'href="{area.get_absolute_url()}"' in body


def test_city_page_shows_councils_and_contacts(client):
    body = client.get("/tama/").content.decode()
    assert "まるっと協議体" in body
    assert "042-373-6629" in body
    assert "近所de元気アップトレーニング（近トレ）" in body


def test_city_pages_do_not_mix_cities(client):
    mitaka = client.get("/mitaka/").content.decode()
    tama = client.get("/tama/").content.decode()
    assert "まるっと協議体" not in mitaka
    assert "ケアネット・井の頭" not in tama


def test_unknown_city_is_a_404(client):
    assert client.get("/osaka/").status_code == 404


def test_area_page_shows_network_places_initiatives_and_coordinator(client):
    response = client.get("/mitaka/areas/inokashira/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    assert "ケアネット・井の頭" in body
    assert "ふれあいサロン・井の頭" in body
    assert "ちょこっとサービス" in body and "みまもるん" in body
    assert "<rt>はまだ</rt>" in body
    assert "0422-44-7321" in body


def test_area_page_shows_only_its_own_places_and_coordinator(client):
    body = client.get("/mitaka/areas/osawa/").content.decode()
    assert "サロンおおさわ" in body
    assert "ふれあいサロン・井の頭" not in body
    assert "濱田" not in body and "壽山" in body


def test_tama_committee_area_page(client):
    body = client.get("/tama/areas/sakuragaoka/").content.decode()
    assert "地域福祉推進委員会（桜ヶ丘）" in body
    assert "桜ヶ丘の移動を考える会" in body
    assert "第2層生活支援コーディネーター" in body


def test_unknown_area_is_a_japanese_404_with_phone_numbers(client):
    response = client.get("/areas/no-such-area/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "ページが見つかりません" in body
    for line in Contact.objects.filter(is_help_line=True):
        assert line.phone in body


def test_public_pages_reject_post(client):
    for url in (
        "/",
        "/mitaka/",
        "/mitaka/areas/inokashira/",
        "/salons/fureai-salon-inokashira/",
        "/coordinators/",
    ):
        assert client.post(url).status_code == 405, url


@pytest.mark.usefixtures("sample_data_allowed")
def test_sample_places_are_marked_on_their_page(client):
    call_command("make_sample_data", places=1, seed=3, stdout=open("/dev/null", "w"))
    salon = Salon.objects.get(is_sample=True)
    body = client.get(salon.get_absolute_url()).content.decode()
    assert "【サンプル】" in body
    assert '<span class="badge">サンプル</span>' in body
