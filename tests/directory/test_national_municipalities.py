"""Every municipality of Japan, shipped as data and loaded by `manage.py load_municipalities`."""

import collections
import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from carenet.directory.data import build_municipalities as build
from carenet.directory.management.commands.load_municipalities import (
    DEFAULT_FILE,
    slug_is_free,
)
from carenet.directory.models import Municipality
from carenet.directory.models.cities import code_check_digit, is_valid_local_government_code
from carenet.directory.prefectures import BY_CODE, BY_NAME

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "carenet.json"
COLUMNS = ["code", "prefecture", "name", "name_kana", "slug", "district"]


def shipped_rows():
    with open(DEFAULT_FILE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_cities():
    return [
        e["fields"] for e in json.loads(SEED.read_text()) if e["model"] == "carenet.municipality"
    ]


def write_csv(tmp_path, rows, columns=COLUMNS):
    path = tmp_path / "municipalities.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def load(**options):
    out = io.StringIO()
    call_command("load_municipalities", stdout=out, **options)
    return out.getvalue()


# --- The shipped file ---


def test_shipped_file_holds_every_municipality_once():
    rows = shipped_rows()
    kinds = collections.Counter(
        "特別区" if r["code"].startswith("131") else r["name"][-1] for r in rows
    )
    assert len(rows) == 1741
    assert kinds == {"市": 792, "町": 743, "村": 183, "特別区": 23}
    assert len({r["code"] for r in rows}) == 1741
    assert len({r["slug"] for r in rows}) == 1741


def test_shipped_codes_carry_a_valid_check_digit_and_their_prefectures_number():
    for row in shipped_rows():
        assert is_valid_local_government_code(row["code"]), row
        assert BY_CODE[row["code"][:2]].name == row["prefecture"], row


def test_every_prefecture_has_municipalities():
    per_prefecture = collections.Counter(r["prefecture"] for r in shipped_rows())
    assert set(per_prefecture) == set(BY_NAME)
    assert min(per_prefecture.values()) >= 10  # 鳥取県 has the fewest: 19
    assert per_prefecture["北海道"] == 179


def test_tokyo_has_23_wards_26_cities_5_towns_and_8_villages():
    tokyo = [r for r in shipped_rows() if r["prefecture"] == "東京都"]
    wards = [r for r in tokyo if r["code"].startswith("131")]
    assert len(tokyo) == 62
    assert sorted(r["code"][:5] for r in wards) == [str(n) for n in range(13101, 13124)]
    others = collections.Counter(r["name"][-1] for r in tokyo if r not in wards)
    assert others == {"市": 26, "町": 5, "村": 8}


def test_designated_cities_are_one_row_without_their_wards():
    rows = shipped_rows()
    by_code = {r["code"]: r["name"] for r in rows}
    assert by_code["141003"] == "横浜市"
    assert by_code["011002"] == "札幌市"
    assert by_code["271004"] == "大阪市"
    assert not [r["name"] for r in rows if re.search(r"市.+区$", r["name"])]


def test_names_leave_the_district_to_its_own_column():
    mizuho = next(r for r in shipped_rows() if r["code"] == "133035")
    assert (mizuho["name"], mizuho["district"], mizuho["name_kana"]) == (
        "瑞穂町",
        "西多摩郡",
        "みずほまち",
    )
    districts = [r for r in shipped_rows() if r["district"]]
    assert len(districts) > 900
    assert all(r["district"].endswith("郡") and r["name"][-1] in "町村" for r in districts)
    assert not [r for r in districts if r["name"].startswith(r["district"])]


def test_readings_are_hiragana_ending_with_the_suffixs_reading():
    for row in shipped_rows():
        assert re.fullmatch(r"[ぁ-ゖー]+", row["name_kana"]), row
        build.split_suffix(row["name"], row["name_kana"])  # raises if the suffix is not read


def test_shipped_slugs_are_addresses_of_the_city_page():
    for row in shipped_rows():
        assert re.fullmatch(r"[a-z0-9-]+", row["slug"]), row
        assert slug_is_free(row["slug"]), row


def test_seed_cities_match_the_shipped_file():
    by_code = {r["code"]: r for r in shipped_rows()}
    seeds = seed_cities()
    assert {s["code"] for s in seeds} == {"132047", "132241"}
    for seed in seeds:
        row = by_code[seed["code"]]
        assert (row["name"], row["slug"], row["prefecture"]) == (
            seed["name"],
            seed["slug"],
            seed["prefecture"],
        )


# --- The slug rule ---


def rule_row(code, prefecture, name, name_kana, prefecture_romaji):
    return {
        "code": code,
        "prefecture": prefecture,
        "name": name,
        "name_kana": name_kana,
        "prefecture_romaji": prefecture_romaji,
    }


def slugs_of(rows, **kwargs):
    return {r["name"] + r["prefecture"]: r["slug"] for r in build.assign_slugs(rows, **kwargs)}


def test_romaji_is_hepburn_with_long_vowels_unmarked():
    assert build.romaji("おおさか") == "osaka"
    assert build.romaji("きょうと") == "kyoto"
    assert build.romaji("ちゅうおう") == "chuo"
    assert build.romaji("かんおんじ") == "kanonji"
    assert build.prefecture_romaji("東京都", "とうきょうと") == "tokyo"
    assert build.prefecture_romaji("北海道", "ほっかいどう") == "hokkaido"


def test_a_stem_of_its_own_is_the_slug():
    rows = [rule_row("132047", "東京都", "三鷹市", "みたかし", "tokyo")]
    assert slugs_of(rows) == {"三鷹市東京都": "mitaka"}


def test_a_shared_stem_takes_the_prefecture_then_the_kind():
    rows = [
        rule_row("132063", "東京都", "府中市", "ふちゅうし", "tokyo"),
        rule_row("342084", "広島県", "府中市", "ふちゅうし", "hiroshima"),
        rule_row("343021", "広島県", "府中町", "ふちゅうちょう", "hiroshima"),
        rule_row("012335", "北海道", "伊達市", "だてし", "hokkaido"),
        rule_row("072133", "福島県", "伊達市", "だてし", "fukushima"),
    ]
    assert slugs_of(rows) == {
        "府中市東京都": "fuchu-tokyo",
        "府中市広島県": "fuchu-shi-hiroshima",
        "府中町広島県": "fuchu-cho-hiroshima",
        "伊達市北海道": "date-hokkaido",
        "伊達市福島県": "date-fukushima",
    }


def test_same_reading_kind_and_prefecture_take_the_code():
    rows = [
        rule_row("013617", "北海道", "江差町", "えさしちょう", "hokkaido"),
        rule_row("015148", "北海道", "枝幸町", "えさしちょう", "hokkaido"),
    ]
    assert slugs_of(rows) == {
        "江差町北海道": "esashi-cho-hokkaido-013617",
        "枝幸町北海道": "esashi-cho-hokkaido-015148",
    }


def test_a_reserved_path_moves_the_slug_to_the_next_form():
    rows = [rule_row("132047", "東京都", "三鷹市", "みたかし", "tokyo")]
    assert slugs_of(rows, is_free=lambda slug: slug != "mitaka") == {"三鷹市東京都": "mitaka-tokyo"}


@pytest.mark.parametrize("slug", ["salons", "areas", "prefectures", "staff", "map"])
def test_a_path_the_site_uses_is_never_a_city_slug(slug):
    assert not slug_is_free(slug)


def test_every_shipped_slug_is_free():
    assert [r["slug"] for r in shipped_rows() if not slug_is_free(r["slug"])] == []


def test_the_shipped_file_follows_the_slug_rule():
    by_code = {r["code"]: r["slug"] for r in shipped_rows()}
    assert by_code["132063"] == "fuchu-tokyo"
    assert by_code["342084"] == "fuchu-shi-hiroshima"
    assert by_code["012335"] == "date-hokkaido"
    assert by_code["072133"] == "date-fukushima"


def test_check_digit_is_computed_from_the_first_five_digits():
    assert code_check_digit("13204") == 7  # 三鷹市 132047
    assert code_check_digit("13224") == 1  # 多摩市 132241
    assert not is_valid_local_government_code("132048")
    assert not is_valid_local_government_code("13204")


# --- The command ---


@pytest.mark.django_db
def test_load_creates_every_other_municipality_and_leaves_the_seed_cities_alone():
    seeds = {m.slug: model_to_dict(m) for m in Municipality.objects.all()}
    history_before = Municipality.history.count()

    output = load()

    assert "新規 1739件" in output
    assert Municipality.objects.count() == 1741
    assert {m.slug: model_to_dict(m) for m in Municipality.objects.filter(slug__in=seeds)} == seeds
    sapporo = Municipality.objects.get(code="011002")
    assert (sapporo.name, sapporo.name_kana, sapporo.prefecture, sapporo.slug) == (
        "札幌市",
        "さっぽろし",
        "北海道",
        "sapporo",
    )
    assert Municipality.history.count() == history_before + 1739


@pytest.mark.django_db
def test_loading_twice_creates_nothing():
    load()
    output = load()
    assert "新規 0件、更新 0件、変更なし 1741件" in output
    assert Municipality.objects.count() == 1741


@pytest.mark.django_db
def test_load_fills_a_blank_reading_but_never_changes_a_slug():
    Municipality.objects.filter(slug="tama").update(name_kana="")
    Municipality.objects.filter(slug="mitaka").update(slug="mitaka-city")

    output = load()

    assert "更新 1件" in output
    assert Municipality.objects.get(code="132241").name_kana == "たまし"
    assert Municipality.objects.get(code="132047").slug == "mitaka-city"
    assert not Municipality.objects.filter(slug="mitaka").exists()


@pytest.mark.django_db
def test_dry_run_counts_but_saves_nothing():
    output = load(dry_run=True)
    assert "新規 1739件" in output
    assert "保存していません" in output
    assert Municipality.objects.count() == 2


def good_rows(count=3):
    return [r for r in shipped_rows() if r["code"] not in {"132047", "132241"}][:count]


def with_change(index, **fields):
    rows = good_rows()
    rows[index] = {**rows[index], **fields}
    return rows


BAD_FILES = {
    "check digit": (with_change(2, code="011003"), "検査数字"),
    "duplicate code": (
        with_change(2, code=good_rows()[0]["code"]),
        "コード「.*」が2行目と重なっています",
    ),
    "unknown prefecture": (with_change(2, prefecture="江戸府"), "都道府県名ではありません"),
    "prefecture of another code": (
        with_change(2, prefecture="沖縄県"),
        "沖縄県のコードではありません",
    ),
    "reserved slug": (with_change(2, slug="salons"), "ほかのページのアドレスと重なります"),
    "slug pattern": (with_change(2, slug="Sapporo_City"), "半角英小文字"),
    "duplicate slug": (
        with_change(2, slug=good_rows()[0]["slug"]),
        "URL名「.*」が2行目と重なっています",
    ),
    "slug of a seed city": (with_change(2, slug="mitaka"), "三鷹市（132047）が使っています"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_in_japanese_and_saves_nothing(tmp_path, case):
    rows, message = BAD_FILES[case]
    with pytest.raises(CommandError, match=message) as refused:
        load(file=write_csv(tmp_path, rows))
    assert "何も保存していません" in str(refused.value)
    assert "4行目" in str(refused.value)  # the changed row: the header is line 1
    assert Municipality.objects.count() == 2


@pytest.mark.django_db
def test_a_file_missing_a_column_is_refused(tmp_path):
    path = write_csv(tmp_path, good_rows(), columns=["code", "prefecture", "name", "slug"])
    with pytest.raises(CommandError, match="列が足りません: name_kana"):
        load(file=path)
    assert Municipality.objects.count() == 2
