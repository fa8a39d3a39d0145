"""The real places of /work/shared/data/places-public-sources.md, as fixtures/places/*.csv holds
them for the place import: well formed on their own, then imported (once, and a second time
changing nothing), with every place whose source is old kept from residents as 未確認."""

import calendar
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from carenet.directory.models import Area, Contact, Venue
from salons.models import Kind, Salon, Schedule
from salons.schedule_text import parse_schedule_text

pytestmark = pytest.mark.django_db

PLACES = Path(settings.BASE_DIR) / "fixtures" / "places"
FILES = {
    "mitaka": PLACES / "mitaka-public-sources.csv",
    "tama": PLACES / "tama-public-sources.csv",
}
ID_PREFIX = {"mitaka": "M", "tama": "T"}
ROW_COUNTS = {"mitaka": 20, "tama": 16}
# Rows of the source document that the seed (fixtures/salons.json) already holds, by URL名.
IN_THE_SEED = {
    "M09": "ekimae-kaze-no-salon",
    "M10": "yotterasshai-nishimitaka",
    "M12": "salon-osawa",
    "T01": "daredemo-cafe-atago",
    "T03": "karakida-takumi-cafe",
    "T05": "fukushi-nandemo-sodan-atago",
}
COLUMNS = """管理番号 名称 よみがな 種類 地域 会場 住所 緯度 経度 日程 開始日
問い合わせ先 電話 参加費 定員 状態 運営 内容 出典 出典の日付 URL名""".split()
MOBILE = re.compile(r"(?<![0-9])0[789]0[-‐－ー\s]?[0-9]{4}[-‐－ー\s]?[0-9]{4}(?![0-9])")
SOURCE_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
COMMAND = Path(settings.BASE_DIR) / "salons" / "management" / "commands" / "import_places.py"
IMPORT_READY = COMMAND.exists()
TODAY = dt.date(2026, 11, 22)  # the fixed_today fixture's day


def read(city):
    raw = FILES[city].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so that Excel opens it"
    with io.StringIO(raw.decode("utf-8-sig"), newline="") as text:
        reader = csv.DictReader(text)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def all_rows():
    return [(city, row) for city in FILES for row in read(city)]


def ids(city):
    return [row["管理番号"] for row in read(city)]


def is_older_than_two_years(value, today=TODAY):
    """As the importer counts it: a year or a month counts from its last day."""
    year, month, day = ([int(part) for part in value.split("-")] + [None, None])[:3]
    month = month or 12
    day = day or calendar.monthrange(year, month)[1]
    return dt.date(year, month, day) < today.replace(year=today.year - 2)


# --- (a) The files on their own ---


@pytest.mark.parametrize("city", FILES)
def test_each_file_has_its_rows_with_unique_ids_of_the_source_document(city):
    found = ids(city)
    assert len(found) == ROW_COUNTS[city]
    assert len(set(found)) == len(found)
    assert all(re.fullmatch(rf"{ID_PREFIX[city]}[0-9]{{2}}", value) for value in found)


def test_rows_the_seed_already_holds_are_left_out():
    in_files = {row["管理番号"] for _city, row in all_rows()}
    assert not in_files & set(IN_THE_SEED)
    seed = set(Salon.objects.values_list("slug", flat=True))
    assert set(IN_THE_SEED.values()) <= seed
    readme = (PLACES / "README.md").read_text(encoding="utf-8")
    for row_id, slug in IN_THE_SEED.items():
        assert row_id in readme and slug in readme


def test_every_schedule_reads_and_every_other_week_rule_has_its_first_date():
    for _city, row in all_rows():
        text = row["日程"]
        rules = [
            rule for part in text.split("／") if part.strip() for rule in parse_schedule_text(part)
        ]
        if any(rule.needs_start_date for rule in rules):
            first = dt.date.fromisoformat(row["開始日"])
            assert first.isoweekday() in {rule.weekday for rule in rules}, row["管理番号"]
        if row["開始日"]:
            assert rules, row["管理番号"]


def test_every_area_and_kind_exists_for_its_city():
    for city, row in all_rows():
        if row["地域"]:
            assert Area.objects.filter(municipality__slug=city, slug=row["地域"]).exists(), row
        kind = Kind.objects.filter(slug=row["種類"]).first()
        assert kind is not None, row["管理番号"]
        assert kind.municipality is None or kind.municipality.slug == city, row["管理番号"]


def test_new_kinds_are_shared_and_come_after_the_seeds_kinds():
    new = Kind.objects.filter(pk__gt=100)
    assert set(new.values_list("slug", flat=True)) == {
        "kaigosha-salon",
        "ibasho",
        "tasedai-koryu",
        "taiso",
        "kodomo-shokudo",
    }
    assert not new.filter(municipality__isnull=False).exists()
    assert min(new.values_list("order", flat=True)) > max(
        Kind.objects.filter(pk__lt=100).values_list("order", flat=True)
    )


def test_no_mobile_number_anywhere_and_phones_only_with_whom_to_ask():
    for _city, row in all_rows():
        for column, value in row.items():
            assert not MOBILE.search(value), (row["管理番号"], column)
        if row["電話"]:
            assert re.fullmatch(r"0[1-69][0-9]{0,3}-[0-9]{2,4}-[0-9]{4}", row["電話"]), row
            assert row["問い合わせ先"], row["管理番号"]


def test_every_row_says_where_it_comes_from_and_when():
    for _city, row in all_rows():
        assert row["出典"].startswith("http"), row["管理番号"]
        assert len(row["出典"]) <= 300, row["管理番号"]
        if row["出典の日付"]:
            assert SOURCE_DATE.match(row["出典の日付"]), row["管理番号"]
            assert row["状態"] == "", row["管理番号"]  # the importer decides from the date
        else:
            assert row["状態"] == "未確認", row["管理番号"]  # no date at all: never public


def test_nothing_invented_no_coordinates_and_well_formed_cells():
    slugs = [row["URL名"] for _city, row in all_rows()]
    assert len(set(slugs)) == len(slugs)
    assert not Salon.objects.filter(slug__in=slugs).exists()
    for city, row in all_rows():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["URL名"]), row["管理番号"]
        assert len(row["URL名"]) <= 100 and len(row["名称"]) <= 100
        assert row["緯度"] == row["経度"] == ""
        assert row["定員"] == "" or row["定員"].isdigit()
        assert row["状態"] in ("", "未確認")  # never 開催中 for these sources
        if row["住所"]:
            assert row["住所"].startswith({"mitaka": "三鷹市", "tama": "多摩市"}[city])


# --- (b) Through the place import ---


def import_both(**options):
    out = io.StringIO()
    for city, path in FILES.items():
        call_command("import_places", str(path), city=city, stdout=out, stderr=out, **options)
    return out.getvalue()


def imported(city):
    return Salon.objects.filter(municipality__slug=city, external_id__in=ids(city))


def snapshot():
    places = Salon.objects.filter(external_id__gt="").order_by("pk")
    return (
        list(places.values()),
        list(Schedule.objects.filter(salon__in=places).order_by("pk").values()),
        Venue.objects.count(),
        Contact.objects.count(),
        Salon.history.filter(external_id__gt="").count(),
    )


needs_import = pytest.mark.skipif(
    not IMPORT_READY, reason="the import_places command is not there yet"
)


@needs_import
def test_import_adds_every_row_once(fixed_today):
    before = Salon.objects.count()
    import_both()
    for city in FILES:
        assert imported(city).count() == ROW_COUNTS[city]
    assert Salon.objects.count() == before + sum(ROW_COUNTS.values())
    # Several rules and 隔週 with its first date came through.
    m17 = imported("mitaka").get(external_id="M17")
    assert [(s.interval, s.valid_from) for s in m17.schedules.all()] == [(2, dt.date(2018, 9, 14))]


@needs_import
def test_no_place_with_an_old_or_undated_source_is_public(fixed_today):
    import_both()
    for city in FILES:
        rows = {row["管理番号"]: row for row in read(city)}
        published = set(imported(city).published().values_list("external_id", flat=True))
        for row_id, row in rows.items():
            old = not row["出典の日付"] or is_older_than_two_years(row["出典の日付"])
            assert (row_id in published) is not old, row_id
            if old:
                place = imported(city).get(external_id=row_id)
                assert place.status == Salon.Status.UNCONFIRMED, row_id
    # The two recent sources (2025) are the only public ones.
    assert set(
        Salon.objects.published().filter(external_id__gt="").values_list("external_id", flat=True)
    ) == {
        "M08",
        "M19",
    }


@needs_import
def test_a_second_import_changes_nothing(fixed_today):
    import_both()
    first = snapshot()
    import_both()
    assert snapshot() == first


@needs_import
def test_a_dry_run_writes_nothing(fixed_today):
    before = snapshot()
    import_both(dry_run=True)
    assert snapshot() == before


@needs_import
def test_setup_demo_imports_both_files_once(settings, fixed_today):
    settings.DEBUG = True  # setup_demo is for development only
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    assert "imported 36 places from public sources (34 未確認)" in out.getvalue()
    for city in FILES:
        assert imported(city).count() == ROW_COUNTS[city]
    first = snapshot()
    again = io.StringIO()
    call_command("setup_demo", stdout=again)
    assert snapshot() == first
    assert "public sources" not in again.getvalue()  # quiet when there is nothing to do


@needs_import
def test_setup_demo_brings_the_new_kinds_to_a_database_seeded_before_them(settings, fixed_today):
    settings.DEBUG = True
    Kind.objects.filter(pk__gt=100).delete()
    call_command("setup_demo", stdout=io.StringIO())
    assert imported("mitaka").count() == ROW_COUNTS["mitaka"]
    assert Kind.objects.filter(slug="kodomo-shokudo", municipality__isnull=True).exists()
