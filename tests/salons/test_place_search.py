"""/salons/?q=…: the place search folds kana and width with the same key as the consultation search.

Every search here goes through the public page, so what is proven is what residents get.
"""

import pytest
from django.core.management import call_command
from django.db.models import Q
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from carenet.directory.models import Initiative, Venue
from salons.models import Salon

pytestmark = pytest.mark.django_db

SEARCH = "/salons/"


def found(client, words):
    response = client.get(SEARCH, {"q": words})
    assert response.status_code == 200
    assert response.context["paginator"].count <= 50, "the assertions below read one page only"
    return {salon.slug for salon in response.context["salons"]}


# Ways a resident may type the same word.
def to_hiragana(text):
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


def to_katakana(text):
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in text)


def _half_width_table():
    import unicodedata

    table = {}
    for code in range(0xFF61, 0xFF9E):
        half = chr(code)
        table.setdefault(unicodedata.normalize("NFKC", half), half)
        voiced = unicodedata.normalize("NFKC", half + "ﾞ")
        if len(voiced) == 1:
            table.setdefault(voiced, half + "ﾞ")
        semi = unicodedata.normalize("NFKC", half + "ﾟ")
        if len(semi) == 1:
            table.setdefault(semi, half + "ﾟ")
    return table


HALF_WIDTH = _half_width_table()


def to_half_width(text):
    return "".join(HALF_WIDTH.get(ch, ch) for ch in to_katakana(text))


def to_full_width(text):
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


SPELLINGS = [str, to_hiragana, to_katakana, to_half_width, to_full_width]

SALON_NAMES = [
    "ふれあいサロン・井の頭",
    "しんなかサロン",
    "よってらっしゃい・にしみたか",
    "ひだまりサロン・東部",
    "サロンおおさわ",
    "誰でもカフェあたご",
    "からきだ匠カフェ",
    "相談サロン（井口コミュニティ・センター）",
]


@pytest.mark.parametrize("word", ["さろん", "サロン", "ｻﾛﾝ", "ｻロん"])
def test_saron_in_any_kana_or_width_finds_the_same_places(client, word):
    # What 「サロン」 finds by the plain rule (its name, its kind, its network's 居場所づくり…).
    expected = icontains_search("サロン")
    assert len(expected) > 10
    assert {s.slug for s in Salon.objects.listed() if "サロン" in s.name} <= expected
    assert found(client, word) == expected


@pytest.mark.parametrize("address", ["下連雀3-13", "下連雀３－１３", "下連雀３-13"])
def test_full_width_digits_find_a_venue_address(client, address):
    assert found(client, address) == {"ekimae-kaze-no-salon", "sodan-salon-ekishuhen"}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(SALON_NAMES),
    bounds=st.tuples(st.integers(0, 20), st.integers(1, 6)),
    spelling=st.sampled_from(SPELLINGS),
)
def test_any_part_of_a_name_however_typed_finds_the_place(client, name, bounds, spelling):
    start, length = bounds
    part = name[start : start + length].strip()
    assume(part)
    slug = Salon.objects.get(name=name).slug
    assert slug in found(client, spelling(part)), f"{spelling(part)!r} did not find {name}"


def icontains_search(words):
    """The fields the search looks at, stated plainly with icontains (no folding, no readings):
    the place, its kind, its venue, its area and its network's 居場所づくり initiatives."""
    query = Q()
    for word in words.split():
        in_initiatives = Initiative.objects.filter(kind=Initiative.Kind.PLACE).filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(examples__icontains=word)
        )
        query &= (
            Q(name__icontains=word)
            | Q(name_kana__icontains=word)
            | Q(description__icontains=word)
            | Q(kind__name__icontains=word)
            | Q(kind__name_kana__icontains=word)
            | Q(kind__description__icontains=word)
            | Q(venue__name__icontains=word)
            | Q(venue__name_kana__icontains=word)
            | Q(venue__address__icontains=word)
            | Q(area__name__icontains=word)
            | Q(area__name_kana__icontains=word)
            | Q(network__initiatives__in=in_initiatives)
        )
    return {salon.slug for salon in Salon.objects.listed().filter(query)}


@pytest.mark.parametrize(
    "words",
    ["井の頭", "カフェ", "下連雀", "2-32", "コミュニティ・センター", "相談 井口", "存在しない場所"],
)
def test_plain_words_find_what_they_found_before_folding(client, words):
    assert found(client, words) == icontains_search(words)


@pytest.mark.parametrize("update_fields", [None, ["name"]])
def test_a_renamed_place_is_found_by_its_new_name_only(client, update_fields):
    salon = Salon.objects.get(slug="shinnaka-salon")
    salon.name = "ひまわりの会"
    salon.save(update_fields=update_fields)
    assert "shinnaka-salon" in found(client, "ﾋﾏﾜﾘ")
    assert "shinnaka-salon" not in found(client, "しんなか")


def test_a_venue_that_moves_is_found_at_its_new_address(client):
    venue = Venue.objects.get(name="三鷹駅前コミュニティ・センター")
    venue.address = "上連雀9-9-9"
    venue.save()
    assert found(client, "上連雀９－９") == {"ekimae-kaze-no-salon", "sodan-salon-ekishuhen"}
    assert found(client, "下連雀3-13") == set()


@pytest.mark.usefixtures("sample_data_allowed")
def test_places_made_in_bulk_are_found_too(client):
    call_command("make_sample_data", places=30, seed=3, stdout=open("/dev/null", "w"))
    listed = Salon.objects.listed().filter(is_sample=True).count()
    response = client.get(SEARCH, {"q": "ｻﾝﾌﾟﾙ"})
    assert response.context["paginator"].count == listed > 0
