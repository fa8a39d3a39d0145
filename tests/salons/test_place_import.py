"""Bulk import of gathering places from CSV (issue #9): every row checked first, all or nothing,
idempotent, and never an exception whatever the file holds."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carenet.directory.models import Contact, Municipality, Venue
from salons.importing import PlaceImport
from salons.models import Salon, Schedule
from tests.salons.place_csv import HEADER, place_row, to_csv

pytestmark = pytest.mark.django_db

# (index in the file, column, what is wrong); the spreadsheet row is index + 2.
MISTAKES = [
    (3, "日程", "第五火"),
    (10, "地域", "tama-tobu"),  # an area of 多摩市
    (20, "名称", "長" * 101),
    (30, "定員", "二十人"),
    (40, "管理番号", "M000"),  # the first row's
    (50, "開始日", ""),  # 隔週 without a first date
    (60, "住所", "x" * 201),
]


@pytest.fixture
def mitaka(db):
    return Municipality.objects.get(slug="mitaka")


def two_hundred_rows():
    return [place_row(number) for number in range(200)]


def with_mistakes(rows):
    rows = [dict(row) for row in rows]
    rows[50]["日程"] = "隔週金曜日"
    for index, column, value in MISTAKES:
        rows[index][column] = value
    return rows


def history_rows():
    return sum(m.history.count() for m in (Salon, Schedule, Venue, Contact))


def test_every_error_of_a_200_row_file_is_listed_by_row_and_column_and_nothing_saved(
    mitaka, fixed_today
):
    before = (Salon.objects.count(), Venue.objects.count(), history_rows())
    plan = PlaceImport(to_csv(with_mistakes(two_hundred_rows())), mitaka).check()
    found = {(problem.row, problem.column) for problem in plan.errors}
    assert found == {(index + 2, column) for index, column, _value in MISTAKES}
    messages = [str(problem) for problem in plan.errors]
    assert "5行目「日程」: 「第五火」の部分が読めません。" in messages
    assert any("12行目「地域」" in m and "多摩市の地域" in m for m in messages)
    assert any("42行目「管理番号」" in m and "2行目にもあります" in m for m in messages)
    with pytest.raises(ValueError):
        plan.apply()
    assert (Salon.objects.count(), Venue.objects.count(), history_rows()) == before


def test_the_fixed_file_imports_200_places_and_a_second_import_saves_nothing(mitaka, fixed_today):
    data = to_csv(two_hundred_rows())
    plan = PlaceImport(data, mitaka).check()
    assert plan.errors == []
    assert plan.apply() == {"new": 200, "changed": 0, "unchanged": 0}
    imported = Salon.objects.filter(municipality=mitaka, external_id__startswith="M")
    assert imported.count() == 200
    biweekly = imported.get(external_id="M004").schedules.get()
    assert (biweekly.interval, biweekly.weekday, biweekly.valid_from) == (2, 5, dt.date(2026, 4, 3))
    odd_months = imported.get(external_id="M001").schedules.get()
    assert (odd_months.months, odd_months.start_time, odd_months.end_time) == (
        "1,3,5,7,9,11",
        dt.time(13, 30),
        dt.time(15),
    )
    assert imported.get(external_id="M007").schedules.count() == 2  # 「／」 separates rules
    assert imported.get(external_id="M001").capacity == 20  # 「２０人」
    # A source more than two years old is imported as 未確認 (2025 is not: it may be December).
    assert imported.get(external_id="M001").status == Salon.Status.ACTIVE
    assert imported.get(external_id="M000").status == Salon.Status.SUSPENDED
    # Venues and contacts named by several rows are made once.
    assert Venue.objects.filter(municipality=mitaka, name__startswith="つどい会館").count() == 7
    assert Contact.objects.filter(label="つどいの会").count() == 1
    assert imported.get(external_id="M005").network.name == "ケアネット・井の頭"

    before = history_rows()
    again = PlaceImport(data, mitaka).check()
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 200}
    again.apply()
    assert history_rows() == before


def test_an_old_source_date_makes_a_new_place_unconfirmed(mitaka, fixed_today):
    rows = [place_row(1) | {"出典の日付": "2024-05"}, place_row(2) | {"出典の日付": "2024-12"}]
    PlaceImport(to_csv(rows), mitaka).check().apply()
    assert Salon.objects.get(external_id="M001").status == Salon.Status.UNCONFIRMED
    assert Salon.objects.get(external_id="M002").status == Salon.Status.ACTIVE
    assert not Salon.objects.published().filter(external_id="M001").exists()


def test_a_changed_row_updates_its_place_and_keeps_its_url(mitaka, fixed_today):
    rows = [place_row(number) for number in range(5)]
    PlaceImport(to_csv(rows), mitaka).check().apply()
    place = Salon.objects.get(external_id="M002")
    slug, pk = place.slug, place.pk
    rows[2] |= {"名称": "新しい名前のつどい", "日程": "第3金曜日 10:00〜11:30"}
    plan = PlaceImport(to_csv(rows), mitaka).check()
    assert [(r.number, r.action, r.changed) for r in plan.rows if r.action != "unchanged"] == [
        (4, "changed", ["名称", "日程"])
    ]
    plan.apply()
    place = Salon.objects.get(external_id="M002")
    assert (place.pk, place.slug, place.name) == (pk, slug, "新しい名前のつどい")
    assert place.schedule_words() == ["毎月 第3金曜日 午前10時〜11時30分"]


def test_a_row_with_a_url_name_updates_the_seed_place(mitaka, fixed_today):
    rows = [{"URL名": "fureai-salon-inokashira", "名称": "ふれあいサロン・井の頭", "定員": "30"}]
    plan = PlaceImport(to_csv(rows), mitaka).check()
    assert [(r.action, r.changed) for r in plan.rows] == [("changed", ["定員"])]
    plan.apply()
    assert Salon.objects.get(slug="fureai-salon-inokashira").capacity == 30


def test_a_place_of_another_city_cannot_be_reached_by_its_url_name(mitaka, fixed_today):
    rows = [{"URL名": "daredemo-cafe-atago", "名称": "乗っ取り", "種類": "サロン"}]
    plan = PlaceImport(to_csv(rows), mitaka).check()
    assert [(p.row, p.column) for p in plan.errors] == [(2, "URL名")]
    assert Salon.objects.get(slug="daredemo-cafe-atago").name != "乗っ取り"


def test_a_row_without_id_or_url_name_never_doubles_a_place(mitaka, fixed_today):
    rows = [{"名称": "ふれあいサロン・井の頭", "種類": "サロン"}]
    plan = PlaceImport(to_csv(rows), mitaka).check()
    assert [(p.row, p.column) for p in plan.errors] == [(2, "名称")]


def test_new_places_get_slugs_from_the_city_and_their_id(mitaka, fixed_today):
    rows = [{"管理番号": "A 12", "名称": "甲", "種類": "サロン"}, {"名称": "乙", "種類": "サロン"}]
    PlaceImport(to_csv(rows), mitaka).check().apply()
    assert Salon.objects.get(name="甲").slug == "mitaka-a-12"
    assert Salon.objects.get(name="乙").slug == "mitaka-place-1"


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("cp932", "\r\n"), ("utf-8-sig", "\r\n"), ("utf-8", "\n"), ("utf-8-sig", "\n")],
)
def test_shift_jis_and_utf8_with_or_without_bom_read_alike(mitaka, fixed_today, encoding, newline):
    rows = [place_row(number) for number in range(8)]
    plan = PlaceImport(to_csv(rows, encoding=encoding, newline=newline), mitaka).check()
    assert plan.errors == []
    assert plan.counts["new"] == 8
    assert [row.name for row in plan.rows][:2] == ["地域のつどい 0", "地域のつどい 1"]


def test_cells_neutralised_against_formulas_read_back_without_the_apostrophe(mitaka, fixed_today):
    rows = [place_row(1) | {"名称": "'=1+1 のつどい", "内容": "'－体操", "参加費": "'@100"}]
    PlaceImport(to_csv(rows), mitaka).check().apply()
    place = Salon.objects.get(external_id="M001")
    assert (place.name, place.description, place.fee) == ("=1+1 のつどい", "－体操", "@100")


def test_a_real_leading_apostrophe_stays(mitaka, fixed_today):
    PlaceImport(to_csv([place_row(1) | {"名称": "'80年代の歌"}]), mitaka).check().apply()
    assert Salon.objects.get(external_id="M001").name == "'80年代の歌"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "空"),
        (b"   \r\n", "空"),
        ("名称,種類\r\n".encode(), "取り込む行がありません"),
        (bytes(range(256)) * 4, "読めません"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "CSVファイルではない"),
        ("名前,種類\n甲,サロン\n".encode(), "「名前」という列は使えません"),
        ("名称,名称\n甲,乙\n".encode(), "2つあります"),
        ("種類\nサロン\n".encode(), "「名称」の列がありません"),
        ("名称\n甲,乙\n".encode(), "見出しより多く"),
        (("名称\n" + "甲\n" * 5001).encode(), "5,000行まで"),
        (b"x" * (2 * 1024 * 1024 + 1), "2MBまで"),
    ],
)
def test_bad_files_get_a_japanese_error_never_an_exception(mitaka, data, words):
    plan = PlaceImport(data, mitaka).check()
    assert len(plan.errors) == 1 and words in str(plan.errors[0]), plan.errors
    assert plan.rows == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(lambda t: ("名称,種類,日程,定員,緯度,会場\n" + t).encode()),
        st.lists(st.text(max_size=30), min_size=6, max_size=6).map(
            lambda cells: to_csv(
                [dict(zip(["名称", "種類", "日程", "定員", "緯度", "会場"], cells, strict=True))]
            )
        ),
    )
)
def test_random_bytes_and_text_never_raise(mitaka, data):
    plan = PlaceImport(data, mitaka).check()
    for problem in plan.errors:
        assert isinstance(str(problem), str) and str(problem)
    assert plan.errors or plan.is_valid


def test_checking_100_rows_takes_no_more_queries_than_10(mitaka, fixed_today):
    def queries(count):
        data = to_csv([place_row(number) for number in range(count)])
        with CaptureQueriesContext(connection) as captured:
            plan = PlaceImport(data, mitaka).check()
        assert plan.errors == []
        return len(captured)

    ten, hundred = queries(10), queries(100)
    assert hundred == ten <= 12


def test_command_prints_each_row_and_dry_run_saves_nothing(mitaka, fixed_today, tmp_path, capsys):
    path = tmp_path / "places.csv"
    path.write_bytes(to_csv([place_row(number) for number in range(3)], encoding="cp932"))
    call_command("import_places", str(path), "--city", "mitaka", "--dry-run")
    out = capsys.readouterr().out
    assert "2行目 新規 地域のつどい 0" in out and "新規 3・変更 0・変更なし 0" in out
    assert not Salon.objects.filter(external_id="M000").exists()
    call_command("import_places", str(path), "--city", "mitaka")
    assert Salon.objects.filter(external_id__in=["M000", "M001", "M002"]).count() == 3
    call_command("import_places", str(path), "--city", "mitaka")
    assert "新規 0・変更 0・変更なし 3" in capsys.readouterr().out


def test_command_lists_errors_and_fails_with_nothing_saved(mitaka, tmp_path, capsys):
    path = tmp_path / "places.csv"
    path.write_bytes(to_csv([place_row(1), place_row(2) | {"日程": "第五火"}]))
    with pytest.raises(CommandError, match="何も保存していません"):
        call_command("import_places", str(path), "--city", "mitaka")
    assert "3行目「日程」: 「第五火」の部分が読めません。" in capsys.readouterr().err
    assert not Salon.objects.filter(external_id="M001").exists()


def test_header_fixture_matches_the_import_columns():
    from salons.importing import COLUMNS

    assert set(HEADER) <= set(COLUMNS)
