"""/salons/ and /salons/<slug>/: what a resident sees, and what bad input gets."""

import datetime as dt

import pytest
from django.core.management import call_command

from salons.models import Salon, SalonAlias, ScheduleException
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def names(response):
    return {salon.name for salon in response.context["salons"]}


def test_list_shows_every_listed_place_of_both_cities(client):
    response = client.get("/salons/")
    assert response.status_code == 200
    assert names(response) == set(Salon.objects.listed().values_list("name", flat=True))
    assert {"ふれあいサロン・井の頭", "からきだ匠カフェ"} <= names(response)


def test_list_filters_by_city(client):
    response = client.get("/salons/", {"city": "tama"})
    assert names(response) == {"誰でもカフェあたご", "からきだ匠カフェ", "福祉なんでも相談"}


def test_list_filters_by_area_slug(client):
    response = client.get("/salons/", {"area": "inokashira"})
    assert names(response) == {
        "ふれあいサロン・井の頭",
        "相談サロン（井の頭コミュニティ・センター）",
    }


def test_list_filters_by_kind(client):
    response = client.get("/salons/", {"kind": "dementia-cafe"})
    assert names(response) == {"からきだ匠カフェ"}


def test_list_filters_by_iso_weekday(client):
    tuesdays = names(client.get("/salons/", {"weekday": "2"}))
    assert tuesdays == {"ふれあいサロン・井の頭", "連雀サロン"}
    thursdays = names(client.get("/salons/", {"weekday": "4", "city": "mitaka"}))
    assert thursdays == {"しんなかサロン", "駅前 風のサロン"}


def test_list_searches_name_description_and_venue(client):
    assert names(client.get("/salons/", {"q": "風の"})) == {"駅前 風のサロン"}
    assert names(client.get("/salons/", {"q": "認知症カフェ"})) == {"からきだ匠カフェ"}
    by_venue = names(client.get("/salons/", {"q": "愛宕かえで館"}))
    assert by_venue == {"福祉なんでも相談"}


def test_list_marks_suspended_places_instead_of_hiding_them(client):
    response = client.get("/salons/", {"area": "osawa"})
    assert "サロンおおさわ" in names(response)
    assert "休止中" in response.content.decode()


def test_list_hides_ended_places(client):
    Salon.objects.filter(slug="renjaku-salon").update(status=Salon.Status.ENDED)
    assert "連雀サロン" not in names(client.get("/salons/"))


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"area": "no-such-area"}, 200, "正しく選択してください"),
        ({"city": "osaka"}, 200, "正しく選択してください"),
        ({"kind": "<script>alert(1)</script>"}, 200, "正しく選択してください"),
        ({"weekday": "9"}, 200, "正しく選択してください"),
        ({"weekday": "月"}, 200, "正しく選択してください"),
        ({"q": "あ" * 500}, 200, "100 文字以下"),
        ({"q": "\x00\x1f"}, 400, "使えない文字"),  # a NUL never reaches the database
        ({"q": "\x1f"}, 200, "見つかりました"),
        ({"page": "999"}, 404, "ページが見つかりません"),
        ({"page": "abc"}, 404, "ページが見つかりません"),
    ],
)
def test_bad_filter_input_gets_a_japanese_message_never_a_500(client, params, status, message):
    response = client.get("/salons/", params)
    assert response.status_code == status
    body = response.content.decode()
    assert message in body
    assert "<script>alert(1)</script>" not in body


def test_unknown_area_shows_the_error_next_to_the_field(client):
    body = client.get("/salons/", {"area": "no-such-area"}).content.decode()
    assert "正しく選択してください" in body
    assert "条件の指定に誤りがあります" in body


def test_list_rejects_post(client):
    assert client.post("/salons/").status_code == 405


def test_detail_shows_name_schedule_and_next_three_dates(client, fixed_today):
    response = client.get("/salons/fureai-salon-inokashira/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    # The seed's reading, checked by eye (井の頭 is いのかしら), above the name.
    assert (
        "<h1><ruby>ふれあいサロン・井の頭<rp>（</rp><rt>ふれあいさろん・いのかしら</rt><rp>）</rp>"
        "</ruby></h1>"
    ) in body
    assert (
        '奇数月 第1火曜日 <time datetime="13:30">午後1時30分</time>〜'
        '<time datetime="15:00">3時</time>'
    ) in body
    assert [o.label for o in response.context["upcoming"]] == [
        "2027年1月5日(火)",
        "2027年3月2日(火)",
        "2027年5月4日(火・祝)",
    ]
    assert "井の頭コミュニティ・センター" in body
    assert "東京都三鷹市井の頭2-32-30" in body
    assert "0422-29-9235" in body
    assert "google.com/maps" in body


def test_detail_lists_the_next_dates_with_their_year_and_times_in_words(client, fixed_today):
    body = client.get("/salons/fureai-salon-inokashira/").content.decode()
    assert (
        '<li><time datetime="2027-01-05">2027年1月5日(火)</time> '
        '<time datetime="13:30">午後1時30分</time>〜<time datetime="15:00">3時</time></li>'
    ) in body
    assert "13:30〜" not in body


def test_the_list_card_says_the_next_meeting_with_its_year_and_time(client, fixed_today):
    body = client.get("/salons/").content.decode()
    assert (
        '次回: <time datetime="2027-01-05">2027年1月5日(火)</time> '
        '<time datetime="13:30">午後1時30分</time>〜'
    ) in body


def test_detail_of_suspended_place_says_so_and_shows_no_date(client):
    response = client.get("/salons/salon-osawa/")
    body = response.content.decode()
    assert "現在休止中です" in body
    assert response.context["upcoming"] == []
    assert "次の開催日" not in body


def test_detail_with_unknown_months_says_so_and_invents_no_date(client):
    response = client.get("/salons/ekimae-kaze-no-salon/")
    body = response.content.decode()
    assert '年10回 第3木曜日 <time datetime="13:30">午後1時30分</time>〜' in body
    assert "開催月は要確認" in body
    assert response.context["upcoming"] == []


def test_cancellations_and_extra_dates_change_the_next_dates(client, fixed_today):
    salon = Salon.objects.get(slug="shinnaka-salon")
    before = [o.date for o in salon.upcoming(today=fixed_today)]
    ScheduleException.objects.create(
        salon=salon, date=before[0], kind=ScheduleException.Kind.CANCEL
    )
    ScheduleException.objects.create(
        salon=salon, date=dt.date(2026, 12, 1), kind=ScheduleException.Kind.EXTRA, note="臨時開催"
    )
    response = client.get("/salons/shinnaka-salon/")
    after = [o.date for o in response.context["upcoming"]]
    assert before[0] not in after
    assert after[0] == dt.date(2026, 12, 1)
    assert "臨時開催" in response.content.decode()


def test_renamed_place_keeps_its_old_url(client):
    salon = Salon.objects.get(slug="renjaku-salon")
    salon.name, salon.slug = "連雀ふれあいサロン", "renjaku-fureai-salon"
    salon.save()
    salon.slug = "renjaku-salon-2"
    salon.save()
    for old in ("renjaku-salon", "renjaku-fureai-salon"):
        response = client.get(f"/salons/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/salons/renjaku-salon-2/"
    assert client.get("/salons/renjaku-salon-2/").status_code == 200


def test_taking_back_an_old_slug_removes_its_redirect(client):
    salon = Salon.objects.get(slug="renjaku-salon")
    salon.slug = "renjaku-new"
    salon.save()
    salon.slug = "renjaku-salon"
    salon.save()
    assert not SalonAlias.objects.filter(slug="renjaku-salon").exists()
    assert client.get("/salons/renjaku-salon/").status_code == 200


def test_ended_place_keeps_its_page_for_old_flyers(client):
    Salon.objects.filter(slug="renjaku-salon").update(status=Salon.Status.ENDED)
    response = client.get("/salons/renjaku-salon/")
    assert response.status_code == 200
    assert "終了しました" in response.content.decode()


def test_unknown_place_is_a_japanese_404(client):
    response = client.get("/salons/no-such-place/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/salons/",
        "/salons/?city=mitaka&weekday=2&q=サロン",
        "/salons/?weekday=3",
        "/salons/?q=体操 井の頭",
        "/salons/?kind=salon&city=mitaka",
        "/salons/?q=さろん&weekday=2",
        "/mitaka/areas/inokashira/",
        "/salons/fureai-salon-inokashira/",
        "/",
        "/mitaka/",
        "/mitaka/areas/inokashira/list/",
        "/mitaka/areas/inokashira/flyer/",
        "/salons/fureai-salon-inokashira/flyer/",
    ],
)
@pytest.mark.usefixtures("sample_data_allowed")
def test_pages_run_the_same_number_of_queries_for_10_or_1000_places(client, url):
    call_command("make_sample_data", places=10, seed=1, stdout=open("/dev/null", "w"))
    few = count_queries(client, url)
    call_command("make_sample_data", places=990, seed=2, stdout=open("/dev/null", "w"))
    many = count_queries(client, url)
    assert few == many, f"{url}: {few} queries with 10 places, {many} with 1,000"
