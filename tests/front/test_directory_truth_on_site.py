"""What the public and staff pages say is what the seeds say (#9, "keeping the directory true").

Each test reads the page a person sees: a count that counted places nobody can go to, an
initiative made of the wrong paragraph, a coordinator given an organisation the seed never names,
a city printed twice, a flyer without its 要確認 or without any number to call, and Tama's layer
names on Mitaka's staff.
"""

import html
import re

import pytest
from django.core.exceptions import ValidationError

from carenet.directory.models import Contact, Municipality
from coordinators.models import StaffProfile
from salons.models import Salon
from tests.conftest import make_account, sign_in

pytestmark = pytest.mark.django_db


def words(markup):
    """The words of some markup, as a reader sees them (tags and ruby readings dropped)."""
    markup = re.sub(r"<rp>.*?</rp>|<rt>.*?</rt>", "", markup)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup)))


def text_of(response):
    """The words of the page's own content (<main>): not the header's or footer's."""
    assert response.status_code == 200
    body = response.content.decode()
    return words(body[body.index("<main") : body.index("</main>")])


def card_of(body, heading):
    """The card (<li class="card"> or <article class="card">) whose heading holds `heading`."""
    for card in re.findall(r'<(?:li|article) class="card">.*?</(?:li|article)>', body, re.S):
        if heading in card:
            return card
    raise AssertionError(f"no card for {heading}")


# --- 1. 「通いの場 Nか所」 counts what a resident can go to, and says there are more -----------


def home_card(client, city_name):
    return words(card_of(client.get("/").content.decode(), city_name))


def test_home_counts_mitakas_meeting_places_not_its_undated_or_suspended_ones(client):
    card = home_card(client, ">三鷹市<")
    # Six salons meet on a known day; the seven 相談サロン have no day and サロンおおさわ is 休止中.
    assert "ここに載っている、いま開かれている通いの場は 6か所です。" in card
    assert "休止中のところと、日時の分からないところは数えていません" in card
    assert "14か所" not in card
    assert "全体では" not in card  # no total is published for Mitaka: nothing is claimed


def test_home_says_tama_has_over_100_places_and_where_to_ask(client):
    card = home_card(client, ">多摩市<")
    assert "ここに載っている、いま開かれている通いの場は 3か所です。" in card
    assert "多摩市全体では、100か所を超える通いの場があります" in card
    assert "（出典: 多摩市社会福祉協議会「生活支援コーディネーターの配置と取り組み」）。" in card
    assert "ここに載っていない通いの場については、" in card
    assert "地域福祉推進課 まちづくり推進担当（電話 042-373-5616）におたずねください。" in card


def test_the_count_follows_the_data_not_a_kind_or_a_name(client):
    # A 相談サロン whose day becomes known is somewhere to go: it is counted.
    sodan = Salon.objects.get(slug="sodan-salon-inokashira")
    sodan.schedules.update(weekday=3, week_of_month=2)
    assert "通いの場は 7か所です。" in home_card(client, ">三鷹市<")
    # A salon that pauses, or ends, is not.
    Salon.objects.filter(slug="renjaku-salon").update(status=Salon.Status.SUSPENDED)
    Salon.objects.filter(slug="shinnaka-salon").update(status=Salon.Status.ENDED)
    assert "通いの場は 5か所です。" in home_card(client, ">三鷹市<")
    body = client.get("/mitaka/").content.decode()
    assert "いま開かれている通いの場 2か所" in card_of(body, ">井の頭<")
    assert "いま開かれている通いの場は、まだ載っていません" in card_of(body, ">連雀<")


def test_the_published_total_and_where_to_ask_are_data_on_the_city(client):
    tama = Municipality.objects.get(slug="tama")
    tama.places_stated_total = 120
    tama.places_stated_total_is_minimum = False
    tama.save()
    assert "多摩市全体では、120か所の通いの場があります" in home_card(client, ">多摩市<")
    tama.places_stated_total = None
    tama.places_stated_source = ""
    tama.places_contact = None
    tama.save()
    card = home_card(client, ">多摩市<")
    assert "全体では" not in card and "ここに載っていない" not in card


def test_where_to_ask_must_be_one_of_the_citys_own_contacts():
    tama = Municipality.objects.get(slug="tama")
    tama.places_contact = Contact.objects.get(label="三鷹市 地域福祉課")
    with pytest.raises(ValidationError) as error:
        tama.full_clean()
    assert "places_contact" in error.value.message_dict


def test_tama_city_page_says_what_is_listed_per_area_and_that_there_are_more(client):
    body = client.get("/tama/").content.decode()
    chubu = card_of(body, ">中部<")
    assert "いま開かれている通いの場は、まだ載っていません" in chubu
    assert "0か所" not in chubu
    page = text_of(client.get("/tama/"))
    assert "多摩市全体では、100か所を超える通いの場があります" in page
    assert "042-373-5616" in page


def test_mitaka_city_page_counts_each_area_without_its_undated_or_suspended_places(client):
    body = client.get("/mitaka/").content.decode()
    # 井の頭: ふれあいサロン (counted) and its 相談サロン (no day: not counted).
    assert "いま開かれている通いの場 1か所" in card_of(body, ">井の頭<")
    # 大沢: サロンおおさわ is 休止中 and its 相談サロン has no day.
    assert "いま開かれている通いの場は、まだ載っていません" in card_of(body, ">大沢<")
    assert "全体では" not in text_of(client.get("/mitaka/"))


# --- 2. 「健康体操」 is the seed's photo caption of 地域の居場所づくり, not an initiative


@pytest.mark.parametrize("url", ["/mitaka/", "/mitaka/areas/inokashira/"])
def test_kenko_taiso_is_an_example_of_the_salons_not_an_initiative_about_news_on_x(client, url):
    body = client.get(url).content.decode()
    assert "<h3>健康体操</h3>" not in body
    assert "たとえば: 健康体操" in card_of(body, "<h3>地域の居場所づくり</h3>")
    for card in re.findall(r'<article class="card">.*?</article>', body, re.S):
        assert "地域福祉課のX" not in card, card  # no initiative is made of the news paragraph


def test_the_news_on_x_paragraph_stays_where_the_seed_puts_it(client):
    # It tells how every care network publishes its news: the city's own text says so.
    assert "各ケアネットの情報は、地域で配布するチラシや地域福祉課のX" in text_of(
        client.get("/mitaka/")
    )


# --- 3. Tama's 第1層 coordinator: the council publishes its activity, nothing says it belongs ---


@pytest.mark.parametrize("url", ["/coordinators/", "/tama/"])
def test_tama_layer1_coordinator_is_not_said_to_belong_to_tama_mylife(client, url):
    body = client.get(url).content.decode()
    card = card_of(body, "<h3>第1層生活支援コーディネーター</h3>")
    assert "所属" not in card
    assert (
        "詳しい活動状況は、一般社団法人多摩マイライフ包括支援協議会のホームページ（別サイト）"
        "に掲載されています。" in words(card)
    )
    assert 'href="http://tama-mylife.com/"' in card


def test_tama_mylife_is_not_named_as_a_partner_of_the_supporter_course(client):
    body = client.get("/tama/").content.decode()
    course = card_of(body, "<h3>生活サポーター養成講座</h3>")
    assert "多摩マイライフ" not in course


# --- 4. The thanks page names each city once ---------------------------------------------------


@pytest.mark.parametrize("query", ["?city=mitaka", ""])
def test_thanks_page_names_the_city_once(client, query):
    page = text_of(client.get(f"/consult/thanks/{query}"))
    assert "三鷹市 三鷹市" not in page and "多摩市 多摩市" not in page
    assert "三鷹市 地域福祉課" in page
    assert "三鷹市 地域福祉コーディネーター" in page


def test_a_contact_names_its_city_once_in_the_admin_too():
    assert str(Contact.objects.get(label="三鷹市 地域福祉課")) == "三鷹市 地域福祉課"
    assert str(Contact.objects.get(label="地域福祉コーディネーター")) == (
        "三鷹市 地域福祉コーディネーター"
    )


# --- 5. The 三鷹駅周辺 area flyer keeps 「開催月は要確認」


def test_ekishuhen_area_flyer_says_the_months_are_unknown(client):
    page = text_of(client.get("/mitaka/areas/ekishuhen/flyer/"))
    assert "駅前 風のサロン" in page
    assert "年10回 第3木曜日 午後1時30分〜3時（開催月は要確認）" in page


def test_an_area_flyer_with_known_months_does_not_say_so(client):
    assert "開催月は要確認" not in text_of(client.get("/mitaka/areas/inokashira/flyer/"))


# --- 6. A flyer always has a number: the city's help line, named as such ------------------------


def test_karakida_flyer_gives_tamas_help_line_and_says_whose_number_it_is(client):
    page = text_of(client.get("/salons/karakida-takumi-cafe/flyer/"))
    assert "この通いの場の電話番号は分かっていません。" in page
    assert "多摩市の次の相談窓口におたずねください（この通いの場の番号ではありません）。" in page
    assert "多摩市社会福祉協議会 地域福祉推進課 まちづくり推進担当 ☎ 042-373-5616" in page
    assert "0422-" not in page  # never another city's number


def test_a_flyer_with_its_own_phone_gives_only_that(client):
    page = text_of(client.get("/salons/fureai-salon-inokashira/flyer/"))
    assert "三鷹市 地域福祉課 ☎ 0422-29-9235" in page
    assert "この通いの場の電話番号は分かっていません" not in page


def test_the_flyer_batch_gives_the_help_line_too(client):
    staff = make_account("dir-admin", "directory_admin")
    sign_in(client, staff)
    ids = ",".join(
        str(pk)
        for pk in Salon.objects.filter(
            slug__in=["karakida-takumi-cafe", "fureai-salon-inokashira"]
        ).values_list("pk", flat=True)
    )
    page = text_of(client.get(f"/admin/salons/salon/flyers/?ids={ids}"))
    assert page.count("この通いの場の電話番号は分かっていません") == 1
    assert "まちづくり推進担当 ☎ 042-373-5616" in page


# --- 7. Staff scopes in neutral words: 第1層/第2層 are Tama's coordinator layers --------------


def test_mitaka_staff_home_does_not_call_them_layer_1_or_2(inokashira_client):
    page = text_of(inokashira_client.get("/staff/"))
    assert "三鷹市・担当地域のみ（井の頭）" in page
    assert "第1層" not in page and "第2層" not in page


def test_mitaka_supervisors_home_does_not_call_them_layer_1(mitaka_client):
    page = text_of(mitaka_client.get("/staff/"))
    assert "三鷹市・市全体" in page
    assert "第1層" not in page and "第2層" not in page


def test_the_scope_choices_in_the_admin_name_no_layer(client, inokashira_coordinator):
    sign_in(client, make_account("access-admin", "access_admin"))
    profile = StaffProfile.objects.get(user=inokashira_coordinator)
    change = text_of(client.get(f"/admin/coordinators/staffprofile/{profile.pk}/change/"))
    listing = text_of(client.get("/admin/coordinators/staffprofile/"))
    for page in (change, listing):
        assert "第1層" not in page and "第2層" not in page
        assert "スーパーバイザー" not in page
    assert "担当地域のみ" in change and "市全体" in change
